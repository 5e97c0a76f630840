"""Series ordering: the rules hold for every seed, length, history and filter."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
from functools import cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from facilitate.catalog import open_catalog
from facilitate.errors import UserError
from facilitate.models.base import Depth, GroupType, Stage
from facilitate.models.catalog import Topic
from facilitate.planning.season import (
    FIRST_MEETING,
    LAST_MEETING,
    LEVEL,
    Phase,
    Rhythm,
    Season,
    SeasonHistory,
    SeasonRequest,
    candidate_topics,
    closest_stage,
    derive_seed,
    forming_length,
    parse_date,
    parse_every,
    plan_season,
)

START = dt.date(2026, 1, 6)


@cache
def topics() -> tuple[Topic, ...]:
    return tuple(open_catalog().topics.values())


@cache
def all_tags() -> tuple[str, ...]:
    return tuple(sorted({tag for t in topics() for tag in t.tags}))


def make_topic(
    topic_id: str,
    intensity: str,
    stages: tuple[str, ...] = ("norming", "performing"),
    tags: tuple[str, ...] = (),
    groups: tuple[str, ...] = ("general",),
) -> Topic:
    return Topic.model_validate(
        {
            "id": topic_id,
            "title": topic_id.replace("-", " ").capitalize(),
            "summary": "A topic for the tests.",
            "tags": list(tags),
            "groups": list(groups),
            "stages": list(stages),
            "depth": intensity,
            "check_in": ["How are you arriving today?"],
            "discussion": [{"prompt": "What was that like for you?"}],
            "check_out": ["What will you take with you?"],
        }
    )


def ids(plan: Season) -> list[str]:
    return [e.topic.id for e in plan.entries]


def check_rules(
    plan: Season,
    request: SeasonRequest,
    history: SeasonHistory,
    pool: tuple[Topic, ...] | list[Topic] | None = None,
) -> None:
    """Every rule a plan must keep, whatever the inputs."""
    known = {t.id for t in (topics() if pool is None else pool)}
    entries = plan.entries
    assert len(entries) == request.sessions
    assert [e.number for e in entries] == list(range(1, request.sessions + 1))
    day_one = request.every.first_from(request.start)
    assert plan.request.start == day_one == entries[0].date
    assert plan.moved_from == (request.start if day_one != request.start else None)
    for i, e in enumerate(entries):
        assert e.date == request.every.nth(day_one, i)
        assert request.every.fits(e.date)
        assert e.stage in e.topic.stages
        assert e.why and "\n" not in e.why
        first = "--first-meeting " if e.phase is Phase.FIRST else ""
        assert e.command == (
            f"facilitate agenda {first}--topic {e.topic.id} --stage {e.stage.value} --seed {e.seed}"
        )
        if e.topic.id not in (FIRST_MEETING, LAST_MEETING):
            assert not request.exclude_tags & set(e.topic.tags)
        assert request.group in e.topic.groups or GroupType.GENERAL in e.topic.groups
    # First meeting first, when the group has not met yet (and only then, and only first).
    if history.meetings_held == 0 and FIRST_MEETING in known:
        assert entries[0].topic.id == FIRST_MEETING
    assert FIRST_MEETING not in ids(plan)[1:]
    if history.meetings_held > 0:
        assert FIRST_MEETING not in ids(plan)
    # Last meeting last when the series has an end, and nowhere else.
    if request.sessions >= 3 and request.ending and LAST_MEETING in known:
        assert entries[-1].topic.id == LAST_MEETING
    if not request.ending:
        assert LAST_MEETING not in ids(plan)
    assert LAST_MEETING not in ids(plan)[:-1]
    # No repeats unless asked for.
    if not request.allow_repeats:
        assert len(set(ids(plan))) == len(entries)
    # Depth never jumps from light straight to deep.
    for before, after in itertools.pairwise(entries):
        assert not (before.topic.depth is Depth.LIGHT and after.topic.depth is Depth.DEEP), (
            before.topic.id,
            after.topic.id,
        )
    # Nothing deep while the group forms: the first sessions of a new group.
    for e in entries:
        if e.phase in (Phase.FIRST, Phase.FORMING):
            assert e.topic.depth is not Depth.DEEP
    forming = max(0, forming_length(request.sessions) - history.meetings_held)
    for e in entries[:forming]:
        assert e.topic.depth is not Depth.DEEP, e.topic.id


def rhythms() -> st.SearchStrategy[Rhythm]:
    """Every rhythm ``--every`` offers: 1w, 2w, 4w, monthly and each weekday of the month."""
    return st.one_of(
        st.sampled_from([Rhythm(days=7), Rhythm(days=14), Rhythm(days=28), Rhythm()]),
        st.builds(
            Rhythm,
            week=st.sampled_from([1, 2, 3, 4, -1]),
            weekday=st.integers(min_value=0, max_value=6),
        ),
    )


@st.composite
def scenarios(draw: st.DrawFn) -> tuple[SeasonRequest, SeasonHistory]:
    tags = all_tags()
    ids_ = [t.id for t in topics()]
    held = draw(st.sampled_from([0, 0, 0, 1, 2, 5, 12]))
    covered = draw(st.lists(st.sampled_from(ids_), max_size=6, unique=True)) if held else []
    pulled = draw(st.lists(st.sampled_from(ids_), max_size=4, unique=True))
    request = SeasonRequest(
        sessions=draw(st.integers(min_value=1, max_value=24)),
        start=draw(st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2030, 12, 31))),
        every=draw(rhythms()),
        include_tags=frozenset(draw(st.lists(st.sampled_from(tags), max_size=2))),
        exclude_tags=frozenset(draw(st.lists(st.sampled_from(tags), max_size=2))),
        seed=draw(st.integers(min_value=0, max_value=10**6)),
        allow_repeats=draw(st.booleans()),
        group=draw(st.sampled_from(list(GroupType))),
        ending=draw(st.sampled_from([True, True, False])),
    )
    history = SeasonHistory(
        meetings_held=held,
        covered={t: START - dt.timedelta(days=7 * (i + 1)) for i, t in enumerate(covered)},
        pull={t: (("sleep", draw(st.floats(min_value=0.1, max_value=2.0))),) for t in pulled},
    )
    return request, history


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios())
def test_every_plan_keeps_the_rules(scenario: tuple[SeasonRequest, SeasonHistory]) -> None:
    request, history = scenario
    try:
        plan = plan_season(topics(), request, history)
    except UserError as exc:
        # Refusing is only right when the topics that fit really run out.
        message = str(exc)
        assert "\n" not in message and message.startswith("cannot plan")
        pool = candidate_topics(topics(), request.group, request.exclude_tags)
        middle = [t for t in pool if t.id not in (FIRST_MEETING, LAST_MEETING)]
        if not request.exclude_tags:
            anchors = int(history.meetings_held == 0) + int(
                request.sessions >= 3 and request.ending
            )
            assert not request.allow_repeats, message
            assert request.sessions - anchors > len(middle), message
        return
    check_rules(plan, request, history)


@settings(max_examples=60, deadline=None)
@given(
    sessions=st.integers(min_value=1, max_value=20),
    seed=st.integers(min_value=0, max_value=10**6),
)
def test_a_new_general_group_always_gets_a_plan(sessions: int, seed: int) -> None:
    # A general group gets only the topics that fit every group, so a long series may need
    # repeats: the planner says so, and with repeats allowed the plan always comes.
    request = SeasonRequest(sessions=sessions, start=START, seed=seed)
    if sessions > len(candidate_topics(topics(), GroupType.GENERAL)):
        with pytest.raises(UserError, match="plan fewer sessions, or add allow_repeats"):
            plan_season(topics(), request)
        request = dataclasses.replace(request, allow_repeats=True)
    plan = plan_season(topics(), request)
    check_rules(plan, request, SeasonHistory())
    assert plan.forming_sessions == min(sessions, forming_length(sessions))


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(min_value=0, max_value=10**6), sessions=st.integers(3, 12))
def test_the_same_seed_gives_the_same_plan(seed: int, sessions: int) -> None:
    request = SeasonRequest(sessions=sessions, start=START, seed=seed)
    assert ids(plan_season(topics(), request)) == ids(plan_season(topics(), request))


def test_seeds_vary_the_plan() -> None:
    plans = {
        tuple(ids(plan_season(topics(), SeasonRequest(sessions=10, start=START, seed=s))))
        for s in range(12)
    }
    assert len(plans) > 1


def test_light_topics_open_a_new_series() -> None:
    plan = plan_season(topics(), SeasonRequest(sessions=9, start=START, seed=3))
    assert plan.entries[0].topic.id == FIRST_MEETING
    assert plan.entries[0].stage is Stage.FORMING
    assert plan.entries[1].topic.depth is Depth.LIGHT
    assert plan.entries[-1].stage is Stage.ADJOURNING
    # Deeper topics come once norms hold: the deepest half lies after the forming third.
    levels = [LEVEL[e.topic.depth] for e in plan.entries]
    third = forming_length(9)
    assert max(levels[:third]) < 2
    assert max(levels[third:-1]) == 2


def test_short_series_have_no_last_meeting_and_one_meeting_is_the_first() -> None:
    assert ids(plan_season(topics(), SeasonRequest(sessions=1, start=START))) == [FIRST_MEETING]
    two = plan_season(topics(), SeasonRequest(sessions=2, start=START))
    assert ids(two)[0] == FIRST_MEETING and LAST_MEETING not in ids(two)


def test_an_established_group_skips_the_first_meeting() -> None:
    history = SeasonHistory(meetings_held=8)
    plan = plan_season(topics(), SeasonRequest(sessions=5, start=START, seed=1), history)
    assert FIRST_MEETING not in ids(plan)
    assert plan.forming_sessions == 0
    assert ids(plan)[-1] == LAST_MEETING


def position(plan: Season, topic_id: str) -> int:
    return ids(plan).index(topic_id) if topic_id in ids(plan) else len(plan.entries)


@pytest.mark.parametrize("seed", range(10))
def test_recurring_themes_pull_matching_topics_earlier(seed: int) -> None:
    request = SeasonRequest(sessions=10, start=START, seed=seed)
    held = SeasonHistory(meetings_held=3)
    pulled = SeasonHistory(meetings_held=3, pull={"money-worries": (("money", 2.0),)})
    before = position(plan_season(topics(), request, held), "money-worries")
    after_plan = plan_season(topics(), request, pulled)
    after = position(after_plan, "money-worries")
    assert after < before or after == 0
    entry = after_plan.entries[after]
    assert "money" in entry.why and entry.themes == ("money",)


@pytest.mark.parametrize("seed", range(10))
def test_topics_already_covered_move_later_or_out(seed: int) -> None:
    request = SeasonRequest(sessions=8, start=START, seed=seed)
    fresh = plan_season(topics(), request, SeasonHistory(meetings_held=4))
    covered_id = fresh.entries[0].topic.id
    history = SeasonHistory(meetings_held=4, covered={covered_id: dt.date(2025, 12, 1)})
    again = plan_season(topics(), request, history)
    assert position(again, covered_id) > 0
    if covered_id in ids(again):
        assert "2025-12-01" in again.entries[position(again, covered_id)].why


def test_include_tags_come_first_and_fill_ins_say_so() -> None:
    request = SeasonRequest(
        sessions=8,
        start=START,
        seed=2,
        include_tags=frozenset({"grief"}),
        group=GroupType.WORKPLACE_BULLYING,
    )
    plan = plan_season(topics(), request)
    pool = candidate_topics(topics(), request.group)
    grief = [t.id for t in pool if "grief" in t.tags]
    assert grief
    assert set(grief) <= set(ids(plan))
    for e in plan.entries[1:-1]:
        assert ("grief" in e.topic.tags) != ("None of your chosen tags" in e.why)


def test_group_type_filters_topics() -> None:
    plan = plan_season(
        topics(), SeasonRequest(sessions=12, start=START, seed=5, group=GroupType.RECOVERY)
    )
    for e in plan.entries:
        assert GroupType.RECOVERY in e.topic.groups or GroupType.GENERAL in e.topic.groups
    workplace_only = {t.id for t in topics() if t.groups == [GroupType.WORKPLACE_BULLYING]}
    assert workplace_only and not workplace_only & set(ids(plan))


def test_repeats_only_when_allowed() -> None:
    small = [
        make_topic("first-meeting", "light", ("forming",)),
        make_topic("gentle", "light", ("forming", "norming")),
        make_topic("middle", "medium"),
        make_topic("last-meeting", "medium", ("adjourning",)),
    ]
    with pytest.raises(UserError, match="only 2 fit this group; plan fewer sessions, or add"):
        plan_season(small, SeasonRequest(sessions=6, start=START))
    plan = plan_season(small, SeasonRequest(sessions=6, start=START, allow_repeats=True))
    assert ids(plan)[0] == "first-meeting" and ids(plan)[-1] == "last-meeting"
    middle = ids(plan)[1:-1]
    assert set(middle) == {"gentle", "middle"}
    assert all(a != b for a, b in itertools.pairwise(middle))
    assert any("second visit" in e.why for e in plan.entries)


def test_a_catalog_of_deep_topics_cannot_open_a_series() -> None:
    deep = [
        make_topic("first-meeting", "light", ("forming",)),
        *(make_topic(f"deep-{i}", "deep") for i in range(6)),
    ]
    with pytest.raises(UserError, match="need light or medium topics"):
        plan_season(deep, SeasonRequest(sessions=5, start=START))


def test_a_small_catalog_still_rises_gently() -> None:
    # Only one medium topic: it has to sit between the light ones and the deep ones.
    pool = [
        make_topic("first-meeting", "light", ("forming",)),
        make_topic("easy", "light", ("forming", "norming")),
        make_topic("bridge", "medium", ("forming", "norming")),
        make_topic("deep-a", "deep"),
        make_topic("deep-b", "deep"),
    ]
    plan = plan_season(pool, SeasonRequest(sessions=5, start=START, seed=1))
    check_rules(plan, plan.request, SeasonHistory(), pool)
    assert ids(plan)[:3] == ["first-meeting", "easy", "bridge"]


def test_closest_stage_and_parsers() -> None:
    topic = make_topic("x", "medium", ("storming", "performing"))
    assert closest_stage(topic, Stage.FORMING) is Stage.STORMING
    assert closest_stage(topic, Stage.PERFORMING) is Stage.PERFORMING
    assert parse_every("2W") == Rhythm(days=14)
    assert parse_date("2026-03-09", "start", today=START) == dt.date(2026, 3, 9)
    assert parse_date(" Today", "start", today=START) == START  # the day given, not the clock's
    with pytest.raises(UserError, match=r"^every 3w: choose 1w, 2w or 4w, monthly \(the same"):
        parse_every("3w")
    with pytest.raises(UserError, match=r"^start 9/3/26: use a date such as"):
        parse_date("9/3/26", "start", today=START)
    with pytest.raises(UserError, match="between 1 and 60"):
        plan_season(topics(), SeasonRequest(sessions=0, start=START))


# -- rhythms: every few weeks, or once a month --------------------------------------------------

WEEKLY_OR_MONTHLY = [
    ("1w", Rhythm(days=7)),
    ("2w", Rhythm(days=14)),
    ("4w", Rhythm(days=28)),
    ("monthly", Rhythm()),
    ("1st-mon", Rhythm(week=1, weekday=0)),
    ("2nd-tue", Rhythm(week=2, weekday=1)),
    ("3rd-wed", Rhythm(week=3, weekday=2)),
    ("4th-thu", Rhythm(week=4, weekday=3)),
    ("last-fri", Rhythm(week=-1, weekday=4)),
    ("last-sun", Rhythm(week=-1, weekday=6)),
]


@pytest.mark.parametrize(("text", "rhythm"), WEEKLY_OR_MONTHLY)
def test_every_rhythm_reads_back_from_its_name(text: str, rhythm: Rhythm) -> None:
    assert parse_every(text) == rhythm
    assert rhythm.key == text
    assert parse_every(f" {text.upper()} ") == rhythm


@pytest.mark.parametrize(
    "text", ["2nd-tuesday", "second-tue", "2nd tue", "2ND_TUES", "Second Tuesday"]
)
def test_weekdays_and_ordinals_may_be_written_out(text: str) -> None:
    assert parse_every(text) == Rhythm(week=2, weekday=1)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "6th-tue",
            "every 6th-tue: a month has at most five Tuesdays; use 1st, 2nd, 3rd, 4th or "
            "last, such as 2nd-tue",
        ),
        (
            "5th-fri",
            "every 5th-fri: not every month has a fifth Friday, so the season would skip "
            "months; use last-fri for the month's last Friday",
        ),
        (
            "2nd-tus",
            "every 2nd-tus: 'tus' is not a day of the week (mon to sun); did you mean '2nd-tue'?",
        ),
        (
            "lst-fri",
            "every lst-fri: 'lst' is not 1st, 2nd, 3rd, 4th or last; did you mean 'last-fri'?",
        ),
        ("montly", "every montly: did you mean 'monthly'? Or choose 1w, 2w or 4w, monthly"),
        ("weekly", "every weekly: did you mean '1w'? Or choose"),
        (
            "3w",
            "every 3w: choose 1w, 2w or 4w, monthly (the same day each month) or a weekday "
            "of each month such as 2nd-tue or last-fri",
        ),
    ],
)
def test_a_rhythm_that_is_not_one_is_one_line_naming_the_field(text: str, message: str) -> None:
    with pytest.raises(UserError) as caught:
        parse_every(text)
    assert str(caught.value).startswith(message)
    assert "\n" not in str(caught.value)
    assert caught.value.lines(lambda name: f"--{name}")[0].startswith(f"--{message}")


def month_index(day: dt.date) -> int:
    return day.year * 12 + day.month


@settings(max_examples=300, deadline=None)
@given(
    rhythm=st.builds(Rhythm, week=st.sampled_from([1, 2, 3, 4, -1]), weekday=st.integers(0, 6)),
    start=st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(9000, 12, 31)),
    count=st.integers(min_value=1, max_value=60),
)
def test_a_weekday_of_each_month_always_lands_on_it_and_never_skips_a_month(
    rhythm: Rhythm, start: dt.date, count: int
) -> None:
    first = rhythm.first_from(start)
    # The first meeting is the first fitting day on or after the start, never before it.
    assert first >= start and first - start < dt.timedelta(days=62)
    day = start
    while day < first:
        assert not rhythm.fits(day)
        day += dt.timedelta(days=1)
    dates = [rhythm.nth(first, i) for i in range(count)]
    assert dates[0] == first
    for i, date in enumerate(dates):
        assert month_index(date) == month_index(first) + i  # one a month, none skipped
        assert date.weekday() == rhythm.weekday
        length = (dt.date(date.year + date.month // 12, date.month % 12 + 1, 1) - date).days
        if rhythm.week > 0:
            assert (date.day - 1) // 7 + 1 == rhythm.week  # the 2nd Tuesday is day 8 to 14
        else:
            assert length <= 7  # the last one: no later one in the month
        assert rhythm.fits(date)


@settings(max_examples=200, deadline=None)
@given(
    start=st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(9000, 12, 31)),
    count=st.integers(min_value=1, max_value=60),
)
def test_monthly_keeps_the_day_of_the_month_or_the_last_day_of_a_shorter_month(
    start: dt.date, count: int
) -> None:
    rhythm = Rhythm()
    assert rhythm.first_from(start) == start  # every day can start it
    for i in range(count):
        date = rhythm.nth(start, i)
        assert month_index(date) == month_index(start) + i
        following = date + dt.timedelta(days=1)
        assert date.day == start.day or (date.day < start.day and following.day == 1)


@pytest.mark.parametrize(
    ("rhythm", "start", "dates"),
    [
        (
            Rhythm(week=2, weekday=1),
            dt.date(2026, 1, 1),
            ["2026-01-13", "2026-02-10", "2026-03-10"],
        ),
        (
            Rhythm(week=2, weekday=1),
            dt.date(2026, 1, 14),
            ["2026-02-10", "2026-03-10", "2026-04-14"],
        ),
        (
            Rhythm(week=-1, weekday=4),
            dt.date(2026, 1, 31),
            ["2026-02-27", "2026-03-27", "2026-04-24"],
        ),
        (Rhythm(), dt.date(2026, 1, 31), ["2026-01-31", "2026-02-28", "2026-03-31"]),
        (Rhythm(), dt.date(2027, 12, 30), ["2027-12-30", "2028-01-30", "2028-02-29"]),
    ],
)
def test_monthly_dates_by_example(rhythm: Rhythm, start: dt.date, dates: list[str]) -> None:
    plan = plan_season(topics(), SeasonRequest(sessions=3, start=start, every=rhythm, seed=1))
    assert [e.date.isoformat() for e in plan.entries] == dates
    assert plan.request.start.isoformat() == dates[0]
    assert plan.moved_from == (start if start.isoformat() != dates[0] else None)


def test_the_following_meeting_is_one_interval_on() -> None:
    today = dt.date(2026, 1, 13)  # the second Tuesday of January
    assert Rhythm(days=14).following(today) == dt.date(2026, 1, 27)
    assert Rhythm().following(dt.date(2026, 1, 31)) == dt.date(2026, 2, 28)
    assert Rhythm(week=2, weekday=1).following(today) == dt.date(2026, 2, 10)
    assert Rhythm(week=2, weekday=1).following(dt.date(2026, 1, 12)) == today


def test_a_monthly_season_past_the_year_9999_is_refused() -> None:
    request = SeasonRequest(sessions=12, start=dt.date(9999, 3, 1), every=Rhythm(week=1, weekday=0))
    with pytest.raises(UserError, match=r"^start 9999-03-01: the last meeting would fall after"):
        plan_season(topics(), request)
    late = SeasonRequest(sessions=1, start=dt.date(9999, 12, 31), every=Rhythm(week=1, weekday=0))
    with pytest.raises(UserError, match="after the year 9999"):
        plan_season(topics(), late)


# -- the seed of a season nobody chose a seed for ------------------------------------------------


def test_the_derived_seed_is_fixed_for_a_group_and_a_date() -> None:
    # Fixed numbers: a seed from Python's hash() of text would change from run to run.
    day = dt.date(2026, 1, 6)
    assert derive_seed("", GroupType.GENERAL, day) == 784599
    assert derive_seed("Tuesday evening group", GroupType.WORKPLACE_BULLYING, day) == 637583
    seeds = {
        derive_seed(name, group, day + dt.timedelta(days=d))
        for name in ("", "Harbour", "Tuesday evening group")
        for group in GroupType
        for d in range(5)
    }
    assert len(seeds) == 3 * len(GroupType) * 5
    assert all(1 <= s < 10**6 for s in seeds)


def test_a_start_time_goes_into_every_agenda_command() -> None:
    request = SeasonRequest(sessions=3, start=START, seed=5, time=18 * 60 + 30)
    plan = plan_season(topics(), request)
    for e in plan.entries:
        assert e.time == 1110
        assert e.command.endswith(f"--seed {e.seed} --start 18:30")
    untimed = plan_season(topics(), SeasonRequest(sessions=3, start=START, seed=5))
    assert [e.seed for e in untimed.entries] == [e.seed for e in plan.entries] == [6, 7, 8]
    assert "--start" not in untimed.entries[0].command
