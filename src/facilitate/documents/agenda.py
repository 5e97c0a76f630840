"""The agenda: plan a meeting from the catalog and the workspace, and render it for an audience.

This is the core of ``facilitate agenda``. It reads nothing from the terminal: the command passes
plain values in and gets a document (text or PDF bytes) and the plan's id back.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from facilitate.catalog.layers import Catalog
from facilitate.catalog.query import local_resources, parse_choice
from facilitate.errors import UserError, field_ref
from facilitate.models.base import GroupType, Stage
from facilitate.models.catalog import Audience, Resource
from facilitate.models.script import ScriptFile
from facilitate.models.workspace import HistoryEntry, Profile
from facilitate.planning.agenda import (
    SWAPPABLE,
    AgendaOptions,
    AgendaPlan,
    Pins,
    check_skip,
    compose,
    parse_plan_id,
)
from facilitate.planning.groups import fits, rules_group

AUDIENCES = ("facilitator", "members")


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
    swap: str | None = None
    region: str | None = None


@dataclass
class AgendaResult:
    plan: AgendaPlan
    context: dict[str, Any]
    warnings: list[str] = field(default_factory=list)

    @property
    def plan_id(self) -> str:
        return self.plan.plan_id


def parse_clock(value: str) -> int:
    match = re.fullmatch(r"\s*(\d{1,2})[:.h]?(\d{2})\s*", value)
    if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        raise UserError(f"{field_ref('start')} {value}: use a 24-hour time such as 18:30")
    return int(match.group(1)) * 60 + int(match.group(2))


def _options(req: AgendaRequest, profile: Profile | None) -> AgendaOptions:
    minutes = req.minutes if req.minutes is not None else (profile.minutes if profile else 90)
    size = req.size if req.size is not None else (profile.size if profile else 8)
    if not 20 <= minutes <= 300:
        raise UserError(
            f"{field_ref('minutes')} {minutes}: a meeting is between 20 and 300 minutes"
        )
    if not 1 <= size <= 60:
        raise UserError(f"{field_ref('size')} {size}: a group has between 1 and 60 members")
    online = req.online if req.online is not None else bool(profile and profile.online)
    seed = req.seed if req.seed is not None else random.SystemRandom().randrange(1, 10**6)
    stage = parse_choice(Stage, req.stage, field_ref("stage")) if req.stage else None
    if stage is None and profile is not None and not req.first_meeting:
        stage = profile.stage  # a first meeting is a forming group's, whatever the profile says
    if req.first_meeting and stage is None:
        stage = Stage.FORMING
    return AgendaOptions(
        topic=req.topic,
        minutes=minutes,
        size=size,
        start=parse_clock(req.start) if req.start else None,
        stage=stage,
        online=online,
        first_meeting=req.first_meeting,
        skip=check_skip(req.skip),
        seed=seed,
        group=profile.group_type if profile is not None else GroupType.GENERAL,
    )


def load_script() -> ScriptFile:
    from facilitate.group.workspace import read_model
    from facilitate.storage.paths import data_dir

    return read_model(data_dir() / "script.yaml", ScriptFile)


def build_agenda(
    catalog: Catalog,
    profile: Profile | None,
    workspace_dir: Path | None,
    req: AgendaRequest,
) -> AgendaResult:
    """Plan the meeting (fresh, from a plan id, or with one part swapped)."""
    warnings: list[str] = []
    pins = None
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
        options = _options(req, profile)
        held = _meetings_held(workspace_dir)
        if options.stage is None and not options.first_meeting and held < EARLY_MEETINGS:
            # A new group is forming: light questions, nothing deep, until it has met a few
            # times (unless the facilitator says where the group is).
            options = AgendaOptions(**{**options.__dict__, "stage": Stage.FORMING})
            times = {0: "no meeting", 1: "one meeting"}.get(held, f"{held} meetings")
            warnings.append(
                f"history.yaml has {times} before today, so this agenda is planned for a "
                f"forming group (light questions); say where the group is with "
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
        avoid=_recent_prompts(workspace_dir) if pins is None else set(),
        pins=pins,
        warn=warnings.append,
    )
    context = agenda_context(catalog, profile, workspace_dir, plan, req.region)
    if context["crisis"].region is None:
        from facilitate.group.doctor import region_advice

        warnings.append(
            "no region, so the crisis plan has blanks for national crisis lines; "
            + region_advice(workspace_dir is not None)
        )
    if context["crisis"].region and not context["crisis"].has_numbers:
        from facilitate.group.doctor import ADD_CONTACT

        code = context["crisis"].region
        how = (
            f"add local numbers with {ADD_CONTACT}"
            if workspace_dir is not None
            else f"make a group folder with 'facilitate init --region {code}' and add local "
            f"numbers there with {ADD_CONTACT}"
        )
        warnings.append(f"no crisis lines for region {code} in the catalog: {how}")
    return AgendaResult(plan, context, warnings)


FRESH_WINDOW = 6  # meetings whose prompts a new agenda avoids while others are left
EARLY_MEETINGS = 3  # a group with fewer meetings on record is taken to be forming


def _meetings_held(workspace_dir: Path | None) -> int:
    """Meeting days on record before today; a large number outside a workspace (unknown)."""
    if workspace_dir is None:
        return EARLY_MEETINGS
    from facilitate.group.history import meeting_days, read_history
    from facilitate.group.workspace import HISTORY

    return len(meeting_days(read_history(workspace_dir / HISTORY), before=dt.date.today()))


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
    }
    return [name for name, yes in given.items() if yes]


def _recent_prompts(workspace_dir: Path | None) -> set[str]:
    """Prompt ids the group heard in its last few meetings, so this week's questions are new."""
    if workspace_dir is None:
        return set()
    from facilitate.group.history import read_history, recent_prompt_ids
    from facilitate.group.workspace import HISTORY

    # Today's own entries are this meeting's drafts, not a meeting the group has heard.
    history = read_history(workspace_dir / HISTORY)
    return recent_prompt_ids(history, FRESH_WINDOW, before=dt.date.today())


