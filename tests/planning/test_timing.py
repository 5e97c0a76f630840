"""Timing: the meeting is filled exactly, required parts keep their minimum, the ending is safe."""

from __future__ import annotations

import re
from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from facilitate.catalog import open_catalog
from facilitate.catalog.layers import Catalog
from facilitate.errors import UserError
from facilitate.models.base import Depth, MeetingFormat, Stage
from facilitate.planning.agenda import (
    SKIPPABLE,
    AgendaOptions,
    AgendaPlan,
    compose,
    last_part_start,
    segment_specs,
)
from facilitate.planning.timing import (
    SegmentSpec,
    allocate,
    shortest_length,
    with_break,
)

REQUIRED = ("welcome", "agreement", "check-in", "discussion", "check-out", "close")
REQUIRED_FIRST = (
    "welcome",
    "introductions",
    "confidentiality",
    "ground-rules",
    "feedback",
    "check-out",
    "close",
)
SHORTEST = re.compile(r"the shortest that works is (\d+) minutes")


@cache
def catalog() -> Catalog:
    return open_catalog(None, None)


def topic_ids() -> list[str]:
    return sorted(catalog().topics.items)


def plan(options: AgendaOptions) -> AgendaPlan:
    cat = catalog()
    topic = cat.topic(options.topic) if options.topic else None
    return compose(options, topic, cat.prompts.values())


@st.composite
def meeting_options(draw: st.DrawFn, max_size: int = 30) -> AgendaOptions:
    first = draw(st.booleans())
    topic: str | None = draw(st.sampled_from(topic_ids()))
    if first:
        topic = draw(st.sampled_from([None, topic]))
        skippable = ["expectations"]
    else:
        skippable = [s for s in SKIPPABLE if s != "expectations"]
    return AgendaOptions(
        topic=topic,
        minutes=draw(st.integers(min_value=20, max_value=300)),
        size=draw(st.integers(min_value=1, max_value=max_size)),
        stage=draw(st.sampled_from([None, *Stage])),
        online=draw(st.booleans()),
        first_meeting=first,
        skip=tuple(draw(st.lists(st.sampled_from(skippable), unique=True))),
        seed=draw(st.integers(min_value=0, max_value=10**6)),
    )


def claimed_shortest(options: AgendaOptions) -> int | None:
    """None when the meeting fits; else the length the error names."""
    try:
        plan(options)
    except UserError as exc:
        match = SHORTEST.search(str(exc))
        assert match, f"the error names no shortest length: {exc}"
        return int(match.group(1))
    return None


# -- the plans ---------------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(meeting_options())
def test_a_plan_fills_the_meeting_exactly_and_keeps_its_ending(options: AgendaOptions) -> None:
    if claimed_shortest(options) is not None:
        return  # too short: the next tests cover the refusal
    p = plan(options)
    kinds = [s.kind for s in p.slots]
    # exact fill, whole positive minutes, no gaps or overlaps
    assert sum(s.minutes for s in p.slots) == options.minutes
    assert all(isinstance(s.minutes, int) and s.minutes > 0 for s in p.slots)
    clock = 0
    for s in p.slots:
        assert s.start == clock
        clock = s.end
    assert clock == options.minutes
    # each part once; the required parts are there, at least at their minimum
    assert len(kinds) == len(set(kinds))
    required = REQUIRED_FIRST if options.first_meeting else REQUIRED
    for kind in required:
        assert kind in kinds, f"{kind} missing from {kinds}"
    topic = catalog().topic(options.topic) if options.topic else None
    minimum = {s.kind: s.minimum for s in segment_specs(options, topic, p.activity)}
    for s in p.slots:
        assert s.minutes >= minimum[s.kind], f"{s.kind} below its minimum"
    if not options.first_meeting:
        # the rounds scale with the group: at least about a minute a person
        # A full round gives everyone a minute at least; a quick one, a word or a sentence.
        least = 1 if not options.quick_rounds else 1 / 3
        assert p.slot("check-in").minutes >= round(options.size * least)  # type: ignore[union-attr]
        assert p.slot("check-out").minutes >= round(options.size * least)  # type: ignore[union-attr]
    # the ending: check-out, then close
    assert kinds[-2:] == ["check-out", "close"]
    # a break iff the meeting is longer than two hours
    assert ("break" in kinds) == (options.minutes > 120)
    # a skipped part is gone; the activity is planned only with its slot
    for kind in options.skip:
        assert kind not in kinds
    assert (p.activity is not None) == ("activity" in kinds)


