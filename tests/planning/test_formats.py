"""Meeting formats: every format fills the meeting exactly and keeps what every meeting keeps;
a circle's shares fit the group or the plan says how it adapted; psychoeducational meetings
only for topics with information points."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from facilitate.catalog import open_catalog
from facilitate.catalog.layers import Catalog
from facilitate.errors import UserError
from facilitate.models.base import Depth, MeetingFormat, Stage
from facilitate.models.catalog import Topic
from facilitate.planning import formats
from facilitate.planning.agenda import (
    AgendaOptions,
    AgendaPlan,
    compose,
    last_part_start,
    make_plan_id,
    parse_plan_id,
    segment_specs,
)
from facilitate.planning.timing import shortest_length

SHORTEST = re.compile(r"the shortest that works is (\d+) minutes")
KEPT = ("welcome", "agreement", "check-in", "check-out", "close")
"""What every meeting keeps, in any format."""
REQUIRED = {
    MeetingFormat.SHARING_CIRCLE: (*KEPT, "opening", "round"),
    MeetingFormat.PSYCHOEDUCATIONAL: (*KEPT, "information", "discussion"),
    MeetingFormat.DISCUSSION: (*KEPT, "discussion"),
}


@cache
def catalog() -> Catalog:
    return open_catalog(None, None)


def informed() -> list[str]:
    return sorted(t.id for t in catalog().topics.values() if t.information is not None)


def plan(options: AgendaOptions) -> AgendaPlan:
    cat = catalog()
    topic = cat.topic(options.topic) if options.topic else None
    return compose(options, topic, cat.prompts.values())


@st.composite
def format_options(draw: st.DrawFn, max_size: int = 30) -> AgendaOptions:
    fmt = draw(st.sampled_from(list(MeetingFormat)))
    pool = informed() if fmt is MeetingFormat.PSYCHOEDUCATIONAL else sorted(catalog().topics.items)
    skip: list[str] = []
    if fmt is MeetingFormat.PSYCHOEDUCATIONAL:
        skip = draw(st.lists(st.sampled_from(["worksheet", "resources"]), unique=True))
    return AgendaOptions(
        topic=draw(st.sampled_from(pool)),
        minutes=draw(st.integers(min_value=20, max_value=300)),
        size=draw(st.integers(min_value=1, max_value=max_size)),
        stage=draw(st.sampled_from([None, *Stage])),
        online=draw(st.booleans()),
        skip=tuple(skip),
        seed=draw(st.integers(min_value=0, max_value=10**6)),
        meeting_format=fmt,
        share_minutes=draw(st.integers(min_value=1, max_value=15)),
        newcomers=draw(st.booleans()),
    )


def claimed_shortest(options: AgendaOptions) -> int | None:
    try:
        plan(options)
    except UserError as exc:
        match = SHORTEST.search(str(exc))
        assert match, f"the error names no shortest length: {exc}"
        return int(match.group(1))
    return None


def circle_room(options: AgendaOptions, with_break: bool) -> int:
    """Minutes a circle has for its rounds, every other required part at its minimum."""
    before, after = formats._circle_frame(options)
    frame = [*before, *after]
    return options.minutes - shortest_length(frame) - (10 if with_break else 0)


# -- every format fills the meeting and keeps what every meeting keeps -------------------------


@settings(max_examples=300, deadline=None)
@given(format_options())
def test_every_format_fills_the_meeting_exactly_and_keeps_its_parts(options: AgendaOptions) -> None:
    if claimed_shortest(options) is not None:
        return
    p = plan(options)
    kinds = [s.kind for s in p.slots]
    assert sum(s.minutes for s in p.slots) == options.minutes
    clock = 0
    for s in p.slots:
        assert s.start == clock and s.minutes > 0
        clock = s.end
    assert len(kinds) == len(set(kinds))
    for kind in REQUIRED[options.meeting_format]:
        assert kind in kinds, f"{kind} missing from {kinds}"
    assert kinds[0] == "welcome" and kinds[-2:] == ["check-out", "close"]
    topic = catalog().topic(options.topic or "")
    minimum = {s.kind: s.minimum for s in segment_specs(options, topic, p.activity)}
    for s in p.slots:
        if s.kind != "break":
            assert s.minutes >= minimum[s.kind], f"{s.kind} below its minimum"
    if options.newcomers:
        assert "introductions" in kinds
        assert p.slot("agreement").minutes >= 4  # type: ignore[union-attr]
    if "break" in kinds:
        assert options.minutes > 120
    if options.meeting_format is not MeetingFormat.DISCUSSION:
        assert p.activity is None and "activity" not in kinds
    for kind in options.skip:
        assert kind not in kinds


@settings(max_examples=300, deadline=None)
@given(format_options(max_size=60))
def test_a_too_short_meeting_names_the_shortest_length_that_works(options: AgendaOptions) -> None:
    shortest = claimed_shortest(options)
    if shortest is None:
        return
    assert shortest > options.minutes
    assert claimed_shortest(replace(options, minutes=shortest)) is None
    assert claimed_shortest(replace(options, minutes=shortest - 1)) is not None


# -- the sharing circle ------------------------------------------------------------------------


@settings(max_examples=400, deadline=None)
@given(
    format_options(max_size=40).map(
        lambda o: replace(o, meeting_format=MeetingFormat.SHARING_CIRCLE)
    )
)
def test_a_circles_shares_fit_the_group_or_the_plan_says_how_it_adapted(
    options: AgendaOptions,
) -> None:
    if claimed_shortest(options) is not None:
        return
    p = plan(options)
    c = p.circle
    assert c is not None
    rounds = p.slot("round")
    assert rounds is not None
    # the rounds are exactly rounds x people x minutes a share: the stated time is true
    assert rounds.minutes == c.rounds * c.size * c.share_minutes == c.minutes
    assert c.size == options.size and c.asked_minutes == options.share_minutes
    assert 1 <= c.rounds <= formats.CIRCLE_ROUNDS
    assert 1 <= c.share_minutes <= c.asked_minutes
    room = circle_room(options, with_break=p.slot("break") is not None)
    assert c.minutes <= room  # never over the meeting
    if c.shorter_shares:
        # shares are cut only when one round of the asked share does not fit, and then as little
        # as a whole minute allows
        assert c.rounds == 1
        assert options.size * options.share_minutes > room
        assert options.size * (c.share_minutes + 1) > room
    elif c.fewer_rounds:
        assert (c.rounds + 1) * options.size * options.share_minutes > room
    # open time only when enough minutes are left after the rounds
    open_time = p.slot("open-time")
    if open_time is not None:
        assert open_time.minutes >= formats.OPEN_TIME_MINIMUM
    # one question per round at most, each at its round's start, none deep in the last part
    limit = last_part_start(options.minutes)
    for d in p.discussion:
        assert (d.start - rounds.start) % c.round_minutes == 0
        assert d.minutes == c.round_minutes
        assert d.depth != Depth.DEEP or d.start < limit
    assert len(p.discussion) <= c.rounds


def test_a_circle_for_eight_has_two_rounds_of_three_minutes_and_open_time() -> None:
    p = plan(
        AgendaOptions(
            topic="boundaries", meeting_format=MeetingFormat.SHARING_CIRCLE, seed=1, size=8
        )
    )
    assert p.circle is not None
    assert (p.circle.rounds, p.circle.share_minutes) == (2, 3)
    assert not p.circle.fewer_rounds and not p.circle.shorter_shares
    assert p.slot("round").minutes == 48  # type: ignore[union-attr]
    assert p.slot("open-time") is not None


def test_a_short_circle_has_one_round_then_shorter_shares() -> None:
    base = AgendaOptions(topic="boundaries", meeting_format=MeetingFormat.SHARING_CIRCLE, seed=1)
    one_round = plan(replace(base, minutes=60)).circle
    assert one_round is not None and one_round.fewer_rounds and not one_round.shorter_shares
    shorter = plan(replace(base, minutes=45, size=12)).circle
    assert shorter is not None and shorter.shorter_shares and shorter.share_minutes < 3


def test_a_circle_too_short_for_a_minute_each_is_refused_in_one_line() -> None:
    options = AgendaOptions(
        topic="boundaries", meeting_format=MeetingFormat.SHARING_CIRCLE, minutes=30, size=20
    )
    with pytest.raises(UserError) as info:
        plan(options)
    assert "\n" not in str(info.value)
    assert SHORTEST.search(str(info.value))


def test_a_long_crowded_circle_goes_without_a_break_and_says_so() -> None:
    notes: list[str] = []
    cat = catalog()
    options = AgendaOptions(
        topic="boundaries", meeting_format=MeetingFormat.SHARING_CIRCLE, minutes=135, size=60
    )
    p = compose(options, cat.topic("boundaries"), cat.prompts.values(), warn=notes.append)
    assert p.slot("break") is None and sum(s.minutes for s in p.slots) == 135
    assert any("no room for a break" in n for n in notes)


# -- the psychoeducational meeting ------------------------------------------------------------


def test_a_dozen_topics_across_group_types_support_psychoeducational_meetings() -> None:
    topics = [t for t in catalog().topics.values() if t.information is not None]
    assert len(topics) >= 12
    groups = {g.value for t in topics for g in t.groups}
    assert {"workplace-bullying", "mental-health", "recovery", "bereavement"} <= groups
    assert "chronic-illness" in groups
    counts = {g: len(ts) for g, ts in _by_group(topics).items()}
    assert counts["workplace-bullying"] == max(counts.values()) >= 4  # workplace bullying first


def _by_group(topics: list[Topic]) -> dict[str, list[Topic]]:
    out: dict[str, list[Topic]] = {}
    for t in topics:
        for g in t.groups:
            out.setdefault(g.value, []).append(t)
    return out


@pytest.mark.parametrize("topic_id", informed())
def test_a_psychoeducational_meeting_opens_its_talk_with_the_linking_questions(
    topic_id: str,
) -> None:
    topic = catalog().topic(topic_id)
    p = plan(
        AgendaOptions(
            topic=topic_id,
            meeting_format=MeetingFormat.PSYCHOEDUCATIONAL,
            seed=3,
            group=topic.groups[0],
        )
    )
    kinds = [s.kind for s in p.slots]
    assert kinds.index("information") < kinds.index("discussion")
    assert topic.information is not None
    links = {d.key for d in topic.information.prompts}
    first = p.discussion[0]
    assert first.key in links
    assert ("worksheet" in kinds) == (topic.worksheet is not None)
    assert ("try-next" in kinds) == bool(topic.try_next)


def test_a_topic_without_information_is_refused_with_topics_that_have_it() -> None:
    cat = catalog()
    topic = cat.topic("boundaries")
    assert MeetingFormat.PSYCHOEDUCATIONAL not in topic.supported_formats
    with pytest.raises(UserError) as info:
        formats.check_topic(topic, MeetingFormat.PSYCHOEDUCATIONAL, cat.topics.values())
    message = str(info.value)
    assert "\n" not in message and "--" not in message
    assert "'boundaries' has no information points" in message
    named = re.findall(r"'([a-z0-9-]+)'", message.split("topics that can:")[1])
    assert 1 <= len(named) <= formats.MAX_SUGGESTIONS
    assert all(cat.topic(n).information is not None for n in named)


def test_suggestions_put_the_closest_ids_first() -> None:
    cat = catalog()
    typo = cat.topic("grief-first-weeks").model_copy(
        update={"id": "grief-first-week", "information": None}
    )
    assert formats.suggestions(typo, MeetingFormat.PSYCHOEDUCATIONAL, cat.topics.values())[0] == (
        "grief-first-weeks"
    )


def test_a_topic_can_narrow_its_formats() -> None:
    cat = catalog()
    only = cat.topic("boundaries").model_copy(update={"formats": [MeetingFormat.DISCUSSION]})
    assert only.supported_formats == (MeetingFormat.DISCUSSION,)
    with pytest.raises(UserError, match="not written for this format"):
        formats.check_topic(only, MeetingFormat.SHARING_CIRCLE, cat.topics.values())
    formats.check_topic(only, MeetingFormat.DISCUSSION, cat.topics.values())


# -- the plan id names the format ---------------------------------------------------------------


@settings(max_examples=100, deadline=None)
@given(format_options())
@example(  # found once: a circle too short for a discussion prompt rebuilt with one
    AgendaOptions(
        topic="advocacy-and-action",
        minutes=20,
        size=1,
        seed=1956,
        meeting_format=MeetingFormat.SHARING_CIRCLE,
        share_minutes=1,
    )
)
def test_the_plan_id_names_the_format_and_rebuilds_the_same_meeting(
    options: AgendaOptions,
) -> None:
    if claimed_shortest(options) is not None:
        return
    p = plan(options)
    parsed = parse_plan_id(p.plan_id)
    o = parsed.options
    assert o.meeting_format == options.meeting_format
    assert o.newcomers == options.newcomers
    if options.meeting_format is MeetingFormat.SHARING_CIRCLE:
        assert o.share_minutes == options.share_minutes
    cat = catalog()
    topic = cat.topic(o.topic or "")
    again = compose(replace(o, seed=99), topic, cat.prompts.values(), pins=parsed.pins())
    assert again.plan_id == p.plan_id == make_plan_id(again)
    assert again.slots == p.slots


@pytest.mark.parametrize(
    "bad", ["v1:t=boundaries:f=circle", "v1:t=boundaries:f=sharing-circle:sh=0"]
)
def test_a_damaged_format_in_a_plan_id_is_refused(bad: str) -> None:
    with pytest.raises(UserError, match="is not a plan id"):
        parse_plan_id(bad)


def test_a_share_outside_the_range_is_refused_by_field_name() -> None:
    with pytest.raises(UserError) as info:
        formats.check_share(0)
    assert str(info.value).startswith("share_minutes 0:")
    assert formats.check_share(15) == 15
