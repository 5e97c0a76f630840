"""Situation cards: the words on them, the cards an agenda gets, and how a deck is laid out."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import markdown_lint, write_tree
from facilitate.catalog import open_catalog
from facilitate.catalog.layers import Catalog, Source
from facilitate.errors import UserError
from facilitate.group.safety import CrisisPlan
from facilitate.models.base import Stage
from facilitate.models.catalog import Situation
from facilitate.planning.situations import (
    ALWAYS,
    card_height,
    card_problems,
    crisis_first,
    deck_situations,
    filter_situations,
    layout,
    metrics,
    numbers_for,
    promises_secrecy,
    region_code,
    relevant_situations,
    render_card,
    render_deck,
)

BUILTIN = open_catalog()
CARDS = BUILTIN.situations.values()
IDS = [s.id for s in CARDS]


def _card(**fields: object) -> Situation:
    base: dict[str, object] = {
        "id": "sample",
        "title": "A sample moment",
        "signs": ["Something happens."],
        "now": ["Do one thing."],
        "say": ["One kind phrase.", "Another kind phrase."],
        "refer_when": ["It keeps happening. Point to a GP."],
    }
    base.update(fields)
    return Situation.model_validate(base)


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


@pytest.mark.parametrize("given_, code", [("gb", "GB"), ("UK", "GB"), (" ie ", "IE"), ("", None)])
def test_region_codes(given_: str, code: str | None) -> None:
    assert region_code(given_) == code


@pytest.mark.parametrize("bad", ["global", "GBR", "1A", "U.S."])
def test_a_region_that_is_not_a_country_code_is_refused(bad: str) -> None:
    with pytest.raises(UserError, match="not a country code"):
        region_code(bad)


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


# -- rendering ----------------------------------------------------------------------------------

GB = numbers_for(BUILTIN, None, "GB")
NOWHERE = numbers_for(BUILTIN, None, None)


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
    assert "add your local emergency number" in text
    assert "add a local crisis line" in text
    nowhere_known = numbers_for(BUILTIN, None, "fr")
    assert "none is known for FR" in render_card(
        BUILTIN, BUILTIN.situation("risk-of-harm"), nowhere_known
    )


def test_the_numbers_sit_above_the_first_step() -> None:
    text = render_card(BUILTIN, BUILTIN.situation("danger-or-violence"), GB)
    now = text.index("## Now")
    assert now < text.index("call 999") < text.index("Samaritans") < text.index("\n1. ")


@pytest.mark.slow
def test_markdown_of_cards_and_decks_passes_the_linter(tmp_path: Path) -> None:
    documents = [
        render_card(BUILTIN, BUILTIN.situation("risk-of-harm"), NOWHERE),
        render_card(BUILTIN, BUILTIN.situation("advice-giving"), GB),
        render_deck(BUILTIN, deck_situations(BUILTIN), GB, "md"),
        render_deck(BUILTIN, deck_situations(BUILTIN), NOWHERE, "md"),
    ]
    for text in documents:
        assert isinstance(text, str)
        assert markdown_lint(text, tmp_path) == []


def test_a_deck_needs_cards_and_a_known_paper() -> None:
    with pytest.raises(UserError, match="no situation cards"):
        render_deck(BUILTIN, [], GB, "md")
    with pytest.raises(UserError, match="--paper 'a5'"):
        render_deck(BUILTIN, CARDS, GB, "html", paper="a5")


# -- laying out the printed deck ----------------------------------------------------------------


@pytest.mark.parametrize("paper", ["a4", "letter"])
@pytest.mark.parametrize("plan", [GB, NOWHERE], ids=["GB", "no-region"])
def test_the_whole_deck_puts_two_to_four_cards_on_each_page(paper: str, plan: CrisisPlan) -> None:
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
