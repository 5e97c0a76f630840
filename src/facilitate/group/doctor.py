"""Check a group's set-up before a meeting: catalogs, profile, crisis numbers, rules, back-up."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from facilitate.errors import CatalogError, UserError, field_ref
from facilitate.group.workspace import Workspace, read_model

if TYPE_CHECKING:
    from facilitate.catalog.layers import Catalog
    from facilitate.group.group import Group
    from facilitate.models.catalog import Resource
    from facilitate.models.workspace import GroundRulesFile, Profile

# Crisis numbers checked longer ago than this get a reminder to check them again.
STALE_AFTER_DAYS = 180

ADD_CONTACT = "'facilitate config add-contact \"Local crisis line\" --phone NUMBER'"
"""The command that adds a local number, as the advice spells it."""


class Severity(StrEnum):
    OK = "ok"
    ADVICE = "advice"
    """Worth doing before the first meeting; the tool works without it."""
    ESSENTIAL = "essential"
    """Missing for a safe meeting, or a file every command needs is broken."""


@dataclass(frozen=True)
class Finding:
    severity: Severity
    area: str
    message: str
    details: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, object]:
        return {
            "severity": self.severity.value,
            "area": self.area,
            "message": self.message,
            "details": list(self.details),
        }


@dataclass(frozen=True)
class Report:
    workspace: Path | None
    findings: list[Finding]

    @property
    def essential(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.ESSENTIAL]

    @property
    def advice(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.ADVICE]

    @property
    def ready(self) -> bool:
        return not self.essential


def _contact_line(r: Resource) -> str:
    how = r.phone or (f"text {r.sms}" if r.sms else "")
    return f"{r.title}: {how}" if how else r.title


def _catalog_findings(catalog: Catalog) -> tuple[list[Finding], bool]:
    try:
        counts = catalog.check()
    except CatalogError as exc:
        count = len(exc.issues)
        return [
            Finding(
                Severity.ESSENTIAL,
                "catalog",
                f"the catalogs have {count} problem{'s' if count != 1 else ''}; "
                "fix them (see 'facilitate catalog validate')",
                tuple(exc.lines()),
            )
        ], False
    summary = ", ".join(f"{n} {name}" for name, n in counts.items())
    return [Finding(Severity.OK, "catalog", f"the catalogs are valid ({summary})")], True


def _crisis_findings(
    catalog: Catalog, profile: Profile | None, region: str | None, today: dt.date
) -> list[Finding]:
    from facilitate.group.safety import crisis_lines

    crisis = crisis_lines(catalog, profile, region)
    local = [c for c in crisis.local if c.phone or c.details]
    out: list[Finding] = []
    code = crisis.region
    if local:
        labels = tuple(f"{c.label}: {c.phone or c.details}" for c in local)
        out.append(
            Finding(
                Severity.OK,
                "crisis numbers",
                f"{len(local)} local contact{'s' if len(local) != 1 else ''} on the crisis plan",
                labels,
            )
        )
    in_workspace = profile is not None
    if in_workspace:
        add_local = f"add local numbers with {ADD_CONTACT}"
    else:
        add_local = (
            "make a group folder with 'facilitate init --region XX' and add local numbers "
            f"there with {ADD_CONTACT}"
        )
    if code is None:
        out.append(_no_region(in_workspace, bool(local)))
        return out
    found = crisis.emergency + crisis.lines
    if found:
        out.append(
            Finding(
                Severity.OK,
                "crisis numbers",
                f"crisis numbers for {code} are in the catalog",
                tuple(_contact_line(r) for r in found),
            )
        )
    gaps = [
        what
        for what, have in (("emergency number", crisis.emergency), ("crisis line", crisis.lines))
        if not have
    ]
    directory = next(iter(crisis.directories), None)
    if directory is not None:
        add_local += f", or find a line in {directory.title} ({directory.url})"
    if gaps:
        missing = " or ".join(gaps)
        if not found and not local:
            out.append(
                Finding(
                    Severity.ESSENTIAL,
                    "crisis numbers",
                    f"the catalog has no crisis lines for {code}: {add_local}",
                )
            )
        else:
            out.append(
                Finding(
                    Severity.ADVICE,
                    "crisis numbers",
                    f"the catalog has no {missing} for {code}: {add_local}"
                    + (" (check the ones there cover it)" if local else ""),
                )
            )
    stale = [
        r
        for r in found
        if r.last_verified is not None and (today - r.last_verified).days > STALE_AFTER_DAYS
    ]
    if stale:
        oldest = min(r.last_verified for r in stale if r.last_verified is not None)
        out.append(
            Finding(
                Severity.ADVICE,
                "crisis numbers",
                f"some numbers for {code} were last checked on {oldest.isoformat()}; "
                "check them with their sources before the meeting",
                tuple(f"{r.id} ({r.source_url or r.source})" for r in stale),
            )
        )
    unverified = crisis.unverified
    if unverified:
        out.append(
            Finding(
                Severity.ADVICE,
                "crisis numbers",
                f"{len(unverified)} number{'s' if len(unverified) != 1 else ''} for {code} "
                "could not be found on the service's own page; the printouts say to check "
                "them locally, so check them before the meeting",
                tuple(
                    f"{r.id}: {r.phone or r.sms} ({r.source_url or r.source})" for r in unverified
                ),
            )
        )
    return out


def region_advice(in_workspace: bool) -> str:
    """How to set the region, in one clause: the command to run where the user is."""
    if in_workspace:
        return "set it with 'facilitate config set region XX' (a country code such as GB or US)"
    return (
        f"give {field_ref('region')} XX (a country code such as GB or US), or keep it in a group "
        "folder with 'facilitate init --region XX'"
    )


def _no_region(in_workspace: bool, has_local: bool) -> Finding:
    if has_local:
        return Finding(
            Severity.ADVICE,
            "crisis numbers",
            "no region is set, so only your local contacts are printed; for national crisis "
            f"lines, {region_advice(in_workspace)}",
        )
    local = f", or add a local number with {ADD_CONTACT}" if in_workspace else ""
    return Finding(
        Severity.ESSENTIAL,
        "crisis numbers",
        f"no crisis numbers: no region is set and there are no local contacts; "
        f"{region_advice(in_workspace)}{local}",
    )


def _workspace_findings(ws: Workspace) -> list[Finding]:
    from facilitate.models.workspace import GroundRulesFile, HistoryFile

    out: list[Finding] = []
    if ws.groundrules_path.is_file():
        try:
            rules = read_model(ws.groundrules_path, GroundRulesFile)
        except UserError as exc:
            out.append(
                Finding(
                    Severity.ESSENTIAL,
                    "ground rules",
                    f"{ws.groundrules_path.name} cannot be used; fix it or make it again",
                    tuple(exc.lines()),
                )
            )
        else:
            out.append(_rules_finding(rules))
    else:
        out.append(
            Finding(
                Severity.ADVICE,
                "ground rules",
                "no ground rules yet: run 'facilitate groundrules init', then agree them "
                "together at the first meeting",
            )
        )
    if ws.history_path.is_file():
        try:
            read_model(ws.history_path, HistoryFile)
        except UserError as exc:
            out.append(
                Finding(
                    Severity.ESSENTIAL,
                    "history",
                    f"{ws.history_path.name} cannot be read; fix it or delete it "
                    "(it only remembers prompts and topics)",
                    tuple(exc.lines()),
                )
            )
    return out


def _rules_finding(rules: GroundRulesFile) -> Finding:
    """How many rules, and whether confidentiality and its limits are among them.

    No confidentiality rule is essential. Whether a rule states the limits is judged from its
    words (harm, risk, danger...), which can miss a group's own wording, so a missing limit is
    advice and never stops a meeting.
    """
    from facilitate.group.confidentiality import confidentiality

    n = len(rules.rules)
    count = f"{n} ground rule{'s' if n != 1 else ''}"
    found = confidentiality(rules.rules)
    if not found.rules:
        return Finding(
            Severity.ESSENTIAL,
            "ground rules",
            f"{count}, but none on confidentiality: members need to hear that what they share "
            "stays in the group, and where that ends (serious risk of harm); add a rule with "
            "'facilitate groundrules add \"...\" --category confidentiality'",
        )
    if not found.limits:
        return Finding(
            Severity.ADVICE,
            "ground rules",
            f"{count}, but no confidentiality rule says where confidentiality ends (serious "
            "risk of harm); say so in one, so no one is surprised later",
            tuple(f"confidentiality rule: {i}" for i in found.rules),
        )
    return Finding(
        Severity.OK, "ground rules", f"{count}, with confidentiality and its limits among them"
    )


def _profile_findings(profile: Profile, catalog: Catalog | None) -> list[Finding]:
    out: list[Finding] = []
    if profile.backup is None:
        out.append(
            Finding(
                Severity.ADVICE,
                "back-up",
                "no back-up person (someone who can step in or take a call if something goes "
                "wrong): run 'facilitate config set backup.label \"Co-facilitator\"' and "
                "'facilitate config set backup.phone NUMBER'",
            )
        )
    elif not (profile.backup.phone or profile.backup.details):
        out.append(
            Finding(
                Severity.ADVICE,
                "back-up",
                f"the back-up person ({profile.backup.label}) has no phone or details: run "
                "'facilitate config set backup.phone NUMBER'",
            )
        )
    else:
        out.append(Finding(Severity.OK, "back-up", f"back-up person: {profile.backup.label}"))
    out.extend(_purpose_findings(profile))
    if (
        profile.preset is not None
        and catalog is not None
        and profile.preset not in (catalog.presets.items)
    ):
        out.append(
            Finding(
                Severity.ADVICE,
                "ground rules",
                f"the preset '{profile.preset}' in facilitate.yaml is not in the catalog: choose "
                "another with 'facilitate config set preset ID', or follow the group type with "
                "'facilitate config unset preset'",
            )
        )
    return out


def _purpose_findings(profile: Profile) -> list[Finding]:
    """The group's purpose and the facilitator's role: printed for newcomers, agreed early."""
    out: list[Finding] = []
    if profile.purpose is None:
        out.append(
            Finding(
                Severity.ADVICE,
                "purpose",
                "no purpose yet: agree one or two sentences with the group at the first "
                "meeting, then add purpose: to facilitate.yaml (it prints on handouts and the "
                "welcome sheet)",
            )
        )
    else:
        out.append(Finding(Severity.OK, "purpose", "the group's purpose is written down"))
    role = profile.facilitator_role
    missing = [
        what
        for what, value in (
            ("how involved you are", role.involvement if role else None),
            ("contact between meetings", role.between_meetings if role else None),
            ("who to contact instead", role.contact_instead if role else None),
        )
        if not value
    ]
    if missing:
        out.append(
            Finding(
                Severity.ADVICE,
                "facilitator role",
                "the facilitator's role does not say "
                + ", ".join(missing[:-1])
                + (" or " if len(missing) > 1 else "")
                + missing[-1]
                + "; add facilitator_role: (involvement, between_meetings, contact_instead) to "
                "facilitate.yaml, so members know what to expect",
            )
        )
    else:
        out.append(
            Finding(Severity.OK, "facilitator role", "the facilitator's role is written down")
        )
    return out


def diagnose(group: Group, *, region: str | None = None) -> Report:
    """Every finding, in a fixed order: catalogs, workspace, crisis numbers, then the rest.

    A facilitate.yaml with problems is one of the findings: load the group with ``lenient``.
    """
    catalog, profile = group.catalog, group.profile
    findings, catalog_ok = _catalog_findings(catalog)
    profile_broken = group.profile_error is not None
    ws = Workspace(group.folder) if group.folder is not None else None
    if ws is None:
        findings.append(
            Finding(
                Severity.ESSENTIAL,
                "workspace",
                "no group workspace here or above: run 'facilitate init' in the group's folder",
            )
        )
    elif group.profile_error is not None:
        findings.append(
            Finding(
                Severity.ESSENTIAL,
                "workspace",
                f"{ws.profile_path} has problems; fix them",
                tuple(group.profile_error.lines()),
            )
        )
    elif profile is not None:
        findings.append(Finding(Severity.OK, "workspace", f"group '{profile.name}' in {ws.root}"))
    if profile_broken and region is None:
        # Its region and local contacts are unknown while it cannot be read: say that, rather
        # than that none are set.
        findings.append(
            Finding(
                Severity.ESSENTIAL,
                "crisis numbers",
                "the crisis numbers cannot be checked until facilitate.yaml is fixed",
            )
        )
    elif catalog_ok:
        findings.extend(_crisis_findings(catalog, profile, region, group.today))
    else:
        findings.append(
            Finding(
                Severity.ESSENTIAL,
                "crisis numbers",
                "the crisis numbers cannot be checked until the catalog problems are fixed",
            )
        )
    if ws is not None:
        findings.extend(_workspace_findings(ws))
    if profile is not None:
        findings.extend(_profile_findings(profile, catalog if catalog_ok else None))
    return Report(group.folder, findings)
