"""`facilitate init`, and finding the workspace from any folder."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

import pytest
import yaml

from facilitate.cli import init as init_cli
from tests.conftest import Run

Tree = Callable[[Mapping[str, str | bytes]], Path]


def read_profile(path: Path) -> dict[str, object]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Act as a person at a terminal, so init asks its questions."""
    monkeypatch.setattr(init_cli, "stdin_is_terminal", lambda: True)


# -- init ---------------------------------------------------------------------------------------


def test_init_without_a_terminal_never_asks_and_uses_defaults(run: Run, tmp_path: Path) -> None:
    res = run("init", "tuesday-group", input="Something typed\nGB\n")
    assert res.exit_code == 0, res
    data = read_profile(tmp_path / "tuesday-group" / "facilitate.yaml")
    assert data["name"] == "tuesday-group"
    assert data["minutes"] == 90 and data["size"] == 8 and data["online"] is False
    assert "region" not in data and "backup" not in data
    assert "?" not in res.stderr  # no question was put
    assert "wrote tuesday-group/facilitate.yaml" in res.stderr
    for step in ("facilitate groundrules init", "facilitate doctor", "facilitate agenda"):
        assert step in res.stdout
    assert "cd tuesday-group" in res.stdout


@pytest.mark.parametrize(
    ("args", "summary"),
    [
        (("--region", "GB"), "crisis lines for GB."),
        (
            ("--region", "JP"),
            "region JP, for which the catalog has no emergency number or crisis line: add local "
            "numbers with 'facilitate config add-contact \"Local crisis line\" --phone NUMBER'.",
        ),
        (
            ("--region", "FR"),  # the EU's 112, but no crisis line of France's own
            "region FR, for which the catalog has no crisis line: add local numbers with "
            "'facilitate config add-contact \"Local crisis line\" --phone NUMBER'.",
        ),
        (
            ("--region", "JP", "--emergency-phone", "110"),
            "region JP, with your local numbers (the catalog has no emergency number or crisis "
            "line for it).",
        ),
        (
            (),
            "no region yet: set one with 'facilitate config set region XX', or add local numbers "
            "with 'facilitate config add-contact \"Local crisis line\" --phone NUMBER'.",
        ),
    ],
)
def test_init_says_where_the_crisis_numbers_come_from(
    run: Run, tmp_path: Path, args: tuple[str, ...], summary: str
) -> None:
    res = run("init", "--name", "Test", *args)
    assert res.exit_code == 0, res
    assert res.stdout.splitlines()[0].endswith(summary), res.stdout


def test_init_takes_every_option(run: Run, tmp_path: Path) -> None:
    res = run(
        "init",
        "--name",
        "Harbour peers",
        "--region",
        "ie",
        "--minutes",
        "75",
        "--size",
        "6",
        "--online",
        "--group-type",
        "mental-health",
        "--backup-name",
        "Co-facilitator",
        "--backup-phone",
        "085 000 0000",
        "--emergency-phone",
        "112",
    )
    assert res.exit_code == 0, res
    data = read_profile(tmp_path / "facilitate.yaml")
    assert data["name"] == "Harbour peers"
    assert (data["region"], data["minutes"], data["size"], data["online"]) == ("IE", 75, 6, True)
    assert data["group_type"] == "mental-health"
    assert data["backup"] == {"label": "Co-facilitator", "phone": "085 000 0000"}
    assert data["local_contacts"] == [{"label": "Local emergency number", "phone": "112"}]
    assert "run these in the group's folder" in res.stdout and "cd " not in res.stdout


def test_init_on_a_terminal_asks_for_what_is_missing(
    run: Run, tmp_path: Path, terminal: None
) -> None:
    answers = "\n".join(
        ["Harbour peers", "workplace-bullying", "jp", "60", "6", "y", "110", "Co-lead", "555 0100"]
    )
    res = run("init", input=answers + "\n")
    assert res.exit_code == 0, res
    data = read_profile(tmp_path / "facilitate.yaml")
    assert data["name"] == "Harbour peers"
    assert data["group_type"] == "workplace-bullying"
    assert (data["region"], data["minutes"], data["size"], data["online"]) == ("JP", 60, 6, True)
    assert data["local_contacts"] == [{"label": "Local emergency number", "phone": "110"}]
    assert data["backup"] == {"label": "Co-lead", "phone": "555 0100"}


def test_init_on_a_terminal_keeps_suggestions_and_skips_what_options_gave(
    run: Run, tmp_path: Path, terminal: None
) -> None:
    # Options give the name and region; Enter keeps the other suggestions. A region with an
    # emergency number in the catalog is not asked for one.
    res = run("init", "--name", "Evening group", "--region", "US", input="\n" * 6)
    assert res.exit_code == 0, res
    assert "Group name" not in res.stdout + res.stderr
    assert "emergency" not in (res.stdout + res.stderr).lower().split("wrote")[0]
    data = read_profile(tmp_path / "facilitate.yaml")
    assert data["name"] == "Evening group"
    assert (data["group_type"], data["minutes"], data["size"], data["online"]) == (
        "general",
        90,
        8,
        False,
    )
    assert data["paper"] == "letter"
    assert "backup" not in data and "local_contacts" not in data


