"""The files of a group workspace: the group profile, its ground rules and its history."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, StringConstraints, model_validator

from facilitate.models.base import GroupType, MeetingFormat, Slug, Stage, Strict, Tag, Text
from facilitate.models.catalog import GroundRule, Region
from facilitate.models.clock import clock_text, minutes_of


def _clock(value: Any) -> Any:
    # The same parser as the commands' clock times (agenda --start, season --time).
    if not isinstance(value, str):
        raise ValueError('must be a 24-hour time in quotes, such as "18:30"')
    minutes = minutes_of(value)
    if minutes is None:
        raise ValueError(f"'{value}' is not a time of day: use a 24-hour time such as \"18:30\"")
    return clock_text(minutes)


Clock = Annotated[
    str,
    StringConstraints(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$"),
    BeforeValidator(_clock),
]
"""A 24-hour time of day such as ``"18:30"`` (also 1830, 18.30 or 18h30), kept as ``HH:MM``."""


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


class FacilitatorRole(Strict):
    """What members can expect of the facilitator, in the group's own words."""

    involvement: Text | None = None
    """How much the facilitator joins in the talk, such as "I keep time and share as a peer"."""
    between_meetings: Text | None = None
    """Whether members can reach the facilitator between meetings, and how."""
    contact_instead: Text | None = None
    """Who to contact instead between meetings, such as a service or a co-facilitator."""


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
    start: Clock | None = None
    """When meetings usually start, as a 24-hour time in quotes such as "18:30". The season's
    calendar gives each meeting this start and an end ``minutes`` later (floating local time);
    agendas show clock times from it. Left out: all-day calendar events, no clock times."""
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
    """Where the group meets, as members should read it, such as "Room 2, Harbour Library,
    12 Quay Street". Printed on the member handout and in the facilitator's crisis plan. For an
    online group, say how members join without printing the link (a printed link travels)."""
    access: list[Text] = Field(default_factory=list)
    """Access notes for members, one a line, printed under the venue on the member handout:
    such as "Step-free access by the side door", "Hearing loop in the room", "A quiet room next
    door if you need a break", "The online link is sent to members separately"."""
    local_contacts: list[LocalContact] = Field(default_factory=list)
    """Local crisis team, local services: printed on the crisis plan."""
    backup: LocalContact | None = None
    """The facilitator's back-up person."""
    # -- how the group meets (issue 18) --
    meeting_format: MeetingFormat = MeetingFormat.DISCUSSION
    """How meetings run: discussion, sharing-circle or psychoeducational."""
    share_minutes: int = Field(default=3, ge=1, le=15)
    """In a sharing circle, the minutes each person has for a share."""
    purpose: Text | None = Field(default=None, max_length=400)
    """The group's purpose in one or two sentences, as the group agreed it."""
    facilitator_role: FacilitatorRole | None = None
    """The facilitator's role: how involved, contact between meetings, who to contact instead."""
    meets: Text | None = Field(default=None, max_length=200)
    """When the group meets, such as "Tuesdays, 18:30 to 20:00, every two weeks"."""


class GroundRulesFile(Strict):
    """groundrules.yaml: the group's own agreement, in order."""

    version: Literal[1] = 1
    preset: Slug | None = None
    """The preset the rules started from."""
    rules: list[GroundRule] = Field(min_length=1)


PlanId = Annotated[str, StringConstraints(pattern=r"^v1(:[a-z]+(=[a-z0-9~,-]*)?)*$")]
"""A meeting's plan id as the agenda prints it: option and item ids only, never free text."""

# What 0.1 wrote for ``kind``, and what it means now (``None``: not a meeting, dropped).
OLD_KINDS: dict[str, str | None] = {"agenda": "planned", "log": "held", "check-in": None}


class HistoryEntry(Strict):
    """One meeting, as ids and short words; never names or stories.

    ``planned``: an agenda was printed for that date. ``held``: the facilitator logged it.
    ``cancelled``: it did not take place. A planned meeting whose date has passed counts as
    held unless it was cancelled.
    """

    date: dt.date
    kind: Literal["planned", "held", "cancelled"] = "held"
    topic: Slug | None = None
    plan: PlanId | None = None
    """The plan id of the agenda printed for it, so it can be printed again as it was."""
    prompts: list[Slug] = Field(default_factory=list)
    """Ids of the prompts used (ids only: free text here is refused, so no story hides in it)."""
    themes: list[Tag] = Field(default_factory=list)
    attendance: int | None = Field(default=None, ge=0, le=500)
    note: Text | None = None
    """The facilitator's own note; refused if it holds contact details or a name."""


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
    """history.yaml. Version 2 tells planned meetings from held ones; version 1 (0.1) is read
    and upgraded (see ``upgrade_history_data``)."""

    version: Literal[2] = 2
    meetings: list[HistoryEntry] = Field(default_factory=list)
    feedback: list[FeedbackEntry] = Field(default_factory=list)


def upgrade_history_data(data: object) -> tuple[object, list[str]]:
    """history.yaml as 0.1 wrote it, in today's form, and what changed (empty when current).

    An 0.1 agenda entry was a print, so it becomes a planned meeting; a log entry was a
    meeting held; a check-in entry was only a draw of questions, not a meeting, so it goes.
    """
    if not isinstance(data, dict) or data.get("version") != 1:
        return data, []
    meetings = data.get("meetings")
    kept: list[object] = []
    counts = {"planned": 0, "held": 0, "dropped": 0}
    for m in meetings if isinstance(meetings, list) else []:
        if isinstance(m, dict):
            kind = OLD_KINDS.get(str(m.get("kind", "agenda")), str(m.get("kind")))
            if kind is None:
                counts["dropped"] += 1
                continue
            counts[kind] = counts.get(kind, 0) + 1
            m = {**m, "kind": kind}
        kept.append(m)
    notes = [
        "history.yaml was upgraded to this version's form: "
        f"{counts['planned']} printed agendas are now planned meetings, {counts['held']} logged "
        f"meetings are held ones, and {counts['dropped']} check-in draws were removed (a draw of "
        "questions is not a meeting)"
    ]
    return {**data, "version": 2, "meetings": kept}, notes
