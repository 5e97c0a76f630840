"""The meeting formats: the parts and timing rules of a sharing circle and a psychoeducational
meeting, a word to newcomers in any of them, and which topics each format can use.

The discussion format is the agenda's own (planning/agenda.py). Every format keeps what every
meeting keeps: the welcome, the ground-rules reminder, a check-in and a check-out round, and a
close on time. Pure logic: it returns segment specs and plain records, never text to print
(the one exception is a refusal, a UserError, which names fields and never an option).
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from facilitate.errors import UserError
from facilitate.models.base import MeetingFormat
from facilitate.planning.timing import (
    SegmentSpec,
    round_spec,
    scaled,
    shortest_length,
    with_break,
)

if TYPE_CHECKING:
    from facilitate.models.catalog import DiscussionItem, Topic
    from facilitate.planning.agenda import AgendaOptions

CIRCLE_ROUNDS = 2
"""A sharing circle plans up to two rounds on the topic; fewer when time is short."""

OPEN_TIME_MINIMUM = 5
"""Open time after the rounds is planned only when at least this many minutes are left."""

SHARE_RANGE = (1, 15)
"""The shortest and the longest share, in minutes, a group can ask for."""

MAX_SUGGESTIONS = 3


@dataclass(frozen=True)
class CircleTiming:
    """How a sharing circle's rounds were fitted into the meeting."""

    size: int
    asked_minutes: int
    """The time per share the group asked for."""
    share_minutes: int
    """The time per share planned: shorter than asked only when one round would not fit."""
    rounds: int

    @property
    def round_minutes(self) -> int:
        return self.size * self.share_minutes

    @property
    def minutes(self) -> int:
        return self.rounds * self.round_minutes

    @property
    def fewer_rounds(self) -> bool:
        return self.rounds < CIRCLE_ROUNDS

    @property
    def shorter_shares(self) -> bool:
        return self.share_minutes < self.asked_minutes


def check_share(minutes: int) -> int:
    lo, hi = SHARE_RANGE
    if not lo <= minutes <= hi:
        raise UserError(f"share_minutes {minutes}: a share is between {lo} and {hi} minutes")
    return minutes


# -- newcomers ------------------------------------------------------------------------------


def newcomer_specs(newcomers: bool, size: int) -> list[SegmentSpec]:
    """The ground rules and a round of names at the start: read in full when newcomers join."""
    if not newcomers:
        return [SegmentSpec("agreement", 2, 3, 5)]
    return [
        SegmentSpec("agreement", 4, 6, 8),
        scaled(SegmentSpec("introductions", 2, 2, 2), size, (0.5, 0.75, 1.0)),
    ]


# -- the sharing circle -----------------------------------------------------------------------


def _circle_frame(options: AgendaOptions) -> tuple[list[SegmentSpec], list[SegmentSpec]]:
    """The circle's parts before and after the rounds, without the rounds themselves."""
    size = options.size
    before = [
        SegmentSpec("welcome", 3, 4, 6),
        *newcomer_specs(options.newcomers, size),
        scaled(SegmentSpec("check-in", 2, 2, 2), size, (0.5, 0.75, 1.0)),
        SegmentSpec("opening", 3, 5, 8),
    ]
    after = [
        scaled(SegmentSpec("check-out", 2, 2, 2), size, (0.5, 1.0, 1.5)),
        SegmentSpec("close", 2, 3, 5),
    ]
    return before, after


def circle_shortest(options: AgendaOptions) -> int:
    """The shortest meeting with one round of one-minute shares (and no break)."""
    before, after = _circle_frame(options)
    return shortest_length([*before, *after]) + options.size


