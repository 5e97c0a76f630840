"""Clock times: one parser for the agenda's --start, the season's --time and the profile."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitate.errors import UserError
from facilitate.models.clock import clock_text, minutes_of, parse_clock


@pytest.mark.parametrize(
    ("text", "minutes"),
    [("18:30", 1110), ("9:05", 545), ("1830", 1110), ("18.30", 1110), ("18h30", 1110), ("0:00", 0)],
)
def test_the_forms_people_type(text: str, minutes: int) -> None:
    assert minutes_of(text) == minutes
    assert parse_clock(f" {text} ", "time") == minutes


@pytest.mark.parametrize("text", ["25:00", "24:00", "18:75", "noon", "6pm", "", "18:3", "-1:00"])
def test_what_is_not_a_24_hour_time(text: str) -> None:
    assert minutes_of(text) is None
    with pytest.raises(UserError) as caught:
        parse_clock(text, "time")
    assert str(caught.value) == f"time {text}: use a 24-hour time such as 18:30"
    assert caught.value.lines(lambda name: f"--{name}") == [
        f"--time {text}: use a 24-hour time such as 18:30"
    ]


@given(st.integers(min_value=0, max_value=24 * 60 - 1))
def test_every_minute_of_the_day_reads_back(minutes: int) -> None:
    text = clock_text(minutes)
    assert len(text) == 5 and text[2] == ":"
    assert minutes_of(text) == minutes


def test_past_midnight_wraps_round() -> None:
    assert clock_text(23 * 60 + 30 + 90) == "01:00"
