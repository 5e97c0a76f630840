"""Order a season of meetings: a first meeting, gentle topics while the group forms, deeper ones
once its norms hold, and a last meeting when the series has an end.

Pure logic: topics, history facts and a seed in, an ordered list of entries out. The rules that
must always hold (first meeting first, last meeting last, no repeats unless asked, nothing deep
while the group forms, never light straight to deep) are constraints of a small search; every
softer wish (fit the stage, follow recurring themes, leave covered topics for later) is a score.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import math
import random
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum

from facilitate.errors import UserError, field_ref
from facilitate.models.base import Depth, GroupType, Stage
from facilitate.models.catalog import Topic
from facilitate.models.clock import clock_text
from facilitate.planning.groups import allowed, offered, written_for

FIRST_MEETING = "first-meeting"
LAST_MEETING = "last-meeting"
INTERVALS = {"1w": 7, "2w": 14, "4w": 28}
"""The rhythms of meetings a fixed number of days apart, by the name ``--every`` takes."""
MONTHLY = "monthly"
"""Once a month on the same day of the month as the first meeting."""
ORDINALS = {"1st": 1, "2nd": 2, "3rd": 3, "4th": 4, "last": -1}
"""Which weekday of the month, for a rhythm such as ``2nd-tue``; -1 is the month's last one.
Every month has four of each weekday, not always a fifth, so there is no ``5th``."""
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
"""In English whatever the locale (``calendar.day_name`` follows it)."""
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
class Rhythm:
    """How often the group meets: a number of days apart, or once a month.

    ``Rhythm(days=14)`` is every two weeks; ``Rhythm()`` is once a month on the first meeting's
    day of the month (the month's last day when a month is shorter); ``Rhythm(week=2,
    weekday=1)`` is the second Tuesday of each month and ``Rhythm(week=-1, weekday=4)`` the last
    Friday. A monthly rhythm never skips a month.
    """

    days: int = 0
    """Days between meetings; 0 for a monthly rhythm."""
    week: int = 0
    """For a weekday of each month: which one, 1 to 4 or -1 for the last; 0 for the same day of
    the month."""
    weekday: int = 0
    """Monday 0 to Sunday 6, with ``week``."""

    @property
    def monthly(self) -> bool:
        return self.days == 0

    @property
    def key(self) -> str:
        """The name ``parse_every`` reads back: ``2w``, ``monthly``, ``2nd-tue``."""
        if not self.monthly:
            return next((k for k, v in INTERVALS.items() if v == self.days), f"{self.days}d")
        if not self.week:
            return MONTHLY
        ordinal = next(k for k, v in ORDINALS.items() if v == self.week)
        return f"{ordinal}-{WEEKDAYS[self.weekday]}"

    def fits(self, day: dt.date) -> bool:
        """True when a meeting can fall on this day (every day can start a fixed rhythm)."""
        if not self.week:
            return True
        return _weekday_of_month(day.year, day.month, self.week, self.weekday) == day

    def first_from(self, day: dt.date) -> dt.date:
        """The first day on or after ``day`` that fits the rhythm."""
        if self.fits(day):
            return day
        found = _weekday_of_month(day.year, day.month, self.week, self.weekday)
        if found < day:
            year, month = _add_months(day.year, day.month, 1)
            found = _weekday_of_month(year, month, self.week, self.weekday)
        return found

    def following(self, day: dt.date) -> dt.date:
        """The first meeting after ``day``: one interval on (used when no start is given)."""
        if not self.monthly:
            return day + dt.timedelta(days=self.days)
        if not self.week:
            return self.nth(day, 1)
        return self.first_from(day + dt.timedelta(days=1))

    def nth(self, start: dt.date, index: int) -> dt.date:
        """The date of meeting ``index`` (0 for the first) of a series from ``start``.

        ``start`` must fit the rhythm. Raises OverflowError past the year 9999.
        """
        if not self.monthly:
            return start + dt.timedelta(days=self.days * index)
        year, month = _add_months(start.year, start.month, index)
        if year > dt.MAXYEAR:
            raise OverflowError("past the year 9999")
        if self.week:
            return _weekday_of_month(year, month, self.week, self.weekday)
        return dt.date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def _add_months(year: int, month: int, months: int) -> tuple[int, int]:
    total = year * 12 + (month - 1) + months
    return total // 12, total % 12 + 1


def _weekday_of_month(year: int, month: int, week: int, weekday: int) -> dt.date:
    """The ``week``-th (1 to 4, or -1 the last) ``weekday`` of the month."""
    if week > 0:
        first = dt.date(year, month, 1)
        return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (week - 1))
    last = dt.date(year, month, calendar.monthrange(year, month)[1])
    return last - dt.timedelta(days=(last.weekday() - weekday) % 7)


@dataclass(frozen=True)
class SeasonRequest:
    sessions: int
    start: dt.date
    """The first meeting's date; a date off a monthly rhythm moves to the first one on it."""
    every: Rhythm = Rhythm(days=14)
    """How often the group meets."""
    include_tags: frozenset[str] = frozenset()
    exclude_tags: frozenset[str] = frozenset()
    seed: int = 0
    allow_repeats: bool = False
    group: GroupType = GroupType.GENERAL
    ending: bool = True
    """False for an open-ended group: no last meeting, however long the series."""
    derived_seed: bool = False
    """True when the seed was not chosen but derived from the group and the first date
    (``derive_seed``), so the printed plan can say how to get a different draw."""
    time: int | None = None
    """When meetings start, in minutes after midnight; None when not known (all-day events)."""
    minutes: int = 90
    """How long a meeting lasts, for the end of a calendar event."""


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
    time: int | None = None
    """When the meeting starts, in minutes after midnight, if known."""

    @property
    def why(self) -> str:
        return explain(self)

    @property
    def command(self) -> str:
        first = self.phase is Phase.FIRST
        at = clock_text(self.time) if self.time is not None else None
        return (
            f"facilitate agenda {'--first-meeting ' if first else ''}--topic {self.topic.id} "
            f"--stage {self.stage.value} --seed {self.seed}{' --start ' + at if at else ''}"
        )