@settings(max_examples=300, deadline=None)
@given(meeting_options())
def test_no_deep_prompt_starts_in_the_last_part(options: AgendaOptions) -> None:
    if claimed_shortest(options) is not None:
        return
    p = plan(options)
    limit = last_part_start(options.minutes)
    assert p.last_part_start == limit
    for d in p.discussion:
        if d.depth == Depth.DEEP:
            assert d.start < limit, f"deep prompt at minute {d.start}, last part from {limit}"
    disc = p.slot("discussion")
    if p.discussion:
        assert disc is not None
        assert sum(d.minutes for d in p.discussion) == disc.minutes
        assert all(d.minutes > 0 for d in p.discussion)
        assert p.discussion[0].start == disc.start
        assert all(disc.start <= d.start < disc.end for d in p.discussion)


@settings(max_examples=200, deadline=None)
@given(meeting_options(max_size=60))
def test_a_too_short_meeting_names_the_shortest_length_that_works(
    options: AgendaOptions,
) -> None:
    shortest = claimed_shortest(options)
    if shortest is None:
        return
    assert shortest > options.minutes
    fits = AgendaOptions(**{**options.__dict__, "minutes": shortest})
    assert claimed_shortest(fits) is None, f"{shortest} minutes was named but does not work"
    shorter = AgendaOptions(**{**options.__dict__, "minutes": shortest - 1})
    assert claimed_shortest(shorter) is not None, f"{shortest - 1} minutes works too"


@pytest.mark.parametrize("size", [1, 8, 30, 45, 60])
@pytest.mark.parametrize("first", [False, True])
def test_every_length_from_the_shortest_up_works(size: int, first: bool) -> None:
    base = AgendaOptions(topic="boundaries", size=size, first_meeting=first, minutes=20)
    shortest = claimed_shortest(base)
    assert shortest is not None, "a 20-minute meeting should be too short"
    for minutes in range(shortest, 301):
        p = plan(AgendaOptions(**{**base.__dict__, "minutes": minutes}))
        assert sum(s.minutes for s in p.slots) == minutes


def test_a_large_group_keeps_its_break_with_quick_rounds() -> None:
    # 50 people: full rounds would take 100 minutes of 125; quick ones leave room for the break.
    notes: list[str] = []
    cat = catalog()
    options = AgendaOptions(topic="boundaries", minutes=125, size=50)
    p = compose(options, cat.topic("boundaries"), cat.prompts.values(), warn=notes.append)
    assert options.quick_rounds
    assert sum(s.minutes for s in p.slots) == 125
    assert p.slot("break") is not None
    assert p.slot("discussion").minutes >= 30  # type: ignore[union-attr]
    assert all(s.minutes <= 50 * 0.75 for s in p.slots if s.kind in ("check-in", "check-out"))


def test_twenty_five_minutes_is_refused_in_one_line() -> None:
    with pytest.raises(UserError) as info:
        plan(AgendaOptions(topic="boundaries", minutes=25))
    message = str(info.value)
    assert "\n" not in message
    assert "25-minute meeting is too short" in message
    assert SHORTEST.search(message)


def test_a_topic_is_needed_unless_it_is_a_first_meeting() -> None:
    with pytest.raises(UserError, match="topic"):
        plan(AgendaOptions(topic=None))
    assert plan(AgendaOptions(topic=None, first_meeting=True)).slot("discussion") is None


# -- allocate on its own --------------------------------------------------------------------


@st.composite
def spec_lists(draw: st.DrawFn) -> list[SegmentSpec]:
    n = draw(st.integers(min_value=1, max_value=10))
    sink_at = draw(st.integers(min_value=0, max_value=n - 1))
    out = []
    for i in range(n):
        lo = draw(st.integers(min_value=1, max_value=20))
        mid = lo + draw(st.integers(min_value=0, max_value=20))
        hi = mid + draw(st.integers(min_value=0, max_value=30))
        required = i == sink_at or draw(st.booleans())
        out.append(
            SegmentSpec(
                f"part{i}",
                lo,
                mid,
                hi,
                required=required,
                priority=draw(st.integers(min_value=0, max_value=5)),
                sink=i == sink_at,
            )
        )
    return out


