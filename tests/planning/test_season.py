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
    Season,
    SeasonHistory,
    SeasonRequest,
    candidate_topics,
    closest_stage,
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
    for i, e in enumerate(entries):
        assert e.date == request.start + dt.timedelta(days=request.every * i)
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
        every=draw(st.sampled_from([7, 14, 28])),
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
    assert parse_every("2W") == 14
    assert parse_date("2026-03-09", "start") == dt.date(2026, 3, 9)
    with pytest.raises(UserError, match=r"^every 3w: choose from 1w, 2w, 4w$"):
        parse_every("3w")
    with pytest.raises(UserError, match=r"^start 9/3/26: use a date such as"):
        parse_date("9/3/26", "start")
    with pytest.raises(UserError, match="between 1 and 60"):
        plan_season(topics(), SeasonRequest(sessions=0, start=START))