def test_init_refuses_an_existing_workspace(run: Run, tmp_path: Path, terminal: None) -> None:
    path = tmp_path / "facilitate.yaml"
    path.write_text("name: Ours\n", encoding="utf-8")
    res = run("init", "--name", "Theirs", input="\n" * 9)
    assert res.exit_code == 2
    assert "already here" in res.stderr
    assert path.read_text(encoding="utf-8") == "name: Ours\n"
    assert "Group type" not in res.stdout + res.stderr  # refused before any question


def test_init_rejects_a_bad_value_in_one_line_and_writes_nothing(run: Run, tmp_path: Path) -> None:
    res = run("init", "--minutes", "5")
    assert res.exit_code == 2
    assert res.stderr.strip() == "facilitate: --minutes: must be at least 20"
    assert not (tmp_path / "facilitate.yaml").exists()


# -- finding the workspace ---------------------------------------------------------------------


def test_commands_find_the_workspace_from_a_nested_folder(run: Run, tmp_path: Path) -> None:
    assert run("init", "--region", "GB").exit_code == 0
    deep = tmp_path / "meetings" / "2026" / "march"
    deep.mkdir(parents=True)
    res = run("doctor", cwd=deep)
    assert res.exit_code == 0, res
    assert f"in {tmp_path}" in res.stdout
    res = run("agenda", "--topic", "boundaries", cwd=deep)
    assert res.exit_code == 0, res
    assert (tmp_path / "history.yaml").is_file()
    assert not (deep / "history.yaml").exists()


def test_workspace_option_and_environment_variable(
    run: Run, tree: Tree, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tree(
        {
            "group/facilitate.yaml": "name: Group\nregion: NZ\n",
            "elsewhere/notes.txt": "",
        }
    )
    elsewhere = tmp_path / "elsewhere"
    assert run("doctor", cwd=elsewhere).exit_code == 1  # nothing found from here
    res = run("--workspace", str(tmp_path / "group"), "doctor")
    assert res.exit_code == 0, res
    assert "group 'Group'" in res.stdout
    monkeypatch.setenv("FACILITATE_WORKSPACE", str(tmp_path / "group"))
    res = run("agenda", "--topic", "boundaries")
    assert res.exit_code == 0, res
    assert (tmp_path / "group" / "history.yaml").is_file()
    res = run("--workspace", str(elsewhere), "doctor")
    assert res.exit_code == 2
    assert "not a group workspace" in res.stderr


def test_init_on_a_terminal_asks_again_after_a_bad_answer(
    run: Run, tmp_path: Path, terminal: None
) -> None:
    answers = ["Grp", "book-club", "mental-health", "usa", "us", "5", "60", "", "", ""]
    res = run("init", input="\n".join(answers) + "\n")
    assert res.exit_code == 0, res
    shown = res.stdout + res.stderr
    assert "'book-club' is not allowed here" in shown
    assert "is not a country code" in shown
    assert "must be at least 20" in shown
    data = read_profile(tmp_path / "facilitate.yaml")
    assert (data["group_type"], data["region"], data["minutes"]) == ("mental-health", "US", 60)


def test_init_inside_another_workspace_says_which_one_wins(run: Run, tmp_path: Path) -> None:
    assert run("init", "--region", "GB").exit_code == 0
    res = run("init", "subgroup", "--region", "IE")
    assert res.exit_code == 0, res
    assert f"{tmp_path} holds a workspace too" in res.stderr
    res = run("doctor", cwd=tmp_path / "subgroup")
    assert "crisis numbers for IE" in res.stdout


@pytest.mark.parametrize(
    ("group", "preset"),
    [("bereavement", "bereavement"), ("recovery", "recovery"), ("general", "general")],
)
def test_init_says_what_the_group_type_changes(
    run: Run, tmp_path: Path, group: str, preset: str
) -> None:
    res = run("init", "g", "--group-type", group, "--region", "GB")
    assert res.exit_code == 0, res
    line = next(ln for ln in res.stdout.splitlines() if ln.startswith("A "))
    assert f"group starts from the '{preset}' ground rules and gets" in line
    assert line.endswith(".") and line.count(".") == 1
    if group == "bereavement":
        assert "looking ahead at its first meetings" in line


def test_init_on_a_terminal_suggests_the_country_of_the_locale(
    run: Run, tmp_path: Path, terminal: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    # Name, group type, then Enter at the region question takes the suggestion.
    res = run("init", "a", input="\n".join(["A", "general", "", "90", "8", "n", ""]) + "\n")
    assert res.exit_code == 0, res
    assert "(GB from this computer's language settings;" in res.stdout + res.stderr
    assert "[GB]" in res.stdout + res.stderr
    assert read_profile(tmp_path / "a" / "facilitate.yaml")["region"] == "GB"
    # 'none' leaves the region out.
    res = run("init", "b", input="\n".join(["B", "general", "none", "90", "8", "n", "", ""]) + "\n")
    assert res.exit_code == 0, res
    assert "region" not in read_profile(tmp_path / "b" / "facilitate.yaml")


def test_init_in_a_script_never_takes_the_locale(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    res = run("init", "--name", "Quiet")
    assert res.exit_code == 0, res
    assert "region" not in read_profile(tmp_path / "facilitate.yaml")


def test_init_without_a_locale_country_suggests_none(
    run: Run, tmp_path: Path, terminal: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANG", "C.UTF-8")
    res = run("init", input="\n".join(["A", "general", "", "90", "8", "n", "", ""]) + "\n")
    assert res.exit_code == 0, res
    assert "language settings" not in res.stdout + res.stderr
    assert "region" not in read_profile(tmp_path / "facilitate.yaml")
