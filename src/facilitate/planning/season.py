"""Order a season of meetings: a first meeting, gentle topics while the group forms, deeper ones
once its norms hold, and a last meeting when the series has an end.

Pure logic: topics, history facts and a seed in, an ordered list of entries out. The rules that
must always hold (first meeting first, last meeting last, no repeats unless asked, nothing deep
while the group forms, never light straight to deep) are constraints of a small search; every
softer wish (fit the stage, follow recurring themes, leave covered topics for later) is a score.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from facilitate.errors import UserError, field_ref
from facilitate.models.base import Depth, GroupType, Stage
from facilitate.models.catalog import Topic
from facilitate.planning.groups import allowed, offered, written_for

FIRST_MEETING = "first-meeting"
LAST_MEETING = "last-meeting"
INTERVALS = {"1w": 7, "2w": 14, "4w": 28}
MAX_SESSIONS = 60

LEVEL = {Depth.LIGHT: 0, Depth.MEDIUM: 1, Depth.DEEP: 2}
STAGE_ORDER = [Stage.FORMING, Stage.STORMING, Stage.NORMING, Stage.PERFORMING, Stage.ADJOURNING]

# How much each soft wish weighs; smaller scores come first.
_OFF_STAGE = 0.6
_COVERED = 3.0
_FILL_IN = 5.0
_REPEAT = 4.0
_SAME_AS_BEFORE = 6.0
_GROUP_FIT = 0.3
_DEEP_STREAK = 1.0
_MAX_PULL = 2.0
_JITTER = 0.35
_SEARCH_BUDGET = 20_000


class Phase(StrEnum):
    FIRST = "first"
    FORMING = "forming"
    LATER = "later"
    LAST = "last"


class Reason(StrEnum):
    FIRST = "first"
    LAST = "last"
    FORMING = "forming"
    FORMING_MORE = "forming-more"
    DEEPER = "deeper"
    BUILDS = "builds"
    BREATHER = "breather"
    THEMES = "themes"
    COVERED = "covered"
    FILL_IN = "fill-in"
    REPEAT = "repeat"


@dataclass(frozen=True)
class SeasonRequest:
    sessions: int
    start: dt.date
    every: int = 14
    """Days between meetings."""
    include_tags: frozenset[str] = frozenset()
    exclude_tags: frozenset[str] = frozenset()
    seed: int = 0
    allow_repeats: bool = False
    group: GroupType = GroupType.GENERAL
    ending: bool = True
    """False for an open-ended group: no last meeting, however long the series."""


@dataclass(frozen=True)
class SeasonHistory:
    """What the workspace history tells the planner: facts only, no text."""

    meetings_held: int = 0
    """Distinct meeting dates already in the history."""
    covered: Mapping[str, dt.date] = field(default_factory=dict)
    """Topic id -> the last date the group met on it."""
    pull: Mapping[str, Sequence[tuple[str, float]]] = field(default_factory=dict)
    """Topic id -> the recurring themes it matches, each with a weight in (0, 2]."""


@dataclass(frozen=True)
class Slot:
    index: int
    phase: Phase
    stage: Stage
    target: float
    """The depth this place in the series asks for: 0 light, 1 medium, 2 deep."""


@dataclass(frozen=True)
class SeasonMeeting:
    number: int
    date: dt.date
    topic: Topic
    stage: Stage
    phase: Phase
    seed: int
    reasons: tuple[Reason, ...]
    themes: tuple[str, ...] = ()
    covered_on: dt.date | None = None

    @property
    def why(self) -> str:
        return explain(self)

    @property
    def command(self) -> str:
        first = self.phase is Phase.FIRST
        return (
            f"facilitate agenda {'--first-meeting ' if first else ''}--topic {self.topic.id} "
            f"--stage {self.stage.value} --seed {self.seed}"
        )


@dataclass(frozen=True)
class Season:
    request: SeasonRequest
    entries: list[SeasonMeeting]
    forming_sessions: int
    recurring_themes: tuple[str, ...] = ()


def parse_date(value: str, option: str) -> dt.date:
    """A date as YYYY-MM-DD (or "today"), or one clear line naming the option."""
    text = value.strip().lower()
    if text == "today":
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UserError(f"{option} {value}: use a date such as 2026-03-09 (YYYY-MM-DD)") from None


def parse_every(value: str) -> int:
    key = value.strip().lower()
    if key not in INTERVALS:
        raise UserError(f"{field_ref('every')} {value}: choose from {', '.join(INTERVALS)}")
    return INTERVALS[key]


def candidate_topics(
    topics: Iterable[Topic], group: GroupType, exclude_tags: Iterable[str] = ()
) -> list[Topic]:
    """Topics for this group type (or for every group), without the excluded tags.

    A topic flagged with something the group type leaves out at every stage is not offered
    (see :mod:`facilitate.planning.groups`); one left out only at some stages waits for a
    later meeting (``_allowed``).
    """
    excluded = set(exclude_tags)
    return [t for t in topics if offered(t.groups, t.flags, group) and not excluded & set(t.tags)]


def forming_length(sessions: int) -> int:
    """How many meetings of a new group's series count as forming: about a third, at least two."""
    return max(2, math.ceil(sessions / 3))


