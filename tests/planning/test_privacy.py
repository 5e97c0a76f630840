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


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("Sarah upset about work", ["Sarah"]),
        ("Siobhan upset about work", ["Siobhan"]),  # a name the US list lacks
        ("Mark upset about the rota", ["Mark"]),  # a name that is also a word
        ("Rose, upset again", ["Rose"]),
        ("Good round. Dawn left early.", ["Dawn"]),
        # A name-word opening a sentence before a lowercase word is read as a name: a false
        # alarm such as this one is answered on a terminal, or kept with --allow-names.
        ("Mark the date in the diary.", ["Mark"]),
        ("Hope came up a lot.", []),  # the catalog's own word
        ("Frank. Calm evening.", []),
        ("Grace", []),
        ("We talked about a penny jar.", []),
    ],
)
def test_a_first_name_at_the_start_of_a_note_is_caught(note: str, expected: list[str]) -> None:
    assert [c.text for c in note_concerns(note, set(vocabulary()))] == expected


def test_the_name_lists_hold_lowercase_names_only() -> None:
    from facilitate.planning.privacy import given_name_words, given_names

    for names in (given_names(), given_name_words()):
        assert names and all(n == n.lower() and n.isalpha() for n in names)
    assert not given_names() & given_name_words()
