"""Quick cards for difficult moments in a meeting (facilitators only): which cards fit, checked.

The cards come from the situations catalog. Crisis cards always come first, and each one
carries the emergency number and crisis lines of the group's region, or a blank to fill in.
The printed cards are ``documents/situations.py``; their layout on paper ``render/cards.py``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from facilitate.catalog.layers import Catalog
from facilitate.catalog.messages import closest
from facilitate.errors import UserError
from facilitate.group.group import Group
from facilitate.group.safety import CrisisLines, crisis_lines
from facilitate.models.catalog import Situation, Topic

ALWAYS: tuple[str, ...] = ("risk-of-harm", "member-very-distressed")
"""Crisis cards every agenda carries, whatever its topic (a deck carries every crisis card)."""


# -- choosing cards ----------------------------------------------------------------------------


def crisis_first(situations: Iterable[Situation]) -> list[Situation]:
    """Crisis cards first, each group in catalog order (the order of every deck)."""
    items = list(situations)
    return [s for s in items if s.crisis] + [s for s in items if not s.crisis]


def situation_tags(catalog: Catalog) -> list[str]:
    return sorted({t for s in catalog.situations.values() for t in s.tags})


def filter_situations(
    catalog: Catalog,
    *,
    tag: str | None = None,
    crisis: bool = False,
    search: str | None = None,
) -> list[Situation]:
    """Cards with the tag, only crisis cards, and/or every search word somewhere in the card."""
    found = catalog.situations.values()
    if tag:
        wanted = _known_tag(catalog, tag)
        found = [s for s in found if wanted in s.tags]
    if crisis:
        found = [s for s in found if s.crisis]
    if search:
        words = search.lower().split()
        found = [s for s in found if all(w in _haystack(s) for w in words)]
    return found


def _known_tag(catalog: Catalog, tag: str) -> str:
    wanted = tag.strip().lower()
    tags = situation_tags(catalog)
    if wanted not in tags:
        near = closest(wanted, tags, n=1)
        hint = f"; did you mean '{near[0]}'?" if near else ""
        raise UserError(f"no situation card has the tag '{tag}'{hint}")
    return wanted


def _haystack(s: Situation) -> str:
    parts = [s.id, s.title, *s.tags, *s.signs, *s.now, *s.say, *s.after, *s.refer_when]
    return " ".join(parts).lower()


def deck_situations(catalog: Catalog, tag: str | None = None) -> list[Situation]:
    """The cards of a printed deck: all of them, or those with the tag plus every crisis card."""
    chosen = catalog.situations.values()
    if tag:
        wanted = _known_tag(catalog, tag)
        chosen = [s for s in chosen if s.crisis or wanted in s.tags]
    return crisis_first(chosen)


def relevant_situations(
    catalog: Catalog, topic: Topic | None, stage: str | None, limit: int = 4
) -> list[Situation]:
    """The cards an agenda's facilitator page should carry for this topic and stage.

    The core crisis cards (risk of harm, a very distressed member) always come first, even
    beyond ``limit``. The rest of the room goes to the cards whose tags and stages best match
    the topic and the stage; ties keep catalog order, and cards that match nothing are left out.
    """
    cards = catalog.situations.values()
    by_id = {s.id: s for s in cards}
    always = [by_id[i] for i in ALWAYS if i in by_id]
    if not always:  # a catalog without the built-in ids still gets its crisis cards
        always = [s for s in cards if s.crisis]
    chosen_ids = {s.id for s in always}

    topic_tags = set(topic.tags) if topic else set()
    topic_stages = {str(x) for x in topic.stages} if topic else set()
    wanted_stage = stage.strip().lower() if stage else None

    def score(s: Situation) -> int:
        stages = {str(x) for x in s.stages}
        points = 3 * len(topic_tags & set(s.tags))
        if wanted_stage is not None:
            points += 2 if wanted_stage in stages else 0
        elif topic_stages & stages:
            points += 1
        return points

    ranked = sorted(
        ((score(s), index, s) for index, s in enumerate(cards) if s.id not in chosen_ids),
        key=lambda entry: (-entry[0], entry[1]),
    )
    room = max(limit - len(always), 0)
    extra = [s for points, _, s in ranked if points > 0][:room]
    return always + extra


# -- checking the words on the cards -----------------------------------------------------------

_PROMISES = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"\b(?:I|we)(?:'ll| will| do)? promise\b",
        r"\bpromise (?:you|that|not to tell|I won't)\b",
        r"\b(?:won't|will not|never|wouldn't) tell (?:anyone|anybody|a soul|a single)\b",
        r"\bkeep (?:it|this|that|your \w+) (?:a )?secret\b",
        r"\bno one (?:else )?will (?:ever )?know\b",
        r"\bstays? (?:just )?between (?:us|you and me)\b",
    )
]
_BETWEEN_US = re.compile(r"\bbetween (?:us|you and me)\b", re.IGNORECASE)
_NEGATION = re.compile(r"\b(?:can't|cannot|can not|won't|not|never)\b", re.IGNORECASE)


def promises_secrecy(text: str) -> bool:
    """True when words offer a secrecy a facilitator may not be able to keep."""
    if any(p.search(text) for p in _PROMISES):
        return True
    return bool(_BETWEEN_US.search(text)) and not _NEGATION.search(text)


def card_problems(s: Situation, resource_ids: Iterable[str]) -> list[str]:
    """What a card needs before it can be printed: the house rules for every card's words."""
    problems: list[str] = []
    known = set(resource_ids)
    if len(s.say) < 2:
        problems.append(f"{s.id}: give at least two 'say' phrases")
    if not s.refer_when:
        problems.append(f"{s.id}: add 'refer_when' (when peer support is not enough)")
    for ref in s.resources:
        if ref not in known:
            problems.append(f"{s.id}: resource '{ref}' is not in the catalog")
    if s.crisis and not any("emergency" in step.lower() for step in s.now):
        problems.append(f"{s.id}: a crisis card's 'now' must name the emergency step")
    texts = [*s.signs, *s.now, *s.say, *s.after, *s.refer_when]
    for text in texts:
        if promises_secrecy(text):
            problems.append(f"{s.id}: never promise secrecy: {text!r}")
    return problems


# -- the region's numbers ----------------------------------------------------------------------


def numbers_for(group: Group, region: str | None) -> CrisisLines:
    """Emergency numbers and crisis lines for the option's region, else the group's."""
    return crisis_lines(group.catalog, group.profile, region)
