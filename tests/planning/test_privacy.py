"""Names and contact details in a note are caught; ordinary notes pass."""

from __future__ import annotations

from functools import cache

import pytest

from facilitate.catalog import open_catalog
from facilitate.planning.privacy import catalog_vocabulary, note_concerns, vocabulary_of


@cache
def vocabulary() -> frozenset[str]:
    return frozenset(vocabulary_of(open_catalog()))


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("Talked a lot, then Sarah cried.", ["Sarah"]),
        ("Good round; we asked Mike and Priya's partner to wait.", ["Mike", "Priya"]),
        ("Call me on 07700 900123 after.", ["a phone number"]),
        ("Reach her at someone@example.org", ["an email address"]),
        ("Follow @quiet_member for updates", ["a social media handle"]),
    ],
)
def test_notes_that_look_identifying_are_caught(note: str, expected: list[str]) -> None:
    assert [c.text for c in note_concerns(note, set(vocabulary()))] == expected


@pytest.mark.parametrize(
    "note",
    [
        "Quiet start. Sleep came up a lot, and the HR meeting in March worried several.",
        "We shared Samaritans and the Crisis Text Line before Easter on Tuesday.",
        "Next time: more on Finding hope and Taking care of yourself.",
        "Twelve came on 2026-03-03; I said I'd bring tea.",
        "- Good energy\n- Anger came up\n- Ended on time",
        "Link: https://www.acas.org.uk/ for formal routes.",
    ],
)
def test_ordinary_notes_pass(note: str) -> None:
    assert note_concerns(note, set(vocabulary())) == []


def test_vocabulary_comes_from_the_catalog() -> None:
    words = vocabulary()
    assert "samaritans" in words and "boundaries" in words and "march" in words
    assert catalog_vocabulary(["Finding hope", "return-to-work"]) >= {"finding", "hope", "return"}
