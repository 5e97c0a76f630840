"""`facilitate groundrules`: init, list, add, edit, move, remove and render, end to end."""

from __future__ import annotations

import io
import re
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
    assert markdown_lint(res.stdout) == []


CHOICES = "(choose from: confidentiality, participation, respect, safety, logistics, online)"


def test_bad_values_are_one_line_each_naming_the_option(run: Run, tmp_path: Path) -> None:
    # A wrong value in an option is named as the option, never as a line of the file.
    path = tmp_path / "groundrules.yaml"
    assert run("groundrules", "init").exit_code == 0
    before = path.read_bytes()
    for args, expected in (
        (("add", "  "), "TEXT must not be empty"),
        (("edit", "time", "--text", " "), "--text must not be empty"),
        (
            ("add", "Be on time.", "--category", "logistic"),
            f"--category 'logistic' is not known; did you mean 'logistics'? {CHOICES}",
        ),
        (
            ("edit", "time", "--category", "logistic"),
            f"--category 'logistic' is not known; did you mean 'logistics'? {CHOICES}",
        ),
        (("edit", "time", "--category", "tea"), f"--category 'tea' is not known {CHOICES}"),
        (("add", "x", "--id", "time"), "--id 'time' is already used by rule 10; choose another id"),
        (
            ("add", "x", "--id", "Big Id"),
            "--id 'Big Id' is not a valid id: use lowercase letters, digits and single hyphens, "
            "like 'phones-on-silent'",
        ),
        (("remove", "tme"), "groundrules.yaml: no rule 'tme'; did you mean 'time'?"),
        (
            ("move", "time", "--to", "40"),
            "--to 40 is not a place in the list; use a number from 1 to 13",
        ),
    ):
        res = run("groundrules", *args)
        assert res.exit_code == 2, (args, res)
        assert one_line(res.stderr) == f"facilitate: {expected}", args
        assert re.search(r"groundrules\.yaml:\d", res.stderr) is None
    assert path.read_bytes() == before


