"""The season core: a plan from options, and its words."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from facilitate.catalog import open_catalog
from facilitate.documents.season import (
    SeasonOptions,
    every_words,
    make_season,
    render_season,
    season_notes,
    time_words,
)
from facilitate.errors import UserError
from facilitate.group.group import Group
from facilitate.models.base import GroupType
from facilitate.models.workspace import Profile
from facilitate.planning.season import Rhythm, Season, derive_seed

TODAY = dt.date(2026, 1, 1)


def group(
    profile: Profile | None = None, today: dt.date = TODAY, now: dt.datetime | None = None
) -> Group:
    return Group(catalog=open_catalog(), profile=profile, today=today, now=now)


def test_intervals_in_words() -> None:
    assert every_words(Rhythm(days=7)) == "every week"
    assert every_words(Rhythm(days=14)) == "every two weeks"
    assert every_words(Rhythm(days=30)) == "every 30 days"


@pytest.mark.parametrize(
    ("rhythm", "start", "words"),
    [
        (Rhythm(week=2, weekday=1), None, "on the second Tuesday of each month"),
        (Rhythm(week=1, weekday=0), None, "on the first Monday of each month"),
        (Rhythm(week=-1, weekday=4), None, "on the last Friday of each month"),
        (Rhythm(), dt.date(2026, 1, 1), "on the 1st of each month"),
        (Rhythm(), dt.date(2026, 1, 12), "on the 12th of each month"),
        (Rhythm(), dt.date(2026, 1, 22), "on the 22nd of each month"),
        (
            Rhythm(),
            dt.date(2026, 1, 31),
            "on the 31st of each month, or its last day in a shorter month",
        ),
        (Rhythm(), None, "once a month"),
    ],
)
def test_monthly_rhythms_in_words(rhythm: Rhythm, start: dt.date | None, words: str) -> None:
    assert every_words(rhythm, start) == words


def test_a_plan_has_the_sessions_asked_for() -> None:
    options = SeasonOptions(sessions=4, start="2026-01-06", seed=7)
    plan = make_season(group(), options)
    assert len(plan.entries) == 4
    assert not plan.request.derived_seed


def test_without_a_seed_it_comes_from_the_group_and_the_first_date() -> None:
    profile = Profile(name="Harbour", group_type=GroupType.BEREAVEMENT)
    options = SeasonOptions(sessions=4, start="2026-01-01", every="2nd-tue")
    plan = make_season(group(profile), options)
    assert plan.request.derived_seed
    first = dt.date(2026, 1, 13)  # the start moves onto the rhythm; the seed follows it
    assert plan.request.seed == derive_seed("Harbour", GroupType.BEREAVEMENT, first)
    # Outside a workspace: the group type alone (here the one asked for).
    bare = make_season(group(), SeasonOptions(sessions=4, group="recovery"))
    assert bare.request.seed == derive_seed("", GroupType.RECOVERY, bare.request.start)


def test_a_start_off_the_rhythm_moves_with_a_note_naming_the_field() -> None:
    options = SeasonOptions(sessions=3, start="2026-01-01", every="last-fri", seed=1)
    plan = make_season(group(), options)
    assert plan.moved_from == dt.date(2026, 1, 1)
    assert [str(UserError(n)) for n in season_notes(plan)] == [
        "start 2026-01-01 is not the last Friday of its month: the season starts on "
        "Fri 2026-01-30, the first one after it"
    ]
    on_it = SeasonOptions(sessions=3, start="2026-01-30", every="last-fri", seed=1)
    assert season_notes(make_season(group(), on_it)) == []


def test_without_a_start_the_first_meeting_is_one_interval_from_today() -> None:
    def first(every: str) -> dt.date:
        options = SeasonOptions(sessions=2, every=every, seed=1)
        return make_season(group(), options).entries[0].date

    assert first("2w") == dt.date(2026, 1, 15)
    assert first("monthly") == dt.date(2026, 2, 1)
    assert first("1st-thu") == dt.date(2026, 2, 5)  # 1 January 2026 is itself the 1st Thursday
    assert first("2nd-tue") == dt.date(2026, 1, 13)


def test_the_time_comes_from_the_option_else_the_profile() -> None:
    profile = Profile(name="Harbour", start="18:30", minutes=120)
    base = SeasonOptions(sessions=2, start="2026-01-06", seed=3)
    from_profile = make_season(group(profile), base)
    assert (from_profile.request.time, from_profile.request.minutes) == (1110, 120)
    assert time_words(from_profile) == "18:30 to 20:30"
    given = SeasonOptions(sessions=2, start="2026-01-06", seed=3, time="0930")
    assert make_season(group(profile), given).request.time == 570
    bare = make_season(group(), given)
    assert (bare.request.time, bare.request.minutes) == (570, 90)
    none = make_season(group(), base)
    assert none.request.time is None and time_words(none) == ""
    with pytest.raises(UserError, match=r"^time 25:00: use a 24-hour time such as 18:30$"):
        make_season(group(), SeasonOptions(sessions=2, time="25:00"))


# -- golden files -------------------------------------------------------------------------------

GOLDEN_OPTIONS = SeasonOptions(sessions=8, start="2027-01-12", every="1w", seed=7)
GOLDEN_TODAY = dt.date(2027, 1, 5)
# The calendar's DTSTAMP is the time the file is made; a fixed one keeps the file the same.
GOLDEN_STAMP = dt.datetime(2027, 1, 5, 9, 30, tzinfo=dt.UTC)


def golden_plan() -> Season:
    return make_season(group(today=GOLDEN_TODAY), GOLDEN_OPTIONS)


def test_golden_html(golden: Callable[[str, str], None]) -> None:
    html = render_season(group(), golden_plan(), "html")
    assert isinstance(html, str)
    golden("season-8-seed7-weekly.html", html)


def test_golden_icalendar(golden: Callable[[str, str], None]) -> None:
    tuesday = group(Profile(name="Tuesday group"), GOLDEN_TODAY, now=GOLDEN_STAMP)
    ics = render_season(tuesday, golden_plan(), "ics")
    assert isinstance(ics, bytes)
    text = ics.decode("utf-8")
    assert text.count("DTSTAMP:20270105T093000Z\r\n") == GOLDEN_OPTIONS.sessions
    golden("season-8-seed7-weekly.ics", text)
