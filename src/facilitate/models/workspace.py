"""The files of a group workspace: the group profile, its ground rules and its history."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Literal

from pydantic import Field, model_validator

from facilitate.models.base import GroupType, Slug, Stage, Strict, Tag, Text
from facilitate.models.catalog import GroundRule, Region


class Paper(StrEnum):
    """The page sizes every printed document offers: the only list of them."""

    A4 = "a4"
    LETTER = "letter"

    @property
    def size_mm(self) -> tuple[float, float]:
        """Width and height in millimetres."""
        return {Paper.A4: (210.0, 297.0), Paper.LETTER: (215.9, 279.4)}[self]


class LocalContact(Strict):
    """A local number or person for the crisis plan. Never a member."""

    label: Text
    """What it is, such as "Local crisis team" or "Back-up facilitator"."""
    phone: Text | None = None
    """The number to call, as it is dialled locally."""
    details: Text | None = None
    """Hours, address or how to reach them."""


class Profile(Strict):
    """facilitate.yaml: the group's settings, the defaults of every command."""

    version: Literal[1] = 1
    name: Text
    """The group's name as printed on its papers."""
    group_type: GroupType = GroupType.GENERAL
    """The kind of group, which picks the topics and ground rules that fit: general,
    workplace-bullying, mental-health, recovery, bereavement or chronic-illness."""
    region: Region | None = None
    """Where crisis lines come from: an ISO country code such as US, CA, GB, IE, AU, NZ."""
    minutes: int = Field(default=90, ge=20, le=300)
    """Usual meeting length."""
    size: int = Field(default=8, ge=1, le=60)
    """Usual number of members."""
    online: bool = False
    """True when the group meets online."""
    stage: Stage | None = None
    """Where the group is: forming, storming, norming, performing or adjourning. Agendas are
    planned for it. Left out: forming for a group's first three meetings on record."""
    preset: Slug | None = None
    """The ground-rules preset to start from; by default it follows the group type."""
    paper: Paper = Paper.A4
    """The page size of printed papers: a4 or letter."""
    venue: Text | None = None
    """Where the group meets (for the facilitator's page)."""
    local_contacts: list[LocalContact] = Field(default_factory=list)
    """Local crisis team, local services: printed on the crisis plan."""
    backup: LocalContact | None = None
    """The facilitator's back-up person."""


class GroundRulesFile(Strict):
    """groundrules.yaml: the group's own agreement, in order."""

    version: Literal[1] = 1
    preset: Slug | None = None
    """The preset the rules started from."""
    rules: list[GroundRule] = Field(min_length=1)


class HistoryEntry(Strict):
    """One meeting, as ids and short words; never names or stories."""

    date: dt.date
    kind: Literal["agenda", "check-in", "log"] = "agenda"
    topic: Slug | None = None
    prompts: list[Slug] = Field(default_factory=list)
    """Ids of the prompts used (ids only: free text here is refused, so no story hides in it)."""
    themes: list[Tag] = Field(default_factory=list)
    attendance: int | None = Field(default=None, ge=0, le=500)
    note: Text | None = None
    """The facilitator's own note; warned about if it looks like it names someone."""


RATINGS = ("safe", "heard", "useful", "pace")
"""The questions of the feedback form, in its order."""


class FeedbackEntry(Strict):
    """One anonymous feedback form's ratings, 1 (low) to 5 (high); a question left blank is
    left out. A form answers at least one question."""

    date: dt.date
    safe: int | None = Field(default=None, ge=1, le=5)
    """Feeling safe in the group."""
    heard: int | None = Field(default=None, ge=1, le=5)
    """Being heard."""
    useful: int | None = Field(default=None, ge=1, le=5)
    """How useful the meeting was."""
    pace: int | None = Field(default=None, ge=1, le=5)
    """The pace: 1 much too slow, 3 about right, 5 much too fast."""

    @model_validator(mode="after")
    def _answers_something(self) -> FeedbackEntry:
        if all(getattr(self, name) is None for name in RATINGS):
            raise ValueError("a form answers at least one of safe, heard, useful or pace")
        return self

    def answered(self) -> dict[str, int]:
        """The ratings given, by question."""
        return {n: v for n in RATINGS if (v := getattr(self, n)) is not None}


class HistoryFile(Strict):
    version: Literal[1] = 1
    meetings: list[HistoryEntry] = Field(default_factory=list)
    feedback: list[FeedbackEntry] = Field(default_factory=list)
