"""`facilitate situations`: list, show and the printable deck, end to end."""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Run, nu_validate, write_tree
from facilitate.catalog import open_catalog
from facilitate.documents.situations import render_deck
from facilitate.group.group import Group
from facilitate.planning.situations import deck_situations, numbers_for
from tests import pdftext

BUILTIN = open_catalog()
OUTSIDE = Group(catalog=BUILTIN, today=dt.date(2026, 3, 2))
"""No workspace: crisis numbers only for a region given."""
CARDS = BUILTIN.situations.values()
CRISIS = [s for s in CARDS if s.crisis]

WORKSPACE = {
    "facilitate.yaml": """
    version: 1
    name: Tuesday group
    region: IE
    paper: letter
    local_contacts:
      - label: Local crisis team
        phone: "01 234 5678"
        details: weekdays 9 to 5
    """,
}


# -- list -----------------------------------------------------------------------------------------


def test_list_prints_every_card_with_a_crisis_marker(run: Run) -> None:
    res = run("situations", "list")
    assert res.exit_code == 0, res
    header, *rows = res.stdout.splitlines()
    assert header.split("\t") == ["id", "title", "tags", "crisis"]
    assert len(rows) == len(CARDS)
    marked = {r.split("\t")[0] for r in rows if r.split("\t")[3] == "crisis"}
    assert marked == {s.id for s in CRISIS}


def test_list_filters(run: Run) -> None:
    tagged = run("situations", "list", "--tag", "workplace")
    ids = [r.split("\t")[0] for r in tagged.stdout.splitlines()[1:]]
    assert ids == [s.id for s in CARDS if "workplace" in s.tags]
    crisis = run("situations", "list", "--crisis", "--json")
    assert [c["id"] for c in json.loads(crisis.stdout)] == [s.id for s in CRISIS]
    found = run("situations", "list", "--search", "breakout rooms", "--json")
    assert [c["id"] for c in json.loads(found.stdout)] == ["group-quiet"]
    none = run("situations", "list", "--search", "zebra")
    assert none.exit_code == 0 and none.stdout.splitlines()[1:] == []
    assert "no card matches" in none.stderr


def test_list_with_an_unknown_tag_exits_2(run: Run) -> None:
    res = run("situations", "list", "--tag", "safty")
    assert res.exit_code == 2
    assert "did you mean 'safety'" in res.stderr


# -- show -----------------------------------------------------------------------------------------


def test_show_risk_of_harm_for_gb(run: Run, golden: Callable[[str, str], None]) -> None:
    res = run("situations", "show", "risk-of-harm", "--region", "GB")
    assert res.exit_code == 0, res
    assert res.stderr == ""
    golden("situations-show-risk-of-harm-GB.md", res.stdout)


def test_show_uses_the_workspace_region_and_local_contacts(run: Run, tmp_path: Path) -> None:
    write_tree(tmp_path, WORKSPACE)
    res = run("situations", "show", "member-very-distressed")
    assert res.exit_code == 0, res
    assert "call 112 or 999.**" in res.stdout
    assert "Pieta: call 1800 247 247" in res.stdout
    assert "Local crisis team: 01 234 5678 (weekdays 9 to 5)" in res.stdout
    again = run("situations", "show", "member-very-distressed", "--region", "uk")
    assert "call 999.**" in again.stdout


def test_show_without_a_region_leaves_a_blank_and_says_why(run: Run) -> None:
    res = run("situations", "show", "danger-or-violence")
    assert res.exit_code == 0
    assert "call the local emergency number" in res.stdout
    assert "no region set" in res.stderr
    calm = run("situations", "show", "group-quiet")
    assert calm.stderr == "" and "emergency number" not in calm.stdout


def test_show_json_and_mistakes(run: Run) -> None:
    res = run("situations", "show", "member-silent", "--json")
    assert json.loads(res.stdout)["id"] == "member-silent"
    missing = run("situations", "show", "member-silnet")
    assert missing.exit_code == 2
    assert "did you mean 'member-silent'" in missing.stderr
    bad = run("situations", "show", "risk-of-harm", "--region", "Britain")
    assert bad.exit_code == 2 and "not a country code" in bad.stderr


# -- broken catalogs ------------------------------------------------------------------------------

_CARD = "  - id: x\n    title: X\n"


