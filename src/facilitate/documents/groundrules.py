"""The ground-rules sheet: the group's rules, its crisis numbers and a consent block, printed."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from facilitate.group.groundrules import current_rules, sheet_order
from facilitate.group.group import Group
from facilitate.render.formats import resolve_paper

MAX_CRISIS_LINES = 3
"""Crisis lines printed in the sheet's footer; more would push a 13-rule sheet onto page two."""


CONSENT_ROWS = 8
"""Spaces for initials and a date in the consent block when there is no profile."""


MAX_CONSENT_ROWS = 12


MAX_LOCAL = 2
"""Local contacts (with a phone) printed in the footer."""


@dataclass(frozen=True)
class SheetOptions:
    consent: bool = False
    group_name: str | None = None
    date: str | None = None
    paper: str | None = None
    large_print: bool = False
    reasons: bool = False
    """Print each rule's why under it (a preset's sheet then needs more than one page)."""
    preset: str | None = None
    region: str | None = None


def sheet_context(group: Group, options: SheetOptions) -> dict[str, Any]:
    """Everything the ground-rules templates need, chosen and ordered."""
    from facilitate.group.safety import crisis_lines

    catalog, profile = group.catalog, group.profile
    if options.preset is not None:
        preset = catalog.preset(options.preset)
        rules, source = list(preset.rules), f"the '{preset.id}' preset"
    else:
        rules, source = current_rules(group)
    paper = resolve_paper(options.paper, profile)
    crisis = crisis_lines(catalog, profile, options.region)
    signers = min(max(profile.size if profile else CONSENT_ROWS, 2), MAX_CONSENT_ROWS)
    name = (
        options.group_name
        if options.group_name is not None
        else (profile.name if profile else None)
    )
    return {
        "rules": sheet_order(rules),
        "source": source,
        "group_name": (name or "").strip() or None,
        "date": (options.date or "").strip() or None,
        "consent": options.consent,
        "reasons": options.reasons,
        "consent_rows": -(-signers // 3),  # each row has three places for initials and a date
        # The sheet hangs where members read it: a blank asks them to ask the facilitator.
        "crisis": replace(
            crisis.for_audience("members"),
            local=[c for c in crisis.local if c.phone][:MAX_LOCAL],
        ),
        "max_lines": MAX_CRISIS_LINES,
        "region": crisis.region,
        "paper": paper,
        "large_print": options.large_print,
    }


def render_sheet(
    group: Group,
    fmt: str,
    options: SheetOptions,
    template_dirs: tuple[Path, ...] = (),
) -> str | bytes:
    """The ground-rules sheet as Markdown, HTML or PDF bytes."""
    from facilitate.documents.catalog import render_document

    context: Mapping[str, Any] = sheet_context(group, options)
    return render_document("groundrules", context, fmt, template_dirs)
