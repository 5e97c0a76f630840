"""The ground-rules sheet: crisis numbers and blanks, presets, escaping, valid HTML, one page."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader

from facilitate.catalog import open_catalog
from facilitate.catalog.layers import Catalog
from facilitate.documents import groundrules as sheets
from facilitate.errors import UserError
from facilitate.group import groundrules as gr
from facilitate.group.group import Group
from facilitate.models.workspace import LocalContact, Profile
from tests.conftest import markdown_lint, nu_validate

PRESETS = ("general", "workplace-bullying", "virtual")
PAGE_POINTS = {"a4": (595.28, 841.89), "letter": (612.0, 792.0)}


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return open_catalog()


def group(catalog: Catalog, profile: Profile | None = None) -> Group:
    """A group outside a workspace: its ground rules are looked for in the current folder."""
    return Group(catalog=catalog, profile=profile, today=dt.date(2026, 3, 2))


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


# -- the sheet ----------------------------------------------------------------------------------


def test_sheet_context_crisis_numbers_and_blanks(catalog: Catalog, folder: Path) -> None:
    blank = sheets.sheet_context(group(catalog), sheets.SheetOptions())["crisis"]
    assert blank.emergency == [] and blank.lines == []
    # The sheet hangs where members read it: its blanks ask them to ask the facilitator.
    assert blank.audience == "members"
    assert [b.note for b in blank.blanks] == [
        "ask the facilitator for the local emergency number",
        "ask the facilitator for the local crisis number",
    ]
    us = sheets.sheet_context(
        group(catalog, Profile(name="Harbour", region="US")), sheets.SheetOptions()
    )
    assert us["crisis"].emergency_numbers == ["911"]
    assert us["crisis"].lines and all(r.region == "US" and r.crisis for r in us["crisis"].lines)
    assert us["crisis"].blanks == []
    assert us["group_name"] == "Harbour"
    named = sheets.sheet_context(
        group(catalog, Profile(name="Harbour", size=12)),
        sheets.SheetOptions(group_name="Tuesdays", region="gb"),
    )
    assert named["group_name"] == "Tuesdays"
    assert named["crisis"].lead == "If someone is in danger now, call 999."
    assert named["consent_rows"] == 4  # 12 members, three to a row
    with pytest.raises(UserError, match="a4 or letter"):
        sheets.sheet_context(group(catalog), sheets.SheetOptions(paper="a5"))


def test_a_local_emergency_number_fills_the_sheet(catalog: Catalog, folder: Path) -> None:
    profile = Profile(
        name="Gruppe",
        region="JP",  # outside the EU, so no 112 from the catalog: only the local number
        local_contacts=[LocalContact(label="Local emergency number", phone="112")],
    )
    crisis = sheets.sheet_context(group(catalog, profile), sheets.SheetOptions())["crisis"]
    assert crisis.emergency_numbers == ["112"] and crisis.emergency_known
    assert [b.label for b in crisis.blanks] == ["Crisis line"]
    text = sheets.render_sheet(group(catalog, profile), "md", sheets.SheetOptions())
    assert isinstance(text, str)
    assert "in danger now, call 112." in text
    assert "- Emergency number:" not in text
    assert (
        "- Crisis line: \\_" in text and "ask the facilitator for the local crisis number" in text
    )
    assert "- Local emergency number: 112\n" in text
    assert markdown_lint(text) == []
    html = sheets.render_sheet(group(catalog, profile), "html", sheets.SheetOptions())
    assert isinstance(html, str) and "<strong>Emergency number:</strong>" not in html
    # A non-emergency line is not the number to call in danger; details alone fill nothing.
    other = Profile(
        name="Gruppe",
        local_contacts=[
            LocalContact(label="Police non-emergency", phone="101"),
            LocalContact(label="Crisis café", details="Fridays, at the library"),
        ],
    )
    crisis = sheets.sheet_context(group(catalog, other), sheets.SheetOptions())["crisis"]
    assert crisis.emergency_numbers == [] and not crisis.emergency_known
    assert not crisis.crisis_line_known
    text = sheets.render_sheet(group(catalog, other), "md", sheets.SheetOptions())
    assert isinstance(text, str)
    assert "call the local emergency number." in text
    assert "- Emergency number: \\_" in text and "- Crisis line: \\_" in text
    assert "facilitate.yaml" not in text  # members are never told to edit the group's files


def test_sheet_from_preset_option_ignores_the_file(catalog: Catalog, folder: Path) -> None:
    gr.init_rules(group(catalog), "general")
    ctx = sheets.sheet_context(group(catalog), sheets.SheetOptions(preset="virtual"))
    assert ctx["source"] == "the 'virtual' preset"
    assert [r.id for r in ctx["rules"]][:2] == ["confidentiality", "confidentiality-limits"]
    assert "no-recording" in [r.id for r in ctx["rules"]]


def test_markdown_sheet_is_escaped_and_lint_clean(catalog: Catalog, folder: Path) -> None:
    path = folder / "groundrules.yaml"
    gr.init_rules(group(catalog), "general")
    gr.add_rule(
        path,
        "We never post [links](http://x) or *stars* here.",
        why="# Not a heading",
        category="confidentiality",
    )
    sheet = sheets.render_sheet(
        group(catalog),
        "md",
        sheets.SheetOptions(reasons=True, consent=True, group_name="<b>Tuesdays</b>"),
    )
    assert isinstance(sheet, str)
    assert r"\[links\](http://x)" in sheet and r"\*stars\*" in sheet
    assert r"\<b\>Tuesdays\</b\>" in sheet
    assert markdown_lint(sheet) == []
    # The new confidentiality rule comes right after the other three.
    numbered = [ln for ln in sheet.splitlines() if re.match(r"^\d+\. ", ln)]
    assert numbered[3].startswith("4. **We never post")


def test_html_sheets_are_valid(catalog: Catalog, folder: Path) -> None:
    out = folder / "html"
    out.mkdir()
    variants = [
        (preset, consent, region, reasons, large)
        for preset in PRESETS
        for consent, region, reasons, large in [
            (False, None, False, False),
            (True, "US", True, False),
            (True, "AU", False, True),
        ]
    ]
    files = []
    for preset, consent, region, reasons, large in variants:
        profile = Profile(name="Harbour & <friends>", region=region) if region else None
        html = sheets.render_sheet(
            group(catalog, profile),
            "html",
            sheets.SheetOptions(
                preset=preset,
                consent=consent,
                reasons=reasons,
                large_print=large,
                date="2026-03-02",
            ),
        )
        assert isinstance(html, str)
        if region:
            assert "Harbour &amp; &lt;friends&gt;" in html
        assert html.index("If you are in crisis") > html.index('<ol class="rules')
        if consent:
            assert "I have read these ground rules and agree to them." in html
            assert '<th scope="col">Initials</th>' in html and "Name" not in html
        else:
            assert "agree to them" not in html
        if region is None:
            assert "ask the facilitator for the local crisis number" in html
        path = out / f"{preset}-{consent}-{region}.html"
        path.write_text(html, encoding="utf-8")
        files.append(path)
    assert nu_validate(files) == []


@pytest.mark.parametrize("preset", PRESETS)
@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_pdf_sheet_is_one_page(catalog: Catalog, folder: Path, preset: str, paper: str) -> None:
    first = gr.sheet_order(list(catalog.preset(preset).rules))[0].text
    width, height = PAGE_POINTS[paper]
    # Plain, and the fullest usual case: consent for twelve members and the most crisis lines.
    for profile, consent in [(None, False), (Profile(name="Harbour", region="AU", size=12), True)]:
        pdf = sheets.render_sheet(
            group(catalog, profile),
            "pdf",
            sheets.SheetOptions(preset=preset, paper=paper, consent=consent),
        )
        assert isinstance(pdf, bytes)
        reader = PdfReader(io.BytesIO(pdf))
        assert len(reader.pages) == 1, (preset, paper, consent)
        box = reader.pages[0].mediabox
        assert float(box.width) == pytest.approx(width, abs=0.5)
        assert float(box.height) == pytest.approx(height, abs=0.5)
        text = " ".join(reader.pages[0].extract_text().split())
        assert " ".join(first.split()) in text
        assert "If you are in crisis" in text
        assert ("agree to them" in text) is consent


def test_large_print_has_no_small_type_in_the_rules_reasons_or_crisis_lines(
    catalog: Catalog, folder: Path
) -> None:
    pdf = sheets.render_sheet(
        group(catalog, Profile(name="Harbour", region="GB")),
        "pdf",
        sheets.SheetOptions(preset="general", reasons=True, large_print=True),
    )
    assert isinstance(pdf, bytes)
    sizes: list[tuple[float, str]] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if text.strip():
            scale = (tm[0] ** 2 + tm[1] ** 2) ** 0.5 * (cm[0] ** 2 + cm[1] ** 2) ** 0.5
            sizes.append((size * scale, text.strip()))

    for page in PdfReader(io.BytesIO(pdf)).pages:
        page.extract_text(visitor_text=visit)
    body = [s for s, t in sizes if "Page " not in t]  # the page numbers sit in the margin
    assert body and min(body) >= 14.9  # large print is 15 pt; nothing on the sheet is smaller
    assert any("Samaritans" in t for _, t in sizes)


# -- golden files -------------------------------------------------------------------------------


def test_golden_html_sheet_with_consent(
    catalog: Catalog, folder: Path, golden: Callable[[str, str], None]
) -> None:
    options = sheets.SheetOptions(
        preset="general", consent=True, group_name="Tuesday group", date="2026-03-03", region="GB"
    )
    html = sheets.render_sheet(group(catalog), "html", options)
    assert isinstance(html, str)
    golden("groundrules-general-consent-GB.html", html)
