"""Control characters never reach a terminal or a JSON string raw."""

from __future__ import annotations

from facilitate.render.controls import json_safe, visible


def test_controls_are_shown_not_obeyed() -> None:
    assert visible("a\x1b[31mb\u202e") == "a{U+001B}[31mb{U+202E}"


def test_line_separators_are_escaped_for_json() -> None:
    assert json_safe("a\u2028b") == "a\\u2028b"
