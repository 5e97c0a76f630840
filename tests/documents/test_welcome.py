"""The welcome sheet: what a newcomer needs, honest about privacy, plain, and in every format."""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path

import pytest

from facilitate.catalog import open_catalog
from facilitate.catalog import quality as q
from facilitate.catalog.layers import Catalog
from facilitate.documents.agenda import load_script
from facilitate.documents.welcome import WelcomeOptions, render_welcome, welcome_context
from facilitate.group.group import Group
from facilitate.models.base import MeetingFormat
from facilitate.models.workspace import FacilitatorRole, Profile
from tests.conftest import markdown_lint


@cache
def catalog() -> Catalog:
    return open_catalog(None, None)


def group(profile: Profile | None = None) -> Group:
    return Group(catalog=catalog(), profile=profile, today=dt.date(2026, 3, 2))


PROFILE = Profile(
    name="Harbour group",
    region="GB",
    group_type="workplace-bullying",
    meeting_format="sharing-circle",
    share_minutes=4,
    purpose="A place where people bullied at work can be heard by others who understand.",
    facilitator_role=FacilitatorRole(
        involvement="I keep time and share as a peer.",
        between_meetings="I am not on call between meetings.",
        contact_instead="Acas for work questions, the crisis lines for urgent help.",
    ),
    meets="Tuesdays, 18:30 to 20:00",
    venue="The library, room 2",
)


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # no groundrules.yaml here: the preset is used


def test_the_sheet_follows_the_profile() -> None:
    c = welcome_context(group(PROFILE), WelcomeOptions())
    assert c["group_name"] == "Harbour group"
    assert c["format"]["id"] == "sharing-circle" and c["share_minutes"] == 4
    assert [p["kind"] for p in c["format"]["parts"]][:2] == ["welcome", "agreement"]
    assert c["about"]["purpose"].startswith("A place where")
    assert c["meets"] == "Tuesdays, 18:30 to 20:00" and c["where"] == "The library, room 2"
    assert c["crisis"].region == "GB" and c["crisis"].lines
    assert c["rules"][0].category == "confidentiality"


def test_the_option_chooses_another_format_and_a_missing_profile_has_defaults() -> None:
    c = welcome_context(group(), WelcomeOptions(MeetingFormat.PSYCHOEDUCATIONAL))
    assert c["format"]["id"] == "psychoeducational"
    assert c["about"] is None and c["meets"] is None and c["where"] is None
    online = welcome_context(group(Profile(name="G", online=True)), WelcomeOptions())
    assert online["where"].startswith("Online")


def test_every_formats_parts_are_parts_the_planner_makes() -> None:
    script = load_script()
    for fmt, words in script.formats.items():
        assert set(words.parts) <= set(script.segments), fmt


def test_the_fixed_words_state_privacy_honestly_and_read_plainly() -> None:
    w = load_script().welcome
    assert q.confidentiality_gaps(w.confidentiality) == []
    texts = [*w.is_, *w.is_not, w.confidentiality, w.passing, *w.first_time]
    texts += [f.summary for f in load_script().formats.values()]
    graded = [(g, t) for t in texts if (g := q.grade(t)) is not None]
    assert graded and [t for g, t in graded if g > 8] == []
    assert "pass" in w.passing.lower()


@pytest.mark.parametrize("fmt", list(MeetingFormat))
def test_the_markdown_sheet_says_what_a_newcomer_needs(fmt: MeetingFormat, tmp_path: Path) -> None:
    profile = PROFILE.model_copy(update={"meeting_format": fmt})
    text = render_welcome(group(profile), "md", WelcomeOptions())
    assert isinstance(text, str)
    for heading in (
        "# Welcome to Harbour group",
        "## What this group is",
        "## What it is not",
        "## How a meeting runs",
        "## Keeping what we share private",
        "## Our ground rules",
        "## When and where",
        "## If you need help now",
    ):
        assert heading in text
    assert "Samaritans" in text and "pass" in text
    assert "Our purpose: A place where" in text
    assert markdown_lint(text) == []


def test_the_pdf_is_one_or_two_pages() -> None:
    pytest.importorskip("weasyprint")
    from io import BytesIO

    from pypdf import PdfReader

    for profile in (PROFILE, None):
        pdf = render_welcome(group(profile), "pdf", WelcomeOptions(region="GB"))
        assert isinstance(pdf, bytes)
        pages = PdfReader(BytesIO(pdf)).pages
        assert 1 <= len(pages) <= 2
