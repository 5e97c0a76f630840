"""The season core: a plan from options, and its words."""

from __future__ import annotations

import datetime as dt

from facilitate.catalog import open_catalog
from facilitate.documents.season import SeasonOptions, every_words, make_season


def test_intervals_in_words() -> None:
    assert every_words(7) == "every week"
    assert every_words(14) == "every two weeks"
    assert every_words(30) == "every 30 days"


def test_a_plan_has_the_sessions_asked_for() -> None:
    options = SeasonOptions(sessions=4, start="2026-01-06", seed=7)
    plan = make_season(open_catalog(), None, None, options, today=dt.date(2026, 1, 1))
    assert len(plan.entries) == 4
