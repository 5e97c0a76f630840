"""Composing a plan: prompts for the stage, deep prompts kept early, plan ids that rebuild."""

from __future__ import annotations

import itertools
from dataclasses import replace
from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from facilitate.catalog import open_catalog
from facilitate.catalog.layers import Catalog
from facilitate.errors import UserError
from facilitate.models.base import Depth, Stage
from facilitate.models.catalog import DiscussionItem, Topic
from facilitate.planning.agenda import (
    SWAPPABLE,
    AgendaOptions,
    AgendaPlan,
    Pins,
    arc,
    check_skip,
    compose,
    last_part_start,
    make_plan_id,
    parse_plan_id,
    time_discussion,
)
from facilitate.planning.timing import Slot


@cache
def catalog() -> Catalog:
    return open_catalog(None, None)


def topic_ids() -> list[str]:
    return sorted(catalog().topics.items)


def plan(
    options: AgendaOptions,
    topic: Topic | None = None,
    pins: Pins | None = None,
    notes: list[str] | None = None,
) -> AgendaPlan:
    cat = catalog()
    if topic is None and options.topic:
        topic = cat.topic(options.topic)
    warn = notes.append if notes is not None else None
    return compose(options, topic, cat.prompts.values(), pins=pins, warn=warn)


def tokens(plan_id: str) -> dict[str, str]:
    """A plan id's parts by name (flags map to themselves)."""
    out = {}
    for part in plan_id.split(":")[1:]:
        key, _, value = part.partition("=")
        out[key] = value or key
    return out


def pins_of(plan_id: str, redraw: str | None = None) -> tuple[AgendaOptions, Pins]:
    parsed = parse_plan_id(plan_id)
    return parsed.options, parsed.pins(redraw)


@st.composite
def fitting_options(draw: st.DrawFn) -> AgendaOptions:
    """Options for a meeting that fits (at least 90 minutes for up to 30 people)."""
    first = draw(st.booleans())
    topic: str | None = draw(st.sampled_from(topic_ids()))
    if first:
        topic = draw(st.sampled_from([None, topic]))
    return AgendaOptions(
        topic=topic,
        minutes=draw(st.integers(min_value=90, max_value=300)),
        size=draw(st.integers(min_value=1, max_value=30)),
        start=draw(st.one_of(st.none(), st.integers(min_value=0, max_value=24 * 60 - 1))),
        stage=draw(st.sampled_from([None, *Stage])),
        online=draw(st.booleans()),
        first_meeting=first,
        skip=tuple(
            draw(
                st.lists(
                    st.sampled_from(["expectations"] if first else ["activity", "resources"]),
                    unique=True,
                )
            )
        ),
        seed=draw(st.integers(min_value=0, max_value=10**6)),
    )


# -- deep prompts stay out of the last part ---------------------------------------------------


@st.composite
def discussions(draw: st.DrawFn) -> tuple[list[DiscussionItem], Slot, int]:
    depths = draw(st.lists(st.sampled_from(list(Depth)), min_size=1, max_size=7))
    items = [DiscussionItem(prompt=f"Question {i}?", depth=d) for i, d in enumerate(depths)]
    minutes = draw(st.integers(min_value=20, max_value=300))
    length = draw(st.integers(min_value=max(len(items), 10), max_value=minutes))
    start = draw(st.integers(min_value=0, max_value=minutes - length))
    return items, Slot("discussion", start, length), minutes


@settings(max_examples=1000, deadline=None)
@given(discussions())
def test_time_discussion_never_starts_a_deep_prompt_late(
    case: tuple[list[DiscussionItem], Slot, int],
) -> None:
    items, slot, minutes = case
    out = time_discussion(items, slot, minutes)
    limit = last_part_start(minutes)
    for c in out:
        assert not (c.depth == Depth.DEEP and c.start >= limit), (c, limit)
    # only deep prompts are ever left out, and the arc's order is kept
    assert [c.key for c in out if c.depth != Depth.DEEP] == [
        d.key for d in arc(items) if d.depth != Depth.DEEP
    ]
    order = [d.key for d in arc(items)]
    assert [order.index(c.key) for c in out] == sorted(order.index(c.key) for c in out)
    # the kept prompts share the whole slot, back to back
    if out:
        assert sum(c.minutes for c in out) == slot.minutes
        assert out[0].start == slot.start
        for a, b in itertools.pairwise(out):
            assert b.start == a.start + a.minutes


