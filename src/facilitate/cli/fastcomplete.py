"""Answer a shell's Tab for ids and tags without starting Typer, pydantic, YAML or Jinja2.

The shell runs ``facilitate`` at every Tab. When the word being completed is an id or a tag in
one of the places listed below, the answer comes straight from the completion cache (see
``facilitate.cli.completion``), in the format Typer's own completion prints. Anything else returns
None and Typer answers as usual, so this is a shortcut, never a second implementation of the
command line.
"""

from __future__ import annotations

import os
import shlex
from collections.abc import Mapping

# (command path) -> {option or "" for the first argument: the values it takes}
SLOTS: dict[tuple[str, ...], dict[str, str]] = {
    ("topics", "show"): {"": "topics"},
    ("resources", "show"): {"": "resources"},
    ("situations", "show"): {"": "situations"},
    ("topics", "list"): {"--tag": "topic-tags"},
    ("resources", "list"): {"--tag": "resource-tags"},
    ("situations", "list"): {"--tag": "situation-tags"},
    ("situations", "cards"): {"--tag": "situation-tags"},
    ("agenda",): {"--topic": "topics", "-t": "topics"},
    ("checkin",): {"--topic": "topics"},
    ("log",): {"--topic": "topics"},
    ("season",): {"--include-tag": "topic-tags", "--exclude-tag": "topic-tags"},
    ("plan",): {"--include-tag": "topic-tags", "--exclude-tag": "topic-tags"},  # old name
    ("groundrules", "init"): {"--preset": "presets"},
    ("groundrules", "render"): {"--preset": "presets"},
    ("config", "get"): {"": "config-keys"},
    ("config", "set"): {"": "config-keys"},
    ("config", "unset"): {"": "config-keys"},
}
GROUPS = {"topics", "resources", "situations", "groundrules", "catalog", "feedback", "config"}
GLOBAL_VALUES = {"--catalog", "--workspace"}


def _split(line: str) -> list[str]:
    try:
        return shlex.split(line)
    except ValueError:  # an open quote while the user is still typing
        return shlex.split(line + '"') if '"' in line else shlex.split(line + "'")


def _words(env: Mapping[str, str]) -> tuple[str, list[str], str] | None:
    """The shell, the words before the cursor (without the program) and the incomplete word."""
    mode = env.get("_FACILITATE_COMPLETE", "")
    if mode == "complete_bash":
        words = _split(env.get("COMP_WORDS", ""))
        cword = int(env.get("COMP_CWORD", "0"))
        before = words[1:cword]
        incomplete = words[cword] if cword < len(words) else ""
        return "bash", before, incomplete
    if mode == "complete_zsh":
        line = env.get("_TYPER_COMPLETE_ARGS", "")
        words = _split(line)
        incomplete = "" if line.endswith(" ") or not words else words.pop()
        return "zsh", words[1:], incomplete
    return None


def answer(env: Mapping[str, str]) -> str | None:
    """The completion text for the shell, or None when Typer should answer."""
    parsed = _words(env)
    if parsed is None:
        return None
    shell, words, incomplete = parsed
    if incomplete.startswith("-"):
        return None
    globals_: dict[str, str] = {}
    path: list[str] = []
    positional: list[str] = []
    i = 0
    while i < len(words):
        word = words[i]
        if word in GLOBAL_VALUES and not path and i + 1 < len(words):
            globals_[word] = words[i + 1]
            i += 2
            continue
        if word.startswith("-") or "=" in word:
            if not path:
                return None  # some other global option: leave it to Typer
            break
        if not path or (len(path) == 1 and path[0] in GROUPS):
            path.append(word)
        else:
            positional.append(word)
        i += 1
    slots = SLOTS.get(tuple(path))
    if slots is None:
        return None
    rest = words[i:]
    if rest:
        if len(rest) < 1 or rest[-1] not in slots or rest[-1] == "":
            return None
        what = slots[rest[-1]]
    elif not positional and "" in slots:
        what = slots[""]
    else:
        return None
    from facilitate.cli.completion import completion_values

    try:
        values = completion_values(what, globals_.get("--catalog"), globals_.get("--workspace"))
    except Exception:
        return None
    found = [v for v in values if v.startswith(incomplete)]
    if shell == "bash":
        return "\n".join(found)
    if not found:
        return "_files"
    quoted = "\n".join(f'"{v}"' for v in found)
    return f"_arguments '*: :(({quoted}))'"


def main_if_completing() -> bool:
    """Print the answer and return True when this run is a Tab that the cache can answer."""
    if "_FACILITATE_COMPLETE" not in os.environ:
        return False
    text = answer(os.environ)
    if text is None:
        return False
    print(text)
    return True
