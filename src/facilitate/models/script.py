"""data/script.yaml: what each part of a meeting is for, words to use, stage guidance."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from facilitate.models.base import Stage, Strict, Text


class SegmentScript(Strict):
    title: Text
    """Printed on the member handout."""
    purpose: Text
    """One line for members: what this part is for."""
    say: list[Text] = Field(default_factory=list)
    """Words the facilitator can use; {end} becomes the meeting's end, {next} this part's end."""
    tips: list[Text] = Field(default_factory=list)


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
    stages: dict[Stage, StageGuidance]
    preparation: Preparation
