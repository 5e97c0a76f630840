"""`facilitate doctor` through the real command line."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

from facilitate.cli import doctor as doctor_cli
from tests.conftest import Run

Tree = Callable[[Mapping[str, str | bytes]], Path]


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Act as a person at a terminal, so init asks its questions."""
    monkeypatch.setattr(doctor_cli, "stdin_is_terminal", lambda: True)


def test_doctor_without_a_workspace_exits_1(run: Run) -> None:
    res = run("doctor")
    assert res.exit_code == 1
    assert "missing: workspace: no group workspace" in res.stdout
    assert "Not ready" in res.stdout


def test_doctor_lists_advice_and_exits_0_when_nothing_essential_is_missing(
    run: Run, tree: Tree
) -> None:
    tree({"facilitate.yaml": "name: Harbour\nregion: AU\n"})
    res = run("doctor")
    assert res.exit_code == 0, res
    lines = res.stdout.splitlines()
    assert any(ln.startswith("ok: crisis numbers: crisis numbers for AU") for ln in lines)
    assert any(ln.startswith("advice: ground rules: no ground rules yet") for ln in lines)
    assert any(ln.startswith("advice: back-up: no back-up person") for ln in lines)
    assert any(
        ln.startswith("advice: crisis numbers: ") and "for AU could not be found" in ln
        for ln in lines
    )
    assert any(ln.startswith("advice: purpose: no purpose yet") for ln in lines)
    assert any(ln.startswith("advice: facilitator role: ") for ln in lines)
    assert lines[-1] == "Ready: nothing essential is missing (5 suggestions above)."


def test_doctor_uses_the_profile_region_and_the_option_wins(run: Run, tree: Tree) -> None:
    tree({"facilitate.yaml": "name: Osaka\nregion: JP\n"})
    res = run("doctor")
    assert res.exit_code == 1
    assert "add local numbers with 'facilitate config add-contact" in res.stdout
    res = run("doctor", "--region", "gb")
    assert res.exit_code == 0, res
    assert "crisis numbers for GB" in res.stdout


def test_doctor_shows_file_positions_for_a_broken_profile(run: Run, tree: Tree) -> None:
    tree({"facilitate.yaml": "name: Harbour\nregion: US\nminutes: many\n"})
    res = run("doctor")
    assert res.exit_code == 1
    assert "facilitate.yaml:3:10: must be a whole number (minutes)" in res.stdout


def test_doctor_json(run: Run, tree: Tree) -> None:
    tree({"facilitate.yaml": "name: Harbour\nregion: CA\n"})
    res = run("doctor", "--json")
    assert res.exit_code == 0
    data = json.loads(res.stdout)
    assert data["ready"] is True
    assert {f["severity"] for f in data["findings"]} == {"ok", "advice"}


def test_doctor_marks_on_a_terminal(run: Run, tree: Tree, monkeypatch: pytest.MonkeyPatch) -> None:
    tree({"facilitate.yaml": "name: Harbour\n"})
    monkeypatch.setattr(doctor_cli, "stdout_is_terminal", lambda: True)
    res = run("doctor")
    assert res.exit_code == 1
    marks = {ln[0] for ln in res.stdout.splitlines() if ln and not ln.startswith(" ")}
    assert {"✓", "!", "✗"} <= marks


def test_doctor_advice_names_the_command_that_fixes_it(run: Run, tree: Tree) -> None:
    tree({"facilitate.yaml": "name: Harbour\n"})
    res = run("doctor")
    lines = res.stdout.splitlines()
    crisis = next(ln for ln in lines if ln.startswith("missing: crisis numbers:"))
    assert "set it with 'facilitate config set region XX'" in crisis
    assert "'facilitate config add-contact \"Local crisis line\" --phone NUMBER'" in crisis
    backup = next(ln for ln in lines if ln.startswith("advice: back-up:"))
    assert "'facilitate config set backup.label \"Co-facilitator\"'" in backup
    # Doing what it says makes the findings go away.
    assert run("config", "set", "region", "GB").exit_code == 0
    assert run("config", "set", "backup.label", "Co-facilitator").exit_code == 0
    half = run("doctor")
    assert "has no phone or details: run 'facilitate config set backup.phone NUMBER'" in half.stdout
    assert run("config", "set", "backup.phone", "0161 496 0000").exit_code == 0
    done = run("doctor")
    assert done.exit_code == 0, done
    assert "ok: back-up: back-up person: Co-facilitator" in done.stdout


def test_doctor_without_a_workspace_says_how_to_give_a_region(run: Run) -> None:
    res = run("doctor")
    crisis = next(ln for ln in res.stdout.splitlines() if ln.startswith("missing: crisis"))
    assert crisis == (
        "missing: crisis numbers: no crisis numbers: no region is set and there are no local "
        "contacts; give --region XX (a country code such as GB or US), or keep it in a group "
        "folder with 'facilitate init --region XX'"
    )
    assert "facilitate.yaml" not in crisis
