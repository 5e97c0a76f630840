"""How wide printed text is, from the metrics of DejaVu Sans (the first font of the print CSS).

Layouts planned before the print engine runs (the situation cards' pages, the labels that fit
in the agenda's timeline bar) measure their words here, so the plan and the page agree.
"""

from __future__ import annotations

MM = 72 / 25.4
"""Points in a millimetre."""

# Advance widths of DejaVu Sans, in hundredths of an em, for the printable ASCII characters
# from space to tilde. Other characters count as wide.
_WIDTHS = (
    "32 40 46 84 64 95 78 27 39 39 50 84 32 36 32 34 64 64 64 64 64 64 64 64 64 64 34 34 84 84 "
    "84 53 100 68 69 70 77 63 58 77 75 29 29 66 56 86 75 79 60 79 69 63 61 73 68 99 69 61 69 39 "
    "34 39 84 50 50 61 63 55 63 62 35 63 63 28 28 58 28 97 63 61 63 63 41 52 39 63 59 82 59 59 "
    "52 64 34 64 84"
)
EM = {chr(32 + i): int(w) / 100 for i, w in enumerate(_WIDTHS.split())}
WIDE = 0.7
"""The width, in ems, counted for a character outside printable ASCII."""
BOLD = 1.1
"""Bold is about a tenth wider."""


def em_width(text: str, bold: bool = False) -> float:
    """The width of a line of text, in ems of its font size."""
    return sum(EM.get(ch, WIDE) for ch in text) * (BOLD if bold else 1.0)


def width_mm(text: str, size_pt: float, bold: bool = False) -> float:
    """The width of a line of text set at a size, in millimetres."""
    return em_width(text, bold) * size_pt / MM


def text_lines(text: str, width: float, size_pt: float, bold: bool = False) -> int:
    """Lines a paragraph wraps to at a width (mm), filling each line greedily word by word."""
    room = width * MM / size_pt  # in ems
    space = em_width(" ", bold)
    lines, used = 1, 0.0
    for word in text.split():
        size = em_width(word, bold)
        if used and used + space + size > room:
            lines += 1
            used = size
        else:
            used += (space if used else 0.0) + size
        while used > room:  # a word longer than the line breaks where it must
            lines += 1
            used -= room
    return lines