@dataclass(frozen=True)
class Season:
    request: SeasonRequest
    entries: list[SeasonMeeting]
    forming_sessions: int
    recurring_themes: tuple[str, ...] = ()
    moved_from: dt.date | None = None
    """The start asked for, when it was off the rhythm and the series starts later."""


def parse_date(value: str, option: str, *, today: dt.date) -> dt.date:
    """A date as YYYY-MM-DD (or "today", which is ``today``), or one clear line naming it."""
    text = value.strip().lower()
    if text == "today":
        return today
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UserError(f"{option} {value}: use a date such as 2026-03-09 (YYYY-MM-DD)") from None


_CHOICES = (
    f"choose {', '.join(list(INTERVALS)[:-1])} or {list(INTERVALS)[-1]}, {MONTHLY} (the same day "
    "each month) or a weekday of each month such as 2nd-tue or last-fri"
)
_DAY_NAMES = {name.lower(): i for i, name in enumerate(WEEKDAY_NAMES)}
_ORDINAL_WORDS = {"first": 1, "second": 2, "third": 3, "fourth": 4}
_HINTS = {"weekly": "1w", "fortnightly": "2w", "biweekly": "2w", "month": MONTHLY}


def parse_every(value: str) -> Rhythm:
    """A rhythm as typed: ``1w``, ``2w`` or ``4w``, ``monthly``, or ``2nd-tue``, ``last-fri``.

    Weekday names may be written out (``2nd-tuesday``), ordinals as words (``second-tue``).
    Anything else is one line naming the field, with the nearest rhythm where there is one.
    """
    from facilitate.catalog.messages import closest

    key = value.strip().lower()
    if key in INTERVALS:
        return Rhythm(days=INTERVALS[key])
    if key == MONTHLY:
        return Rhythm()
    head = f"{field_ref('every')} {value}"
    parts = [p for p in re.split(r"[\s_-]+", key) if p]
    if len(parts) == 2:
        ordinal, day = parts
        weekday = _weekday(day)
        week = ORDINALS.get(ordinal, _ORDINAL_WORDS.get(ordinal))
        if weekday is None:
            near = closest(day[:3], WEEKDAYS, n=1)
            hint = f"; did you mean '{ordinal}-{near[0]}'?" if near else ""
            raise UserError(f"{head}: '{day}' is not a day of the week (mon to sun){hint}")
        if week is not None:
            return Rhythm(week=week, weekday=weekday)
        named = WEEKDAY_NAMES[weekday]
        number = re.fullmatch(r"(\d+)(?:st|nd|rd|th)?|fifth", ordinal)
        if number and (number.group(1) is None or int(number.group(1)) == 5):
            raise UserError(
                f"{head}: not every month has a fifth {named}, so the season would skip "
                f"months; use last-{WEEKDAYS[weekday]} for the month's last {named}"
            )
        if number and int(number.group(1)) > 5:
            raise UserError(
                f"{head}: a month has at most five {named}s; use 1st, 2nd, 3rd, 4th or last, "
                f"such as 2nd-{WEEKDAYS[weekday]}"
            )
        near = closest(ordinal, list(ORDINALS), n=1)
        hint = f"; did you mean '{near[0]}-{WEEKDAYS[weekday]}'?" if near else ""
        raise UserError(f"{head}: '{ordinal}' is not 1st, 2nd, 3rd, 4th or last{hint}")
    if re.fullmatch(r"\d+\s*w(eeks?)?", key):
        raise UserError(f"{head}: {_CHOICES}")
    near = [_HINTS[key]] if key in _HINTS else closest(key, [*INTERVALS, MONTHLY], n=1)
    hint = f"did you mean '{near[0]}'? Or " if near else ""
    raise UserError(f"{head}: {hint}{_CHOICES}")


