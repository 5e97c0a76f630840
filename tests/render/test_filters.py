"""Template filters: clock times, durations, plurals and code spans."""

from __future__ import annotations

from facilitate.render.filters import clock, code, duration, plural


def test_times_and_durations() -> None:
    assert clock(75) == "01:15" and clock(18 * 60 + 30) == "18:30"
    assert duration(90) == "1 h 30 min" and duration(5) == "5 min"


def test_plurals() -> None:
    assert plural(1, "card") == "1 card" and plural(2, "card") == "2 cards"
    assert plural(2, "person", "people") == "2 people"


def test_a_code_span_cannot_be_closed_from_inside() -> None:
    span = code("a`b")
    assert span.startswith("`") and span.endswith("`") and "`" not in span[1:-1]