def layout(sessions: int, held: int, first: bool, last: bool) -> list[Slot]:
    """The shape of the series before any topic is chosen."""
    forming = forming_length(sessions)
    slots: list[Slot] = []
    later = [
        i
        for i in range(sessions)
        if not (first and i == 0) and not (last and i == sessions - 1) and held + i >= forming
    ]
    for i in range(sessions):
        if first and i == 0:
            slots.append(Slot(i, Phase.FIRST, Stage.FORMING, 0.0))
        elif last and i == sessions - 1:
            slots.append(Slot(i, Phase.LAST, Stage.ADJOURNING, 1.0))
        elif held + i < forming:
            step = i - (1 if first else 0)
            slots.append(Slot(i, Phase.FORMING, Stage.FORMING, min(1.0, 0.5 * step)))
        else:
            j = later.index(i)
            share = j / max(1, len(later) - 1)
            stage = Stage.NORMING if j < (len(later) + 1) // 2 else Stage.PERFORMING
            target = 1.0 + min(1.0, share / 0.6)
            if last and i == sessions - 2 and len(later) > 1:
                target = 1.5  # ease off before the goodbye
            slots.append(Slot(i, Phase.LATER, stage, target))
    return slots


def closest_stage(topic: Topic, wanted: Stage) -> Stage:
    if wanted in topic.stages:
        return wanted
    pos = STAGE_ORDER.index(wanted)
    return min(topic.stages, key=lambda s: (abs(STAGE_ORDER.index(s) - pos), STAGE_ORDER.index(s)))


def plan_season(
    topics: Sequence[Topic], request: SeasonRequest, history: SeasonHistory | None = None
) -> Season:
    """Choose and order the topics of a series; raise UserError when the rules cannot be met."""
    history = history or SeasonHistory()
    n = request.sessions
    if not 1 <= n <= MAX_SESSIONS:
        raise UserError(f"{field_ref('sessions')} {n}: plan between 1 and {MAX_SESSIONS} meetings")
    last_day = request.start.toordinal() + request.every * (n - 1)
    if last_day >= dt.date.max.toordinal():  # the calendar also needs the day after
        raise UserError(
            f"start {request.start.isoformat()}: the last meeting would fall after the year "
            "9999; choose an earlier start or fewer meetings"
        )
    # The first and last meetings shape the series; tag filters choose what goes between them.
    by_id = {t.id: t for t in candidate_topics(topics, request.group)}
    pool = candidate_topics(topics, request.group, request.exclude_tags)
    first = history.meetings_held == 0 and FIRST_MEETING in by_id
    last = request.ending and n >= 3 and LAST_MEETING in by_id
    slots = layout(n, history.meetings_held, first, last)
    middle = [t for t in pool if t.id not in (FIRST_MEETING, LAST_MEETING)]

    fixed: dict[int, Topic] = {}
    if first:
        fixed[0] = by_id[FIRST_MEETING]
    if last:
        fixed[n - 1] = by_id[LAST_MEETING]
    chosen = _search(slots, fixed, middle, request, history)
    if chosen is None:
        raise UserError(_cannot_plan(request, slots, fixed, middle))

    entries = [
        _entry(slot, topic, chosen[: slot.index], request, history)
        for slot, topic in zip(slots, chosen, strict=True)
    ]
    recurring = sorted({name for pulls in history.pull.values() for name, _ in pulls})
    forming = sum(1 for s in slots if s.phase in (Phase.FIRST, Phase.FORMING))
    return Season(request, entries, forming, tuple(recurring))


