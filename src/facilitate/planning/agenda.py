"""Compose a meeting: which parts, how long each, and which prompts and activity it uses.

Pure logic: it takes catalog models and options and returns an AgendaPlan. It never reads files
or formats text. Every choice is named in the plan id, so the same agenda can be rebuilt later.
"""

from __future__ import annotations

import hashlib
import random
import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field, replace
from typing import TypeVar

from facilitate.errors import UserError, field_ref
from facilitate.models.base import Depth, GroupType, MeetingFormat, Stage, text_key
from facilitate.models.catalog import (
    Activity,
    DiscussionItem,
    PoolPrompt,
    PromptKind,
    Topic,
)
from facilitate.planning import formats
from facilitate.planning.formats import CircleTiming
from facilitate.planning.groups import allowed, rules_group, written_for
from facilitate.planning.prompts import Candidate, gather_candidates, select_prompts
from facilitate.planning.timing import (
    SegmentSpec,
    Slot,
    allocate,
    quick_rounds,
    round_spec,
    scaled,
    shortest_length,
    with_break,
)

C = TypeVar("C")

SWAPPABLE = ("check-in", "discussion", "activity", "check-out")
SKIPPABLE = ("activity", "resources", "introduction", "expectations", "worksheet")
LIGHT_STAGES = (Stage.FORMING, Stage.STORMING, Stage.ADJOURNING)


@dataclass(frozen=True)
class AgendaOptions:
    """What the facilitator asked for."""

    topic: str | None = None
    minutes: int = 90
    size: int = 8
    start: int | None = None  # minutes after midnight
    stage: Stage | None = None
    online: bool = False
    first_meeting: bool = False
    skip: tuple[str, ...] = ()
    seed: int = 0
    group: GroupType = GroupType.GENERAL
    """The group type: what it leaves out is never drawn (see planning/groups.py)."""
    meeting_format: MeetingFormat = MeetingFormat.DISCUSSION
    """How the meeting runs (see planning/formats.py)."""
    share_minutes: int = 3
    """In a sharing circle, the minutes each person has for a share."""
    newcomers: bool = False
    """New members join: a round of names, the ground rules in full, a word to them at the end."""

    @property
    def quick_rounds(self) -> bool:
        """The check-in and check-out go round quickly (see ``planning.timing.quick_rounds``)."""
        return self.meeting_format is not MeetingFormat.SHARING_CIRCLE and quick_rounds(
            self.size, self.minutes
        )

    @property
    def flag_stage(self) -> Stage | None:
        """The stage the group-type rules read: a first meeting counts as forming."""
        return self.stage if self.stage is not None or not self.first_meeting else Stage.FORMING


@dataclass(frozen=True)
class ChosenPrompt:
    key: str
    text: str
    depth: Depth
    follow_ups: tuple[str, ...] = ()
    start: int = 0
    minutes: int = 0
    source: str = "topic"  # "topic" or "pool"


@dataclass(frozen=True)
class AgendaPlan:
    options: AgendaOptions
    topic: Topic | None
    slots: tuple[Slot, ...]
    check_in: ChosenPrompt | None
    check_out: ChosenPrompt | None
    discussion: tuple[ChosenPrompt, ...]
    activity: Activity | None
    notes: tuple[str, ...] = ()
    plan_id: str = ""
    circle: CircleTiming | None = None
    """How a sharing circle's rounds were fitted: rounds, time per share, and what adapted."""

    @property
    def quick_rounds(self) -> bool:
        """Whether the check-in and check-out go round quickly (a word or a sentence each).

        They do when full rounds would take more than a quarter of the meeting
        (``AgendaOptions.quick_rounds``) or would not fit it at all.
        """
        full = [s for s in self.slots if s.kind in ("check-in", "check-out")]
        return self.options.quick_rounds or any(s.minutes < self.options.size for s in full)

    @property
    def prompt_ids(self) -> list[str]:
        chosen = [self.check_in, *self.discussion, self.check_out]
        return [c.key for c in chosen if c is not None]

    def slot(self, kind: str) -> Slot | None:
        return next((s for s in self.slots if s.kind == kind), None)

    @property
    def last_part_start(self) -> int:
        return last_part_start(self.options.minutes)


