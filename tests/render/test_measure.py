"""Text widths from DejaVu Sans's metrics: what the card layout and the timeline bar plan with."""

from __future__ import annotations

import pytest

from facilitate.render.measure import em_width, text_lines, width_mm


def test_widths_follow_the_font() -> None:
    assert em_width("i") < em_width("m")
    assert em_width("18:30") == pytest.approx(4 * 0.64 + 0.34)
    assert em_width("Abc", bold=True) == pytest.approx(em_width("Abc") * 1.1)
    assert em_width("é") == pytest.approx(0.7)  # outside ASCII counts as wide
    assert width_mm("mm", 10) == pytest.approx(2 * 0.97 * 10 / (72 / 25.4))


def test_lines_wrap_word_by_word_and_long_words_break() -> None:
    assert text_lines("short", 50, 10) == 1
    words = "word " * 40
    assert text_lines(words, 20, 10) > text_lines(words, 40, 10) > 1
    assert text_lines("x" * 200, 20, 10) >= 5  # one long word still breaks at the edge