def _cannot_plan(
    request: SeasonRequest,
    slots: Sequence[Slot],
    fixed: Mapping[int, Topic],
    middle: Sequence[Topic],
) -> str:
    filters = f" with these {field_ref('exclude_tag')} options" if request.exclude_tags else ""
    repeats = "" if request.allow_repeats else f", or add {field_ref('allow_repeats')}"
    open_slots = [s for s in slots if s.index not in fixed]
    forming = sum(1 for s in open_slots if s.phase is Phase.FORMING)
    gentle = sum(1 for t in middle if LEVEL[t.depth] < 2)
    head = f"cannot plan {request.sessions} meetings"
    anchors = [
        name
        for name, present in (("first", 0 in fixed), ("last", len(slots) - 1 in fixed))
        if present
    ]
    besides = f" besides the {' and '.join(anchors)} meeting" if anchors else ""
    if not request.allow_repeats and len(open_slots) > len(middle):
        return (
            f"{head}: {len(open_slots)} topics are needed{besides} "
            f"but only {len(middle)} fit this group{filters}; plan fewer sessions{repeats}"
        )
    if forming > gentle or (forming and not gentle):
        return (
            f"{head}: the first {forming} need light or medium topics and only {gentle} "
            f"fit this group{filters}; plan fewer sessions or drop an {field_ref('exclude_tag')}"
        )
    return (
        f"{head} so that depth rises gently from light to deep; "
        f"plan fewer sessions, drop an {field_ref('exclude_tag')}{repeats}"
    )


def _allowed(
    slot: Slot, topic: Topic, previous: Topic | None, group: GroupType = GroupType.GENERAL
) -> bool:
    if not allowed(topic.flags, group, slot.stage, own=written_for(topic.groups, group)):
        return False
    level = LEVEL[topic.depth]
    if slot.phase is Phase.FORMING and level == 2:
        return False
    return not (previous is not None and LEVEL[previous.depth] == 0 and level == 2)


def _score(
    slot: Slot,
    topic: Topic,
    request: SeasonRequest,
    history: SeasonHistory,
    used: Sequence[Topic],
) -> float:
    score = abs(LEVEL[topic.depth] - slot.target)
    if slot.stage not in topic.stages:
        score += _OFF_STAGE
    if topic.id in history.covered:
        score += _COVERED
    if request.include_tags and not request.include_tags & set(topic.tags):
        score += _FILL_IN
    if request.group is not GroupType.GENERAL and request.group in topic.groups:
        score -= _GROUP_FIT
    score -= min(_MAX_PULL, sum(w for _, w in history.pull.get(topic.id, ())))
    if LEVEL[topic.depth] == 2 and len(used) >= 2 and all(LEVEL[t.depth] == 2 for t in used[-2:]):
        score += _DEEP_STREAK
    if any(t.id == topic.id for t in used):
        score += _REPEAT
        if used[-1].id == topic.id:
            score += _SAME_AS_BEFORE
    jitter = random.Random(f"{request.seed}:{slot.index}:{topic.id}").random()
    return score + _JITTER * jitter


