"""Checks that keep member-facing text plain and prompts open: reading grade and openers."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

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
        yield from _format_fields(t, base)
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


def _format_fields(t: Any, base: str) -> Iterator[Field]:
    """A topic's psychoeducational parts: information points, its questions, the worksheet."""
    if t.information is not None:
        for i, point in enumerate(t.information.points):
            yield Field(f"{base}.information.points[{i}]", point.text)
        for i, d in enumerate(t.information.prompts):
            yield Field(f"{base}.information.prompts[{i}]", d.prompt, prompt=True)
            for j, f in enumerate(d.follow_ups):
                yield Field(f"{base}.information.prompts[{i}].follow_ups[{j}]", f, prompt=True)
    if t.worksheet is not None:
        yield Field(f"{base}.worksheet.intro", t.worksheet.intro)
        for i, item in enumerate(t.worksheet.items):
            yield Field(f"{base}.worksheet.items[{i}]", item.prompt, prompt=True)
    for i, line in enumerate(t.try_next):
        yield Field(f"{base}.try_next[{i}]", line)


# -- safety rules (issue 14) -------------------------------------------------------------------

EAP_CAVEAT = (
    "An EAP is paid for by the employer: use one only if you trust it, and know that help "
    "outside work is there too."
)
"""Said wherever the catalog suggests an employee assistance programme."""

_EAP = re.compile(r"\bEAPs?\b|employee assistance", re.IGNORECASE)


def lacks_eap_caveat(text: str) -> bool:
    """Whether a text suggests an EAP without saying who pays for it and that other help exists."""
    return bool(_EAP.search(text)) and EAP_CAVEAT not in " ".join(text.split())


_DISCOURAGES = re.compile(
    r"\b(?:do not|don't|never|avoid|no need to)\s+(?:\w+\s+){0,3}?"
    r"(?:ask|asking|mention|raise|bring up|talk about)\s+(?:\w+\s+){0,3}?"
    r"(?:suicide|suicidal|method|methods|means|a plan|plans|how they would)\b",
    re.IGNORECASE,
)


def discourages_asking(text: str) -> bool:
    """Whether a sentence tells a helper not to ask about suicide, a plan or the means.

    Lay suicide-prevention guidance (988's #BeThe1To, Mental Health First Aid) says to ask
    directly. Printing *method details* is another matter: that stays out, and this check
    does not flag it.
    """
    return bool(_DISCOURAGES.search(text))


_LIMIT_WORDS = {
    "serious risk of harm": re.compile(r"serious risk of harm", re.IGNORECASE),
    "a child at risk": re.compile(r"\bchild(?:ren)?\b", re.IGNORECASE),
    "a legal process": re.compile(r"\blegal\b|\bcourt\b|\btribunal\b", re.IGNORECASE),
}
_NO_GUARANTEE = re.compile(
    r"(?:cannot|can't|can not|no (?:peer )?group can|nobody can|no one can)\s+(?:\w+\s+){0,3}?"
    r"(?:guarantee|promise)",
    re.IGNORECASE,
)


def confidentiality_gaps(text: str) -> list[str]:
    """What an honest confidentiality statement leaves out: its limits, and that it is a promise
    to try, not a guarantee."""
    gaps = [name for name, rx in _LIMIT_WORDS.items() if not rx.search(text)]
    if not _NO_GUARANTEE.search(text):
        gaps.append("that privacy cannot be guaranteed")
    return gaps


# Pairs of (what a topic's "avoid" note warns against, what a prompt would then contradict).
_AVOID_PAIRS: tuple[tuple[re.Pattern[str], re.Pattern[str], str], ...] = tuple(
    (re.compile(a, re.IGNORECASE), re.compile(p, re.IGNORECASE), why)
    for a, p, why in (
        (r"what (?:they|you|the person|someone|members?) did wrong", r"what (?:you|they|I|we) did wrong", "asks what the member did wrong"),  # noqa: E501
        (r"\b(?:rate|rating|score|scoring|number)s?\b.*\b(?:aloud|out loud)\b", r"\b(?:rate|score)\b|scale of|\bout of (?:ten|10)\b|\b(?:1|one) to (?:10|ten)\b", "asks for a score"),  # noqa: E501
        (r"\blet(?:ting)? go\b", r"\blet(?:ting)? go\b", "asks members to let go"),
        (r"\bcompar(?:e|ing)\b", r"\bcompar(?:e|ing)\b", "asks members to compare"),
        (r"\bmoving on\b|\bmove on\b", r"\bmov(?:e|ing) on\b", "asks members to move on"),
        (r"\bforgive", r"\bforgive (?:them|him|her|the|yourself)\b", "asks members to forgive"),
    )
)  # fmt: skip
_SCORE = _AVOID_PAIRS[1][1]


def prompt_avoid_conflicts(topic: Any) -> list[tuple[str, str]]:
    """Prompts of a topic that do what its own "avoid" notes warn against: (prompt, why)."""
    avoid = " ".join(topic.facilitator_notes.avoid)
    prompts = [p.text for p in topic.check_in] + [p.text for p in topic.check_out]
    prompts += [d.prompt for d in topic.discussion] + [
        f for d in topic.discussion for f in d.follow_ups
    ]
    found: list[tuple[str, str]] = []
    for warned, asks, why in _AVOID_PAIRS:
        if warned.search(avoid):
            found.extend((text, why) for text in prompts if asks.search(text))
    return found


def scores_aloud_in_light_check_ins(topic: Any) -> list[str]:
    """Light check-in prompts that ask a member to put a number on how they feel."""
    return [p.text for p in topic.check_in if p.depth == "light" and _SCORE.search(p.text)]