def last_part_start(minutes: int) -> int:
    """Where "the last part of the meeting" begins: no deep prompt starts after it."""
    return minutes - max(15, round(minutes * 0.2))


# -- segments -------------------------------------------------------------------------------


def segment_specs(
    options: AgendaOptions, topic: Topic | None, activity: Activity | None
) -> list[SegmentSpec]:
    size = options.size
    if options.first_meeting:
        specs = [
            SegmentSpec("welcome", 3, 5, 8),
            scaled(SegmentSpec("introductions", 3, 3, 3), size, (1.0, 1.5, 2.5)),
            SegmentSpec("confidentiality", 5, 7, 10),
            SegmentSpec("purpose", 4, 6, 10),
            SegmentSpec("ground-rules", 10, 15, 40 if topic is None else 25, sink=topic is None),
            SegmentSpec("expectations", 5, 8, 12, required=False, priority=2),
        ]
        if topic is not None:
            specs.append(
                SegmentSpec("discussion", 10, 20, 45, required=False, priority=1, sink=True)
            )
        specs += [
            SegmentSpec("feedback", 3, 5, 8),
            scaled(SegmentSpec("check-out", 2, 2, 2), size, (0.5, 1.0, 1.5)),
            SegmentSpec("close", 2, 3, 5),
        ]
    elif topic is None:
        raise UserError(
            f"name a topic with {field_ref('topic')} ID (or use {field_ref('first_meeting')})"
        )
    elif options.meeting_format is MeetingFormat.SHARING_CIRCLE:
        specs, _ = formats.circle_specs(options, allow_break=False)
    else:
        # Quick rounds when full ones would take too much of the meeting, or would not fit.
        quick = options.quick_rounds
        specs = _topic_specs(options, topic, activity, quick)
        if not quick and shortest_length(specs) > options.minutes:
            specs = _topic_specs(options, topic, activity, True)
    for kind in options.skip:
        spec = next((s for s in specs if s.kind == kind), None)
        if spec is None:
            continue
        if spec.required:
            raise UserError(
                f"{field_ref('skip')} {kind}: this part is required and cannot be skipped"
            )
        specs.remove(spec)
    if options.meeting_format is MeetingFormat.SHARING_CIRCLE and not options.first_meeting:
        return formats.circle_specs(options)[0] if options.minutes > 120 else specs
    return with_break(specs, options.minutes, after="discussion" if topic else "ground-rules")


def _topic_specs(
    options: AgendaOptions, topic: Topic, activity: Activity | None, quick: bool
) -> list[SegmentSpec]:
    """The parts of a discussion or psychoeducational meeting, with full or quick rounds."""
    size, minutes = options.size, options.minutes
    if options.meeting_format is MeetingFormat.PSYCHOEDUCATIONAL:
        return formats.psychoeducational_specs(options, topic, quick)
    specs = [
        SegmentSpec("welcome", 3, 5, 8),
        *formats.newcomer_specs(options.newcomers, size),
        round_spec("check-in", size, minutes, quick),
        SegmentSpec("introduction", 2, 4, 6, required=False, priority=2),
        SegmentSpec("discussion", 15, 30, 70, sink=True),
    ]
    if activity is not None:
        m = activity.minutes
        specs.append(SegmentSpec("activity", m, m, m + 5, required=False, priority=3))
    return [
        *specs,
        SegmentSpec("resources", 2, 4, 6, required=False, priority=1),
        round_spec("check-out", size, minutes, quick),
        SegmentSpec("close", 2, 3, 5),
    ]


