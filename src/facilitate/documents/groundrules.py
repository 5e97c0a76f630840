"""The ground-rules sheet: the group's rules, its crisis numbers and a consent block, printed."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from facilitate.catalog.layers import Catalog
from facilitate.group.groundrules import current_rules, sheet_order
from facilitate.models.workspace import Profile
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


def sheet_context(
    catalog: Catalog,
    workspace_dir: Path | None,
    profile: Profile | None,
    options: SheetOptions,
) -> dict[str, Any]:
    """Everything the ground-rules templates need, chosen and ordered."""
    from facilitate.group.safety import crisis_lines

    if options.preset is not None:
        preset = catalog.preset(options.preset)
        rules, source = list(preset.rules), f"the '{preset.id}' preset"
    else:
        rules, source = current_rules(catalog, workspace_dir, profile)
    paper = resolve_paper(options.paper, profile)
    crisis = crisis_lines(catalog, profile, options.region)
    lines = crisis.lines[:MAX_CRISIS_LINES]
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
        "emergency": crisis.emergency,
        "emergency_numbers": " or ".join(crisis.emergency_numbers),
        "emergency_known": crisis.emergency_known,
        "crisis_lines": lines,
        "crisis_line_known": crisis.crisis_line_known,
        "local": [c for c in crisis.local if c.phone][:MAX_LOCAL],
        "blank_note": _blank_note(crisis.emergency_known, crisis.crisis_line_known),
        "region": crisis.region,
        "paper": paper,
        "large_print": options.large_print,
    }


def _blank_note(emergency: bool, lines: bool) -> str:
    if emergency and lines:
        return ""
    what = "crisis line" if emergency else "emergency number" if lines else "numbers"
    return (
        f"This group has no {what} on file yet. Write {'them' if what == 'numbers' else 'it'} "
        "in before you print or pin up this sheet."
    )


def render_sheet(
    catalog: Catalog,
    workspace_dir: Path | None,
    profile: Profile | None,
    fmt: str,
    options: SheetOptions,
    template_dirs: tuple[Path, ...] = (),
) -> str | bytes:
    """The ground-rules sheet as Markdown, HTML or PDF bytes."""
    from facilitate.documents.catalog import render_document

    context: Mapping[str, Any] = sheet_context(catalog, workspace_dir, profile, options)
    return render_document("groundrules", context, fmt, template_dirs)