def _stable_seed(plan_id: str, part: str) -> int:
    import hashlib

    return int(hashlib.sha1(f"{plan_id}|{part}".encode()).hexdigest()[:8], 16)


def agenda_context(
    catalog: Catalog,
    profile: Profile | None,
    workspace_dir: Path | None,
    plan: AgendaPlan,
    region: str | None = None,
) -> dict[str, Any]:
    """Everything the agenda templates show, for both audiences."""
    from facilitate.group.groundrules import current_rules
    from facilitate.group.safety import crisis_lines
    from facilitate.planning.situations import relevant_situations

    script = load_script()
    topic = plan.topic
    rules, rules_label = current_rules(catalog, workspace_dir, profile)
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
    for slot in plan.slots:
        words = script.segments[slot.kind]
        part_end = (
            f"at {_clock(start + slot.end)}" if start is not None else f"in {slot.minutes} minutes"
        )
        segments.append(
            {
                "kind": slot.kind,
                "title": words.title,
                "purpose": words.purpose,
                "say": [
                    s.replace("{end}", meeting_end).replace("{next}", part_end) for s in words.say
                ],
                "tips": list(words.tips),
                "start": slot.start,
                "end": slot.end,
                "minutes": slot.minutes,
                "clock": _clock(start + slot.start) if start is not None else None,
                "clock_end": _clock(start + slot.end) if start is not None else None,
                "percent": round(100 * slot.minutes / plan.options.minutes, 2),
            }
        )
    return {
        "plan": plan,
        "topic": topic,
        "options": plan.options,
        "segments": segments,
        "stage": stage.value if stage else None,
        "stage_guidance": script.stages.get(stage) if stage else None,
        "preparation": script.preparation,
        "rules": rules,
        "rules_label": rules_label,
        "resources_all": resources,
        "resources_members": [r for r in resources if _for_members(r, crisis.region)],
        "crisis": crisis,
        "situations": relevant_situations(catalog, topic, stage.value if stage else None),
        "group_name": profile.name if profile else None,
        "today": dt.date.today().isoformat(),
    }


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
    result: AgendaResult,
    fmt: str,
    *,
    audience: str = "facilitator",
    paper: str | None = None,
    large_print: bool = False,
    profile: Profile | None = None,
    template_dirs: tuple[Path, ...] = (),
) -> str | bytes:
    """The agenda document for one audience, as Markdown, HTML or PDF."""
    from facilitate.documents.catalog import render_document
    from facilitate.render.formats import resolve_paper

    if audience not in AUDIENCES:
        raise UserError(f"{field_ref('audience')} {audience}: choose facilitator or members")
    paper_value = resolve_paper(paper, profile)
    context = {
        **result.context,
        "audience": audience,
        "facilitator": audience == "facilitator",
        "paper": paper_value,
        "large_print": large_print,
    }
    return render_document("agenda", context, fmt, template_dirs)


def history_entry(result: AgendaResult, when: dt.date | None = None) -> HistoryEntry:
    """What the workspace remembers of this agenda: ids only."""
    plan = result.plan
    return HistoryEntry(
        date=when or dt.date.today(),
        kind="agenda",
        topic=plan.topic.id if plan.topic else None,
        prompts=plan.prompt_ids,
    )