def check_skip(skip: Sequence[str]) -> tuple[str, ...]:
    known = set(SKIPPABLE) | {
        "welcome",
        "agreement",
        "check-in",
        "discussion",
        "check-out",
        "close",
        "confidentiality",
        "ground-rules",
        "introductions",
        "feedback",
        "break",
        "purpose",
        "opening",
        "round",
        "information",
        "try-next",
        "open-time",
    }
    out = []
    for s in skip:
        kind = s.strip().lower()
        if kind not in known:
            raise UserError(
                f"{field_ref('skip')} {s}: not a part of a meeting (optional parts: "
                f"{', '.join(SKIPPABLE)})"
            )
        if kind not in SKIPPABLE:
            raise UserError(
                f"{field_ref('skip')} {kind}: this part is required and cannot be skipped"
            )
        out.append(kind)
    return tuple(dict.fromkeys(out))


def fit_slots(
    options: AgendaOptions,
    topic: Topic | None,
    activity: Activity | None,
    say: Callable[[str], None],
) -> list[Slot]:
    """Time the parts; refuse a meeting too short for them, naming the shortest that works.

    A long meeting gets a break, unless a very large group's rounds leave no room for it: then
    the meeting goes on without one (and says so) rather than being refused as too short.
    """
    if options.meeting_format is MeetingFormat.SHARING_CIRCLE and not options.first_meeting:
        return _fit_circle(options, say)[0]
    specs = segment_specs(options, topic, activity)
    without_break = [s for s in specs if s.kind != "break"]
    need = shortest_length(without_break)
    if options.minutes < need:
        raise UserError(
            f"a {options.minutes}-minute meeting is too short for its required parts; "
            f"the shortest that works is {need} minutes"
        )
    if shortest_length(specs) > options.minutes:
        say(f"no room for a break: the rounds for {options.size} people fill the time")
        specs = without_break
    return allocate(specs, options.minutes)


def _fit_circle(
    options: AgendaOptions, say: Callable[[str], None]
) -> tuple[list[Slot], CircleTiming]:
    """A sharing circle's slots: its rounds are sized first, then the rest fills around them."""
    allow_break = formats.circle_fits_with_break(options)
    if not allow_break:
        say(f"no room for a break: the rounds for {options.size} people fill the time")
    specs, timing = formats.circle_specs(options, allow_break=allow_break)
    return allocate(specs, options.minutes), timing


# -- choosing prompts -----------------------------------------------------------------------


def allowed_depths(options: AgendaOptions) -> tuple[Depth, ...]:
    if options.first_meeting or options.stage == Stage.FORMING:
        return (Depth.LIGHT,)
    if options.stage in LIGHT_STAGES:
        return (Depth.LIGHT, Depth.MEDIUM)
    return (Depth.LIGHT, Depth.MEDIUM, Depth.DEEP)


def prompt_candidates(
    kind: PromptKind, topic: Topic | None, pool: Sequence[PoolPrompt], options: AgendaOptions
) -> list[ChosenPrompt]:
    """The topic's own prompts of this kind, then the general pool's (for the meeting's mode)."""
    return [
        ChosenPrompt(c.id, c.text, c.depth, source="topic" if c.from_topic else "pool")
        for c in gather_candidates(
            pool,
            kind,
            topic,
            online=options.online,
            group=options.group,
            stage=options.flag_stage,
        )
    ]


def group_discussion(topic: Topic, options: AgendaOptions) -> list[DiscussionItem]:
    """The topic's discussion items, without those the group type leaves out at this stage."""
    mine = written_for(topic.groups, options.group)
    return [
        d for d in topic.discussion if allowed(d.flags, options.group, options.flag_stage, own=mine)
    ]