def test_a_late_deep_prompt_is_dropped_even_when_the_others_move_later() -> None:
    # light, deep, deep in a short meeting: the last deep one starts late; once it is dropped
    # the other two get longer turns, which pushes the first deep one late as well.
    items = [
        DiscussionItem(prompt="Light one?", depth=Depth.LIGHT),
        DiscussionItem(prompt="Deep one?", depth=Depth.DEEP),
        DiscussionItem(prompt="Deep two?", depth=Depth.DEEP),
    ]
    out = time_discussion(items, Slot("discussion", 0, 23), 27)
    assert [c.text for c in out] == ["Light one?"]
    assert out[0].minutes == 23


def test_a_plan_whose_deep_prompt_was_left_out_rebuilds_without_it() -> None:
    topic = catalog().topic("boundaries")
    heavy = topic.model_copy(
        update={
            "discussion": [
                DiscussionItem(prompt="A light question?", depth=Depth.LIGHT),
                DiscussionItem(prompt="A first deep question?", depth=Depth.DEEP),
                DiscussionItem(prompt="A second deep question?", depth=Depth.DEEP),
                DiscussionItem(prompt="A third deep question?", depth=Depth.DEEP),
            ]
        }
    )
    options = AgendaOptions(
        topic="boundaries",
        minutes=45,
        size=1,
        stage=Stage.NORMING,
        skip=("activity", "resources", "introduction"),
    )
    original = plan(options, topic=heavy)
    # three were drawn for the time, but one deep prompt would have started too late
    assert len(original.discussion) == 2
    parsed, pins = pins_of(original.plan_id)
    for seed in range(5):
        rebuilt = plan(replace(parsed, seed=seed), topic=heavy, pins=pins)
        assert rebuilt.plan_id == original.plan_id
        assert rebuilt.discussion == original.discussion


def test_arc_opens_light_goes_deeper_and_eases_off() -> None:
    items = [
        DiscussionItem(prompt="Deep?", depth=Depth.DEEP),
        DiscussionItem(prompt="Medium?", depth=Depth.MEDIUM),
        DiscussionItem(prompt="Light?", depth=Depth.LIGHT),
    ]
    assert [d.depth for d in arc(items)] == [Depth.LIGHT, Depth.DEEP, Depth.MEDIUM]


# -- prompts fit the stage -----------------------------------------------------------------------


def all_depths(p: AgendaPlan) -> list[Depth]:
    chosen = [p.check_in, *p.discussion, p.check_out]
    return [c.depth for c in chosen if c is not None]


@pytest.mark.parametrize("topic_id", topic_ids())
def test_forming_uses_light_prompts_only(topic_id: str) -> None:
    topic = catalog().topic(topic_id)
    notes: list[str] = []
    for seed in range(5):
        p = plan(AgendaOptions(topic=topic_id, stage=Stage.FORMING, seed=seed), notes=notes)
        assert p.check_in is not None and p.check_in.depth == Depth.LIGHT
        assert p.check_out is not None and p.check_out.depth == Depth.LIGHT
        assert p.discussion
        if any(d.depth == Depth.LIGHT for d in topic.discussion):
            assert {d.depth for d in p.discussion} == {Depth.LIGHT}
            assert not notes
        else:
            # nothing light to offer: the lightest there is, never deep, and a note says so
            assert Depth.DEEP not in {d.depth for d in p.discussion}
            assert notes and "no discussion prompts as light" in notes[-1]