def circle_specs(
    options: AgendaOptions, *, allow_break: bool = True
) -> tuple[list[SegmentSpec], CircleTiming]:
    """The circle's parts, with as many rounds of the asked share as fit (up to two).

    When not even one round of the asked share fits, every share is made shorter, to the
    longest whole minute that fits, so that each person still has a turn; a meeting too short
    for one round of one-minute shares is refused. Minutes left after the rounds become open
    time when there are enough of them, and otherwise lengthen the other parts.
    """
    need = circle_shortest(options)
    if options.minutes < need:
        raise UserError(
            f"a {options.minutes}-minute meeting is too short for its required parts; "
            f"the shortest that works is {need} minutes"
        )
    before, after = _circle_frame(options)
    frame = [*before, *after]
    if allow_break:
        frame = with_break([*before, *after], options.minutes, after="opening")
    room = options.minutes - shortest_length(frame)
    size, asked = options.size, options.share_minutes
    rounds = min(CIRCLE_ROUNDS, room // (size * asked)) if room > 0 else 0
    share = asked
    if rounds == 0:
        share, rounds = max(1, room // size), 1
    timing = CircleTiming(size, asked, share, rounds)
    specs = [*before, SegmentSpec("round", timing.minutes, timing.minutes, timing.minutes)]
    if room - timing.minutes >= OPEN_TIME_MINIMUM:
        specs.append(
            SegmentSpec(
                "open-time",
                OPEN_TIME_MINIMUM,
                OPEN_TIME_MINIMUM,
                OPEN_TIME_MINIMUM,
                required=False,
                sink=True,
            )
        )
    specs += after
    if allow_break:
        specs = with_break(specs, options.minutes, after="round")
    return specs, timing


def circle_fits_with_break(options: AgendaOptions) -> bool:
    """Whether a long circle has room for its break beside one round of one-minute shares."""
    return options.minutes <= 120 or options.minutes >= circle_shortest(options) + 10


# -- the psychoeducational meeting ------------------------------------------------------------


def psychoeducational_specs(
    options: AgendaOptions, topic: Topic, quick: bool | None = None
) -> list[SegmentSpec]:
    """Welcome, ground rules, check-in, the information, talk that links it to our lives, the
    worksheet and something to try (when the topic has them), resources, check-out, close."""
    size = options.size
    specs = [
        SegmentSpec("welcome", 3, 5, 8),
        *newcomer_specs(options.newcomers, size),
        round_spec("check-in", size, options.minutes, quick),
        SegmentSpec("information", 5, 10, 15),
        SegmentSpec("discussion", 10, 25, 60, sink=True),
    ]
    if topic.worksheet is not None and "worksheet" not in options.skip:
        m = topic.worksheet.minutes
        specs.append(SegmentSpec("worksheet", m, m, m + 5, required=False, priority=2))
    if topic.try_next:
        specs.append(SegmentSpec("try-next", 2, 3, 5, required=False, priority=3))
    specs += [
        SegmentSpec("resources", 2, 4, 6, required=False, priority=1),
        round_spec("check-out", size, options.minutes, quick),
        SegmentSpec("close", 2, 3, 5),
    ]
    return specs


def linking_prompts(topic: Topic | None, fmt: MeetingFormat) -> list[DiscussionItem]:
    """The questions that tie the information to members' lives, asked first in its talk."""
    if fmt is not MeetingFormat.PSYCHOEDUCATIONAL or topic is None or topic.information is None:
        return []
    return list(topic.information.prompts)


# -- which topics a format can use -------------------------------------------------------------


def supports(topic: Topic, fmt: MeetingFormat) -> bool:
    return fmt in topic.supported_formats


def check_topic(topic: Topic, fmt: MeetingFormat, topics: Sequence[Topic]) -> None:
    """Refuse, in one line with a few topics that would work, a topic the format cannot use."""
    if supports(topic, fmt):
        return
    near = suggestions(topic, fmt, topics)
    also = f"; topics that can: {' or '.join(repr(t) for t in near)}" if near else ""
    if fmt is MeetingFormat.PSYCHOEDUCATIONAL and topic.information is None:
        why = f"'{topic.id}' has no information points, so it cannot be planned"
    else:
        why = f"'{topic.id}' is not written for this format, so it cannot be planned"
    raise UserError(f"{why} as a {fmt.value} meeting{also}")


def suggestions(topic: Topic, fmt: MeetingFormat, topics: Sequence[Topic]) -> list[str]:
    """Topics that support the format: the closest ids first, then those sharing most tags."""
    able = [t for t in topics if supports(t, fmt) and t.id != topic.id]
    ids = [t.id for t in able]
    near = difflib.get_close_matches(topic.id, ids, n=MAX_SUGGESTIONS, cutoff=0.6)
    groups = set(topic.groups)
    by_tags = sorted(
        able,
        key=lambda t: (-len(set(t.tags) & set(topic.tags)), -len(set(t.groups) & groups), t.id),
    )
    for t in by_tags:
        if len(near) >= MAX_SUGGESTIONS:
            break
        if t.id not in near:
            near.append(t.id)
    return near