def pick_one(
    candidates: Sequence[ChosenPrompt],
    rng: random.Random,
    options: AgendaOptions,
    avoid: Collection[str] = (),
    pool: Sequence[PoolPrompt] = (),
) -> ChosenPrompt | None:
    """One prompt, drawn as ``facilitate checkin`` draws, within the depths the stage allows."""
    # Newcomers get rounds that ask little of them, whatever the group's stage.
    allowed = (Depth.LIGHT,) if options.newcomers else allowed_depths(options)
    ok = [c for c in candidates if c.depth in allowed] or list(candidates)
    stages = {p.key: tuple(p.stages) for p in pool}
    selection = select_prompts(
        [
            Candidate(c.key, c.text, c.depth, stages.get(c.key, ()), from_topic=c.source == "topic")
            for c in ok
        ],
        1,
        rng=rng,
        stage=options.stage,
        avoid_ids=avoid,
        first_meeting=options.first_meeting,
    )
    if not selection.prompts:
        return None
    key = selection.prompts[0].id
    return next(c for c in ok if c.key == key)


def discussion_count(minutes: int, available: int) -> int:
    return max(1, min(available, round(minutes / 11)))


_ORDER = {Depth.LIGHT: 0, Depth.MEDIUM: 1, Depth.DEEP: 2}


def fitting_discussion(
    items: Sequence[DiscussionItem], options: AgendaOptions
) -> list[DiscussionItem]:
    """The items deep enough and no deeper than the stage allows; else the lightest there are."""
    allowed = allowed_depths(options)
    fitting = [d for d in items if d.depth in allowed]
    if fitting or not items:
        return fitting
    lightest = min(_ORDER[d.depth] for d in items)
    return [d for d in items if _ORDER[d.depth] == lightest]


def pick_discussion(
    items: Sequence[DiscussionItem],
    count: int,
    rng: random.Random,
    options: AgendaOptions,
    avoid: set[str] = frozenset(),  # type: ignore[assignment]
) -> list[DiscussionItem]:
    """Up to ``count`` items that fit the stage, those not used lately first."""
    fitting = fitting_discussion(items, options)
    preferred = [d for d in fitting if d.key not in avoid]
    backup = [d for d in fitting if d.key in avoid]
    chosen: list[DiscussionItem] = []
    for group in (preferred, backup):
        pool = list(group)
        rng.shuffle(pool)
        chosen += pool[: count - len(chosen)]
        if len(chosen) >= count:
            break
    return chosen


def arc(items: Sequence[DiscussionItem]) -> list[DiscussionItem]:
    """Open light, go deeper in the middle, come back up before the end."""
    ranked = sorted(items, key=lambda d: _ORDER[d.depth])
    if len(ranked) < 3:
        return ranked
    # the lightest item that is not the opener goes last, so the talk eases off
    closer = ranked.pop(1)
    return [*ranked, closer]


def time_discussion(
    items: Sequence[DiscussionItem], slot: Slot, minutes: int, *, keep_order: bool = False
) -> list[ChosenPrompt]:
    """Start times inside the discussion; a deep prompt never starts in the last part.

    The items go in the arc's order, or as given with ``keep_order`` (a rebuilt plan keeps the
    order its plan id names).
    """
    limit = last_part_start(minutes)
    ordered = list(items) if keep_order else arc(items)
    out = _spread(
        [ChosenPrompt(d.key, d.prompt, d.depth, tuple(d.follow_ups)) for d in ordered], slot
    )
    # Drop any deep prompt that would start late. The others then get longer turns, which can
    # push another deep prompt late, so check again until none is.
    while late := [c for c in out if c.depth == Depth.DEEP and c.start >= limit]:
        out = _spread([c for c in out if c not in late], slot)
    return out


def time_rounds(
    items: Sequence[DiscussionItem],
    slot: Slot,
    circle: CircleTiming,
    minutes: int,
    *,
    keep_order: bool = False,
) -> list[ChosenPrompt]:
    """One question per round of a circle, each starting with its round.

    A deep question whose round would start in the last part of the meeting is left out: that
    round is an open one, where members share on what the first round stirred.
    """
    limit = last_part_start(minutes)
    ordered = list(items) if keep_order else arc(items)
    out = []
    for i, d in enumerate(ordered[: circle.rounds]):
        start = slot.start + i * circle.round_minutes
        if d.depth == Depth.DEEP and start >= limit:
            continue
        out.append(
            ChosenPrompt(d.key, d.prompt, d.depth, tuple(d.follow_ups), start, circle.round_minutes)
        )
    return out