@settings(max_examples=500, deadline=None)
@given(spec_lists(), st.integers(min_value=1, max_value=400))
def test_allocate_sums_exactly_and_drops_the_least_needed_first(
    specs: list[SegmentSpec], total: int
) -> None:
    need = shortest_length(specs)
    if total < need:
        with pytest.raises(UserError, match=f"the shortest that works is {need} minutes"):
            allocate(specs, total)
        return
    slots = allocate(specs, total)
    assert sum(s.minutes for s in slots) == total
    assert all(s.minutes > 0 for s in slots)
    by_kind = {s.kind: s for s in specs}
    kept = [s.kind for s in slots]
    # the order of the parts is kept
    assert kept == [s.kind for s in specs if s.kind in kept]
    for s in specs:
        if s.required:
            assert s.kind in kept
    for slot in slots:
        spec = by_kind[slot.kind]
        assert slot.minutes >= spec.minimum
        if not spec.sink:
            assert slot.minutes <= spec.maximum
    dropped = [s for s in specs if s.kind not in kept]
    for d in dropped:
        assert not d.required
        for k in kept:
            if not by_kind[k].required:
                assert by_kind[k].priority >= d.priority


def test_with_break_only_past_two_hours() -> None:
    specs = [SegmentSpec("a", 1, 1, 1), SegmentSpec("b", 1, 1, 1), SegmentSpec("c", 1, 1, 1)]
    assert with_break(specs, 120, after="a") == specs
    assert [s.kind for s in with_break(specs, 121, after="a")] == ["a", "break", "b", "c"]
    # no such part: the break goes before the last two
    assert [s.kind for s in with_break(specs, 121, after="zz")] == ["a", "break", "b", "c"]


def test_a_bad_spec_is_refused() -> None:
    with pytest.raises(ValueError, match="bad lengths"):
        SegmentSpec("x", 5, 3, 10)


# -- quick rounds for big groups and short meetings ---------------------------------------------


@settings(max_examples=120, deadline=None)
@given(
    size=st.integers(1, 60),
    minutes=st.integers(20, 300),
    fmt=st.sampled_from([MeetingFormat.DISCUSSION, MeetingFormat.PSYCHOEDUCATIONAL]),
)
def test_quick_rounds_never_make_a_meeting_overrun(
    size: int, minutes: int, fmt: MeetingFormat
) -> None:
    found = catalog()
    topic = found.topic(
        "pacing-and-energy" if fmt is MeetingFormat.PSYCHOEDUCATIONAL else "boundaries"
    )
    options = AgendaOptions(topic=topic.id, minutes=minutes, size=size, meeting_format=fmt)
    try:
        plan = compose(options, topic, found.prompts.values())
    except UserError as exc:
        shortest = re.search(r"the shortest that works is (\d+) minutes", str(exc))
        assert shortest and int(shortest.group(1)) > minutes
        longer = AgendaOptions(**{**options.__dict__, "minutes": int(shortest.group(1))})
        assert sum(s.minutes for s in compose(longer, topic, found.prompts.values()).slots) == (
            longer.minutes
        )  # and the length it names does work
        return
    assert sum(s.minutes for s in plan.slots) == minutes  # fills the meeting, never more
    assert [s.kind for s in plan.slots][-2:] == ["check-out", "close"]
    rounds = [s for s in plan.slots if s.kind in ("check-in", "check-out")]
    assert options.quick_rounds == (size * 2 > 0.25 * minutes)
    if plan.quick_rounds:
        assert all(s.minutes <= max(3, round(size * 0.75)) for s in rounds)
    else:
        assert all(s.minutes >= size for s in rounds)


@pytest.mark.parametrize(("size", "minutes", "most"), [(14, 45, 14), (20, 90, 24)])
def test_a_big_group_in_a_short_meeting_is_planned_with_quick_rounds(
    size: int, minutes: int, most: int
) -> None:
    options = AgendaOptions(topic="boundaries", minutes=minutes, size=size)
    plan = compose(options, catalog().topic("boundaries"), catalog().prompts.values())
    rounds = sum(s.minutes for s in plan.slots if s.kind in ("check-in", "check-out"))
    assert options.quick_rounds and rounds <= most
