"""The crisis plan's numbers: emergency and crisis lines for a region, and local contacts."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace

from facilitate.catalog.layers import Catalog
from facilitate.models.catalog import Resource, ResourceKind
from facilitate.models.region import EU_EEA
from facilitate.models.workspace import LocalContact, Profile

DIRECTORY_TAG = "helpline-directory"
"""Resources with this tag are directories a person can search for a line near them."""

AUDIENCES = ("facilitator", "members")
"""Who reads a printed crisis block: the facilitator's papers, or what members take home."""

# The one wording of a missing number, for each audience. A member can act on theirs; only the
# facilitator is told where numbers are kept. The templates (templates/_crisis.j2.*) and the
# card layout (render/cards.py) both print these, so the estimate and the page agree.
BLANK_NOTES = {
    "facilitator": {
        "emergency": "add it to local_contacts in facilitate.yaml",
        "crisis": "add it to local_contacts in facilitate.yaml",
    },
    "members": {
        "emergency": "ask the facilitator for the local emergency number",
        "crisis": "ask the facilitator for the local crisis number",
    },
}
DIRECTORY_NOTE = "a directory, not a helpline: check any number you find there"


@dataclass(frozen=True)
class Blank:
    """A number to write in by hand: what it is, and what the reader can do about it."""

    label: str
    note: str


@dataclass(frozen=True)
class CrisisLines:
    """What a facilitator needs at hand if someone is not safe."""

    region: str | None
    emergency: list[Resource] = field(default_factory=list)
    lines: list[Resource] = field(default_factory=list)
    local: list[LocalContact] = field(default_factory=list)
    backup: LocalContact | None = None
    venue: str | None = None
    directories: list[Resource] = field(default_factory=list)
    """Directories of helplines (not helplines themselves), for a region with gaps."""
    audience: str = "facilitator"
    """Who the printed block is for: ``facilitator`` or ``members`` (see :data:`AUDIENCES`)."""

    def for_audience(self, audience: str) -> CrisisLines:
        """The same numbers, worded for another reader."""
        if audience not in AUDIENCES:
            raise ValueError(f"unknown audience {audience!r}")
        return replace(self, audience=audience)

    @property
    def lead(self) -> str:
        """The block's first line: what to do if someone is in danger now."""
        numbers = " or ".join(self.emergency_numbers)
        if not numbers:
            return "If someone is in danger now, call the local emergency number."
        unchecked = any(not r.verified for r in self.emergency)
        return f"If someone is in danger now, call {numbers}" + (
            " (check this number locally)." if unchecked else "."
        )

    @property
    def blanks(self) -> list[Blank]:
        """The numbers still to write in, each with the one wording for this audience."""
        notes = BLANK_NOTES[self.audience]
        found = []
        if not self.emergency_known:
            found.append(Blank("Emergency number", notes["emergency"]))
        if not self.crisis_line_known:
            found.append(Blank("Crisis line", notes["crisis"]))
        return found

    @property
    def directory_note(self) -> str:
        return DIRECTORY_NOTE

    @property
    def last_checked(self) -> dt.date | None:
        """When the catalog's numbers printed here were last checked (the latest of them)."""
        dates = [r.last_verified for r in self.emergency + self.lines if r.last_verified]
        return max(dates) if dates else None

    @property
    def unverified(self) -> list[Resource]:
        """Numbers that could not be checked on the service's own page: check them locally."""
        return [r for r in self.emergency + self.lines if not r.verified]

    @property
    def has_numbers(self) -> bool:
        return bool(self.emergency or self.lines or self.local)

    @property
    def emergency_numbers(self) -> list[str]:
        """The numbers to call in danger: the catalog's, then local ones labelled emergency."""
        numbers = [str(e.phone or e.sms) for e in self.emergency]
        numbers += [c.phone for c in self.local if c.phone and labelled(c, "emergency")]
        return list(dict.fromkeys(numbers))

    @property
    def emergency_known(self) -> bool:
        """The catalog's emergency number, or a local contact labelled as one."""
        return bool(self.emergency) or _local(self.local, "emergency")

    @property
    def crisis_line_known(self) -> bool:
        """A crisis line from the catalog, or a local contact labelled "crisis"."""
        return bool(self.lines) or _local(self.local, "crisis")

    @property
    def missing(self) -> list[str]:
        """What a facilitator must still fill in by hand."""
        gaps = []
        if not self.emergency_known:
            gaps.append("the local emergency number")
        if not self.crisis_line_known:
            gaps.append("a crisis line")
        if self.backup is None:
            gaps.append("a back-up person")
        return gaps


_WORDS = re.compile(r"(non-?)?([a-z]+)")


def labelled(contact: LocalContact, word: str) -> bool:
    """Whether the contact's label names it as this kind of line, as a whole word.

    "Local emergency number" is one; "Police non-emergency" is not, nor is "crisis" inside
    another word.
    """
    return any(w == word and not non for non, w in _WORDS.findall(contact.label.lower()))


def _local(contacts: list[LocalContact], word: str) -> bool:
    """Whether a local contact with a phone number is labelled as this kind of line."""
    return any(c.phone and labelled(c, word) for c in contacts)


def crisis_lines(
    catalog: Catalog, profile: Profile | None, region: str | None = None
) -> CrisisLines:
    """Emergency numbers first, then crisis lines, for the region (the option, else the profile)."""
    from facilitate.models.region import parse_region

    code = parse_region(region) or (profile.region if profile else None)
    emergency: list[Resource] = []
    lines: list[Resource] = []
    if code:
        for r in catalog.resources.values():
            if r.region != code or not r.is_contact_line:
                continue
            if r.kind == ResourceKind.EMERGENCY:
                emergency.append(r)
            elif r.crisis:
                lines.append(r)
        if not emergency and code in EU_EEA:
            emergency = [
                r
                for r in catalog.resources.values()
                if r.region == "EU" and r.kind == ResourceKind.EMERGENCY
            ]
    # Every plan, with a region or none, points to a directory a person can search.
    directories = [
        r for r in catalog.resources.values() if r.region == "global" and DIRECTORY_TAG in r.tags
    ]
    return CrisisLines(
        region=code,
        emergency=emergency,
        lines=lines,
        local=list(profile.local_contacts) if profile else [],
        backup=profile.backup if profile else None,
        venue=profile.venue if profile else None,
        directories=directories,
    )