@settings(max_examples=100, deadline=None)
@given(fitting_options())
def test_no_deep_prompt_while_a_group_forms_or_storms_or_at_a_first_meeting(
    options: AgendaOptions,
) -> None:
    p = plan(options)
    if options.first_meeting or options.stage in (Stage.FORMING, Stage.STORMING):
        assert Depth.DEEP not in all_depths(p)
    if options.first_meeting:
        assert p.check_in is None  # introductions open a first meeting, not a check-in round
        assert p.check_out is not None and p.check_out.depth == Depth.LIGHT
    elif options.stage == Stage.FORMING:
        assert p.check_in is not None and p.check_in.depth == Depth.LIGHT


def test_an_online_meeting_plans_only_an_activity_that_works_online() -> None:
    for topic in catalog().topics.values():
        for seed in range(3):
            p = plan(AgendaOptions(topic=topic.id, online=True, seed=seed))
            if p.activity is not None:
                assert p.activity.virtual


# -- plan ids --------------------------------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(fitting_options())
def test_the_same_seed_gives_the_same_plan_id(options: AgendaOptions) -> None:
    first = plan(options)
    again = plan(replace(options))
    assert first.plan_id == again.plan_id
    assert first.plan_id == make_plan_id(first)
    assert first.plan_id.startswith("v1:")


@settings(max_examples=150, deadline=None)
@given(fitting_options(), st.integers(min_value=0, max_value=10**6))
def test_a_plan_id_rebuilds_the_same_plan_whatever_the_seed(
    options: AgendaOptions, other_seed: int
) -> None:
    original = plan(options)
    parsed_options, pins = pins_of(original.plan_id)
    assert replace(parsed_options, seed=options.seed) == options
    notes: list[str] = []
    rebuilt = plan(replace(parsed_options, seed=other_seed), pins=pins, notes=notes)
    assert rebuilt.plan_id == original.plan_id
    assert rebuilt.slots == original.slots
    assert rebuilt.discussion == original.discussion
    assert rebuilt.check_in == original.check_in
    assert rebuilt.check_out == original.check_out
    assert rebuilt.activity == original.activity
    assert not [n for n in notes if "catalog" in n]


@settings(max_examples=100, deadline=None)
@given(fitting_options(), st.sampled_from(SWAPPABLE), st.integers(min_value=0, max_value=10**6))
def test_a_swap_changes_only_its_own_part(options: AgendaOptions, part: str, seed: int) -> None:
    original = plan(options)
    parsed_options, pins = pins_of(original.plan_id, redraw=part)
    if part not in {s.kind for s in original.slots}:
        # A part the meeting does not have (a first meeting's check-in, an activity that did
        # not fit) cannot be redrawn, and says so.
        with pytest.raises(UserError, match=f"has no {part} to redraw"):
            plan(replace(parsed_options, seed=seed), pins=pins)
        return
    swapped = plan(replace(parsed_options, seed=seed), pins=pins)
    token = {"check-in": "ci", "discussion": "d", "activity": "a", "check-out": "co"}[part]
    before, after = tokens(original.plan_id), tokens(swapped.plan_id)
    # Another activity may be longer or shorter, which moves time to or from the discussion:
    # its questions are kept in order, with one fewer or one more at the end.
    free = {token, "d"} if part == "activity" else {token}
    assert {k: v for k, v in before.items() if k not in free} == {
        k: v for k, v in after.items() if k not in free
    }
    if part == "activity":
        was, now = before.get("d", "").split(","), after.get("d", "").split(",")
        shorter = min(len(was), len(now))
        assert was[:shorter] == now[:shorter]
    if part == "check-in":
        assert before["ci"] != after["ci"], "a check-in swap should draw another question"


def test_swapping_the_check_in_changes_only_the_check_in_token() -> None:
    original = plan(AgendaOptions(topic="boundaries", seed=7))
    options, pins = pins_of(original.plan_id, redraw="check-in")
    seen = set()
    for seed in range(5):
        swapped = plan(replace(options, seed=seed), pins=pins)
        a, b = original.plan_id.split(":"), swapped.plan_id.split(":")
        changed = [x for x, y in zip(a, b, strict=True) if x != y]
        assert len(changed) == 1 and changed[0].startswith("ci=")
        seen.add(swapped.plan_id)
    assert original.plan_id not in seen


