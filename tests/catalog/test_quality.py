"""The built-in catalog is held to the standard a facilitator can trust (issue 4).

Plain words (grade 8), open prompts, complete topics, checked crisis lines, safe messaging, and
nothing copied from the source documents. A failure names the worst offenders.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from facilitate.catalog import open_catalog
from facilitate.catalog.layers import Catalog
from facilitate.catalog.quality import grade, is_closed, member_fields
from facilitate.models.catalog import ResourceKind
from seedcheck import fingerprint, fingerprints, runs

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "data"
FINGERPRINTS = REPO / "tests" / "testdata" / "seed-fingerprints.txt"
SEEDS = REPO.parent / "shared" / "seeds"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    c = open_catalog()
    c.check()
    return c


def test_every_member_facing_field_reads_at_grade_8_or_below(catalog: Catalog) -> None:
    graded = [(g, f.where, f.text) for f in member_fields(catalog) if (g := grade(f.text))]
    assert len(graded) > 1000
    worst = sorted(graded, reverse=True)[:10]
    too_hard = [w for w in worst if w[0] > 8]
    assert too_hard == [], "fields above grade 8:\n" + "\n".join(
        f"{g:.1f} {where}: {text}" for g, where, text in too_hard
    )


def test_the_grade_check_catches_hard_text() -> None:
    hard = (
        "Notwithstanding considerable organisational ambiguity, facilitators should "
        "contemporaneously operationalise comprehensive psychoeducational interventions."
    )
    measured = grade(hard)
    assert measured is not None and measured > 12
    assert grade("Short title") is None


def test_no_prompt_is_closed_or_a_why_question(catalog: Catalog) -> None:
    closed = [
        f"{f.where}: {f.text}" for f in member_fields(catalog) if f.prompt and is_closed(f.text)
    ]
    assert closed == []
    assert is_closed("Why did you stay?") and is_closed("Did that help?")
    assert not is_closed("What helped you stay?")


def test_at_least_26_complete_topics(catalog: Catalog) -> None:
    topics = catalog.topics.values()
    assert len(topics) >= 26
    for t in topics:
        where = f"topic {t.id}"
        assert t.summary and t.introduction, where
        assert len(t.check_in) >= 3, where
        assert len(t.discussion) >= 4, where
        assert all(len(d.follow_ups) >= 2 for d in t.discussion), where
        assert len(t.activities) >= 1, where
        assert all(a.minutes > 0 and len(a.steps) >= 2 for a in t.activities), where
        assert len(t.check_out) >= 2, where
        assert t.facilitator_notes.do and t.facilitator_notes.avoid, where
        assert len(t.watch_for) >= 1, where
        assert len(t.resources) >= 1, where
        assert all(r in catalog.resources.items for r in t.resources), where


def test_the_themes_the_issue_names_are_all_there(catalog: Catalog) -> None:
    ids = set(catalog.topics.items)
    wanted = {
        "first-meeting", "last-meeting", "naming-what-happened", "shame-and-self-blame",
        "grief-and-loss-of-career", "identity-beyond-work", "trust-after-betrayal",
        "anger-and-rumination", "health-and-sleep", "respite", "keeping-records",
        "formal-options", "stay-or-leave", "money-worries", "telling-family-and-friends",
        "job-search-and-references", "returning-to-work", "endings", "neutral-zone",
        "new-beginnings", "boundaries", "communication-and-assertiveness", "stress-and-coping",
        "self-care", "values", "goals", "asking-for-help", "letting-go", "hope",
        "personal-safety-planning",
    }  # fmt: skip
    assert wanted <= ids
    assert "adjourning" in catalog.topic("last-meeting").stages
    assert catalog.topic("first-meeting").depth.value == "light"


def test_every_topic_that_suits_forming_has_light_prompts(catalog: Catalog) -> None:
    for t in catalog.topics.values():
        assert sum(p.depth.value == "light" for p in t.check_in) >= 2, t.id
        if "forming" in t.stages:
            assert any(d.depth.value == "light" for d in t.discussion), t.id


def test_general_pools_hold_at_least_30_prompts_by_depth_and_stage(catalog: Catalog) -> None:
    pool = catalog.prompts.values()
    assert len(pool) >= 30
    kinds = {p.kind.value for p in pool}
    assert kinds == {"check-in", "check-out"}
    assert {p.depth.value for p in pool} == {"light", "medium", "deep"}
    assert any(p.stages for p in pool)


def test_presets_put_confidentiality_and_its_limits_first(catalog: Catalog) -> None:
    assert {"general", "workplace-bullying", "virtual"} <= set(catalog.presets.items)
    for preset in catalog.presets.values():
        first, second = preset.rules[0], preset.rules[1]
        assert first.category.value == "confidentiality", preset.id
        assert "harm" in second.text.lower(), preset.id
        texts = " ".join(r.text.lower() for r in preset.rules)
        for idea in ("pass", "crisis", "time", "advice"):
            assert idea in texts, f"{preset.id} lacks a rule about {idea}"
        assert all(r.why for r in preset.rules), preset.id
    bullying = " ".join(r.text.lower() for r in catalog.preset("workplace-bullying").rules)
    assert "legal advice" in bullying and "name" in bullying
    virtual = " ".join(r.text.lower() for r in catalog.preset("virtual").rules)
    assert "record" in virtual and "camera" in virtual


def test_crisis_lines_for_every_launch_country(catalog: Catalog) -> None:
    for region in ("US", "CA", "GB", "IE", "AU", "NZ"):
        here = [r for r in catalog.resources.values() if r.region == region]
        assert any(r.kind == ResourceKind.EMERGENCY for r in here), region
        assert any(r.crisis and r.kind != ResourceKind.EMERGENCY for r in here), region
    for r in catalog.resources.values():
        if r.is_contact_line:
            assert (r.phone or r.sms) and r.region and r.last_verified and r.source, r.id


def test_no_discontinued_service_is_listed(catalog: Catalog) -> None:
    text = " ".join(
        f"{r.title} {r.description} {r.notes or ''} {r.phone or ''}"
        for r in catalog.resources.values()
    ).lower()
    # 988's "Press 3" option for LGBTQ+ youth ended on 17 July 2025.
    assert "press 3" not in text


# Names of works and sources carry over by design; their words may appear in any text.
NAME_FIELDS = ("title", "by", "source", "url")


def _strings(node: Any, names: bool = False) -> Iterator[str]:
    """Every string in a YAML tree: the prose, or (with names=True) only titles and sources."""
    if isinstance(node, str):
        if not names:
            yield node
    elif isinstance(node, dict):
        for k, v in node.items():
            if k in NAME_FIELDS:
                if names and isinstance(v, str):
                    yield v
            else:
                yield from _strings(v, names)
    elif isinstance(node, list):
        for v in node:
            yield from _strings(v, names)


def _all_data_text(names: bool = False) -> list[str]:
    out: list[str] = []
    for path in sorted(DATA.glob("*.yaml")):
        out.extend(_strings(yaml.safe_load(path.read_text(encoding="utf-8")), names))
    return out


def test_safe_messaging_wherever_suicide_appears() -> None:
    texts = [t for t in _all_data_text() if "suicid" in t.lower()]
    assert texts, "the catalog should mention suicide somewhere (crisis lines, safety cards)"
    banned = re.compile(r"commit(ted|s)? suicide|successful suicide|failed (suicide|attempt)", re.I)
    assert [t for t in texts if banned.search(t)] == []


def _seed_fingerprints() -> set[str]:
    lines = FINGERPRINTS.read_text(encoding="utf-8").splitlines()
    return {ln for ln in lines if ln and not ln.startswith("#")}


def test_no_sentence_of_the_seed_documents_appears_in_the_data() -> None:
    seeds = _seed_fingerprints()
    assert len(seeds) > 5000
    for name in _all_data_text(names=True):
        seeds -= fingerprints(name)
    copied = []
    for text in _all_data_text():
        for run in runs(text):
            if fingerprint(run) in seeds:
                copied.append(" ".join(run))
    assert copied == [], "8-word runs copied from the seed documents:\n" + "\n".join(copied[:10])


def test_the_seed_fingerprints_catch_a_copied_sentence() -> None:
    # A run of eight words from the first seed (the WHO guide's authors and title) must match.
    probe = "michelle funk natalie drew peer support groups by"
    assert fingerprint(probe.split()) in _seed_fingerprints()


def test_the_seed_fingerprints_match_the_seed_documents_when_they_are_here() -> None:
    stored = _seed_fingerprints()
    if SEEDS.is_dir():
        current: set[str] = set()
        for path in sorted(SEEDS.glob("*.txt")):
            current |= fingerprints(path.read_text(encoding="utf-8"))
        assert current == stored, "refresh tests/testdata/seed-fingerprints.txt"
    else:
        assert len(stored) > 5000


def test_the_meeting_script_reads_plainly_and_its_questions_are_open() -> None:
    from facilitate.documents.agenda import load_script

    script = load_script()
    fields = [(f"{k}.purpose", s.purpose) for k, s in script.segments.items()]
    fields += [(f"{k}.say", line) for k, s in script.segments.items() for line in s.say]
    graded = [(g, where, text) for where, text in fields if (g := grade(text)) is not None]
    assert len(graded) > 20
    too_hard = [g for g in graded if g[0] > 8]
    assert too_hard == [], too_hard
    questions = [text for _, text in fields if text.rstrip().endswith("?")]
    assert questions and not [q for q in questions if is_closed(q.split(". ")[-1])]
