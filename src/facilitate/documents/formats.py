"""What the templates show of a meeting's format: the circle's rounds, the information and its
sources, the worksheet, something to try, and the group's purpose and facilitator's role.

Plain data only (dicts, lists and strings), shared by the agenda and the welcome sheet.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from facilitate.models.base import MeetingFormat

if TYPE_CHECKING:
    from facilitate.models.catalog import Topic
    from facilitate.models.script import ScriptFile
    from facilitate.models.workspace import Profile
    from facilitate.planning.agenda import AgendaPlan


def about_group(profile: Profile | None) -> dict[str, Any] | None:
    """The group's purpose and the facilitator's role, or None when neither is written."""
    if profile is None:
        return None
    role = profile.facilitator_role
    role_lines = []
    if role is not None:
        role_lines = [
            {"label": label, "text": text}
            for label, text in (
                ("In meetings", role.involvement),
                ("Between meetings", role.between_meetings),
                ("Who to contact instead", role.contact_instead),
            )
            if text
        ]
    if profile.purpose is None and not role_lines:
        return None
    return {"purpose": profile.purpose, "role": role_lines}


def format_summary(script: ScriptFile, fmt: MeetingFormat) -> dict[str, Any]:
    words = script.formats[fmt]
    return {"id": fmt.value, "title": words.title, "summary": words.summary}


def information(topic: Topic | None) -> dict[str, Any] | None:
    """The topic's key points, each with the number of its source, and the sources in order."""
    if topic is None or topic.information is None:
        return None
    info = topic.information
    order = {s.id: i for i, s in enumerate(info.sources, start=1)}
    return {
        "points": [
            {
                "text": p.text,
                "source": order[p.source],
                "source_title": info.sources[order[p.source] - 1].title,
            }
            for p in info.points
            if p.source in order
        ],
        "sources": [
            {
                "number": order[s.id],
                "title": s.title,
                "url": s.url,
                "by": s.by,
                "checked": s.checked.isoformat(),
            }
            for s in info.sources
        ],
    }


def worksheet(topic: Topic | None) -> dict[str, Any] | None:
    if topic is None or topic.worksheet is None:
        return None
    sheet = topic.worksheet
    return {
        "title": sheet.title,
        "intro": sheet.intro,
        "topic": topic.title,
        "questions": [{"prompt": i.prompt, "lines": i.lines} for i in sheet.items],
    }


def format_context(plan: AgendaPlan, script: ScriptFile, profile: Profile | None) -> dict[str, Any]:
    """The agenda's format-specific parts, for both audiences."""
    o = plan.options
    fmt = MeetingFormat.DISCUSSION if o.first_meeting else o.meeting_format
    psycho = fmt is MeetingFormat.PSYCHOEDUCATIONAL
    circle = None
    if plan.circle is not None:
        c = plan.circle
        round_slot = plan.slot("round")
        prompts = list(plan.discussion)
        rounds = []
        for i in range(c.rounds):
            start = (round_slot.start if round_slot else 0) + i * c.round_minutes
            prompt = next((d for d in prompts if d.start == start), None)
            rounds.append(
                {
                    "number": i + 1,
                    "start": start,
                    "clock": _clock(o.start + start) if o.start is not None else None,
                    "minutes": c.round_minutes,
                    "prompt": prompt.text if prompt else None,
                    "follow_ups": list(prompt.follow_ups) if prompt else [],
                    "depth": prompt.depth.value if prompt else None,
                }
            )
        circle = {
            "size": c.size,
            "share_minutes": c.share_minutes,
            "asked_minutes": c.asked_minutes,
            "rounds": rounds,
            "round_count": c.rounds,
            "round_minutes": c.round_minutes,
            "fewer_rounds": c.fewer_rounds,
            "shorter_shares": c.shorter_shares,
        }
    show_sheet = psycho and "worksheet" not in o.skip
    return {
        "meeting_format": format_summary(script, o.meeting_format),
        "first_meeting_format": format_summary(script, o.meeting_format)
        if o.first_meeting
        else None,
        "circle": circle,
        "information": information(plan.topic) if psycho else None,
        "worksheet": worksheet(plan.topic) if show_sheet else None,
        "try_next": list(plan.topic.try_next) if psycho and plan.topic else [],
        "about": about_group(profile),
        "newcomers": o.newcomers,
    }


def _clock(minutes: int) -> str:
    minutes %= 24 * 60
    return f"{minutes // 60:02d}:{minutes % 60:02d}"
