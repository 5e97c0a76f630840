"""Output formats from -o's extension, and paper sizes."""

from __future__ import annotations

from pathlib import Path

from facilitate.render.formats import resolve_format, resolve_paper


def test_the_extension_picks_the_format() -> None:
    assert resolve_format(Path("x.html"), None) == "html"
    assert resolve_format(None, None) == "md"


def test_paper_defaults_to_a4() -> None:
    assert resolve_paper(None) == "a4" and resolve_paper("letter") == "letter"
