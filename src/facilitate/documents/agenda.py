"""The agenda: plan a meeting from the catalog and the workspace, and render it for an audience.

This is the core of ``facilitate agenda``. It reads nothing from the terminal: the command passes
plain values in and gets a document (text or PDF bytes) and the plan's id back.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from facilitate.catalog.query import local_resources, parse_choice
from facilitate.errors import UserError, field_ref
from facilitate.group.group import Group
from facilitate.group.history import heard_prompt_ids, meeting_days
from facilitate.models.base import GroupType, MeetingFormat, Stage
from facilitate.models.catalog import Audience, Resource
from facilitate.models.clock import parse_clock
from facilitate.models.script import ScriptFile
from facilitate.models.workspace import HistoryEntry, HistoryFile, Profile
from facilitate.planning.agenda import (
    SWAPPABLE,
    AgendaOptions,
    AgendaPlan,
    Pins,
    check_skip,
    compose,
    parse_plan_id,
)
from facilitate.planning.formats import check_share, check_topic
from facilitate.planning.groups import fits, rules_group
from facilitate.render.sandbox import Record, plain

AUDIENCES = ("facilitator", "members")
BOTH = "both"


def audiences(audience: str) -> tuple[str, ...]:
    """The copies to print: one audience, or ``both`` (the facilitator's, then the handout)."""
    chosen = audience.strip().lower()
    if chosen == BOTH:
        return AUDIENCES
    if chosen not in AUDIENCES:
        raise UserError(f"{field_ref('audience')} {audience}: choose facilitator, members or both")
    return (chosen,)


def members_path(output: Path) -> Path:
    """Where the handout goes beside the facilitator's copy: agenda.html -> agenda-members.html."""
    return output.with_name(f"{output.stem}-members{output.suffix}")


def parse_day(value: str, today: dt.date) -> dt.date:
    """The meeting's date as typed (YYYY-MM-DD or ``today``), or one line naming the field."""
    from facilitate.planning.season import parse_date

    return parse_date(value, field_ref("date"), today=today)


LAYOUTS = ("full", "glance")
"""The whole agenda, or the facilitator's one page of the meeting at a glance."""
EVENING = 17 * 60
"""A meeting that starts at 17:00 or later is held in the evening: its words may say tonight."""


@dataclass(frozen=True)
class NextMeeting:
    """What the member handout says about the next meeting, when a season plan knows it."""

    date: dt.date
    title: str


@dataclass(frozen=True)
class AgendaRequest:
    """What the command line asked for; None means "from the workspace profile, else default"."""

    topic: str | None = None
    minutes: int | None = None
    size: int | None = None
    start: str | None = None
    stage: str | None = None
    online: bool | None = None
    first_meeting: bool = False
    skip: tuple[str, ...] = ()
    seed: int | None = None
    plan_id: str | None = None
    """A plan id to print again, or ``last`` for the latest meeting on record."""
    swap: str | None = None
    region: str | None = None
    date: dt.date | None = None
    """The day of the meeting (default: the group's ``today``). The same group, date and topic
    always give the same meeting; history counts only what came before this date."""
    check_in: str | None = None
    """A check-in question chosen by its id, instead of drawn."""
    check_out: str | None = None
    """A check-out question chosen by its id, instead of drawn."""
    meeting_format: MeetingFormat | None = None
    share_minutes: int | None = None
    newcomers: bool = False
    next_meeting: NextMeeting | None = None


@dataclass
class AgendaResult:
    plan: AgendaPlan
    context: dict[str, Any]
    warnings: list[str] = field(default_factory=list)

    @property
    def plan_id(self) -> str:
        return self.plan.plan_id


def _profile_start(profile: Profile | None) -> int | None:
    """The profile's usual start time, as minutes after midnight (None when it has none)."""
    if profile is None or profile.start is None:
        return None
    return parse_clock(profile.start)


def meeting_seed(profile: Profile | None, day: dt.date, topic: str | None, first: bool) -> int:
    """The seed of a meeting nobody gave one: the same for one group, date and topic.

    So the facilitator's copy and the handout, in any format and printed any number of
    times, make the same choices; another date, ``seed`` or ``swap`` draws anew.
    """
    import hashlib

    group = f"{profile.name}|{profile.group_type.value}" if profile else "-"
    key = f"{group}|{day.isoformat()}|{topic or ''}|{'first' if first else ''}"
    return int(hashlib.sha256(key.encode()).hexdigest()[:8], 16) % 10**6 + 1


def _options(req: AgendaRequest, profile: Profile | None, day: dt.date) -> AgendaOptions:
    minutes = req.minutes if req.minutes is not None else (profile.minutes if profile else 90)
    size = req.size if req.size is not None else (profile.size if profile else 8)
    if not 20 <= minutes <= 300:
        raise UserError(
            f"{field_ref('minutes')} {minutes}: a meeting is between 20 and 300 minutes"
        )
    if not 1 <= size <= 60:
        raise UserError(f"{field_ref('size')} {size}: a group has between 1 and 60 members")
    online = req.online if req.online is not None else bool(profile and profile.online)
    seed = (
        req.seed
        if req.seed is not None
        else meeting_seed(profile, day, req.topic, req.first_meeting)
    )
    stage = parse_choice(Stage, req.stage, field_ref("stage")) if req.stage else None
    if stage is None and profile is not None and not req.first_meeting:
        stage = profile.stage  # a first meeting is a forming group's, whatever the profile says
    if req.first_meeting and stage is None:
        stage = Stage.FORMING
    return AgendaOptions(
        topic=req.topic,
        minutes=minutes,
        size=size,
        start=parse_clock(req.start) if req.start else _profile_start(profile),
        stage=stage,
        online=online,
        first_meeting=req.first_meeting,
        skip=check_skip(req.skip),
        seed=seed,
        group=profile.group_type if profile is not None else GroupType.GENERAL,
        meeting_format=_meeting_format(req, profile),
        share_minutes=check_share(
            req.share_minutes
            if req.share_minutes is not None
            else (profile.share_minutes if profile else 3)
        ),
        newcomers=req.newcomers,
    )


def _meeting_format(req: AgendaRequest, profile: Profile | None) -> MeetingFormat:
    if req.meeting_format is not None:
        return req.meeting_format
    return profile.meeting_format if profile is not None else MeetingFormat.DISCUSSION


def load_script() -> ScriptFile:
    from facilitate.group.workspace import read_model
    from facilitate.storage.paths import data_dir

    return read_model(data_dir() / "script.yaml", ScriptFile)


def build_agenda(group: Group, req: AgendaRequest) -> AgendaResult:
    """Plan the meeting (fresh, from a plan id, or with one part swapped)."""
    catalog, profile = group.catalog, group.profile
    warnings: list[str] = []
    pins = None
    day = req.date or group.today
    history = group.history()
    if req.plan_id and req.plan_id.strip().lower() == "last":
        req = replace(req, plan_id=_last_plan_id(history))
    if req.plan_id:
        parsed = parse_plan_id(req.plan_id)
        options = parsed.options
        ignored = _given_beside_plan(req)
        if ignored:
            names = ", ".join(ignored[:-1]) + " and " + ignored[-1] if ignored[1:] else ignored[0]
            warnings.append(
                f"{names} not used: a plan id fixes the meeting's options "
                "(make a new agenda to change them)"
            )
        # Options given on the command line beside --plan would silently change the plan.
        options = AgendaOptions(**{**options.__dict__, "seed": req.seed or 1})
        pins = parsed.pins()
        if req.swap is not None:
            if req.swap not in SWAPPABLE:
                raise UserError(
                    f"{field_ref('swap')} {req.swap}: choose one of {', '.join(SWAPPABLE)}"
                )
            pins = Pins(**{**pins.__dict__, "redraw": req.swap})
    else:
        if req.swap:
            raise UserError(
                f"{field_ref('swap')} needs {field_ref('plan')} ID: the agenda whose part you "
                f"want to redraw"
            )
        options = _options(req, profile, day)
        held = EARLY_MEETINGS if history is None else len(meeting_days(history, before=day))
        if req.check_in or req.check_out:
            pins = Pins(check_in=req.check_in, check_out=req.check_out, chosen=True)
        if options.stage is None and not options.first_meeting and held < EARLY_MEETINGS:
            # A new group is forming: light questions, nothing deep, until it has met a few
            # times (unless the facilitator says where the group is).
            options = AgendaOptions(**{**options.__dict__, "stage": Stage.FORMING})
            times = {0: "no meeting", 1: "one meeting"}.get(held, f"{held} meetings")
            warnings.append(
                f"history.yaml has {times} before {day.isoformat()}, so this agenda is planned "
                f"for a forming group (light questions); say where the group is with "
                f"{field_ref('stage')}, or "
                "'stage:' in facilitate.yaml"
            )
    if req.swap and req.seed is None and req.plan_id:
        # Each swap of the same plan draws the next alternative, reproducibly.
        options = AgendaOptions(**{**options.__dict__, "seed": _stable_seed(req.plan_id, req.swap)})
    topic = catalog.topic(options.topic) if options.topic else None
    if topic is None and not options.first_meeting:
        raise UserError(
            f"name a topic with {field_ref('topic')} ID (see 'facilitate topics list'), or use "
            f"{field_ref('first_meeting')}"
        )
    if topic is not None and not options.first_meeting:
        check_topic(topic, options.meeting_format, catalog.topics.values())
    if req.share_minutes is not None and options.meeting_format is not MeetingFormat.SHARING_CIRCLE:
        warnings.append("the time per share is used only in a sharing circle")
    if topic is not None and not fits(topic.groups, options.group):
        own = rules_group(topic.groups, options.group).value
        warnings.append(
            f"'{topic.id}' was not written for a {options.group.value} group, so it is "
            f"planned as for a {own} group (see 'facilitate topics list --group "
            f"{options.group.value}')"
        )
    plan = compose(
        options,
        topic,
        catalog.prompts.values(),
        avoid=set()
        if history is None or (pins is not None and pins.from_plan)
        else heard_prompt_ids(history, FRESH_WINDOW, before=day),
        pins=pins,
        warn=warnings.append,
    )
    if plan.quick_rounds:
        warnings.append(
            f"{plan.options.size} people in {plan.options.minutes} minutes: the check-in and "
            "check-out are quick rounds (a word or a sentence each, about 20 seconds a person), "
            "so the discussion keeps its time"
        )
    context = agenda_context(group, plan, req.region, day)
    context.update(_occasion(req, profile))
    if context["crisis"].region is None:
        from facilitate.group.doctor import region_advice

        warnings.append(
            "no region, so the crisis plan has blanks for national crisis lines; "
            + region_advice(group.folder is not None)
        )
    if context["crisis"].region and not context["crisis"].has_numbers:
        from facilitate.group.doctor import ADD_CONTACT

        code = context["crisis"].region
        how = (
            f"add local numbers with {ADD_CONTACT}"
            if group.folder is not None
            else f"make a group folder with 'facilitate init --region {code}' and add local "
            f"numbers there with {ADD_CONTACT}"
        )
        warnings.append(f"no crisis lines for region {code} in the catalog: {how}")
    return AgendaResult(plan, context, warnings)


QUICK_ROUND_WORDS = "A quick round: a word or a sentence each, about 20 seconds a person."
FRESH_WINDOW = 6  # meetings whose prompts a new agenda avoids while others are left
EARLY_MEETINGS = 3  # a group with fewer meetings on record is taken to be forming


def _last_plan_id(history: HistoryFile | None) -> str:
    """The plan id of the latest meeting on record, or one line saying there is none."""
    from facilitate.group.history import last_planned

    entry = last_planned(history) if history is not None else None
    if entry is None or entry.plan is None:
        where = "no group workspace here" if history is None else "history.yaml has none yet"
        raise UserError(
            f"{field_ref('plan')} last: {where}; print an agenda in the group's folder first"
        )
    return entry.plan


def _given_beside_plan(req: AgendaRequest) -> list[str]:
    """The meeting options given on the command line that a plan id overrides."""
    given = {
        field_ref("topic"): req.topic is not None,
        field_ref("minutes"): req.minutes is not None,
        field_ref("size"): req.size is not None,
        field_ref("start"): req.start is not None,
        field_ref("stage"): req.stage is not None,
        field_ref("online"): req.online is not None,
        field_ref("first_meeting"): req.first_meeting,
        field_ref("skip"): bool(req.skip),
        field_ref("meeting_format"): req.meeting_format is not None,
        field_ref("share_minutes"): req.share_minutes is not None,
        field_ref("newcomers"): req.newcomers,
    }
    return [name for name, yes in given.items() if yes]


def _stable_seed(plan_id: str, part: str) -> int:
    import hashlib

    return int(hashlib.sha1(f"{plan_id}|{part}".encode()).hexdigest()[:8], 16)


def agenda_context(
    group: Group, plan: AgendaPlan, region: str | None = None, day: dt.date | None = None
) -> dict[str, Any]:
    """Everything the agenda templates show, for both audiences (``day``: the group's today)."""
    from facilitate.documents.formats import format_context
    from facilitate.group.groundrules import current_rules
    from facilitate.group.safety import crisis_lines
    from facilitate.planning.situations import relevant_situations

    catalog, profile = group.catalog, group.profile
    script = load_script()
    topic = plan.topic
    rules, rules_label = current_rules(group)
    crisis = crisis_lines(catalog, profile, region)
    resources: list[Resource] = []
    if topic is not None:
        resources = [catalog.resources.items[r] for r in topic.resources]
        group_type = str(profile.group_type) if profile else None
        resources += local_resources(catalog.resources.values(), topic, crisis.region, group_type)
    stage = plan.options.stage
    start = plan.options.start
    segments = []
    total = plan.options.minutes
    meeting_end = f"at {_clock(start + total)}" if start is not None else f"after {total} minutes"
    newcomers = plan.options.newcomers
    for slot in plan.slots:
        words = script.segments[slot.kind]
        say = [*words.say, *words.newcomers] if newcomers else list(words.say)
        part_end = (
            f"at {_clock(start + slot.end)}" if start is not None else f"in {slot.minutes} minutes"
        )
        segments.append(
            {
                "kind": slot.kind,
                "title": words.title,
                "purpose": (QUICK_ROUND_WORDS + " " + words.purpose)
                if plan.quick_rounds and slot.kind in ("check-in", "check-out")
                else words.purpose,
                "say": [s.replace("{end}", meeting_end).replace("{next}", part_end) for s in say],
                "tips": list(words.tips),
                "start": slot.start,
                "end": slot.end,
                "minutes": slot.minutes,
                "clock": _clock(start + slot.start) if start is not None else None,
                "clock_end": _clock(start + slot.end) if start is not None else None,
                # Without a start time, times are counted from the start as h:mm.
                "at": _clock(start + slot.start) if start is not None else _elapsed(slot.start),
                "at_end": _clock(start + slot.end) if start is not None else _elapsed(slot.end),
                "percent": round(100 * slot.minutes / plan.options.minutes, 2),
            }
        )
    evening = start is not None and not 4 * 60 <= start % (24 * 60) < EVENING
    reword: Callable[[Any], Any] = (lambda value: value) if evening else _by_day
    return {
        "plan": reword(plain(plan)),
        "topic": reword(plain(topic)),
        "options": plan.options,
        "evening": evening,
        "segments": reword(plain(segments)),
        "stage": stage.value if stage else None,
        "stage_guidance": script.stages.get(stage) if stage else None,
        "preparation": script.preparation,
        "rules": rules,
        "rules_short": [_short(r.text) for r in rules],
        "rules_label": rules_label,
        "resources_all": resources,
        "resources_members": [r for r in resources if _for_members(r, crisis.region)],
        "crisis": crisis,
        "situations": reword(
            plain(relevant_situations(catalog, topic, stage.value if stage else None))
        ),
        "group_name": profile.name if profile else None,
        "today": (day or group.today).isoformat(),
        "day": (day or group.today).isoformat(),
        **format_context(plan, script, profile),
    }


_TONIGHT = re.compile(r"\b(T|t)onight\b")


def _by_day(value: Any) -> Any:
    """The same words for a meeting held by day: "tonight" becomes "today"."""
    if isinstance(value, str):
        return _TONIGHT.sub(lambda m: "Today" if m.group(1) == "T" else "today", value)
    if isinstance(value, Record):
        return Record({k: v if k in _NOT_WORDS else _by_day(v) for k, v in value._fields.items()})
    if isinstance(value, tuple | list):
        return tuple(_by_day(v) for v in value)
    if isinstance(value, dict):
        return {k: v if k in _NOT_WORDS else _by_day(v) for k, v in value.items()}
    return value


_NOT_WORDS = frozenset({"id", "key", "url", "plan_id", "kind", "resources", "prompt_ids"})
"""Fields that are ids or addresses, never words to change."""


def _short(text: str) -> str:
    """A ground rule in short, for the page at a glance: its first sentence, or two when the
    first says little ("There are limits.")."""
    sentences = re.split(r"(?<=[.!?])\s+", text.strip())
    short = sentences[0]
    for more in sentences[1:]:
        if len(short.split()) >= 5:
            break
        short = f"{short} {more}"
    return short


def _occasion(req: AgendaRequest, profile: Profile | None) -> dict[str, Any]:
    """The date, the place and the next meeting: what a member needs to find the group."""
    online = bool(profile and profile.online)
    venue = profile.venue if profile and profile.venue else ("Online" if online else None)
    nxt = req.next_meeting
    return {
        "date": req.date,
        "date_words": _date_words(req.date) if req.date else None,
        "venue": venue,
        "access": list(profile.access) if profile else [],
        "next_meeting": (
            {"date": nxt.date, "date_words": _date_words(nxt.date), "title": nxt.title}
            if nxt
            else None
        ),
    }


def _date_words(day: dt.date) -> str:
    return f"{day.strftime('%A')} {day.day} {day.strftime('%B %Y')}"


def _elapsed(minutes: int) -> str:
    return f"{minutes // 60}:{minutes % 60:02d}"


def _for_members(r: Resource, region: str | None) -> bool:
    """Whether the member handout lists it: not facilitators' reading, nor another country's laws.

    With the group's country known, a law of another country only confuses a member (the
    facilitator's copy still lists it, marked with its country).
    """
    if r.audience == Audience.FACILITATORS:
        return False
    foreign = region is not None and r.region not in ("global", region)
    return not (foreign and "law" in r.tags)


def _clock(minutes: int) -> str:
    minutes %= 24 * 60
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def render_agenda(
    group: Group,
    result: AgendaResult,
    fmt: str,
    *,
    audience: str = "facilitator",
    layout: str = "full",
    paper: str | None = None,
    large_print: bool = False,
    template_dirs: tuple[Path, ...] = (),
) -> str | bytes:
    """The agenda document for one audience, as Markdown, HTML or PDF.

    ``layout`` is ``full`` (the agenda) or ``glance`` (the facilitator's one page).
    """
    from facilitate.documents.catalog import render_document
    from facilitate.render.formats import resolve_paper

    if audience not in AUDIENCES:
        raise UserError(f"{field_ref('audience')} {audience}: choose facilitator or members")
    if layout not in LAYOUTS:
        raise UserError(f"{field_ref('layout')} '{layout}': choose full or glance")
    if layout == "glance" and audience != "facilitator":
        raise UserError(
            "layout 'glance' is the facilitator's page; members get the handout "
            "(audience 'members', layout 'full')"
        )
    paper_value = resolve_paper(paper, group.profile)
    context = {
        **result.context,
        "audience": audience,
        "facilitator": audience == "facilitator",
        "crisis": result.context["crisis"].for_audience(audience),
        "layout": layout,
        "paper": paper_value,
        "large_print": large_print,
        "timeline": timeline(result.context["segments"], large_print=large_print),
    }
    return render_document(
        "glance" if layout == "glance" else "agenda", context, fmt, template_dirs
    )


BAR_MM = 180.0
"""The timeline bar's width: A4's text width, the narrower of the two papers."""


def timeline(segments: Any, *, large_print: bool = False) -> dict[str, Any]:
    """What the timeline bar shows in each part, and the legend for what does not fit.

    A part shows its name where the name fits whole in its share of the bar, else a number
    that the legend explains; its start time shows where it fits too. The sizes follow the
    print CSS (``.timeline``): labels at 7.5 pt, or the body's 16 pt in large print.
    """
    from facilitate.render.measure import width_mm

    size = 16.0 if large_print else 7.5
    pad = 1.6  # mm: the label's padding on both sides, and a little air
    bars = []
    legend = []
    for number, seg in enumerate(segments, start=1):
        room = BAR_MM * seg["percent"] / 100 - pad
        named = width_mm(seg["title"], size) <= room
        label = (
            seg["title"] if named else (str(number) if width_mm(str(number), size) <= room else "")
        )
        timed = width_mm(seg["at"], size) <= room
        bars.append(
            {
                "percent": seg["percent"],
                "label": label,
                "at": seg["at"] if timed else "",
                "kind": seg["kind"],
            }
        )
        if not (named and timed):
            legend.append(
                {
                    "key": label if label and not named else "",
                    "title": seg["title"],
                    "at": seg["at"],
                    "at_end": seg["at_end"],
                    "minutes": seg["minutes"],
                }
            )
    return {"bars": bars, "legend": legend, "end": segments[-1]["at_end"] if segments else ""}


def history_entry(result: AgendaResult) -> HistoryEntry:
    """What the workspace remembers of this agenda: a planned meeting, as ids only."""
    plan = result.plan
    return HistoryEntry(
        date=dt.date.fromisoformat(result.context["day"]),
        kind="planned",
        topic=plan.topic.id if plan.topic else None,
        plan=plan.plan_id,
        prompts=plan.prompt_ids,
    )
