"""Checks that keep member-facing text plain and prompts open: reading grade and openers."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from facilitate.catalog.layers import Catalog

# A prompt that starts with one of these asks for yes or no (or, with "why", for a defence).
CLOSED_OPENERS = frozenset(
    [
        "why",
        "do",
        "does",
        "did",
        "are",
        "is",
        "was",
        "were",
        "have",
        "has",
        "had",
        "can",
        "could",
        "will",
        "would",
        "should",
        "shall",
        "may",
        "am",
        "isn't",
        "aren't",
        "don't",
        "didn't",
        "won't",
    ]
)
MIN_WORDS_FOR_GRADE = 5  # reading formulas mean little on a title of two or three words

_URL = re.compile(r"https?://\S+|\b\S+\.(?:org|com|gov|net|ca|uk|au|nz|ie)\S*")
_NUMBER = re.compile(r"\b[\d][\d\s\-/:]*\b")
_MID_CAPITAL = re.compile(r"(?<=[a-z,;] )[A-Z][a-zA-Z]+")


@dataclass(frozen=True)
class Field:
    where: str
    text: str
    prompt: bool = False


def first_word(text: str) -> str:
    match = re.match(r"\W*([A-Za-z']+)", text)
    return match.group(1).lower() if match else ""


def is_closed(text: str) -> bool:
    """True for a question that starts as a yes/no or a why question."""
    return first_word(text) in CLOSED_OPENERS


def plain_for_grading(text: str) -> str:
    """The text as a reading formula should see it: no URLs, numbers or proper names."""
    text = _URL.sub("site", text)
    text = _NUMBER.sub("ten ", text)
    return _MID_CAPITAL.sub("Sam", text)


def grade(text: str) -> float | None:
    """Flesch-Kincaid grade of a field, or None when the field is too short to measure."""
    import textstat

    cleaned = plain_for_grading(text)
    if len(cleaned.split()) < MIN_WORDS_FOR_GRADE:
        return None
    return float(textstat.flesch_kincaid_grade(cleaned))


def member_fields(catalog: Catalog) -> Iterator[Field]:
    """Every field a member reads or hears: summaries, prompts, steps, ground rules, pools."""
    for t in catalog.topics.values():
        base = f"topics/{t.id}"
        yield Field(f"{base}.summary", t.summary)
        if t.introduction:
            yield Field(f"{base}.introduction", t.introduction)
        for i, p in enumerate(t.check_in):
            yield Field(f"{base}.check_in[{i}]", p.text, prompt=True)
        for i, d in enumerate(t.discussion):
            yield Field(f"{base}.discussion[{i}]", d.prompt, prompt=True)
            for j, f in enumerate(d.follow_ups):
                yield Field(f"{base}.discussion[{i}].follow_ups[{j}]", f, prompt=True)
        for i, a in enumerate(t.activities):
            for j, s in enumerate(a.steps):
                yield Field(f"{base}.activities[{i}].steps[{j}]", s)
        for i, p in enumerate(t.check_out):
            yield Field(f"{base}.check_out[{i}]", p.text, prompt=True)
    for key, pp in catalog.prompts.items.items():
        yield Field(f"prompts/{key}", pp.text, prompt=True)
    for preset in catalog.presets.values():
        for rule in preset.rules:
            yield Field(f"presets/{preset.id}/{rule.id}.text", rule.text)
            if rule.why:
                yield Field(f"presets/{preset.id}/{rule.id}.why", rule.why)
    for r in catalog.resources.values():
        if r.audience.value != "facilitators":
            yield Field(f"resources/{r.id}.description", r.description)
    for card in catalog.situations.values():
        for i, phrase in enumerate(card.say):
            yield Field(f"situations/{card.id}.say[{i}]", phrase)
