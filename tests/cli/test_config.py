"""`facilitate config` through the real command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from tests.conftest import Run


def profile(root: Path) -> dict[str, object]:
    data = yaml.safe_load((root / "facilitate.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_set_get_and_unset(run: Run, workspace: Path) -> None:
    res = run("config", "set", "region", "uk")
    assert res.exit_code == 0, res
    assert res.stderr == "set region to GB in facilitate.yaml\n"
    assert profile(workspace)["region"] == "GB"
    got = run("config", "get", "region")
    assert (got.exit_code, got.stdout, got.stderr) == (0, "GB\n", "")
    again = run("config", "set", "region", "GB")
    assert again.stderr == "region is already GB in facilitate.yaml; nothing changed\n"
    res = run("config", "set", "backup.phone", "0161 496 0000")
    assert res.exit_code == 0, res
    assert profile(workspace)["backup"] == {
        "label": "Back-up facilitator",
        "phone": "0161 496 0000",
    }
    res = run("config", "unset", "region")
    assert res.stderr == "removed region from facilitate.yaml (it was GB)\n"
    assert "region" not in profile(workspace)
    unset = run("config", "get", "region")
    assert (unset.exit_code, unset.stdout) == (0, "")
    assert unset.stderr == "region is not set in facilitate.yaml\n"
    res = run("config", "unset", "region")
    assert res.stderr == "region is not set in facilitate.yaml; nothing changed\n"
    res = run("config", "set", "minutes", "75")
    assert run("config", "unset", "minutes").stderr == (
        "removed minutes from facilitate.yaml (it was 75); it is now the default, 90\n"
    )


def test_a_region_without_lines_says_what_to_add(run: Run, workspace: Path) -> None:
    res = run("config", "set", "region", "JP")
    assert res.exit_code == 0, res
    assert res.stderr.splitlines()[1] == (
        "note: the catalog has no emergency number or crisis line for JP; add a local one with "
        "'facilitate config add-contact \"Local crisis line\" --phone NUMBER'"
    )


def test_a_preset_the_catalog_lacks_is_kept_with_a_note(run: Run, workspace: Path) -> None:
    res = run("config", "set", "preset", "genral")
    assert res.exit_code == 0, res
    assert "note: the catalog has no preset 'genral'; did you mean 'general'?" in res.stderr


def test_contacts(run: Run, workspace: Path) -> None:
    res = run("config", "add-contact", "Crisis team", "--phone", "0161 496 0000")
    assert res.exit_code == 0, res
    assert res.stderr == "added the local contact Crisis team; 0161 496 0000 to facilitate.yaml\n"
    run("config", "add-contact", "Library desk", "--details", "Ask at the front desk")
    assert run("config", "get", "local_contacts").stdout == (
        "Crisis team; 0161 496 0000\nLibrary desk; Ask at the front desk\n"
    )
    res = run("config", "add-contact", "crisis team", "--phone", "116 123")
    assert res.exit_code == 2, res
    assert res.stderr == (
        "facilitate: facilitate.yaml: a contact labelled 'Crisis team' is already there "
        "(Crisis team; 0161 496 0000); use --force to replace it\n"
    )
    res = run("config", "add-contact", "Crisis team", "--phone", "116 123", "--force")
    assert res.stderr == (
        "replaced the local contact Crisis team; 0161 496 0000 with Crisis team; 116 123 in "
        "facilitate.yaml\n"
    )
    res = run("config", "remove-contact", "library desk")
    assert res.stderr == (
        "removed the local contact Library desk; Ask at the front desk from facilitate.yaml\n"
    )
    assert profile(workspace)["local_contacts"] == [{"label": "Crisis team", "phone": "116 123"}]


def test_list_shows_every_setting_with_its_meaning(run: Run, workspace: Path) -> None:
    run("config", "add-contact", "Crisis team", "--phone", "0161 496 0000")
    res = run("config", "list")
    assert res.exit_code == 0, res
    lines = res.stdout.splitlines()
    assert lines[0] == "key\tvalue\tmeaning"
    rows = {ln.split("\t")[0]: ln.split("\t")[1:] for ln in lines[1:]}
    assert rows["name"][0] == "Tuesday evening group"
    assert rows["minutes"][0] == "90 (default)"
    assert rows["venue"][0] == "(not set)"
    assert rows["local_contacts"][0] == "Crisis team; 0161 496 0000"
    assert rows["region"][1].startswith("Where crisis lines come from")
    data = json.loads(run("config", "list", "--json").stdout)
    assert {"key": "size", "value": "8", "set": False, "meaning": "Usual number of members."} in (
        data
    )


def test_list_on_a_terminal_keeps_keys_whole_at_80_columns(
    run: Run, workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("facilitate.cli._console.stdout_is_terminal", lambda: True)
    monkeypatch.setenv("COLUMNS", "80")
    res = run("config", "list")
    assert res.exit_code == 0, res
    lines = res.stdout.splitlines()
    assert max(len(ln) for ln in lines) <= 80
    firsts = [ln.split()[0] for ln in lines[3:] if ln and not ln.startswith(" ")]
    assert "backup.details" in firsts and "local_contacts" in firsts


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("set", "region", "XX"), "facilitate: region: 'XX' is not a country code"),
        (("set", "minutes", "10"), "facilitate: minutes: must be at least 20; nothing was changed"),
        (("set", "size", "lots"), "facilitate: size: 'lots' must be a whole number"),
        (("set", "regoin", "GB"), "facilitate: no setting 'regoin'; did you mean 'region'"),
        (("set", "group_type", "grief"), "facilitate: group_type: 'grief' is not allowed here"),
        (("set", "name", ""), "facilitate: name: give a value"),
        (("unset", "name"), "facilitate: name: a group needs a name"),
        (("get", "venu"), "facilitate: no setting 'venu'; did you mean 'venue'"),
        (("add-contact", "Crisis team"), "give the contact's --phone or --details (or both)"),
        (("remove-contact", "Nobody"), "facilitate: facilitate.yaml: there are no local contacts"),
        (("set", "region"), "Missing argument 'VALUE'"),
    ],
)
def test_bad_input_is_one_line_and_writes_nothing(
    run: Run, workspace: Path, args: tuple[str, ...], message: str
) -> None:
    before = (workspace / "facilitate.yaml").read_bytes()
    res = run("config", *args)
    assert res.exit_code == 2, res
    assert message in res.stderr
    if "Missing argument" not in message:
        assert len(res.stderr.splitlines()) == 1, res.stderr
    assert res.stdout == ""
    assert (workspace / "facilitate.yaml").read_bytes() == before
    assert sorted(p.name for p in workspace.iterdir()) == ["facilitate.yaml"]


def test_without_a_workspace_it_says_to_run_init(run: Run, tmp_path: Path) -> None:
    for args in (("list",), ("get", "region"), ("set", "region", "GB"), ("unset", "venue")):
        res = run("config", *args)
        assert res.exit_code == 2, res
        assert res.stderr == (
            "facilitate: no group workspace here or above (facilitate.yaml); "
            "run 'facilitate init'\n"
        )
    assert list(tmp_path.iterdir()) == []


def test_tab_offers_the_values_a_key_takes(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from facilitate.cli import app

    monkeypatch.chdir(workspace)
    env = {
        "_FACILITATE_COMPLETE": "complete_bash",
        "COMP_WORDS": "facilitate config set group_type be",
        "COMP_CWORD": "4",
    }
    res = CliRunner().invoke(app, [], env=env, prog_name="facilitate")
    assert res.stdout.split() == ["bereavement"]
    run_env = {**env, "COMP_WORDS": "facilitate config remove-contact ", "COMP_CWORD": "3"}
    (workspace / "facilitate.yaml").write_text(
        "name: T\nlocal_contacts:\n- label: Crisis team\n  phone: '1'\n", encoding="utf-8"
    )
    res = CliRunner().invoke(app, [], env=run_env, prog_name="facilitate")
    assert res.stdout.strip() == "Crisis team"