def _spread(prompts: Sequence[ChosenPrompt], slot: Slot) -> list[ChosenPrompt]:
    """Share the slot's minutes out among the prompts, in order, the first ones a minute longer."""
    if not prompts:
        return []
    share, extra = divmod(slot.minutes, len(prompts))
    out: list[ChosenPrompt] = []
    clock = slot.start
    for i, c in enumerate(prompts):
        length = share + (1 if i < extra else 0)
        out.append(replace(c, start=clock, minutes=length))
        clock += length
    return out


# -- the plan id ----------------------------------------------------------------------------


def digest(text: str) -> str:
    return hashlib.sha1(" ".join(text.split()).encode()).hexdigest()[:4]


def _token(key: str, text: str) -> str:
    # Derived keys already change with the text; explicit ids carry a digest of their text.
    short = key[1:6] if key.startswith("t") and len(key) == 8 and key == text_key(text) else key
    return short if short != key else f"{key}~{digest(text)}"


def make_plan_id(plan: AgendaPlan) -> str:
    o = plan.options
    parts = ["v1"]
    if plan.topic is not None:
        parts.append(f"t={plan.topic.id}")
    parts.append(f"m={o.minutes}")
    parts.append(f"n={o.size}")
    if o.start is not None:
        parts.append(f"at={o.start // 60:02d}{o.start % 60:02d}")
    if o.stage is not None:
        parts.append(f"s={o.stage.value}")
    if o.online:
        parts.append("on")
    if o.first_meeting:
        parts.append("first")
    if o.group != GroupType.GENERAL:
        parts.append(f"g={o.group.value}")
    if o.meeting_format is not MeetingFormat.DISCUSSION:
        parts.append(f"f={o.meeting_format.value}")
    if o.meeting_format is MeetingFormat.SHARING_CIRCLE:
        parts.append(f"sh={o.share_minutes}")
    if o.newcomers:
        parts.append("new")
    if o.skip:
        parts.append("x=" + ",".join(o.skip))
    if plan.check_in is not None:
        parts.append("ci=" + _token(plan.check_in.key, plan.check_in.text))
    if plan.discussion:
        parts.append("d=" + ",".join(_token(c.key, c.text) for c in plan.discussion))
    if plan.activity is not None:
        parts.append("a=" + _token(plan.activity.key, plan.activity.title))
    if plan.check_out is not None:
        parts.append("co=" + _token(plan.check_out.key, plan.check_out.text))
    return ":".join(parts)


@dataclass
class ParsedPlanId:
    options: AgendaOptions
    check_in: str | None = None
    discussion: list[str] = field(default_factory=list)
    activity: str | None = None
    check_out: str | None = None

    def pins(self, redraw: str | None = None) -> Pins:
        """What a rebuild keeps: every part the id names, and no part it leaves out."""
        return Pins(
            self.check_in,
            tuple(self.discussion),
            self.activity,
            self.check_out,
            redraw,
            from_plan=True,
        )


_PLAN_KEYS = frozenset({"t", "m", "n", "at", "s", "g", "f", "sh", "x", "ci", "d", "a", "co"})
_PLAN_FLAGS = frozenset({"on", "first", "new"})


_PLAN_ITEM = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*(~[0-9a-f]{4})?")