def test_a_category_is_taken_in_any_case(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "groundrules.yaml"
    assert run("groundrules", "init").exit_code == 0
    res = run("groundrules", "add", "We share the tea.", "--category", " Logistics ")
    assert res.exit_code == 0, res
    res = run("groundrules", "edit", "respect", "--category", "SAFETY")
    assert res.exit_code == 0, res
    rules = {r["id"]: r for r in rules_of(path)}
    assert rules["share-tea"]["category"] == "logistics"
    assert rules["respect"]["category"] == "safety"
    assert "    category: logistics\n" in path.read_text(encoding="utf-8")


def test_a_rule_said_twice_is_refused_unless_forced(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "groundrules.yaml"
    assert run("groundrules", "init").exit_code == 0
    before = path.read_bytes()
    # Case, spaces and punctuation do not make it a different rule.
    again = (
        "  we START and end on time with phones on silent.  "
        "We keep our turns short enough that everyone gets one"
    )
    res = run("groundrules", "add", again, "--category", "logistics")
    assert res.exit_code == 2
    assert one_line(res.stderr) == (
        "facilitate: groundrules.yaml: rule 10, 'time', already says this; change that one "
        "with 'facilitate groundrules edit time', or use --force to have it twice"
    )
    assert path.read_bytes() == before

    # Editing another rule into the same words is the same mistake.
    res = run("groundrules", "edit", "self-care", "--text", again)
    assert res.exit_code == 2
    assert "rule 10, 'time', already says this" in one_line(res.stderr)
    assert path.read_bytes() == before

    res = run("groundrules", "add", again, "--category", "logistics", "--force")
    assert res.exit_code == 0, res
    assert one_line(res.stderr) == "added 'start-end-time' as rule 14 of 14 in groundrules.yaml"
    texts = [
        " ".join(r["text"].lower().replace(",", "").replace(".", "").split())
        for r in rules_of(path)
    ]
    assert texts.count(texts[9]) == 2
    assert [r["id"] for r in rules_of(path)][-1] == "start-end-time"


def test_the_last_confidentiality_rule_and_its_limits_stay_unless_forced(
    run: Run, tmp_path: Path
) -> None:
    assert run("init", "--name", "Test", "--region", "GB").exit_code == 0
    assert run("groundrules", "init").exit_code == 0
    path = tmp_path / "groundrules.yaml"

    # Taking out one confidentiality rule is fine, and says which ones are left.
    res = run("groundrules", "remove", "confidentiality")
    assert res.exit_code == 0, res
    assert res.stderr.splitlines()[1] == (
        "confidentiality rules left: confidentiality-limits, outside-the-group"
    )

    # The only rule on the limits stays, by remove or by an edit that loses its words.
    before = path.read_bytes()
    res = run("groundrules", "remove", "confidentiality-limits")
    assert res.exit_code == 2
    assert one_line(res.stderr) == (
        "facilitate: groundrules.yaml: 'confidentiality-limits' is the only rule that says where "
        "confidentiality ends (serious risk of harm), so no one is surprised later; say that in "
        "another confidentiality rule first, or use --force to remove it anyway"
    )
    res = run("groundrules", "edit", "confidentiality-limits", "--text", "We keep it here.")
    assert res.exit_code == 2
    assert one_line(res.stderr).endswith(
        "keep words about harm or risk in it, or use --force to change it anyway"
    )
    assert path.read_bytes() == before

    # With the last confidentiality rule, the message asks for the group's own rule first.
    assert run("groundrules", "remove", "outside-the-group").exit_code == 0
    before = path.read_bytes()
    res = run("groundrules", "remove", "confidentiality-limits")
    assert res.exit_code == 2
    assert one_line(res.stderr) == (
        "facilitate: groundrules.yaml: 'confidentiality-limits' is the group's last "
        "confidentiality rule, and members need to hear that what they share stays in the "
        "group; add the group's own first with 'facilitate groundrules add \"...\" --category "
        "confidentiality', or use --force to remove it anyway"
    )
    res = run("groundrules", "edit", "confidentiality-limits", "--category", "safety")
    assert res.exit_code == 2
    assert "last confidentiality rule" in one_line(res.stderr)
    assert "keep its category, or use --force to change it anyway" in res.stderr
    assert path.read_bytes() == before
    assert [r["id"] for r in rules_of(path) if r["category"] == "confidentiality"] == [
        "confidentiality-limits"
    ]

    # --force does it, and says what is missing now.
    res = run("groundrules", "remove", "confidentiality-limits", "--force")
    assert res.exit_code == 0, res
    assert res.stderr.splitlines()[1] == (
        "the group has no confidentiality rule now; add one before the next meeting"
    )
    assert all(r["category"] != "confidentiality" for r in rules_of(path))
    sheet = run("groundrules", "render")
    assert sheet.exit_code == 0 and "serious risk of harm" not in sheet.stdout
    assert run("doctor").exit_code == 1


def test_limits_in_the_groups_own_words_let_the_preset_rule_go(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "groundrules.yaml"
    assert run("groundrules", "init").exit_code == 0
    res = run(
        "groundrules",
        "add",
        "We keep it all private, unless someone may get badly hurt.",
        "--category",
        "confidentiality",
        "--after",
        "confidentiality",
    )
    assert res.exit_code == 0, res
    res = run("groundrules", "remove", "confidentiality-limits")
    assert res.exit_code == 0, res
    assert res.stderr.splitlines()[1] == (
        "confidentiality rules left: confidentiality, keep-all-private, outside-the-group"
    )
    assert "confidentiality-limits" not in [r["id"] for r in rules_of(path)]
    # Moving a confidentiality rule to another category is fine while others are left.
    res = run("groundrules", "edit", "outside-the-group", "--category", "respect")
    assert res.exit_code == 0, res
    assert one_line(res.stderr) == "changed rule 3, 'outside-the-group', in groundrules.yaml"


def test_denying_the_limits_does_not_count_as_stating_them(run: Run, tmp_path: Path) -> None:
    assert run("groundrules", "init").exit_code == 0
    denial = "What is said here stays here, always, with no exceptions and no limits."
    assert run("groundrules", "edit", "confidentiality", "--text", denial).exit_code == 0
    res = run("groundrules", "remove", "confidentiality-limits")
    assert res.exit_code == 2, res
    assert "confidentiality-limits" in [r["id"] for r in rules_of(tmp_path / "groundrules.yaml")]


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
def test_golden_preset_sheets(run: Run, golden: Callable[[str, str], None], preset: str) -> None:
    res = run("groundrules", "render", "--preset", preset)
    assert res.exit_code == 0, res
    assert markdown_lint(res.stdout) == []
    assert "ask the facilitator for the local crisis number" in res.stdout
    golden(f"groundrules-{preset}.md", res.stdout)


def test_golden_group_sheet_with_consent(
    run: Run, tree: Tree, golden: Callable[[str, str], None]
) -> None:
    profile = "name: Harbour Tuesdays\ngroup_type: workplace-bullying\nregion: US\nsize: 9\n"
    tree({"facilitate.yaml": profile})
    assert run("groundrules", "init").exit_code == 0
    res = run("groundrules", "render", "--consent", "--reasons", "--date", "2026-03-02")
    assert res.exit_code == 0, res
    assert "Harbour Tuesdays · Agreed on 2026-03-02" in res.stdout
    assert "I have read these ground rules and agree to them." in res.stdout
    assert "call 911" in res.stdout and "ask the facilitator" not in res.stdout
    assert markdown_lint(res.stdout) == []
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
