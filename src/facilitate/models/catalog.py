"""The catalog contract: topics, resources, situations, prompt pools and ground-rule presets."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, ConfigDict, Field, StringConstraints, model_validator

from facilitate.models.base import (
    ContentFlag,
    Depth,
    GroupType,
    MeetingFormat,
    Slug,
    Stage,
    Strict,
    Tag,
    Text,
    text_key,
)
from facilitate.models.region import EU, EVERYWHERE, canonical, problem


def _region(value: Any) -> Any:
    # The same parser as every command's --region: UK means GB, other codes are refused.
    if not isinstance(value, str):
        return value
    code = canonical(value, (EVERYWHERE, EU))
    if code is None:
        raise ValueError(problem(value, (EVERYWHERE, EU)))
    return code


Region = Annotated[
    str,
    StringConstraints(pattern=r"^(global|[A-Za-z]{2})$"),
    BeforeValidator(_region),
]
"""``global``, ``EU`` or an ISO 3166 code (any case; UK means GB), as every command reads it."""
# Quotes as \x22 and \x27: the JSON Schema's pattern must also be a valid ECMA-262 regex, which
# refuses an escaped quote (\") in unicode mode, so editors' validators can read it too.
Url = Annotated[str, StringConstraints(pattern=r"^https?://[^\s<>\x22\x27]+$", max_length=500)]


def _prompt_from_string(value: Any) -> Any:
    # Catalog authors may write a prompt as a bare string; it means {text: ...}.
    if isinstance(value, str):
        return {"text": value}
    return value


def _string_or_object(schema: dict[str, Any]) -> None:
    # The JSON Schema must accept the bare string form too, or editors flag valid files.
    whole = dict(schema)
    schema.clear()
    schema["description"] = whole.get("description", "")
    schema["anyOf"] = [{"type": "string", "minLength": 1, "maxLength": 4000}, whole]


class Prompt(Strict):
    """A check-in or check-out question, open-ended and invitational."""

    model_config = ConfigDict(json_schema_extra=_string_or_object)

    text: Text
    """The words to read aloud or print."""
    depth: Depth = Depth.MEDIUM
    """light, medium or deep: how much it asks of a member."""
    flags: list[ContentFlag] = Field(default_factory=list)
    """What it touches (death, substances, work ...), so groups that leave that out skip it."""
    id: Slug | None = None
    """Optional stable id; when left out, one is derived from the text."""

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, value: Any) -> Any:
        return _prompt_from_string(value)

    @property
    def key(self) -> str:
        return self.id or text_key(self.text)


class DiscussionItem(Strict):
    """A discussion prompt with follow-up questions."""

    prompt: Text
    """The main question."""
    follow_ups: list[Text] = Field(default_factory=list)
    """Gentle questions to go deeper, such as "Tell us more about that."."""
    depth: Depth = Depth.MEDIUM
    flags: list[ContentFlag] = Field(default_factory=list)
    """What it touches (death, substances, work ...), so groups that leave that out skip it."""
    id: Slug | None = None

    @property
    def key(self) -> str:
        return self.id or text_key(self.prompt)

    @property
    def text(self) -> str:
        return self.prompt


class Activity(Strict):
    """A structured exercise with timed steps."""

    title: Text
    minutes: int = Field(gt=0, le=240)
    """How long it takes, in whole minutes."""
    steps: list[Text] = Field(min_length=1)
    """What to do, in order."""
    virtual: bool = False
    """True when it works in an online meeting as written."""
    materials: list[Text] = Field(default_factory=list)
    id: Slug | None = None

    @property
    def key(self) -> str:
        return self.id or text_key(self.title)


class FacilitatorNotes(Strict):
    do: list[Text] = Field(default_factory=list)
    """What helps."""
    avoid: list[Text] = Field(default_factory=list)
    """What to steer clear of."""


class InformationSource(Strict):
    """A page an information point comes from, checked by a person on the date given."""

    id: Slug
    """A short name the points use to say they come from this page."""
    title: Text
    """The page's own title, with its publisher, as printed under the points."""
    url: Url
    by: Text | None = None
    """The organisation or authors behind the page."""
    checked: dt.date
    """When someone read the page and found the facts there."""


class InformationPoint(Strict):
    """One key point of a psychoeducational meeting, in plain words and our own words."""

    text: Text
    """Member-facing: a fact or idea from the source, never clinical or legal advice."""
    source: Slug
    """The id of one of this topic's information sources, where the fact comes from."""


