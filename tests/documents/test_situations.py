"""The printed situation cards: one card for the terminal, a deck in Markdown, HTML and PDF."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import pytest

from conftest import make_situation, markdown_lint, markdown_lint_sections
from facilitate.catalog import open_catalog
from facilitate.documents.situations import render_card, render_deck
from facilitate.errors import UserError
from facilitate.group.group import Group
from facilitate.models.catalog import Situation
from facilitate.planning.situations import (
    deck_situations,
    numbers_for,
)
from facilitate.render.env import md_escape

BUILTIN = open_catalog()
OUTSIDE = Group(catalog=BUILTIN, today=dt.date(2026, 3, 2))
"""No workspace: crisis numbers only for a region given."""
CARDS = BUILTIN.situations.values()
IDS = [s.id for s in CARDS]


_card = make_situation


# -- rendering ----------------------------------------------------------------------------------

GB = numbers_for(OUTSIDE, "GB")
NOWHERE = numbers_for(OUTSIDE, None)


@pytest.mark.parametrize("card", CARDS, ids=IDS)
def test_every_card_renders_for_the_terminal(card: Situation) -> None:
    text = render_card(BUILTIN, card, GB)
    assert text.startswith(f"# {card.title}\n")
    assert "**For facilitators only.**" in text
    for phrase in card.say:
        assert f"“{phrase}”" in text
    numbered = re.findall(r"^(\d+)\. ", text, flags=re.MULTILINE)
    assert numbered == [str(i) for i in range(1, len(card.now) + 1)]
    assert ("call 999" in text) == card.crisis
    for ref in card.resources:
        assert BUILTIN.resource(ref).title in text


def test_a_crisis_card_leaves_a_blank_when_no_number_is_known() -> None:
    text = render_card(BUILTIN, BUILTIN.situation("risk-of-harm"), NOWHERE)
    # The facilitator's wording of a blank, the one the agenda's crisis plan prints too.
    from facilitate.group.safety import BLANK_NOTES

    for note in BLANK_NOTES["facilitator"].values():
        assert md_escape(note) in text
    assert "call the local emergency number" in text
    nowhere_known = numbers_for(OUTSIDE, "jp")
    assert "Emergency number: \\_" in render_card(
        BUILTIN, BUILTIN.situation("risk-of-harm"), nowhere_known
    )


def test_the_numbers_sit_above_the_first_step() -> None:
    text = render_card(BUILTIN, BUILTIN.situation("danger-or-violence"), GB)
    now = text.index("## Now")
    assert now < text.index("call 999") < text.index("Samaritans") < text.index("\n1. ")


# One document a case. The long decks are checked a card at a time (markdown_lint_sections).
LINTED = {
    "card-risk-of-harm-no-region": lambda: render_card(
        BUILTIN, BUILTIN.situation("risk-of-harm"), NOWHERE
    ),
    "card-advice-giving-GB": lambda: render_card(BUILTIN, BUILTIN.situation("advice-giving"), GB),
    "deck-GB": lambda: render_deck(OUTSIDE, deck_situations(BUILTIN), GB, "md"),
    "deck-no-region": lambda: render_deck(OUTSIDE, deck_situations(BUILTIN), NOWHERE, "md"),
}


@pytest.mark.slow
@pytest.mark.parametrize("name", list(LINTED))
def test_markdown_of_cards_and_decks_passes_the_linter(name: str) -> None:
    text = LINTED[name]()
    assert isinstance(text, str)
    lint = markdown_lint_sections if name.startswith("deck") else markdown_lint
    assert lint(text) == []


def test_a_deck_needs_cards_and_a_known_paper() -> None:
    with pytest.raises(UserError, match="no situation cards"):
        render_deck(OUTSIDE, [], GB, "md")
    with pytest.raises(UserError, match="paper a5: choose a4 or letter"):
        render_deck(OUTSIDE, CARDS, GB, "html", paper="a5")


# -- golden files -------------------------------------------------------------------------------


def test_golden_html_deck(golden: Callable[[str, str], None]) -> None:
    html = render_deck(OUTSIDE, deck_situations(BUILTIN), GB, "html")
    assert isinstance(html, str)
    golden("situations-cards-GB.html", html)


def test_golden_crisis_card_with_no_region(golden: Callable[[str, str], None]) -> None:
    # marked blanks to fill in, where `situations show` for GB prints the numbers
    card = render_card(BUILTIN, BUILTIN.situation("risk-of-harm"), NOWHERE)
    assert "- Emergency number: \\_\\_" in card and "add it to local\\_contacts" in card
    golden("situation-risk-of-harm-no-region.md", card)