def test_a_plan_id_naming_a_gone_prompt_gets_a_note_and_a_redraw() -> None:
    original = plan(AgendaOptions(topic="boundaries", seed=7))
    first = original.discussion[0]
    topic = catalog().topic("boundaries")
    changed = topic.model_copy(
        update={
            "discussion": [
                d.model_copy(update={"prompt": "A brand new question for the group?"})
                if d.key == first.key
                else d
                for d in topic.discussion
            ]
        }
    )
    options, pins = pins_of(original.plan_id)
    notes: list[str] = []
    rebuilt = plan(options, topic=changed, pins=pins, notes=notes)
    assert any("no longer in the catalog" in n for n in notes), notes
    assert len(rebuilt.discussion) == len(original.discussion)
    assert first.key not in [d.key for d in rebuilt.discussion]
    # the others are kept
    assert {d.key for d in original.discussion[1:]} <= {d.key for d in rebuilt.discussion}


def test_a_plan_id_naming_a_changed_prompt_with_an_id_keeps_it_and_warns() -> None:
    topic = catalog().topic("boundaries")
    with_ids = topic.model_copy(
        update={
            "discussion": [
                d.model_copy(update={"id": f"q{i}"}) for i, d in enumerate(topic.discussion)
            ]
        }
    )
    original = plan(AgendaOptions(topic="boundaries", seed=3), topic=with_ids)
    assert "~" in tokens(original.plan_id)["d"]  # an explicit id carries a digest of its text
    first = original.discussion[0]
    reworded = with_ids.model_copy(
        update={
            "discussion": [
                d.model_copy(update={"prompt": d.prompt + " Take your time."})
                if d.key == first.key
                else d
                for d in with_ids.discussion
            ]
        }
    )
    options, pins = pins_of(original.plan_id)
    notes: list[str] = []
    rebuilt = plan(options, topic=reworded, pins=pins, notes=notes)
    assert any(f"'{first.key}' has changed" in n for n in notes), notes
    assert [d.key for d in rebuilt.discussion] == [d.key for d in original.discussion]


@pytest.mark.parametrize("bad", ["", "v2:t=x", "hello", "v1:m=ninety", "v1:at=xx:m=90"])
def test_a_malformed_plan_id_is_refused(bad: str) -> None:
    with pytest.raises(UserError, match="not a plan id"):
        parse_plan_id(bad)


def test_a_plan_id_holds_the_options() -> None:
    options = AgendaOptions(
        topic="boundaries",
        minutes=150,
        size=12,
        start=18 * 60 + 30,
        stage=Stage.NORMING,
        online=True,
        skip=("resources",),
        seed=4,
    )
    p = plan(options)
    t = tokens(p.plan_id)
    assert t["t"] == "boundaries" and t["m"] == "150" and t["n"] == "12"
    assert t["at"] == "1830" and t["s"] == "norming" and t["on"] == "on" and t["x"] == "resources"
    assert parse_plan_id(p.plan_id).options == replace(options, seed=0)


# -- skip ---------------------------------------------------------------------------------------


def test_check_skip() -> None:
    assert check_skip(["Activity", "activity", " resources "]) == ("activity", "resources")
    with pytest.raises(UserError, match="required and cannot be skipped"):
        check_skip(["check-out"])
    with pytest.raises(UserError, match="not a part of a meeting"):
        check_skip(["lunch"])


def test_the_first_meeting_without_a_topic_has_no_discussion() -> None:
    p = plan(AgendaOptions(first_meeting=True, stage=Stage.FORMING, seed=2))
    assert p.topic is None and not p.discussion and p.activity is None
    # Introductions open a first meeting; the only prompt drawn is the check-out's, and that
    # is all the history notes and the plan id names.
    assert "check-in" not in {s.kind for s in p.slots} and p.check_in is None
    assert p.check_out is not None and p.prompt_ids == [p.check_out.key]
    assert "first" in tokens(p.plan_id) and "ci" not in tokens(p.plan_id)
