"""Quick cards for difficult moments in a meeting (facilitators only): pick, check and render.

The cards come from the situations catalog. Crisis cards always come first, and each one
carries the emergency number and crisis lines of the group's region, or a blank to fill in.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from facilitate.catalog.layers import Catalog
from facilitate.catalog.messages import closest
from facilitate.errors import UserError
from facilitate.group.safety import CrisisPlan, crisis_plan
from facilitate.models.catalog import Resource, Situation, Topic
from facilitate.models.workspace import Profile

ALWAYS: tuple[str, ...] = ("risk-of-harm", "member-very-distressed")
"""Crisis cards every agenda carries, whatever its topic (a deck carries every crisis card)."""

PAPERS = ("a4", "letter")


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


def region_code(region: str | None) -> str | None:
    """A two-letter country code from user input (UK means GB), or a clear error."""
    if region is None or not region.strip():
        return None
    code = region.strip().upper()
    code = "GB" if code == "UK" else code
    if not re.fullmatch(r"[A-Z]{2}", code):
        raise UserError(
            f"--region '{region}' is not a country code; use two letters such as US, CA, GB, "
            "IE, AU or NZ"
        )
    return code


def numbers_for(catalog: Catalog, profile: Profile | None, region: str | None) -> CrisisPlan:
    """Emergency numbers and crisis lines for the option's region, else the profile's."""
    return crisis_plan(catalog, profile, region_code(region))


# -- rendering ---------------------------------------------------------------------------------


def _card_resources(catalog: Catalog, situations: Sequence[Situation]) -> dict[str, Resource]:
    items = catalog.resources.items
    return {ref: items[ref] for s in situations for ref in s.resources if ref in items}


def render_card(catalog: Catalog, situation: Situation, plan: CrisisPlan) -> str:
    """One card as Markdown, for the terminal (``situations show``)."""
    from facilitate.render.env import render

    context = {
        "s": situation,
        "resources": _card_resources(catalog, [situation]),
        "plan": plan,
        "deck": False,
    }
    return render("situation", context, "md")


def render_deck(
    catalog: Catalog,
    situations: Sequence[Situation],
    plan: CrisisPlan,
    fmt: str,
    paper: str = "a4",
) -> str | bytes:
    """A printable deck: Markdown, HTML or PDF, two to four cards on each printed page."""
    from facilitate.documents.catalog import render_document

    if paper not in PAPERS:
        raise UserError(f"--paper '{paper}' is not known (choose from: a4, letter)")
    cards = list(situations)
    if not cards:
        raise UserError("no situation cards to print")
    resources = _card_resources(catalog, cards)
    context: dict[str, Any] = {
        "cards": cards,
        "resources": resources,
        "plan": plan,
        "sheets": layout(cards, plan, paper, resources),
        "m": metrics(paper),
        "paper": paper,
        "large_print": False,
    }
    return render_document("situations", context, fmt)


# -- laying cards out on paper -----------------------------------------------------------------
#
# Each printed page is two columns; a column holds one card or two stacked ones. The pages are
# planned here, from an estimate of each card's height, rather than left to the print engine,
# so that every page holds two to four whole cards; each page is then a grid of its own. The
# sizes below are also the deck's CSS (the HTML template reads them), so the two agree.

_MM = 72 / 25.4  # points in a millimetre

# Advance widths of DejaVu Sans (the first font of the print CSS), in hundredths of an em,
# for the printable ASCII characters from space to tilde. Other characters count as wide.
_WIDTHS = (
    "32 40 46 84 64 95 78 27 39 39 50 84 32 36 32 34 64 64 64 64 64 64 64 64 64 64 34 34 84 84 "
    "84 53 100 68 69 70 77 63 58 77 75 29 29 66 56 86 75 79 60 79 69 63 61 73 68 99 69 61 69 39 "
    "34 39 84 50 50 61 63 55 63 62 35 63 63 28 28 58 28 97 63 61 63 63 41 52 39 63 59 82 59 59 "
    "52 64 34 64 84"
)
_EM = {chr(32 + i): int(w) / 100 for i, w in enumerate(_WIDTHS.split())}
_WIDE = 0.7
_BOLD = 1.1  # bold is about a tenth wider


@dataclass(frozen=True)
class Metrics:
    """Sizes of the printed deck, in millimetres and points."""

    page_w: float  # mm
    page_h: float  # mm
    margin_top: float = 12.0
    margin_side: float = 12.0
    margin_bottom: float = 15.0  # room for the page footer
    column_gap: float = 5.0
    card_gap: float = 4.0
    pad_v: float = 2.5
    pad_h: float = 3.0
    border: float = 0.6  # the crisis border (2px), the wider of the two
    indent: float = 4.0  # list items
    font: float = 7.5  # pt
    line: float = 1.3
    title: float = 10.0  # pt
    first_page: float = 24.0  # mm: the deck's heading and note

    @property
    def column(self) -> float:
        return (self.page_w - 2 * self.margin_side - self.column_gap) / 2

    @property
    def room(self) -> float:
        """Height of one column of a page, in points."""
        return (self.page_h - self.margin_top - self.margin_bottom) * _MM


PAPER_SIZES = {"a4": (210.0, 297.0), "letter": (215.9, 279.4)}


def metrics(paper: str = "a4") -> Metrics:
    width, height = PAPER_SIZES[paper]
    return Metrics(page_w=width, page_h=height)


def _text_lines(text: str, width_mm: float, size_pt: float, bold: bool = False) -> int:
    """Lines a paragraph wraps to at a width, filling each line greedily word by word."""
    room = width_mm * _MM / size_pt  # in ems
    scale = _BOLD if bold else 1.0
    space = _EM[" "] * scale
    lines, used = 1, 0.0
    for word in text.split():
        size = sum(_EM.get(ch, _WIDE) for ch in word) * scale
        if used and used + space + size > room:
            lines += 1
            used = size
        else:
            used += (space if used else 0.0) + size
        while used > room:  # a word longer than the line breaks where it must
            lines += 1
            used -= room
    return lines


def card_height(
    s: Situation,
    plan: CrisisPlan,
    paper: str = "a4",
    resources: Mapping[str, Resource] | None = None,
) -> float:
    """Estimated height of a printed card, in points, erring on the tall side."""
    m = metrics(paper)
    inner = m.column - 2 * (m.pad_h + m.border)
    body = m.font * m.line
    heading = (1.8 + 0.4) * _MM + m.font * 1.2

    def items(texts: Sequence[str], width: float, extra: str = "") -> float:
        return sum(_text_lines(t + extra, width, m.font) for t in texts) * body

    height = 2 * (m.pad_v + m.border) * _MM
    height += _text_lines(s.title, inner, m.title, bold=True) * m.title * 1.2 + 0.8 * _MM
    height += _text_lines(_for_line(s), inner, m.font, bold=True) * body
    item = inner - m.indent
    for texts, extra in (
        (s.signs, ""),
        (s.now, ""),
        (s.say, "“”"),
        (s.after, ""),
        (s.refer_when, ""),
    ):
        if texts:
            height += heading + items(texts, item, extra)
    if s.resources:
        known = resources or {}
        height += heading + items([_resource_line(known.get(ref)) for ref in s.resources], item)
    if s.crisis:
        box = inner - 4.8  # padding and the left border of the numbers box
        height += (1.8 + 2.5) * _MM
        height += _text_lines(_numbers_lead(plan), box, m.font, bold=True) * body
        height += items(_numbers_items(plan), box - m.indent)
    return height * 1.02 + 1.5 * _MM


def _resource_line(r: Resource | None) -> str:
    if r is None:
        return "x" * 120  # unknown here: count it as two full lines
    from facilitate.render.filters import contact

    line = r.title + (f", {r.by}" if r.by else "")
    if not r.url and (r.phone or r.text):
        line += f": {contact(r)}"
    return line


def _for_line(s: Situation) -> str:
    tail = (
        "Crisis card: safety comes first."
        if s.crisis
        else "A quick card for a hard moment in a meeting."
    )
    return f"For facilitators only. {tail}"


def _numbers_lead(plan: CrisisPlan) -> str:
    """The words of the numbers box's first line, as the templates print them."""
    if plan.emergency:
        phones = " or ".join(r.phone or r.text or "" for r in plan.emergency)
        return (
            f"If anyone is in danger now, call {phones} "
            f"(the emergency number for {plan.region}). Crisis lines:"
        )
    return (
        "Emergency number: ______________ (add your local emergency number; "
        f"none is known for {plan.region or 'XX'}). Crisis lines:"
    )


