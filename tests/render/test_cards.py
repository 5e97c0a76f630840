"""The deck layout: two to four whole cards on each page, every card in order."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import make_situation
from facilitate.catalog import open_catalog
from facilitate.group.group import Group
from facilitate.group.safety import CrisisLines
from facilitate.models.catalog import Situation
from facilitate.planning.situations import (
    deck_situations,
    numbers_for,
)
from facilitate.render.cards import card_height, layout, metrics

BUILTIN = open_catalog()
OUTSIDE = Group(catalog=BUILTIN, today=dt.date(2026, 3, 2))
"""No workspace: crisis numbers only for a region given."""
CARDS = BUILTIN.situations.values()
IDS = [s.id for s in CARDS]


_card = make_situation


GB = numbers_for(OUTSIDE, "GB")
NOWHERE = numbers_for(OUTSIDE, None)


# -- laying out the printed deck ----------------------------------------------------------------


@pytest.mark.parametrize("paper", ["a4", "letter"])
@pytest.mark.parametrize("plan", [GB, NOWHERE], ids=["GB", "no-region"])
def test_the_whole_deck_puts_two_to_four_cards_on_each_page(paper: str, plan: CrisisLines) -> None:
    deck = deck_situations(BUILTIN)
    sheets = layout(deck, plan, paper, BUILTIN.resources.items)
    assert [s for sheet in sheets for column in sheet for s in column] == deck
    for sheet in sheets:
        assert len(sheet) == 2
        assert 2 <= sum(len(column) for column in sheet) <= 4
        room = metrics(paper).room
        for column in sheet:
            assert 1 <= len(column) <= 2
            height = sum(card_height(s, plan, paper, BUILTIN.resources.items) for s in column)
            assert height <= room


def test_one_card_gets_a_page_of_its_own() -> None:
    card = BUILTIN.situation("member-silent")
    assert layout([card], GB) == [[[card]]]


def test_a_card_too_tall_for_any_page_still_gets_printed() -> None:
    huge = _card(now=[f"Step {i}: " + "take a slow breath " * 8 for i in range(60)])
    small = BUILTIN.situation("group-quiet")
    sheets = layout([small, huge, small], GB)
    assert [s for sheet in sheets for column in sheet for s in column] == [small, huge, small]
    assert [[huge]] in sheets


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(CARDS), min_size=1, max_size=30))
def test_layout_keeps_every_card_in_order(cards: list[Situation]) -> None:
    sheets = layout(cards, GB)
    assert [s for sheet in sheets for column in sheet for s in column] == cards
    for sheet in sheets:
        count = sum(len(column) for column in sheet)
        assert 1 <= count <= 4
        assert all(1 <= len(column) <= 2 for column in sheet)