@pytest.mark.parametrize(
    ("yaml", "where", "message"),
    [
        (
            _CARD + "    signs: [a]\n    say: [c, d]\n    refer_when: [d]\n",
            "3:5",
            "missing field 'now'",
        ),
        (
            _CARD + "    signs: [a]\n    now: [b]\n    say: [c, d]\n    refer_when: [d]\n"
            "    resources: [acas, no-such-thing]\n",
            "9:23",
            "no resource 'no-such-thing'",
        ),
        (_CARD + "    signs: [a\n    now: [b]\n", "6:8", "YAML syntax"),
        (
            _CARD + "    crisis: maybe\n    signs: [a]\n    now: [b]\n    say: [c]\n"
            "    refer_when: [d]\n",
            "5:13",
            "must be true or false",
        ),
        (
            _CARD + "    signs: [a]\n    now: [b]\n    say: [c]\n    refer_when: [d]\n"
            "    colour: red\n",
            "9:5",
            "unknown field 'colour'",
        ),
    ],
    ids=["missing-now", "unknown-resource", "yaml-syntax", "not-a-boolean", "unknown-field"],
)
@pytest.mark.parametrize("command", [["list"], ["show", "x"], ["cards"]])
def test_a_broken_user_catalog_is_reported_at_its_line(
    run: Run, tmp_path: Path, yaml: str, where: str, message: str, command: list[str]
) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "situations.yaml").write_text("version: 1\nsituations:\n" + yaml, encoding="utf-8")
    res = run("--catalog", str(folder), "situations", *command)
    assert res.exit_code == 2, res
    line = res.stderr.strip().splitlines()[0]
    assert re.match(rf"^.*situations\.yaml:{where}: ", line), line
    assert message in line
    assert res.stdout == ""


def test_a_user_catalog_card_replaces_the_builtin_one(run: Run, tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "mine/situations.yaml": """
            version: 1
            situations:
              - id: group-quiet
                title: Our group goes quiet
                signs: [Long pauses.]
                now: [Wait a little.]
                say: ["Take your time.", "No rush."]
                refer_when: [It lasts for weeks. Talk to the coordinator.]
            """,
        },
    )
    res = run("--catalog", str(tmp_path / "mine"), "situations", "show", "group-quiet")
    assert res.exit_code == 0, res
    assert res.stdout.startswith("# Our group goes quiet\n")


# -- cards ----------------------------------------------------------------------------------------


def test_the_markdown_deck(run: Run, golden: Callable[[str, str], None]) -> None:
    res = run("situations", "cards", "--region", "GB")
    assert res.exit_code == 0, res
    golden("situations-cards-GB.md", res.stdout)
    titles = re.findall(r"^## (.+)$", res.stdout, flags=re.MULTILINE)
    assert titles == [s.title for s in deck_situations(BUILTIN)]
    assert res.stdout.count("**For facilitators only.**") == len(CARDS) + 1


def test_cards_writes_files_and_never_silently_replaces_one(run: Run, tmp_path: Path) -> None:
    first = run("situations", "cards", "-o", "deck.md", "--tag", "online", "--region", "GB")
    assert first.exit_code == 0, first
    text = (tmp_path / "deck.md").read_text(encoding="utf-8")
    assert re.findall(r"^## (.+)$", text, flags=re.MULTILINE) == [
        s.title for s in deck_situations(BUILTIN) if s.crisis or "online" in s.tags
    ]
    again = run("situations", "cards", "-o", "deck.md")
    assert again.exit_code == 2 and "deck.md" in again.stderr
    forced = run("situations", "cards", "-o", "deck.md", "--force", "--region", "IE")
    assert forced.exit_code == 0
    assert "call 112 or 999." in (tmp_path / "deck.md").read_text(encoding="utf-8")
    assert (tmp_path / "deck.md.bak").read_text(encoding="utf-8") == text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "pdf"], "-o FILE.pdf"),
        (["--format", "docx"], "not offered"),
        (["-o", "deck.html", "--format", "pdf"], "the extension says html"),
        (["-o", "deck.html", "--paper", "a5"], "--paper a5: choose a4 or letter"),
        (["--tag", "nonsense"], "no situation card has the tag"),
    ],
)
def test_cards_refuses_what_it_cannot_do(run: Run, args: list[str], message: str) -> None:
    res = run("situations", "cards", *args)
    assert res.exit_code == 2
    assert message in res.stderr