def _numbers_items(plan: CrisisPlan) -> list[str]:
    from facilitate.render.filters import contact

    found = [f"{r.title}: {contact(r)}" for r in plan.lines]
    if not plan.lines:
        found.append("Crisis line: ______________ (add a local crisis line)")
    found += [f"{c.label}: {c.phone or ''} ({c.details or ''})" for c in plan.local]
    return found


Column = list[Situation]
Sheet = list[Column]


def layout(
    cards: Sequence[Situation],
    plan: CrisisPlan,
    paper: str = "a4",
    resources: Mapping[str, Resource] | None = None,
) -> list[Sheet]:
    """Cards in order on the fewest pages: two columns, one or two cards in each column.

    Every page holds two to four cards; a page with one card only appears when a card is too
    tall to share a page, or the deck has one card.
    """
    m = metrics(paper)
    heights = [card_height(s, plan, paper, resources) for s in cards]
    lone_cost = 1000  # a one-card page only when nothing else fits
    # best[i]: the cheapest plan for the first i cards, as (cost, pages of columns of indexes)
    best: list[tuple[int, list[list[list[int]]]] | None] = [None] * (len(cards) + 1)
    best[0] = (0, [])
    for end in range(1, len(cards) + 1):
        for size in (4, 3, 2, 1):
            start = end - size
            prev = best[start] if start >= 0 else None
            if prev is None:
                continue
            room = m.room - (m.first_page * _MM if start == 0 else 0.0)
            split = _split(heights[start:end], room, m.card_gap * _MM)
            if split is None:
                continue
            cost = prev[0] + (lone_cost if size == 1 else 1)
            current = best[end]
            if current is None or cost < current[0]:
                page = [[start + i for i in column] for column in split]
                best[end] = (cost, [*prev[1], page])
    final = best[-1]
    assert final is not None  # a page of one card always fits
    return [[[cards[i] for i in column] for column in page] for page in final[1]]


def _split(heights: Sequence[float], room: float, gap: float) -> list[list[int]] | None:
    """Two columns for the cards of one page, or None when they do not fit."""

    def fits(column: Sequence[int]) -> bool:
        return sum(heights[i] for i in column) + gap * (len(column) - 1) <= room

    options = {
        1: [[[0]]],
        2: [[[0], [1]]],
        3: [[[0, 1], [2]], [[0], [1, 2]]],
        4: [[[0, 1], [2, 3]]],
    }[len(heights)]
    for columns in options:
        if len(heights) == 1 or all(fits(c) for c in columns):
            return columns
    return None
