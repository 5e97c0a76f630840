"""What the tool prints about safety is sound and true (issue 14).

The crisis cards follow lay suicide-prevention guidance; confidentiality promises only what a
peer group can keep; every EAP mention says who pays for it; no prompt does what its own topic
warns against; every number printed was checked, or says to check it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from facilitate.catalog import open_catalog
from facilitate.catalog import quality as q
from facilitate.catalog.layers import Catalog
from facilitate.group.safety import crisis_lines
from facilitate.models.catalog import Topic
from facilitate.models.region import EU_EEA
from facilitate.render.filters import UNVERIFIED
from tests.conftest import Run

DATA = Path(__file__).resolve().parents[2] / "data"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return open_catalog()


def _strings(value: Any, path: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(v, f"{path}.{k}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _strings(v, f"{path}[{i}]")


def every_text() -> Iterator[tuple[str, str]]:
    for name in ("topics", "situations", "resources", "presets", "prompts", "script"):
        yield from _strings(yaml.safe_load((DATA / f"{name}.yaml").read_text("utf-8")), name)


# -- the crisis cards ---------------------------------------------------------------------------

# The steps of lay suicide-prevention guidance (#BeThe1To, MHFA), in the order a facilitator
# takes them, each found by its words in the card's "now" list.
STEPS = [
    ("ask directly about suicide", r"\bask\b.*\bsuicide\b"),
    ("ask about a plan and the means", r"\bplan\b.*\bmeans\b"),
    ("a plan, means or a time is an emergency", r"\bemergency\b"),
    ("keep them away from the means", r"\baway from the means\b"),
    ("stay with them", r"\bstay with them\b"),
    ("connect them to help", r"\bconnect them\b"),
]


def _step_order(lines: list[str]) -> list[int]:
    found = []
    for _, pattern in STEPS:
        hits = [i for i, line in enumerate(lines) if re.search(pattern, line, re.IGNORECASE)]
        found.append(hits[-1] if pattern == r"\bemergency\b" and hits else min(hits, default=-1))
    return found


def test_the_risk_of_harm_card_takes_the_guidance_steps_in_order(catalog: Catalog) -> None:
    card = catalog.situation("risk-of-harm")
    order = _step_order(list(card.now))
    assert -1 not in order, [s for (s, _), i in zip(STEPS, order, strict=True) if i < 0]
    assert order == sorted(order), order
    assert any(re.search(r"follow up", line, re.IGNORECASE) for line in card.after)
    # A facilitator alone has a path: pause or end the meeting, ask a member to call.
    assert re.search(r"\balone\b", " ".join(card.now), re.IGNORECASE)
    assert re.search(r"ask a member to make the call", " ".join(card.now), re.IGNORECASE)
    # The guidance is cited on the card.
    assert {"bethe1to-five-steps", "mhfa-suicide-guidelines"} <= set(card.resources)


def test_the_step_check_catches_a_card_out_of_order() -> None:
    lines = [
        "Stay with them.",
        "Ask directly: are you thinking about suicide?",
        "Ask about a plan and the means.",
        "This is an emergency.",
        "Help keep them away from the means.",
        "Connect them to help.",
    ]
    order = _step_order(lines)
    assert order != sorted(order)


def test_after_a_death_the_card_speaks_of_risk_and_suicide_bereavement(catalog: Catalog) -> None:
    card = catalog.situation("member-leaves-relapses-or-dies")
    words = " ".join([*card.now, *card.say, *card.after, *card.refer_when]).lower()
    assert "higher risk" in words
    assert "suicide-bereavement" in words or "bereaved by suicide" in words
    assert "check in" in words


@pytest.mark.parametrize(
    "card_id",
    [
        "child-at-risk-disclosed",
        "abuse-at-home-disclosed",
        "self-harm-disclosed",
        "recording-or-witnesses",
        "unwelcome-visitor",
        "online-member-location-unknown",
    ],
)
def test_the_new_cards_are_in_the_deck(catalog: Catalog, card_id: str) -> None:
    assert catalog.situation(card_id).refer_when


def test_online_preparation_asks_where_each_member_is() -> None:
    script = yaml.safe_load((DATA / "script.yaml").read_text("utf-8"))
    online = " ".join(script["preparation"]["online"]).lower()
    assert "where each member is" in online


def test_no_sentence_discourages_asking_about_suicide_or_means() -> None:
    found = [(path, text) for path, text in every_text() if q.discourages_asking(text)]
    assert not found, found[:5]


@pytest.mark.parametrize(
    "text",
    [
        "Do not ask about methods or details.",
        "Never ask them directly about suicide.",
        "Avoid asking whether they have a plan.",
    ],
)
def test_the_discouraging_check_catches_the_old_wording(text: str) -> None:
    assert q.discourages_asking(text)


def test_the_discouraging_check_lets_method_details_stay_out() -> None:
    assert not q.discourages_asking("Write down no method details.")
    assert not q.discourages_asking("Ask calmly and directly: are you thinking about suicide?")


# -- confidentiality, told honestly -------------------------------------------------------------


def test_every_preset_states_its_limits_and_promises_only_to_try(catalog: Catalog) -> None:
    for preset in catalog.presets.values():
        words = " ".join(
            f"{r.text} {r.why or ''}" for r in preset.rules if r.category == "confidentiality"
        )
        assert q.confidentiality_gaps(words) == [], preset.id


@pytest.mark.parametrize("part", [("segments", "agreement"), ("segments", "confidentiality")])
def test_the_script_states_confidentiality_honestly(part: tuple[str, str]) -> None:
    script = yaml.safe_load((DATA / "script.yaml").read_text("utf-8"))
    node = script
    for key in part:
        node = node[key]
    assert q.confidentiality_gaps(" ".join(node["say"])) == []


def test_the_confidentiality_check_names_what_is_missing() -> None:
    assert q.confidentiality_gaps("What is said here stays here, no exceptions.") == [
        "serious risk of harm",
        "a child at risk",
        "a legal process",
        "that privacy cannot be guaranteed",
    ]


def test_the_ground_rule_sheet_says_privacy_cannot_be_guaranteed(run: Run) -> None:
    res = run("groundrules", "render", "--preset", "workplace-bullying")
    assert res.exit_code == 0, res
    assert q.confidentiality_gaps(res.stdout) == []


# -- EAPs, prompts and topics -------------------------------------------------------------------


def test_every_eap_mention_carries_the_caveat() -> None:
    found = [(path, text[:80]) for path, text in every_text() if q.lacks_eap_caveat(text)]
    assert not found, found


def test_the_eap_check_finds_a_bare_mention() -> None:
    assert q.lacks_eap_caveat("Try your employee assistance programme.")
    assert not q.lacks_eap_caveat(f"Try your EAP. {q.EAP_CAVEAT}")


def test_no_prompt_contradicts_its_topics_avoid_list(catalog: Catalog) -> None:
    found = {t.id: q.prompt_avoid_conflicts(t) for t in catalog.topics.values()}
    assert {k: v for k, v in found.items() if v} == {}


def test_no_light_check_in_asks_for_a_score(catalog: Catalog) -> None:
    found = {t.id: q.scores_aloud_in_light_check_ins(t) for t in catalog.topics.values()}
    assert {k: v for k, v in found.items() if v} == {}


def test_the_contradiction_check_finds_the_old_shame_prompt(catalog: Catalog) -> None:
    topic = catalog.topic("shame-and-self-blame")
    data = topic.model_dump()
    data["facilitator_notes"]["avoid"] = ["Asking what the person did wrong."]
    data["discussion"][0]["prompt"] = "When you ask yourself what you did wrong, what comes up?"
    data["check_in"][0] = {
        "text": "On a scale of one to ten, how hopeful are you?",
        "depth": "light",
    }
    planted = Topic.model_validate(data)
    assert q.prompt_avoid_conflicts(planted)[0][1] == "asks what the member did wrong"
    assert q.scores_aloud_in_light_check_ins(planted)


def test_keeping_records_is_no_case_evidence_template(catalog: Catalog) -> None:
    topic = catalog.topic("keeping-records")
    steps = " ".join(s for a in topic.activities for s in a.steps).lower()
    assert "witness" not in steps
    assert "union" in steps or "adviser" in steps or "advisor" in steps


# -- crisis numbers, each checked ---------------------------------------------------------------


def test_every_crisis_entry_has_a_contact_a_source_page_and_a_date(catalog: Catalog) -> None:
    lines = [r for r in catalog.resources.values() if r.is_contact_line]
    assert len(lines) >= 35
    for r in lines:
        assert r.phone or r.sms, r.id
        assert r.source_url and r.source_url.startswith("http"), r.id
        assert r.last_verified is not None, r.id


def test_the_known_corrections_are_in(catalog: Catalog) -> None:
    assert "HOME" in (catalog.resource("us-crisis-text-line").sms or "")
    assert catalog.resource("ca-kids-help-phone").phone
    assert "999" in (catalog.resource("ie-emergency").phone or "")
    assert not catalog.resource("au-beyond-blue").crisis  # a support line, not a crisis line
    assert "English" not in catalog.resource("eu-emergency").description
    for rid in ("us-trevor-project", "ie-50808", "gb-ni-lifeline", "ca-hope-for-wellness"):
        assert catalog.resource(rid).is_contact_line, rid


@pytest.mark.parametrize("region", ["US", "CA", "GB", "IE", "AU", "NZ"])
def test_each_launch_country_has_abuse_and_suicide_bereavement_support(
    catalog: Catalog, region: str
) -> None:
    here = [r for r in catalog.resources.values() if r.region in (region, "global")]
    assert any("abuse-at-home" in r.tags for r in here if r.region == region), region
    assert any("suicide-bereavement" in r.tags for r in here if r.region == region), region


def test_unverified_numbers_say_so_on_every_printout(run: Run, catalog: Catalog) -> None:
    unverified = [r for r in catalog.resources.values() if r.is_contact_line and not r.verified]
    assert unverified, "the catalog marks what it could not check"
    region = unverified[0].region
    for args in (
        ("agenda", "--topic", "boundaries", "--region", region),
        ("agenda", "--topic", "boundaries", "--region", region, "--audience", "members"),
        ("situations", "show", "risk-of-harm", "--region", region),
        ("groundrules", "render", "--region", region),
    ):
        res = run(*args)
        assert res.exit_code == 0, (args, res)
        assert UNVERIFIED in res.stdout, args


def test_a_country_without_entries_gets_112_in_the_eu_and_a_directory_everywhere(
    catalog: Catalog,
) -> None:
    assert "FR" in EU_EEA
    france = crisis_lines(catalog, None, "FR")
    assert [r.phone for r in france.emergency] == ["112"]
    assert france.directories and "directory" in france.directories[0].title.lower()
    japan = crisis_lines(catalog, None, "JP")
    assert japan.emergency == [] and japan.directories


def test_doctor_names_what_it_could_not_check(run: Run, tmp_path: Path) -> None:
    from facilitate.group.doctor import STALE_AFTER_DAYS

    assert STALE_AFTER_DAYS == 180
    (tmp_path / "facilitate.yaml").write_text("version: 1\nname: Pier\nregion: AU\n")
    res = run("doctor")
    assert "could not be found on the service's own page" in res.stdout