def parse_plan_id(plan_id: str) -> ParsedPlanId:
    bad = UserError(f"'{plan_id}' is not a plan id (they start with v1: and come from an agenda)")
    parts = plan_id.strip().split(":")
    if not parts or parts[0] != "v1":
        raise bad
    values: dict[str, str] = {}
    flags: set[str] = set()
    for part in parts[1:]:
        if "=" in part:
            k, _, v = part.partition("=")
            if k not in _PLAN_KEYS:
                raise bad
            items = v.split(",") if k in ("d", "x") else [v]
            if k in ("t", "ci", "d", "a", "co", "x", "s", "g") and not all(
                _PLAN_ITEM.fullmatch(i) for i in items
            ):
                raise UserError(
                    f"'{plan_id}' is not a plan id: its part '{part}' is not a valid id "
                    "(copy the whole id again from the agenda)"
                )
            values[k] = v
        elif part in _PLAN_FLAGS:
            flags.add(part)
        else:
            raise bad
    try:
        start = None
        if "at" in values:
            hhmm = values["at"]
            start = int(hhmm[:2]) * 60 + int(hhmm[2:])
        options = AgendaOptions(
            topic=values.get("t"),
            minutes=int(values.get("m", "90")),
            size=int(values.get("n", "8")),
            start=start,
            stage=Stage(values["s"]) if "s" in values else None,
            online="on" in flags,
            first_meeting="first" in flags,
            skip=tuple(values["x"].split(",")) if values.get("x") else (),
            group=GroupType(values.get("g", "general")),
            meeting_format=MeetingFormat(values.get("f", "discussion")),
            share_minutes=int(values.get("sh", "3")),
            newcomers="new" in flags,
        )
    except ValueError:
        raise bad from None
    if not (20 <= options.minutes <= 300 and 1 <= options.size <= 60):
        raise bad
    if options.start is not None and not 0 <= options.start < 24 * 60:
        raise bad
    lo, hi = formats.SHARE_RANGE
    if not lo <= options.share_minutes <= hi:
        raise bad
    check_skip(options.skip)  # names a part that cannot be skipped, in one line
    return ParsedPlanId(
        options,
        values.get("ci"),
        [d for d in values.get("d", "").split(",") if d],
        values.get("a"),
        values.get("co"),
    )


def token_matches(token: str, key: str, text: str) -> bool | None:
    """True when the token names this item unchanged, False when changed, None when not it."""
    if "~" in token:
        tkey, _, tdig = token.partition("~")
        if tkey != key:
            return None
        return tdig == digest(text)
    if key.startswith("t") and key[1:].startswith(token) and len(token) >= 4:
        return True
    return True if token == key else None


# -- composing -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pins:
    """Items a rebuilt or swapped plan must keep (by key), and the part to redraw."""

    check_in: str | None = None
    discussion: tuple[str, ...] = ()
    activity: str | None = None
    check_out: str | None = None
    redraw: str | None = None
    from_plan: bool = False
    """Rebuilding a plan id: a part it does not name was not in the plan (it did not fit)."""
    chosen: bool = False
    """The facilitator chose these by id: one that is not offered is an error, not a redraw."""


