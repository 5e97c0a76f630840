"""The season core: a plan from options, and its words."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from facilitate.catalog import open_catalog
from facilitate.documents.season import (
    SeasonOptions,
    calendar_key,
    every_words,
    make_season,
    render_season,
)
from facilitate.models.workspace import Profile
from facilitate.planning.season import SeriesPlan


def test_intervals_in_words() -> None:
    assert every_words(7) == "every week"
    assert every_words(14) == "every two weeks"
    assert every_words(30) == "every 30 days"


def test_a_plan_has_the_sessions_asked_for() -> None:
    options = SeasonOptions(sessions=4, start="2026-01-06", seed=7)
    plan = make_season(open_catalog(), None, None, options, today=dt.date(2026, 1, 1))
    assert len(plan.entries) == 4


# -- golden files -------------------------------------------------------------------------------

GOLDEN_OPTIONS = SeasonOptions(sessions=8, start="2027-01-12", every="1w", seed=7)
GOLDEN_TODAY = dt.date(2027, 1, 5)
# The calendar's DTSTAMP is the time the file is made; a fixed one keeps the file the same.
GOLDEN_STAMP = dt.datetime(2027, 1, 5, 9, 30, tzinfo=dt.UTC)


def golden_plan() -> SeriesPlan:
    return make_season(open_catalog(), None, None, GOLDEN_OPTIONS, today=GOLDEN_TODAY)


def test_golden_html(golden: Callable[[str, str], None]) -> None:
    html = render_season(golden_plan(), "html")
    assert isinstance(html, str)
    golden("season-8-seed7-weekly.html", html)


def test_golden_icalendar(golden: Callable[[str, str], None]) -> None:
    key = calendar_key(Profile(name="Tuesday group"))
    ics = render_season(golden_plan(), "ics", stamp=GOLDEN_STAMP, calendar_key=key)
    assert isinstance(ics, bytes)
    text = ics.decode("utf-8")
    assert text.count("DTSTAMP:20270105T093000Z\r\n") == GOLDEN_OPTIONS.sessions
    golden("season-8-seed7-weekly.ics", text)