@pytest.mark.slow
def test_every_html_deck_is_valid(run: Run, tmp_path: Path) -> None:
    """Decks in both papers, with and without numbers, and every card alone: one Nu run."""
    out = tmp_path / "html"
    out.mkdir()
    files: list[Path] = []
    for args in (
        ["--region", "GB"],
        ["--paper", "letter"],
        ["--tag", "workplace", "--region", "FR"],
    ):
        path = out / f"deck-{len(files)}.html"
        res = run("situations", "cards", "-o", str(path), *args)
        assert res.exit_code == 0, res
        files.append(path)
    write_tree(tmp_path / "ws", WORKSPACE)
    res = run("situations", "cards", "-o", str(out / "workspace.html"), cwd=tmp_path / "ws")
    assert res.exit_code == 0, res
    files.append(out / "workspace.html")
    html = (out / "workspace.html").read_text(encoding="utf-8")
    assert "Local crisis team</strong>: 01 234 5678 (weekdays 9 to 5)" in html
    assert "size: Letter" in html
    plan = numbers_for(OUTSIDE, "GB")
    for card in CARDS:
        one = render_deck(OUTSIDE, [card], plan, "html")
        assert isinstance(one, str)
        assert one.count('<article class="card sit') == 1
        assert "For facilitators only." in one
        path = out / f"card-{card.id}.html"
        path.write_text(one, encoding="utf-8")
        files.append(path)
    deck = files[0].read_text(encoding="utf-8")
    for card in CARDS:
        assert f'id="card-{card.id}"' in deck
    assert deck.count("For facilitators only.") == len(CARDS) + 1
    assert deck.index("card-risk-of-harm") < deck.index("card-member-dominates")
    assert nu_validate(files) == []


def _squash(text: str) -> str:
    """Text without any white space: lines in a PDF may break after a hyphen."""
    return re.sub(r"\s+", "", text)


def _page_texts(path: Path) -> list[str]:
    return [_squash(text) for text in pdftext.page_texts(path)]


@pytest.mark.slow
@pytest.mark.parametrize(
    "args", [["--region", "GB"], ["--paper", "letter"]], ids=["a4-GB", "letter-no-region"]
)
def test_the_pdf_deck_holds_two_to_four_whole_cards_a_page(
    run: Run, tmp_path: Path, args: list[str]
) -> None:
    res = run("situations", "cards", "-o", "deck.pdf", *args)
    assert res.exit_code == 0, res
    pdf = tmp_path / "deck.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    pages = _page_texts(pdf)
    n = len(CARDS)
    assert math.ceil(n / 4) <= len(pages) <= math.ceil(n / 2)
    where: dict[str, list[int]] = {}
    for number, text in enumerate(pages):
        on_page = [s for s in CARDS if _squash(s.title) in text]
        assert 2 <= len(on_page) <= 4, (number + 1, [s.id for s in on_page])
        for s in on_page:
            where.setdefault(s.id, []).append(number)
            # the card's last line is on the same page as its title: it was not split
            assert _squash(s.refer_when[-1]) in text, (s.id, number + 1)
        assert text.lower().count("forfacilitatorsonly") >= len(on_page) + 1  # cards, footer
    assert sorted(where) == sorted(s.id for s in CARDS), "no card title missing"
    assert all(len(pages_) == 1 for pages_ in where.values())
    last_crisis = max(where[s.id][0] for s in CRISIS)
    first_other = min(where[s.id][0] for s in CARDS if not s.crisis)
    assert last_crisis <= first_other, "crisis cards first"
    if "--region" in args:
        assert "call999" in pages[0]
    else:
        assert "callthelocalemergencynumber" in pages[0]


@pytest.mark.parametrize("tag", ["bereavement", "recovery", "chronic-illness", "mental-health"])
@pytest.mark.parametrize("fmt", ["md", "html"])
def test_each_groups_cards_render(run: Run, tag: str, fmt: str) -> None:
    own = [s for s in CARDS if tag in s.tags]
    assert len(own) >= 2, tag
    res = run("situations", "cards", "--tag", tag, "--region", "GB", "--format", fmt)
    assert res.exit_code == 0, res
    text = res.stdout if fmt == "md" else re.sub(r"<[^>]+>", " ", res.stdout)
    flat = " ".join(text.split()).replace("&#39;", "'").replace("&quot;", '"')
    for card in own:
        assert " ".join(card.title.split()) in flat.replace("&amp;", "&"), card.id