def _weekday(word: str) -> int | None:
    if word in WEEKDAYS:
        return WEEKDAYS.index(word)
    if word in _DAY_NAMES:
        return _DAY_NAMES[word]
    return {"tues": 1, "weds": 2, "thur": 3, "thurs": 3}.get(word)


def derive_seed(group_name: str, group: GroupType, start: dt.date) -> int:
    """The season's seed when none is given: the same for one group and first date, always.

    From the group's name (empty outside a workspace), its type and the first meeting's date,
    through SHA-256 (Python's ``hash()`` of text changes from run to run), so the Markdown,
    HTML and calendar of one season show the same meetings. The rhythm and the length are left
    out: a season made again weekly instead of every two weeks keeps its draw.
    """
    text = f"season\n{group_name}\n{group.value}\n{start.isoformat()}"
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % (10**6 - 1) + 1


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
    asked = request.start
    too_late = UserError(
        f"{field_ref('start')} {asked.isoformat()}: the last meeting would fall after the year "
        "9999; choose an earlier start or fewer meetings"
    )
    try:
        start = request.every.first_from(asked)
        dates = [request.every.nth(start, i) for i in range(n)]
    except (OverflowError, ValueError):
        raise too_late from None
    if dates[-1] >= dt.date.max:  # the calendar also needs the day after
        raise too_late
    request = replace(request, start=start)
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
        _entry(slot, topic, chosen[: slot.index], request, history, dates[slot.index])
        for slot, topic in zip(slots, chosen, strict=True)
    ]
    recurring = sorted({name for pulls in history.pull.values() for name, _ in pulls})
    forming = sum(1 for s in slots if s.phase in (Phase.FIRST, Phase.FORMING))
    moved = asked if start != asked else None
    return Season(request, entries, forming, tuple(recurring), moved)


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
    date: dt.date,
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
        date=date,
        topic=topic,
        stage=closest_stage(topic, slot.stage),
        phase=slot.phase,
        seed=request.seed + slot.index + 1,
        reasons=tuple(reasons),
        themes=themes if Reason.THEMES in reasons else (),
        covered_on=history.covered.get(topic.id),
        time=request.time,
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
