"""What each group type leaves out, and that nothing it leaves out reaches its meetings."""

from __future__ import annotations

import datetime as dt
from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from facilitate.catalog import open_catalog
from facilitate.catalog.layers import Catalog
from facilitate.models.base import ContentFlag, GroupType, Stage
from facilitate.models.catalog import PromptKind, Topic
from facilitate.planning.agenda import AgendaOptions, compose, make_plan_id, parse_plan_id
from facilitate.planning.groups import (
    allowed,
    describe,
    fits,
    left_out,
    written_for,
)
from facilitate.planning.prompts import gather_candidates, select_prompts
from facilitate.planning.season import SeasonRequest, candidate_topics, plan_season

FOUR = (
    GroupType.BEREAVEMENT,
    GroupType.RECOVERY,
    GroupType.CHRONIC_ILLNESS,
    GroupType.MENTAL_HEALTH,
)


@cache
def catalog() -> Catalog:
    return open_catalog(None, None)


def topics() -> list[Topic]:
    return list(catalog().topics.values())


# --- the table -------------------------------------------------------------------------------


def test_work_reaches_workplace_groups_and_the_groups_own_topics_only() -> None:
    work = [ContentFlag.WORK]
    assert allowed(work, GroupType.WORKPLACE_BULLYING, Stage.FORMING)
    for group in GroupType:
        if group != GroupType.WORKPLACE_BULLYING:
            assert not allowed(work, group, Stage.NORMING)
            assert not allowed(work, group, None)
            assert allowed(work, group, Stage.NORMING, own=True)


def test_substances_reach_recovery_and_mental_health_only() -> None:
    for group in GroupType:
        expected = group in (GroupType.RECOVERY, GroupType.MENTAL_HEALTH)
        for stage in (*Stage, None):
            assert allowed(["substances"], group, stage) is expected
            assert allowed(["substances"], group, stage, own=True) is expected


def test_a_bereavement_group_looks_ahead_only_once_it_has_formed() -> None:
    ahead = [ContentFlag.LOOKING_AHEAD]
    assert not allowed(ahead, GroupType.BEREAVEMENT, Stage.FORMING)
    assert not allowed(ahead, GroupType.BEREAVEMENT, Stage.FORMING, own=True)
    assert allowed(ahead, GroupType.BEREAVEMENT, Stage.NORMING)
    assert allowed(ahead, GroupType.RECOVERY, Stage.FORMING)


def test_unflagged_items_reach_every_group() -> None:
    for group in GroupType:
        for stage in (*Stage, None):
            assert allowed([], group, stage)


def test_written_for_and_fits() -> None:
    assert written_for(["bereavement"], "bereavement")
    assert not written_for(["bereavement", "general"], "bereavement")
    assert not written_for(["general"], "general")
    assert fits(["general"], "recovery")
    assert not fits(["bereavement"], "recovery")


def test_every_group_type_is_described() -> None:
    assert describe(GroupType.WORKPLACE_BULLYING) == "it is never asked about drink and drugs"
    assert describe(GroupType.BEREAVEMENT) == (
        "it is never asked about drink and drugs, or about looking ahead at its first meetings, "
        "and it hears about work and legal matters only in topics written for it"
    )
    assert describe(GroupType.RECOVERY) == (
        "it hears about work and legal matters only in topics written for it"
    )
    assert [r.flag for r in left_out(GroupType.RECOVERY)] == [ContentFlag.WORK, ContentFlag.LEGAL]


def test_what_a_group_type_changes_is_one_sentence() -> None:
    from facilitate.planning.groups import what_it_changes

    text = what_it_changes(catalog(), GroupType.RECOVERY, "recovery")
    fit = sum(fits(t.groups, "recovery") for t in topics())
    assert text.startswith(
        f"A recovery group starts from the 'recovery' ground rules and gets {fit}"
    )
    assert text.endswith("only in topics written for it.") and text.count(".") == 1
    general = what_it_changes(catalog(), "general", "virtual")
    assert general.endswith(
        "never asked about drink and drugs, or about work, or about legal matters."
    )


# --- coverage, read from the catalog ------------------------------------------------------------


@pytest.mark.parametrize("group", FOUR)
def test_each_group_has_its_own_topics_and_enough_that_fit(group: GroupType) -> None:
    own = [t.id for t in topics() if written_for(t.groups, group)]
    fit = [t.id for t in topics() if fits(t.groups, group)]
    assert len(own) >= 8, own
    assert len(fit) >= 16, fit


@pytest.mark.parametrize("group", list(GroupType))
def test_every_topic_a_group_is_offered_still_has_discussion_for_it(group: GroupType) -> None:
    for t in candidate_topics(topics(), group):
        mine = written_for(t.groups, group)
        assert any(allowed(d.flags, group, Stage.NORMING, own=mine) for d in t.discussion), t.id


# --- nothing left out reaches a meeting -------------------------------------------------------