def compose(
    options: AgendaOptions,
    topic: Topic | None,
    pool: Sequence[PoolPrompt],
    *,
    avoid: set[str] = frozenset(),  # type: ignore[assignment]
    pins: Pins | None = None,
    warn: Callable[[str], None] | None = None,
) -> AgendaPlan:
    """The whole plan: segments timed to fit, prompts and activity chosen for the stage."""
    rng = random.Random(options.seed)
    notes: list[str] = []
    say = warn or notes.append
    pins = pins or Pins()

    activities = []
    # A circle and a psychoeducational meeting have parts of their own instead of an activity.
    discussion_format = options.meeting_format is MeetingFormat.DISCUSSION or options.first_meeting
    if topic is not None and "activity" not in options.skip and discussion_format:
        activities = [a for a in topic.activities if a.virtual or not options.online]
        if topic.activities and not activities:
            say(f"no activity of '{topic.id}' works online as written, so none is planned")
    activity = _pinned_or_drawn(
        "activity",
        pins,
        activities,
        lambda a: (a.key, a.title),
        lambda pool: rng.choice(pool) if pool else None,
        say,
    )
    circle = None
    if options.meeting_format is MeetingFormat.SHARING_CIRCLE and not options.first_meeting:
        if topic is None:
            raise UserError("a sharing circle needs a topic for its opening and rounds")
        slots, circle = _fit_circle(options, say)
    else:
        slots = fit_slots(options, topic, activity, say)
    if activity is not None and not any(s.kind == "activity" for s in slots):
        # The activity did not fit: time the meeting as if there were none, as a rebuild
        # from the plan id (which names no activity) will.
        activity = None
        slots = fit_slots(options, topic, None, lambda _note: None)

    # What the group type leaves out is never drawn; a topic written for other groups is
    # planned as for its own (the plan id keeps the group asked for, so it rebuilds the same).
    drawing = options
    if topic is not None:
        drawing = replace(options, group=rules_group(topic.groups, options.group))
    ci_all = prompt_candidates(PromptKind.CHECK_IN, topic, pool, drawing)
    co_all = prompt_candidates(PromptKind.CHECK_OUT, topic, pool, drawing)
    check_in = _pinned_or_drawn(
        "check-in",
        pins,
        ci_all,
        lambda c: (c.key, c.text),
        lambda cands: pick_one(cands, rng, options, avoid, pool),
        say,
    )
    check_out = _pinned_or_drawn(
        "check-out",
        pins,
        co_all,
        lambda c: (c.key, c.text),
        lambda cands: pick_one(cands, rng, options, avoid, pool),
        say,
    )
    # Drawn in every case so that a seed gives the same choices, but kept only for a round
    # the meeting has: a first meeting opens with introductions, not a check-in.
    rounds = {s.kind for s in slots}
    if pins.redraw is not None and pins.redraw not in rounds:
        raise UserError(
            f"{field_ref('swap')} {pins.redraw}: this meeting has no {pins.redraw} to redraw"
        )
    if pins.from_plan:
        for part, token in (("check-in", pins.check_in), ("check-out", pins.check_out)):
            if token is None and part in rounds and pins.redraw != part:
                say(f"the plan id names no {part} question, so one was drawn")
    if "check-in" not in rounds:
        check_in = None
    if "check-out" not in rounds:
        check_out = None

    discussion: list[ChosenPrompt] = []
    # A circle's rounds each have a question of the topic's, drawn as a discussion's are.
    disc_slot = next((s for s in slots if s.kind in ("discussion", "round")), None)
    if topic is not None and disc_slot is not None:
        fitting = fitting_discussion(group_discussion(topic, drawing), options)
        if not any(d.depth in allowed_depths(options) for d in fitting):
            say(
                f"'{topic.id}' has no discussion prompts as light as the "
                f"{options.stage.value if options.stage else 'first meeting'} stage calls for; "
                "its lightest ones are used"
            )
        links = [
            d
            for d in (
                []
                if options.first_meeting
                else formats.linking_prompts(topic, options.meeting_format)
            )
            if allowed(
                d.flags,
                drawing.group,
                drawing.flag_stage,
                own=written_for(topic.groups, drawing.group),
            )
        ]
        if links:
            fitting = fitting_discussion([*links, *group_discussion(topic, drawing)], options)
        count = discussion_count(disc_slot.minutes, len(fitting))
        if circle is not None:
            count = min(circle.rounds, max(1, len(fitting)))
        items, exact = _discussion_items(topic, count, rng, drawing, avoid, pins, say, links)
        if circle is not None:
            discussion = time_rounds(items, disc_slot, circle, options.minutes, keep_order=exact)
        else:
            discussion = time_discussion(items, disc_slot, options.minutes, keep_order=exact)

    plan = AgendaPlan(
        options=options,
        topic=topic,
        slots=tuple(slots),
        check_in=check_in,
        check_out=check_out,
        discussion=tuple(discussion),
        activity=activity,
        notes=tuple(notes),
        circle=circle,
    )
    return replace(plan, plan_id=make_plan_id(plan))