class Information(Strict):
    """The short information part of a psychoeducational meeting on this topic."""

    points: list[InformationPoint] = Field(min_length=2, max_length=6)
    """A few key points, read or handed out before the talk."""
    sources: list[InformationSource] = Field(min_length=1)
    """Where the points come from; every point names one of these by its id."""
    prompts: list[DiscussionItem] = Field(min_length=2)
    """Questions that link the points to members' own experience; asked before the topic's
    own discussion prompts."""


class WorksheetItem(Strict):
    """One question on a worksheet, with room to write."""

    prompt: Text
    """Member-facing: an open question or a sentence to finish."""
    lines: int = Field(default=3, ge=1, le=10)
    """How many lines of writing space it gets on paper."""


class Worksheet(Strict):
    """A printable sheet a member can fill in during or after a meeting; it never asks for names."""

    title: Text
    intro: Text
    """Member-facing: what the sheet is for, and that it stays with the member."""
    items: list[WorksheetItem] = Field(min_length=2, max_length=8)
    minutes: int = Field(default=10, ge=3, le=30)
    """Time to fill it in during the meeting."""


class Topic(Strict):
    """A discussion topic: everything one meeting on it needs."""

    id: Slug
    title: Text
    summary: Text
    """Member-facing, in plain language."""
    tags: list[Tag] = Field(default_factory=list)
    groups: list[GroupType] = Field(min_length=1)
    """Group types the topic fits."""
    stages: list[Stage] = Field(min_length=1)
    """Stages of the group the topic suits."""
    depth: Depth
    """light, medium or deep: how much the topic asks of the group (the same scale as prompts)."""
    flags: list[ContentFlag] = Field(default_factory=list)
    """What it touches (death, substances, work ...), so groups that leave that out skip it."""
    introduction: Text | None = None
    """What the facilitator says to open the topic; the summary is used when absent."""
    check_in: list[Prompt] = Field(min_length=1)
    discussion: list[DiscussionItem] = Field(min_length=1)
    activities: list[Activity] = Field(default_factory=list)
    check_out: list[Prompt] = Field(min_length=1)
    facilitator_notes: FacilitatorNotes = Field(default_factory=FacilitatorNotes)
    watch_for: list[Text] = Field(default_factory=list)
    """Safety notes: signs that call for care or another pathway."""
    resources: list[Slug] = Field(default_factory=list)
    """Ids from the resource catalog."""
    formats: list[MeetingFormat] = Field(default_factory=list)
    """The meeting formats the topic can be planned in. Left out: discussion and
    sharing-circle, and psychoeducational too when the topic has information points."""
    information: Information | None = None
    """Key points, their sources and linking questions, for a psychoeducational meeting."""
    worksheet: Worksheet | None = None
    """An optional worksheet for a psychoeducational meeting, printed on its own page."""
    try_next: list[Text] = Field(default_factory=list)
    """Member-facing: small things a member might try before the next meeting, if they like
    (an invitation, never homework, and nobody checks)."""

    @model_validator(mode="after")
    def _formats_have_content(self) -> Topic:
        if MeetingFormat.PSYCHOEDUCATIONAL in self.formats and self.information is None:
            raise ValueError("a psychoeducational topic needs information: points and sources")
        return self

    @property
    def supported_formats(self) -> tuple[MeetingFormat, ...]:
        """The formats this topic can be planned in."""
        if self.formats:
            return tuple(f for f in MeetingFormat if f in self.formats)
        found = [MeetingFormat.DISCUSSION, MeetingFormat.SHARING_CIRCLE]
        if self.information is not None:
            found.append(MeetingFormat.PSYCHOEDUCATIONAL)
        return tuple(found)


class ResourceKind(StrEnum):
    GUIDE = "guide"
    BOOK = "book"
    ORGANISATION = "organisation"
    COURSE = "course"
    HELPLINE = "helpline"
    WEBSITE = "website"
    VIDEO = "video"
    ARTICLE = "article"
    COMMUNITY = "community"
    TRAINING = "training"
    EMERGENCY = "emergency"


class Audience(StrEnum):
    FACILITATORS = "facilitators"
    MEMBERS = "members"
    EVERYONE = "everyone"