def _search(
    slots: Sequence[Slot],
    fixed: Mapping[int, Topic],
    middle: Sequence[Topic],
    request: SeasonRequest,
    history: SeasonHistory,
) -> list[Topic] | None:
    """Depth-first, best score first: the greedy plan unless a rule forces a step back."""
    open_slots = [s for s in slots if s.index not in fixed]
    gentle = [t for t in middle if LEVEL[t.depth] < 2]
    forming = [s for s in open_slots if s.phase is Phase.FORMING]
    if not request.allow_repeats and (len(open_slots) > len(middle) or len(forming) > len(gentle)):
        return None
    if (open_slots and not middle) or (forming and not gentle):
        return None
    chosen: list[Topic] = []
    budget = [_SEARCH_BUDGET]

    def options(slot: Slot) -> list[Topic]:
        previous = chosen[-1] if chosen else None
        if slot.index in fixed:
            anchor = fixed[slot.index]
            return [anchor] if _allowed(slot, anchor, previous, request.group) else []
        used = {t.id for t in chosen}
        usable = [
            t
            for t in middle
            if (request.allow_repeats or t.id not in used)
            and _allowed(slot, t, previous, request.group)
        ]
        return sorted(usable, key=lambda t: (_score(slot, t, request, history, chosen), t.id))

    def place(i: int) -> bool:
        if i == len(slots):
            return True
        for topic in options(slots[i]):
            budget[0] -= 1
            if budget[0] < 0:
                return False
            chosen.append(topic)
            if place(i + 1):
                return True
            chosen.pop()
        return False

    return list(chosen) if place(0) else None


def _entry(
    slot: Slot,
    topic: Topic,
    before: Sequence[Topic],
    request: SeasonRequest,
    history: SeasonHistory,
) -> SeasonMeeting:
    themes = tuple(name for name, _ in history.pull.get(topic.id, ()))
    reasons: list[Reason] = []
    if slot.phase is Phase.FIRST:
        reasons.append(Reason.FIRST)
    elif slot.phase is Phase.LAST:
        reasons.append(Reason.LAST)
    else:
        if themes:
            reasons.append(Reason.THEMES)
        level = LEVEL[topic.depth]
        if slot.phase is Phase.FORMING:
            reasons.append(Reason.FORMING if level == 0 else Reason.FORMING_MORE)
        else:
            reasons.append((Reason.BREATHER, Reason.BUILDS, Reason.DEEPER)[level])
        if request.include_tags and not request.include_tags & set(topic.tags):
            reasons.append(Reason.FILL_IN)
        if any(t.id == topic.id for t in before):
            reasons.append(Reason.REPEAT)
        elif topic.id in history.covered:
            reasons.append(Reason.COVERED)
    return SeasonMeeting(
        number=slot.index + 1,
        date=request.start + dt.timedelta(days=request.every * slot.index),
        topic=topic,
        stage=closest_stage(topic, slot.stage),
        phase=slot.phase,
        seed=request.seed + slot.index + 1,
        reasons=tuple(reasons),
        themes=themes if Reason.THEMES in reasons else (),
        covered_on=history.covered.get(topic.id),
    )


_MAIN = {
    Reason.FIRST: "The group meets for the first time: names, hopes and its own ground rules.",
    Reason.LAST: "The series ends here: look back, say goodbye, and share where support goes on.",
    Reason.FORMING: "An easy topic while members are still getting to know each other.",
    Reason.FORMING_MORE: "A little more to talk about, still at an easy pace while trust grows.",
    Reason.DEEPER: "A deeper topic, now that trust has grown and the ground rules hold.",
    Reason.BUILDS: "Builds on the trust the group has made so far.",
    Reason.BREATHER: "A lighter meeting, to give the group some breathing room.",
}


def explain(entry: SeasonMeeting) -> str:
    """The one-line reason for an entry, in plain words."""
    parts: list[str] = []
    if Reason.THEMES in entry.reasons:
        parts.append(f"Members keep coming back to {_and_list(entry.themes)}.")
    for reason in entry.reasons:
        forming = reason in (Reason.FORMING, Reason.FORMING_MORE)
        if reason in _MAIN and not (forming and parts):
            parts.append(_MAIN[reason])
    if Reason.THEMES in entry.reasons and entry.phase is Phase.FORMING:
        parts.append("Kept gentle while the group forms.")
    if Reason.FILL_IN in entry.reasons:
        parts.append("None of your chosen tags fit this place, so this one fills it.")
    if Reason.REPEAT in entry.reasons:
        parts.append("A second visit to this topic.")
    elif Reason.COVERED in entry.reasons and entry.covered_on is not None:
        parts.append(f"The group last met on it on {entry.covered_on.isoformat()}.")
    return " ".join(parts)


def _and_list(words: Sequence[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]
