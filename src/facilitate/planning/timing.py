"""Fit a meeting's segments into its length exactly, in whole minutes.

Every segment has a minimum, a preferred and a maximum length. Required segments always get at
least their minimum (so the check-out and the close are never squeezed out); optional ones are
dropped, lowest priority first, when keeping them would hold the discussion (the sink) below its
preferred length. Spare minutes go first
toward each segment's preferred length, then toward its maximum, and anything left goes to the
segment marked as the sink (the discussion).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from facilitate.errors import UserError


@dataclass(frozen=True)
class SegmentSpec:
    kind: str
    minimum: int
    preferred: int
    maximum: int
    required: bool = True
    priority: int = 0  # optional segments with the lowest priority are dropped first
    sink: bool = False  # takes whatever is left once every other segment is at its maximum

    def __post_init__(self) -> None:
        if not 0 < self.minimum <= self.preferred <= self.maximum:
            raise ValueError(f"bad lengths for {self.kind}: {self}")


@dataclass(frozen=True)
class Slot:
    kind: str
    start: int  # minutes from the start of the meeting
    minutes: int

    @property
    def end(self) -> int:
        return self.start + self.minutes


def shortest_length(specs: Sequence[SegmentSpec]) -> int:
    return sum(s.minimum for s in specs if s.required)


def allocate(specs: Sequence[SegmentSpec], total: int) -> list[Slot]:
    """Lengths for the segments that fit, summing exactly to ``total``, in the given order."""
    need = shortest_length(specs)
    if total < need:
        raise UserError(
            f"a {total}-minute meeting is too short for its required parts; "
            f"the shortest that works is {need} minutes"
        )
    chosen = list(specs)
    optional = sorted((s for s in specs if not s.required), key=lambda s: s.priority)
    # An optional part stays only while the discussion can still have its preferred length.
    while _floor(chosen) > total and optional:
        chosen.remove(optional.pop(0))
    lengths = {id(s): s.minimum for s in chosen}
    spare = total - sum(lengths.values())
    for target in ("preferred", "maximum"):
        spare = _raise_toward(chosen, lengths, spare, target)
    if spare:
        sinks = [s for s in chosen if s.sink] or [max(chosen, key=lambda s: s.maximum)]
        lengths[id(sinks[0])] += spare
    slots, clock = [], 0
    for s in chosen:
        slots.append(Slot(s.kind, clock, lengths[id(s)]))
        clock += lengths[id(s)]
    assert clock == total
    return slots


def _floor(chosen: Sequence[SegmentSpec]) -> int:
    return sum(s.preferred if s.sink else s.minimum for s in chosen)


def _raise_toward(
    chosen: list[SegmentSpec], lengths: dict[int, int], spare: int, target: str
) -> int:
    """Hand out spare minutes one at a time, round-robin, to segments below their target."""
    while spare > 0:
        hungry = [s for s in chosen if lengths[id(s)] < getattr(s, target)]
        if not hungry:
            break
        for s in hungry:
            if spare == 0:
                break
            lengths[id(s)] += 1
            spare -= 1
    return spare


def with_break(
    specs: list[SegmentSpec], total: int, after: str, minutes: int = 10
) -> list[SegmentSpec]:
    """Add a short break after the ``after`` segment in meetings longer than two hours."""
    if total <= 120:
        return specs
    brk = SegmentSpec("break", minutes, minutes, minutes, required=True)
    out: list[SegmentSpec] = []
    for s in specs:
        out.append(s)
        if s.kind == after:
            out.append(brk)
    return out if brk in out else [*specs[:-2], brk, *specs[-2:]]


ROUND_SHARE = 0.25
"""The most of a meeting that its check-in and check-out rounds take together at full length."""
FULL_ROUND = {"check-in": (1.0, 1.5, 2.0), "check-out": (1.0, 1.25, 2.0)}
"""Minutes per person (least, preferred, most) of a full round: a few sentences each."""
QUICK_ROUND = (1 / 3, 0.5, 0.75)
"""Minutes per person of a quick round: a word or a sentence each, about 20 seconds."""


def quick_rounds(size: int, minutes: int) -> bool:
    """Whether the rounds go quick: full rounds for this group would take too much of the time.

    A 45-minute meeting for 14 people, or 90 minutes for 20, is still planned: each person
    gives a word or a sentence, and the discussion keeps its time.
    """
    least = sum(f[0] for f in FULL_ROUND.values())
    return size * least > ROUND_SHARE * minutes


def round_spec(kind: str, size: int, minutes: int, quick: bool | None = None) -> SegmentSpec:
    """The check-in or check-out round for this group and meeting, full or quick.

    ``quick`` None: by :func:`quick_rounds`; the planner also makes them quick when full
    rounds would not fit the meeting at all.
    """
    if quick is None:
        quick = quick_rounds(size, minutes)
    per_person = QUICK_ROUND if quick else FULL_ROUND[kind]
    return scaled(SegmentSpec(kind, 3, 3, 3), size, per_person)


def scaled(spec: SegmentSpec, size: int, per_person: tuple[float, float, float]) -> SegmentSpec:
    """A round whose length grows with the group: minutes per person at min, preferred, max."""
    lo, mid, hi = (max(1, round(size * f)) for f in per_person)
    lo = max(lo, spec.minimum)
    mid = max(mid, lo)
    hi = max(hi, mid)
    return replace(spec, minimum=lo, preferred=mid, maximum=hi)
