"""The strict base model and the small types every catalog file shares."""

from __future__ import annotations

import hashlib
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"

Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=64)]
"""A lowercase id: letters, digits and single hyphens, such as ``trust-after-betrayal``."""

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000)]
"""Non-empty text; surrounding spaces are removed."""

Tag = Annotated[str, StringConstraints(strip_whitespace=True, pattern=SLUG_PATTERN, max_length=40)]


class Strict(BaseModel):
    """Unknown keys are errors, values are never coerced silently, models never change.

    Validators are built the first time a model validates something (``defer_build``): a
    command that reads its catalog from the cache never builds them, and that is most of its
    start-up time. The attribute docstrings below each field become descriptions in the JSON
    Schema (see :mod:`facilitate.catalog.schema`), not at import, which would cost as much.
    """

    model_config = ConfigDict(
        defer_build=True,
        extra="forbid",
        frozen=True,
        hide_input_in_errors=True,
        validate_default=True,
    )


class Stage(StrEnum):
    """Tuckman's stages of group development."""

    FORMING = "forming"
    STORMING = "storming"
    NORMING = "norming"
    PERFORMING = "performing"
    ADJOURNING = "adjourning"


class Depth(StrEnum):
    """How much a prompt asks of a member: light suits newcomers and first meetings."""

    LIGHT = "light"
    MEDIUM = "medium"
    DEEP = "deep"


class GroupType(StrEnum):
    GENERAL = "general"
    WORKPLACE_BULLYING = "workplace-bullying"
    MENTAL_HEALTH = "mental-health"
    RECOVERY = "recovery"
    BEREAVEMENT = "bereavement"
    CHRONIC_ILLNESS = "chronic-illness"


class MeetingFormat(StrEnum):
    """How a group runs its meetings (see planning/formats.py for each one's parts)."""

    DISCUSSION = "discussion"
    """Prompts and follow-ups for open talk, with an activity: the agenda's usual shape."""
    SHARING_CIRCLE = "sharing-circle"
    """A short opening, then rounds where each person shares in turn, for a set time."""
    PSYCHOEDUCATIONAL = "psychoeducational"
    """A short piece of information on the topic, then talk that links it to our own lives."""


class ContentFlag(StrEnum):
    """What a topic or prompt touches, so a group type can leave out what does not fit it."""

    DEATH = "death"
    SUICIDE = "suicide"
    SUBSTANCES = "substances"
    HEALTH = "health"
    WORK = "work"
    FAMILY = "family"
    LOOKING_AHEAD = "looking-ahead"
    LEGAL = "legal"
    MONEY = "money"


def text_key(text: str) -> str:
    """A short, stable id for an item that has none of its own, derived from its text."""
    return "t" + hashlib.sha1(" ".join(text.split()).lower().encode()).hexdigest()[:7]
