"""`facilitate groundrules`: init, list, add, edit, move, remove and render, end to end."""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from tests.conftest import Run, markdown_lint

Tree = Callable[[Mapping[str, str | bytes]], Path]
PRESETS = ("general", "workplace-bullying", "virtual")
COMMANDS = ("init", "list", "add", "remove", "edit", "move", "render")


def rules_of(path: Path) -> list[dict[str, str]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    rules = data["rules"]
    assert isinstance(rules, list)
    return rules


def one_line(text: str) -> str:
    lines = text.splitlines()
    assert len(lines) == 1, lines
    return lines[0]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(run: Run, command: str) -> None:
    res = run("groundrules", command, "--help")
    assert res.exit_code == 0, res
    assert "Usage: facilitate groundrules " + command in " ".join(res.stdout.split())


def test_init_in_a_plain_folder_then_refuse_then_force(run: Run, tmp_path: Path) -> None:
    res = run("groundrules", "init")
    assert res.exit_code == 0, res
    path = tmp_path / "groundrules.yaml"
    text = path.read_text(encoding="utf-8")
    assert "# yaml-language-server: $schema=groundrules.schema.json" in text
    assert yaml.safe_load(text)["preset"] == "general"
    assert "wrote groundrules.yaml: 13 ground rules from the 'general' preset" in res.stderr
    assert res.stdout == ""

    path.write_text(text.replace("rules:\n", "rules:\n  # our note\n"), encoding="utf-8")
    before = path.read_bytes()
    res = run("groundrules", "init", "--preset", "virtual")
    assert res.exit_code == 2
    assert "--force" in one_line(res.stderr)
    assert path.read_bytes() == before

    res = run("groundrules", "init", "--preset", "virtual", "--force")
    assert res.exit_code == 0, res
    assert (tmp_path / "groundrules.yaml.bak").read_bytes() == before
    assert yaml.safe_load(path.read_text(encoding="utf-8"))["preset"] == "virtual"
    assert "kept the old file as groundrules.yaml.bak" in res.stderr


@pytest.mark.parametrize(
    ("profile", "preset"),
    [
        ("name: Harbour\ngroup_type: workplace-bullying\n", "workplace-bullying"),
        ("name: Harbour\nonline: true\n", "virtual"),
        ("name: Harbour\nonline: true\npreset: general\n", "general"),
        ("name: Harbour\n", "general"),
    ],
)
def test_init_follows_the_profile_and_writes_into_the_workspace(
    run: Run, tree: Tree, tmp_path: Path, profile: str, preset: str
) -> None:
    tree({"facilitate.yaml": profile, "notes/.keep": ""})
    res = run("groundrules", "init", cwd=tmp_path / "notes")
    assert res.exit_code == 0, res
    assert not (tmp_path / "notes" / "groundrules.yaml").exists()
    assert (
        yaml.safe_load((tmp_path / "groundrules.yaml").read_text(encoding="utf-8"))["preset"]
        == preset
    )


def test_commands_without_a_file_say_to_run_init(run: Run, tmp_path: Path) -> None:
    for args in (
        ("list",),
        ("add", "We share the tea."),
        ("remove", "time"),
        ("edit", "time", "--text", "x"),
        ("move", "time", "--to", "1"),
    ):
        res = run("groundrules", *args)
        assert res.exit_code == 2, (args, res)
        assert "run 'facilitate groundrules init'" in one_line(res.stderr)
    assert list(tmp_path.iterdir()) == []


def test_round_trip_from_the_command_line(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "groundrules.yaml"
    assert run("groundrules", "init", "--preset", "general").exit_code == 0
    start = [r["id"] for r in rules_of(path)]

    res = run(
        "groundrules",
        "add",
        "Phones stay on silent.",
        "--why",
        "Fewer buzzes.",
        "--category",
        "logistics",
        "--after",
        "time",
    )
    assert res.exit_code == 0, res
    at = start.index("time") + 2
    assert (
        one_line(res.stderr) == f"added 'phones-stay-silent' as rule {at} of 14 in groundrules.yaml"
    )
    assert rules_of(path)[at - 1] == {
        "id": "phones-stay-silent",
        "text": "Phones stay on silent.",
        "why": "Fewer buzzes.",
        "category": "logistics",
    }

    res = run(
        "groundrules", "edit", "phones-stay-silent", "--text", "Phones stay off.", "--why", ""
    )
    assert res.exit_code == 0, res
    assert rules_of(path)[at - 1] == {
        "id": "phones-stay-silent",
        "text": "Phones stay off.",
        "category": "logistics",
    }

    res = run("groundrules", "move", "phones-stay-silent", "--to", "1")
    assert res.exit_code == 0, res
    assert one_line(res.stderr) == "moved 'phones-stay-silent' to place 1 of 14 in groundrules.yaml"

    res = run("groundrules", "remove", "our-agreement")
    assert res.exit_code == 0, res
    assert "our-agreement" in one_line(res.stderr)
    assert [r["id"] for r in rules_of(path)] == ["phones-stay-silent"] + [
        i for i in start if i != "our-agreement"
    ]

    res = run("groundrules", "list")
    assert res.exit_code == 0, res
    lines = res.stdout.splitlines()
    assert lines[0] == "#\tid\tcategory\ttext"
    assert lines[1] == "1\tphones-stay-silent\tlogistics\tPhones stay off."
    assert len(lines) == 14

    res = run("groundrules", "render")
    assert res.exit_code == 0, res
    numbered = [ln for ln in res.stdout.splitlines() if ln[:1].isdigit()]
    assert len(numbered) == 13
    # The sheet puts confidentiality first; the group's first rule follows those.
    assert numbered[0].startswith("1. **What members share here stays here.")
    assert numbered[3] == "4. Phones stay off."
    assert markdown_lint(res.stdout, tmp_path) == []


def test_bad_changes_are_one_line_each_with_a_position(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "groundrules.yaml"
    assert run("groundrules", "init").exit_code == 0
    before = path.read_bytes()
    res = run("groundrules", "add", "  ")
    assert res.exit_code == 2
    assert one_line(res.stderr) == (
        "groundrules.yaml:76:11: must not be empty; nothing was saved (rules[13].text)"
    )
    res = run("groundrules", "edit", "time", "--category", "tea")
    assert res.exit_code == 2
    assert one_line(res.stderr).startswith("groundrules.yaml:")
    assert "'tea' is not allowed here; use one of: confidentiality," in res.stderr
    res = run("groundrules", "add", "x", "--id", "time")
    assert res.exit_code == 2
    assert "the id 'time' is already used" in one_line(res.stderr)
    res = run("groundrules", "remove", "tme")
    assert res.exit_code == 2
    assert (
        one_line(res.stderr) == "facilitate: groundrules.yaml: no rule 'tme'; did you mean 'time'?"
    )
    res = run("groundrules", "move", "time", "--to", "40")
    assert res.exit_code == 2
    assert "from 1 to 13" in one_line(res.stderr)
    assert path.read_bytes() == before


def test_a_broken_file_is_reported_not_rewritten(run: Run, tree: Tree, tmp_path: Path) -> None:
    broken = "version: 1\nrules:\n  - id: a\n    text: A.\n  - id: a\n    txt: B.\n"
    tree({"groundrules.yaml": broken})
    before = (tmp_path / "groundrules.yaml").read_bytes()
    res = run("groundrules", "add", "C.")
    assert res.exit_code == 2
    assert res.stderr.splitlines() == [
        "groundrules.yaml:5:5: missing field 'text' (rules[1].text)",
        "groundrules.yaml:5:9: the id 'a' is already used (line 3); each rule needs its own id "
        "(rules[1].id)",
        "groundrules.yaml:6:5: unknown field 'txt'; did you mean 'text'? "
        "(allowed: id, text, why, category) (rules[1].txt)",
    ]
    assert (tmp_path / "groundrules.yaml").read_bytes() == before
    res = run("groundrules", "render")
    assert res.exit_code == 2
    assert len(res.stderr.splitlines()) == 3


# -- the sheet ----------------------------------------------------------------------------------


@pytest.mark.parametrize("preset", PRESETS)
def test_golden_preset_sheets(
    run: Run, golden: Callable[[str, str], None], tmp_path: Path, preset: str
) -> None:
    res = run("groundrules", "render", "--preset", preset)
    assert res.exit_code == 0, res
    assert markdown_lint(res.stdout, tmp_path) == []
    assert "(write it in)" in res.stdout
    golden(f"groundrules-{preset}.md", res.stdout)


def test_golden_group_sheet_with_consent(
    run: Run, tree: Tree, golden: Callable[[str, str], None], tmp_path: Path
) -> None:
    profile = "name: Harbour Tuesdays\ngroup_type: workplace-bullying\nregion: US\nsize: 9\n"
    tree({"facilitate.yaml": profile})
    assert run("groundrules", "init").exit_code == 0
    res = run("groundrules", "render", "--consent", "--reasons", "--date", "2026-03-02")
    assert res.exit_code == 0, res
    assert "Harbour Tuesdays · Agreed on 2026-03-02" in res.stdout
    assert "I have read these ground rules and agree to them." in res.stdout
    assert "call 911" in res.stdout and "(write it in)" not in res.stdout
    assert markdown_lint(res.stdout, tmp_path) == []
    golden("groundrules-consent-US.md", res.stdout)

    res = run("groundrules", "render", "--group-name", "Other name")
    assert "Other name" in res.stdout and "Harbour" not in res.stdout


def test_render_to_files_in_every_format(run: Run, tmp_path: Path) -> None:
    assert run("groundrules", "init", "--preset", "virtual").exit_code == 0
    for name in ("rules.md", "rules.html", "rules.pdf"):
        res = run("groundrules", "render", "-o", name, "--consent", "--paper", "letter")
        assert res.exit_code == 0, res
        assert one_line(res.stderr) == f"wrote {name}"
        assert res.stdout == ""
    assert (tmp_path / "rules.md").read_text(encoding="utf-8").startswith("# Our ground rules\n")
    html = (tmp_path / "rules.html").read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "size: Letter" in html
    reader = PdfReader(io.BytesIO((tmp_path / "rules.pdf").read_bytes()))
    assert len(reader.pages) == 1
    assert float(reader.pages[0].mediabox.height) == pytest.approx(792, abs=0.5)
    assert "We join from a private place" in " ".join(reader.pages[0].extract_text().split())


def test_render_never_replaces_a_file_without_force(run: Run, tmp_path: Path) -> None:
    (tmp_path / "sheet.html").write_text("the group's own sheet", encoding="utf-8")
    res = run("groundrules", "render", "-o", "sheet.html")
    assert res.exit_code == 2
    assert "--force" in one_line(res.stderr)
    assert (tmp_path / "sheet.html").read_text(encoding="utf-8") == "the group's own sheet"
    res = run("groundrules", "render", "-o", "sheet.html", "--force")
    assert res.exit_code == 0, res
    assert (tmp_path / "sheet.html.bak").read_text(encoding="utf-8") == "the group's own sheet"
    assert "Our ground rules" in (tmp_path / "sheet.html").read_text(encoding="utf-8")


def test_render_option_mistakes_are_one_line(run: Run) -> None:
    for args, words in (
        (("--format", "pdf"), "-o FILE.pdf"),
        (("--paper", "a5"), "a4 or letter"),
        (("--preset", "virtaul"), "did you mean 'virtual'"),
        (("-o", "x.html", "--format", "md"), "extension says html"),
    ):
        res = run("groundrules", "render", *args)
        assert res.exit_code == 2, (args, res)
        assert words in one_line(res.stderr)
