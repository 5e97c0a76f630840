"""The situation cards as printed things: one card for the terminal, or a whole deck."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from facilitate.catalog.layers import Catalog
from facilitate.errors import UserError
from facilitate.group.group import Group
from facilitate.group.safety import CrisisLines
from facilitate.models.catalog import Resource, Situation
from facilitate.render.cards import layout, metrics


def _card_resources(catalog: Catalog, situations: Sequence[Situation]) -> dict[str, Resource]:
    items = catalog.resources.items
    return {ref: items[ref] for s in situations for ref in s.resources if ref in items}


def render_card(catalog: Catalog, situation: Situation, crisis: CrisisLines) -> str:
    """One card as Markdown, for the terminal (``situations show``)."""
    from facilitate.render.env import render

    context = {
        "s": situation,
        "resources": _card_resources(catalog, [situation]),
        "crisis": crisis,
        "deck": False,
    }
    return render("situation", context, "md")


def render_deck(
    group: Group,
    situations: Sequence[Situation],
    crisis: CrisisLines,
    fmt: str,
    paper: str | None = None,
) -> str | bytes:
    """A printable deck: Markdown, HTML or PDF, two to four cards on each printed page.

    ``paper`` is the size asked for; by default the group's, else A4.
    """
    from facilitate.documents.catalog import render_document
    from facilitate.render.formats import resolve_paper

    paper = resolve_paper(paper, group.profile)
    cards = list(situations)
    if not cards:
        raise UserError("no situation cards to print")
    resources = _card_resources(group.catalog, cards)
    context: dict[str, Any] = {
        "cards": cards,
        "resources": resources,
        "crisis": crisis,
        "sheets": layout(cards, crisis, paper, resources),
        "m": metrics(paper),
        "paper": paper,
        "large_print": False,
    }
    return render_document("situations", context, fmt)
