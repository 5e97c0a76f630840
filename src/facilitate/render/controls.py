"""Control characters made visible, so catalog text cannot drive a terminal or hide in a file.

A YAML escape such as ``"\\e]0;title\\a"`` in a shared catalog would otherwise reach the terminal
raw: it could retitle the window, clear the screen or, through OSC 52, write the clipboard.
Bidirectional overrides can make text read differently from what it is. Every such character
is replaced by a visible ``{U+001B}`` mark wherever facilitate prints or renders text.
"""

from __future__ import annotations

import re

# C0 controls but tab and newline, DEL, C1 controls, bidi embeddings, overrides and isolates,
# the Arabic letter mark, line and paragraph separators, and the zero-width joiners' cousins
# that can reorder text (U+200E, U+200F).
# Lone surrogates too: they are no text at all, and writing one to a file or a terminal fails.
_CONTROLS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
    "\ud800-\udfff]"
)


def _mark(match: re.Match[str]) -> str:
    return f"{{U+{ord(match.group()):04X}}}"


def visible(text: str) -> str:
    """The text with every control character shown as ``{U+XXXX}``; tabs and newlines stay."""
    if _CONTROLS.search(text) is None:
        return text
    return _CONTROLS.sub(_mark, text.replace("\r\n", "\n"))


def json_safe(text: str) -> str:
    """JSON text with every control character inside it written as a ``\\uXXXX`` escape."""
    return _CONTROLS.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
