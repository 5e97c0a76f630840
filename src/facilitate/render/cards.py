"""Laying situation cards out on paper, from the font's metrics.

Each printed page is two columns; a column holds one card or two stacked ones. The pages are
planned here, from an estimate of each card's height, rather than left to the print engine,
so that every page holds two to four whole cards; each page is then a grid of its own. The
sizes below are also the deck's CSS (the HTML template reads them), so the two agree.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from facilitate.models.catalog import Resource, Situation
from facilitate.render.measure import MM, text_lines

if TYPE_CHECKING:
    from facilitate.group.safety import CrisisLines


_MM = MM


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


def metrics(paper: str = "a4") -> Metrics:
    from facilitate.models.workspace import Paper

    width, height = Paper(paper).size_mm
    return Metrics(page_w=width, page_h=height)


def _text_lines(text: str, width_mm: float, size_pt: float, bold: bool = False) -> int:
    return text_lines(text, width_mm, size_pt, bold)


def card_height(
    s: Situation,
    crisis: CrisisLines,
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
        height += _text_lines(_numbers_lead(crisis), box, m.font, bold=True) * body
        height += items(_numbers_items(crisis), box - m.indent)
    return height * 1.02 + 1.5 * _MM


def _resource_line(r: Resource | None) -> str:
    if r is None:
        return "x" * 120  # unknown here: count it as two full lines
    from facilitate.render.filters import contact

    line = r.title + (f", {r.by}" if r.by else "")
    if not r.url and (r.phone or r.sms):
        line += f": {contact(r)}"
    return line


def _for_line(s: Situation) -> str:
    tail = (
        "Crisis card: safety comes first."
        if s.crisis
        else "A quick card for a hard moment in a meeting."
    )
    return f"For facilitators only. {tail}"


def _numbers_lead(crisis: CrisisLines) -> str:
    """The numbers box's first line, as the crisis macro prints it (templates/_crisis.j2.*)."""
    return crisis.lead


def _numbers_items(crisis: CrisisLines) -> list[str]:
    """The box's items, as the crisis macro prints them on a card: lines, local, blanks."""
    from facilitate.render.filters import contact

    found = [f"{r.title}: {contact(r)}" for r in crisis.lines]
    found += [f"{c.label}: {c.phone or ''} ({c.details or ''})" for c in crisis.local]
    found += [f"{b.label}: ______________ ({b.note})" for b in crisis.blanks]
    return found


Column = list[Situation]


Sheet = list[Column]


def layout(
    cards: Sequence[Situation],
    crisis: CrisisLines,
    paper: str = "a4",
    resources: Mapping[str, Resource] | None = None,
) -> list[Sheet]:
    """Cards in order on the fewest pages: two columns, one or two cards in each column.

    Every page holds two to four cards; a page with one card only appears when a card is too
    tall to share a page, or the deck has one card.
    """
    m = metrics(paper)
    heights = [card_height(s, crisis, paper, resources) for s in cards]
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