def _pinned_or_drawn(
    part: str,
    pins: Pins,
    candidates: Sequence[C],
    key_text: Callable[[C], tuple[str, str]],
    draw: Callable[[Sequence[C]], C | None],
    say: Callable[[str], None],
) -> C | None:
    """The item a plan id names (warning when it changed or went), or a fresh draw."""
    token: str | None = getattr(pins, part.replace("-", "_"))
    if pins.redraw == part:
        others = [
            c for c in candidates if token is None or token_matches(token, *key_text(c)) is None
        ]
        return draw(others or candidates)
    if token is None:
        if pins.from_plan and part == "activity":
            return None  # the plan had none (it did not fit, or was skipped)
        return draw(candidates)
    for c in candidates:
        match = token_matches(token, *key_text(c))
        if match is True:
            return c
        if match is False:
            say(
                f"the {part} item '{token.partition('~')[0]}' has changed in the catalog "
                "since this plan was made"
            )
            return c
    if pins.chosen:
        from facilitate.catalog.messages import did_you_mean
        from facilitate.errors import NotFoundError

        offered = [key_text(c)[0] for c in candidates]
        raise NotFoundError(
            f"{field_ref(part.replace('-', '_'))}: "
            + did_you_mean(f"{part} question for this meeting", token, offered)
            + f" (see 'facilitate checkin --list --kind {part}')"
        )
    say(f"the {part} item '{token}' is no longer in the catalog; another was drawn")
    return draw(candidates)


def _discussion_items(
    topic: Topic,
    count: int,
    rng: random.Random,
    options: AgendaOptions,
    avoid: set[str],
    pins: Pins,
    say: Callable[[str], None],
    links: Sequence[DiscussionItem] = (),
) -> tuple[list[DiscussionItem], bool]:
    """The discussion items, and whether they are exactly a plan id's, in its order.

    ``links`` (a psychoeducational meeting's questions on its information) come first, in
    their order, and the topic's own prompts fill the rest of the time.
    """
    usable = [*links, *group_discussion(topic, options)]
    if pins.from_plan and not pins.discussion and pins.redraw != "discussion":
        return [], True  # the plan had no discussion prompt (none fitted): nor does its rebuild
    if pins.discussion and pins.redraw != "discussion":
        kept: list[DiscussionItem] = []
        gone = 0
        for token in pins.discussion:
            found = None
            for d in usable:
                match = token_matches(token, d.key, d.prompt)
                if match is not None:
                    found = d
                    if match is False:
                        say(
                            f"the discussion prompt '{token.partition('~')[0]}' has changed "
                            "since this plan was made"
                        )
                    break
            if found is None:
                gone += 1
                say(
                    f"the discussion prompt '{token}' is no longer in the catalog; "
                    "another was drawn"
                )
            else:
                kept.append(found)
        # Only a prompt that is gone is replaced: a plan whose deep prompt was left out for
        # time names fewer prompts than it drew, and rebuilds with just those.
        if gone:
            rest = [d for d in usable if d not in kept]
            kept += pick_discussion(rest, gone, rng, options, avoid)
        return kept[:count], not gone
    exclude = set()
    if pins.redraw == "discussion":
        exclude = {
            d.key
            for d in usable
            for t in pins.discussion
            if token_matches(t, d.key, d.prompt) is not None
        }
    items = [d for d in usable if d.key not in exclude]
    if links:
        first = fitting_discussion([d for d in links if d.key not in exclude], options)[:count]
        rest = [d for d in items if d not in links]
        return first + arc(pick_discussion(rest, count - len(first), rng, options, avoid)), True
    chosen = pick_discussion(items, count, rng, options, avoid)
    if len(chosen) < count:
        chosen += pick_discussion(
            [d for d in usable if d not in chosen], count - len(chosen), rng, options
        )
    return chosen, False
