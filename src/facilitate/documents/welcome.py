"""The welcome sheet for someone coming for the first time: what the group is and is not, how a
meeting runs in its format, the ground rules, when and where, and the crisis lines.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from facilitate.group.group import Group
from facilitate.models.base import MeetingFormat

GROUP_WORDS = {
    "general": "people who want to share and listen to each other as equals",
    "workplace-bullying": "people who have been bullied or mobbed at work",
    "mental-health": "people who live with mental health problems",
    "recovery": "people in recovery or thinking about it",
    "bereavement": "people who are grieving",
    "chronic-illness": "people who live with a long-term illness",
}
"""Who the group is for, by group type, as the sheet's first line says it."""


@dataclass(frozen=True)
class WelcomeOptions:
    meeting_format: MeetingFormat | None = None
    """The format to describe; by default the profile's."""
    region: str | None = None
    paper: str | None = None
    large_print: bool = False


def welcome_context(group: Group, options: WelcomeOptions) -> dict[str, Any]:
    """Everything the welcome templates show, as plain data."""
    from facilitate.documents.agenda import load_script
    from facilitate.documents.formats import about_group, format_summary
    from facilitate.group.groundrules import current_rules, sheet_order
    from facilitate.group.safety import crisis_lines
    from facilitate.render.formats import resolve_paper

    profile = group.profile
    script = load_script()
    fmt = options.meeting_format or (
        profile.meeting_format if profile is not None else MeetingFormat.DISCUSSION
    )
    words = script.formats[fmt]
    parts = [
        {
            "kind": kind,
            "title": script.segments[kind].title,
            "purpose": script.segments[kind].purpose,
        }
        for kind in words.parts
    ]
    rules, _ = current_rules(group)
    group_type = group.group_type.value
    where = None
    if profile is not None:
        where = profile.venue or (
            "Online. The link comes from the facilitator." if profile.online else None
        )
    return {
        "group_name": profile.name if profile is not None else None,
        "who": GROUP_WORDS.get(group_type, GROUP_WORDS["general"]),
        "about": about_group(profile),
        "format": {**format_summary(script, fmt), "parts": parts},
        "share_minutes": profile.share_minutes if profile is not None else 3,
        "minutes": profile.minutes if profile is not None else None,
        "meets": profile.meets if profile is not None else None,
        "where": where,
        "is": list(script.welcome.is_),
        "is_not": list(script.welcome.is_not),
        "confidentiality": script.welcome.confidentiality,
        "passing": script.welcome.passing,
        "first_time": list(script.welcome.first_time),
        "rules": sheet_order(rules),
        "crisis": crisis_lines(group.catalog, profile, options.region).for_audience("members"),
        "paper": resolve_paper(options.paper, profile),
        "large_print": options.large_print,
    }


def render_welcome(
    group: Group,
    fmt: str,
    options: WelcomeOptions,
    template_dirs: tuple[Path, ...] = (),
) -> str | bytes:
    """The welcome sheet as Markdown, HTML or PDF bytes."""
    from facilitate.documents.catalog import render_document

    context = welcome_context(group, options)
    return render_document("welcome", context, fmt, template_dirs)
