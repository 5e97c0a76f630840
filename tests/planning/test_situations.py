"""Situation cards: the words on them, finding them, and the cards an agenda gets."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import make_situation, write_tree
from facilitate.catalog import open_catalog
from facilitate.catalog.layers import Catalog, Source
from facilitate.errors import UserError
from facilitate.models.base import Stage
from facilitate.models.catalog import Situation
from facilitate.planning.situations import (
    ALWAYS,
    card_problems,
    crisis_first,
    deck_situations,
    filter_situations,
    promises_secrecy,
    relevant_situations,
)

BUILTIN = open_catalog()
CARDS = BUILTIN.situations.values()
IDS = [s.id for s in CARDS]


_card = make_situation


# -- the words on the built-in cards ----------------------------------------------------------


def test_the_catalog_covers_the_moments_the_issue_names() -> None:
    assert len(CARDS) >= 16
    assert {"risk-of-harm", "member-very-distressed", "danger-or-violence"} <= set(IDS)
    assert sum(s.crisis for s in CARDS) >= 3


@pytest.mark.parametrize("card", CARDS, ids=IDS)
def test_every_card_follows_the_house_rules(card: Situation) -> None:
    assert len(card.say) >= 2, "two or more phrases to say"
    assert card.refer_when, "when peer support is not enough"
    for ref in card.resources:
        assert ref in BUILTIN.resources.items, f"unknown resource {ref}"
    if card.crisis:
        assert any("emergency" in step.lower() for step in card.now)
        assert "emergency" in card.now[0].lower(), "the emergency step comes first"
    for text in [*card.signs, *card.now, *card.say, *card.after, *card.refer_when]:
        assert not promises_secrecy(text), text
    assert card_problems(card, BUILTIN.resources.items) == []


def test_card_problems_names_each_broken_rule() -> None:
    bad = _card(
        crisis=True,
        now=["Stay calm and sit with them."],
        say=["I promise I won't tell anyone."],
        resources=["no-such-resource"],
    )
    problems = card_problems(bad, BUILTIN.resources.items)
    joined = "\n".join(problems)
    assert "at least two 'say' phrases" in joined
    assert "resource 'no-such-resource'" in joined
    assert "must name the emergency step" in joined
    assert "never promise secrecy" in joined
    assert card_problems(_card(), BUILTIN.resources.items) == []


@pytest.mark.parametrize(
    "text",
    [
        "I promise I won't tell anyone.",
        "We promise this stays between us.",
        "This stays between you and me.",
        "Don't worry, I will not tell anybody.",
        "I'll keep it secret.",
        "No one will know what you said.",
        "It's just between us, okay?",
    ],
)
def test_promises_of_secrecy_are_caught(text: str) -> None:
    assert promises_secrecy(text)


@pytest.mark.parametrize(
    "text",
    [
        "Never promise secrecy.",
        "Never promise to keep a secret you may not be able to keep.",
        "I can't keep this just between us. I'll tell you each step.",
        "What's shared here stays here.",
        "Say plainly that no peer group can fully promise privacy.",
    ],
)
def test_honest_limits_are_not_promises(text: str) -> None:
    assert not promises_secrecy(text)


# -- finding cards ------------------------------------------------------------------------------


def test_filters_by_tag_crisis_and_search() -> None:
    workplace = filter_situations(BUILTIN, tag="Workplace")
    assert workplace and all("workplace" in s.tags for s in workplace)
    crisis = filter_situations(BUILTIN, crisis=True)
    assert crisis and all(s.crisis for s in crisis)
    assert len(crisis) < len(CARDS)
    drunk = filter_situations(BUILTIN, search="DRUNK")
    assert "member-intoxicated" in [s.id for s in drunk]
    assert all("drunk" in s.model_dump_json().lower() for s in drunk)
    assert [s.id for s in filter_situations(BUILTIN, search="drunk sober")] == [
        "member-intoxicated"
    ]
    assert filter_situations(BUILTIN, search="zebra crossing") == []


def test_an_unknown_tag_suggests_the_nearest() -> None:
    with pytest.raises(UserError, match="did you mean 'workplace'"):
        filter_situations(BUILTIN, tag="workplce")


def test_a_deck_puts_crisis_cards_first_and_keeps_them_with_any_tag() -> None:
    deck = deck_situations(BUILTIN)
    flags = [s.crisis for s in deck]
    assert flags == sorted(flags, reverse=True)
    assert len(deck) == len(CARDS)
    tagged = deck_situations(BUILTIN, tag="online")
    assert {s.id for s in tagged} == {s.id for s in CARDS if s.crisis or "online" in s.tags}
    assert crisis_first(reversed(CARDS))[0].crisis


# -- the cards an agenda carries ----------------------------------------------------------------


STAGES: list[str | None] = [None, *(s.value for s in Stage)]


@pytest.mark.parametrize("stage", STAGES)
@pytest.mark.parametrize("topic_id", [None, *BUILTIN.topics.items])
def test_relevant_situations_always_carry_the_crisis_cards(
    topic_id: str | None, stage: str | None
) -> None:
    topic = BUILTIN.topic(topic_id) if topic_id else None
    found = relevant_situations(BUILTIN, topic, stage)
    assert [s.id for s in found[: len(ALWAYS)]] == list(ALWAYS)
    assert len(found) <= 4
    assert len({s.id for s in found}) == len(found)
    assert found == relevant_situations(BUILTIN, topic, stage), "the same every time"


def test_relevant_situations_follow_the_topic_and_the_stage() -> None:
    records = BUILTIN.topic("keeping-records")  # tags: self-care, workplace
    ids = [s.id for s in relevant_situations(BUILTIN, records, None, limit=6)]
    assert "facilitator-worn-out" in ids  # self-care
    assert "power-imbalance" in ids or "naming-or-defaming" in ids  # workplace
    endings = BUILTIN.topic("endings")  # grief and loss
    ids = [s.id for s in relevant_situations(BUILTIN, endings, "adjourning", limit=3)]
    assert ids == [*ALWAYS, "member-leaves-relapses-or-dies"]
    forming = [s.id for s in relevant_situations(BUILTIN, None, "forming", limit=5)]
    assert all(Stage.FORMING in BUILTIN.situation(i).stages for i in forming[len(ALWAYS) :])
    assert len(forming) == 5


def test_relevant_situations_without_a_topic_or_stage_are_the_crisis_cards() -> None:
    assert [s.id for s in relevant_situations(BUILTIN, None, None)] == list(ALWAYS)
    assert [s.id for s in relevant_situations(BUILTIN, None, "forming", limit=0)] == list(ALWAYS)


def test_a_catalog_without_the_builtin_ids_still_gets_its_crisis_cards(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "situations.yaml": """
            version: 1
            situations:
              - id: fire-alarm
                title: The fire alarm goes off
                crisis: true
                tags: [safety]
                signs: [The alarm sounds.]
                now: [Lead everyone out; call the emergency number if anyone is missing.]
                say: ["Let's go out together.", "Leave your things."]
                refer_when: [Anyone is hurt. Call the emergency number.]
              - id: chairs
                title: Not enough chairs
                tags: [room]
                stages: [forming]
                signs: [People stand.]
                now: [Find more chairs.]
                say: ["Let's squeeze in.", "Anyone mind the floor?"]
                refer_when: [Never; it is only chairs.]
            """,
        },
    )
    catalog = Catalog([Source("test", tmp_path)])
    assert [s.id for s in relevant_situations(catalog, None, None)] == ["fire-alarm"]
    assert [s.id for s in relevant_situations(catalog, None, "forming")] == ["fire-alarm", "chairs"]