def _flags_of(topic: Topic | None, key: str, group: GroupType) -> tuple[list[ContentFlag], bool]:
    """A chosen prompt's flags, and whether it came from a topic written for the group."""
    if topic is not None:
        for p in (*topic.check_in, *topic.check_out, *topic.discussion):
            if p.key == key:
                return list(p.flags), written_for(topic.groups, group)
    return list(catalog().prompts.items[key].flags), False


STAGES = st.one_of(st.none(), st.sampled_from(list(Stage)))


@settings(max_examples=150, deadline=None)
@given(
    group=st.sampled_from(list(GroupType)),
    stage=STAGES,
    first=st.booleans(),
    seed=st.integers(min_value=0, max_value=10**6),
    topic_index=st.integers(min_value=0, max_value=10**4),
)
def test_no_left_out_prompt_reaches_an_agenda(
    group: GroupType, stage: Stage | None, first: bool, seed: int, topic_index: int
) -> None:
    offered = candidate_topics(topics(), group)
    topic = offered[topic_index % len(offered)]
    options = AgendaOptions(
        topic=topic.id, stage=stage, first_meeting=first, seed=seed, group=group
    )
    plan = compose(options, topic, catalog().prompts.values())
    seen = options.flag_stage
    for key in plan.prompt_ids:
        flags, own = _flags_of(topic, key, group)
        assert allowed(flags, group, seen, own=own), (key, flags)
    # the plan id names the group, so a rebuild draws from the same prompts
    assert parse_plan_id(plan.plan_id).options.group == group
    assert make_plan_id(plan) == plan.plan_id


@settings(max_examples=150, deadline=None)
@given(
    group=st.sampled_from(list(GroupType)),
    stage=STAGES,
    kind=st.sampled_from(list(PromptKind)),
    seed=st.integers(min_value=0, max_value=10**6),
    with_topic=st.booleans(),
    topic_index=st.integers(min_value=0, max_value=10**4),
)
def test_no_left_out_prompt_reaches_a_checkin(
    group: GroupType,
    stage: Stage | None,
    kind: PromptKind,
    seed: int,
    with_topic: bool,
    topic_index: int,
) -> None:
    offered = candidate_topics(topics(), group)
    topic = offered[topic_index % len(offered)] if with_topic else None
    pool = gather_candidates(catalog().prompts.values(), kind, topic, group=group, stage=stage)
    chosen = select_prompts(pool, 5, seed=seed, stage=stage)
    again = select_prompts(pool, 5, seed=seed, stage=stage)
    assert chosen.ids == again.ids
    for key in chosen.ids:
        flags, own = _flags_of(topic, key, group)
        assert allowed(flags, group, stage, own=own), (key, flags)


def test_a_first_bereavement_meeting_is_never_asked_to_look_ahead() -> None:
    pool = gather_candidates(
        catalog().prompts.values(), "check-out", group=GroupType.BEREAVEMENT, stage="forming"
    )
    assert pool
    assert not any("looking forward" in c.text for c in pool)
    general = gather_candidates(catalog().prompts.values(), "check-out", stage="forming")
    assert any("looking forward" in c.text for c in general)


# --- a season stays in the group's world ------------------------------------------------------


@pytest.mark.parametrize("group", list(GroupType))
@pytest.mark.parametrize("seed", [1, 7])
def test_a_season_has_no_topic_from_another_groups_world(group: GroupType, seed: int) -> None:
    request = SeasonRequest(sessions=10, start=dt.date(2027, 1, 5), seed=seed, group=group)
    plan = plan_season(topics(), request)
    for entry in plan.entries:
        t = entry.topic
        assert fits(t.groups, group), (group, t.id)
        assert allowed(t.flags, group, entry.stage, own=written_for(t.groups, group)), t.id


def test_a_topic_from_another_world_is_planned_as_for_its_own_group() -> None:
    from facilitate.planning.groups import rules_group

    assert rules_group(["recovery"], "general") == GroupType.RECOVERY
    assert rules_group(["general", "recovery"], "bereavement") == GroupType.BEREAVEMENT
    assert rules_group([], "bereavement") == GroupType.BEREAVEMENT
    topic = catalog().topic("cravings-and-triggers")
    plan = compose(AgendaOptions(topic=topic.id, seed=3), topic, catalog().prompts.values())
    assert plan.discussion  # its questions about cravings are kept
    assert "g=" not in plan.plan_id


def test_coverage_counts_what_each_group_gets() -> None:
    from facilitate.planning.groups import coverage

    figures = coverage(catalog())
    assert set(figures) == {g.value for g in GroupType}
    for group in GroupType:
        f = figures[group.value]
        assert f["fit"] == sum(fits(t.groups, group) for t in topics())
        assert f["written_for"] <= f["fit"]
    assert figures["general"]["written_for"] == 0
    # a forming bereavement group is never asked what it looks forward to
    assert figures["bereavement"]["prompts_left_out"] > 0