class Resource(Strict):
    """A guide, book, organisation, helpline or other source of help."""

    id: Slug
    title: Text
    kind: ResourceKind
    tags: list[Tag] = Field(default_factory=list)
    region: Region
    """``global``, ``EU`` or an ISO 3166 two-letter country code such as US, CA, GB, IE, AU, NZ."""
    audience: Audience
    description: Text
    url: Url | None = None
    by: Text | None = None
    """Authors or publisher."""
    year: int | None = Field(default=None, ge=1800, le=2100)
    phone: Text | None = None
    sms: Text | None = None
    """A text-message contact, such as "SHOUT to 85258" (called ``text`` before 0.2)."""
    hours: Text | None = None
    cost: Text | None = None
    languages: list[Text] = Field(default_factory=list)
    crisis: bool = False
    """True for crisis and suicide-prevention lines printed on every crisis plan."""
    last_verified: dt.date | None = None
    """When the contact details were last checked against their source."""
    source: Text | None = None
    """Where the contact details were checked, in words: a page title or a citation."""
    source_url: Url | None = None
    """The service's own page that the contact details were checked against."""
    verified: bool = True
    """False when the number could not be found on a primary page: printouts say to check it."""
    notes: Text | None = None

    @model_validator(mode="after")
    def _contact_rules(self) -> Resource:
        needs_check = self.crisis or self.kind in (ResourceKind.HELPLINE, ResourceKind.EMERGENCY)
        if needs_check:
            if not (self.phone or self.sms):
                raise ValueError("a helpline, emergency or crisis entry needs a phone or an sms")
            if self.last_verified is None or (self.source is None and self.source_url is None):
                raise ValueError(
                    "a helpline, emergency or crisis entry needs last_verified and source_url"
                )
        return self

    @property
    def is_contact_line(self) -> bool:
        return self.crisis or self.kind in (ResourceKind.HELPLINE, ResourceKind.EMERGENCY)


class Situation(Strict):
    """A quick card for a difficult moment in a meeting (facilitators only)."""

    id: Slug
    title: Text
    crisis: bool = False
    """True when the card is about safety: the emergency step comes first."""
    tags: list[Tag] = Field(default_factory=list)
    stages: list[Stage] = Field(default_factory=list)
    signs: list[Text] = Field(min_length=1)
    """How you notice it."""
    now: list[Text] = Field(min_length=1)
    """What to do in the moment, in order."""
    say: list[Text] = Field(min_length=1)
    """Words a facilitator can use."""
    after: list[Text] = Field(default_factory=list)
    """What to do after the meeting."""
    refer_when: list[Text] = Field(min_length=1)
    """When peer support is not enough, and where to point."""
    resources: list[Slug] = Field(default_factory=list)


class PromptKind(StrEnum):
    CHECK_IN = "check-in"
    CHECK_OUT = "check-out"


class PoolPrompt(Strict):
    """A general check-in or check-out prompt, not tied to a topic."""

    text: Text
    kind: PromptKind
    depth: Depth = Depth.LIGHT
    stages: list[Stage] = Field(default_factory=list)
    """Stages it suits; empty means any."""
    tags: list[Tag] = Field(default_factory=list)
    flags: list[ContentFlag] = Field(default_factory=list)
    """What it touches (death, substances, work ...), so groups that leave that out skip it."""
    id: Slug | None = None

    @property
    def key(self) -> str:
        return self.id or text_key(self.text)


class RuleCategory(StrEnum):
    CONFIDENTIALITY = "confidentiality"
    PARTICIPATION = "participation"
    RESPECT = "respect"
    SAFETY = "safety"
    LOGISTICS = "logistics"
    ONLINE = "online"


class GroundRule(Strict):
    """One rule of a group's agreement."""

    id: Slug
    text: Text
    """The rule, in the group's words."""
    why: Text | None = None
    """A short reason."""
    category: RuleCategory = RuleCategory.RESPECT


class GroundRulePreset(Strict):
    """A starting set of ground rules."""

    id: Slug
    title: Text
    description: Text | None = None
    rules: list[GroundRule] = Field(min_length=1)


# The top-level shapes of each catalog file.


class TopicsFile(Strict):
    version: Literal[1]
    topics: list[Topic] = Field(default_factory=list)


class ResourcesFile(Strict):
    version: Literal[1]
    resources: list[Resource] = Field(default_factory=list)


class SituationsFile(Strict):
    version: Literal[1]
    situations: list[Situation] = Field(default_factory=list)


class PromptsFile(Strict):
    version: Literal[1]
    prompts: list[PoolPrompt] = Field(default_factory=list)


class GroundRulePresetsFile(Strict):
    version: Literal[1]
    presets: list[GroundRulePreset] = Field(default_factory=list)
