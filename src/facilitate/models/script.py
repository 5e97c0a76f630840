"""data/script.yaml: what each part of a meeting is for, words to use, stage guidance."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from facilitate.models.base import MeetingFormat, Stage, Strict, Text


class SegmentScript(Strict):
    title: Text
    """Printed on the member handout."""
    purpose: Text
    """One line for members: what this part is for."""
    say: list[Text] = Field(default_factory=list)
    """Words the facilitator can use; {end} becomes the meeting's end, {next} this part's end."""
    tips: list[Text] = Field(default_factory=list)
    newcomers: list[Text] = Field(default_factory=list)
    """Words to add when new members join this meeting."""


class FormatScript(Strict):
    """A meeting format as a newcomer hears of it."""

    title: Text
    summary: Text
    """One or two sentences for members: how a meeting runs in this format."""
    parts: list[str] = Field(min_length=1)
    """The kinds of part a meeting has, in order (as the planner names them)."""


class WelcomeScript(Strict):
    """The fixed words of the welcome sheet for newcomers."""

    is_: list[Text] = Field(alias="is", min_length=1)
    """What the group is."""
    is_not: list[Text] = Field(min_length=1)
    """What the group is not."""
    confidentiality: Text
    """Confidentiality and its limits, honestly stated."""
    passing: Text
    first_time: list[Text] = Field(default_factory=list)
    """Tips for a first visit."""


class StageGuidance(Strict):
    focus: Text
    tips: list[Text] = Field(min_length=1)


class Preparation(Strict):
    always: list[Text]
    in_person: list[Text]
    online: list[Text]


class ScriptFile(Strict):
    version: Literal[1]
    segments: dict[str, SegmentScript]
    formats: dict[MeetingFormat, FormatScript]
    welcome: WelcomeScript
    stages: dict[Stage, StageGuidance]
    preparation: Preparation
