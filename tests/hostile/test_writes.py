"""Workspace writes under pressure: twenty commands at once lose nothing; links stay links."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import Run, write_tree
from tests.hostile.conftest import assert_refused, snapshot

WRITERS = 20
FACILITATE = str(Path(sys.executable).parent / "facilitate")


def _workspace(root: Path) -> Path:
    write_tree(root, {"facilitate.yaml": "version: 1\nname: Pier group\nregion: GB\n"})
    return root


def _all_at_once(root: Path, commands: list[list[str]]) -> list[subprocess.CompletedProcess[str]]:
    env = {**os.environ, "FACILITATE_WORKSPACE": str(root), "NO_COLOR": "1"}
    procs = [
        subprocess.Popen(
            [FACILITATE, *c], cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            text=True,
        )
        for c in commands
    ]  # fmt: skip
    done = []
    for p in procs:
        out, err = p.communicate(timeout=120)
        done.append(subprocess.CompletedProcess(p.args, p.returncode, out, err))
    return done


@pytest.mark.slow
def test_twenty_logs_at_once_keep_twenty_entries(tmp_path: Path) -> None:
    root = _workspace(tmp_path)
    commands = [
        ["log", "--themes", f"theme-{i}", "--date", f"2026-{1 + i % 12:02d}-{1 + i:02d}"]
        for i in range(WRITERS)
    ]
    results = _all_at_once(root, commands)
    assert [r.returncode for r in results] == [0] * WRITERS, [r.stderr for r in results]
    history = yaml.safe_load((root / "history.yaml").read_text())
    themes = sorted(t for m in history["meetings"] for t in m["themes"])
    assert themes == sorted(f"theme-{i}" for i in range(WRITERS))


@pytest.mark.slow
def test_twenty_feedback_forms_at_once_keep_twenty(tmp_path: Path) -> None:
    root = _workspace(tmp_path)
    commands = [
        ["feedback", "add", "--safe", str(1 + i % 5), "--heard", "4", "--useful", "4",
         "--pace", "3", "--date", "2026-11-03"]
        for i in range(WRITERS)
    ]  # fmt: skip
    results = _all_at_once(root, commands)
    assert [r.returncode for r in results] == [0] * WRITERS, [r.stderr for r in results]
    history = yaml.safe_load((root / "history.yaml").read_text())
    assert sorted(f["safe"] for f in history["feedback"]) == sorted(
        1 + i % 5 for i in range(WRITERS)
    )


@pytest.mark.slow
def test_twenty_ground_rule_additions_at_once_keep_twenty(tmp_path: Path) -> None:
    root = _workspace(tmp_path)
    first = _all_at_once(root, [["groundrules", "init"]])
    assert first[0].returncode == 0, first[0].stderr
    before = len(yaml.safe_load((root / "groundrules.yaml").read_text())["rules"])
    words = ["apples", "boats", "clouds", "doors", "eagles", "ferns", "gates", "hills",
             "islands", "jars", "kites", "lamps", "maps", "nests", "oaks", "pears", "quilts",
             "rivers", "stones", "trains"]  # fmt: skip
    commands = [
        ["groundrules", "add", f"We bring {w} to share.", "--id", f"rule-{w}"] for w in words
    ]
    results = _all_at_once(root, commands)
    assert [r.returncode for r in results] == [0] * WRITERS, [r.stderr for r in results]
    rules = yaml.safe_load((root / "groundrules.yaml").read_text())["rules"]
    assert len(rules) == before + WRITERS
    assert {f"rule-{w}" for w in words} <= {r["id"] for r in rules}


@pytest.mark.slow
def test_twenty_profile_changes_at_once_keep_twenty(tmp_path: Path) -> None:
    root = _workspace(tmp_path)
    commands = [
        ["config", "add-contact", f"Service {i}", "--phone", f"0161 496 {i:04d}"]
        for i in range(WRITERS - 1)
    ]
    commands.append(["config", "set", "venue", "Library"])
    results = _all_at_once(root, commands)
    assert [r.returncode for r in results] == [0] * WRITERS, [r.stderr for r in results]
    profile = yaml.safe_load((root / "facilitate.yaml").read_text())
    assert sorted(c["label"] for c in profile["local_contacts"]) == sorted(
        f"Service {i}" for i in range(WRITERS - 1)
    )
    assert profile["venue"] == "Library"


def test_a_history_that_is_a_link_stays_a_link(run: Run, tmp_path: Path) -> None:
    root = _workspace(tmp_path / "group")
    store = tmp_path / "synced" / "history.yaml"
    store.parent.mkdir()
    store.write_text("version: 1\nmeetings: []\n")
    (root / "history.yaml").symlink_to(store)
    res = run("log", "--themes", "sleep", "--date", "2026-11-03", cwd=root)
    assert res.exit_code == 0, res
    assert (root / "history.yaml").is_symlink()
    assert "sleep" in store.read_text()


def test_output_into_a_missing_folder_is_refused(run: Run, tmp_path: Path) -> None:
    before = snapshot(tmp_path)
    res = run("agenda", "--topic", "boundaries", "-o", "no/such/folder/agenda.md")
    assert_refused(res, "does not exist")
    assert not (tmp_path / "no").exists()
    assert snapshot(tmp_path) == before


def test_a_lock_held_too_long_is_one_line(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import fcntl

    from facilitate.storage import locking

    root = _workspace(tmp_path)
    monkeypatch.setattr(locking, "WAIT_SECONDS", 0.2)
    # Another process's lock: a descriptor of its own, not this process's re-entrant count.
    fd = os.open(locking.lock_path(root / "history.yaml"), os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        res = run("log", "--themes", "sleep", cwd=root)
    finally:
        os.close(fd)
    assert_refused(res, "another facilitate command")
    assert not (root / "history.yaml").exists()
    assert sorted(p.name for p in root.iterdir()) == ["facilitate.yaml"]  # no lock file left


@pytest.mark.slow
def test_twenty_forced_writes_at_once_keep_every_backup(tmp_path: Path) -> None:
    root = _workspace(tmp_path)
    (root / "a.md").write_text("the first\n")
    commands = [
        ["agenda", "--topic", "boundaries", "--seed", str(i), "--no-record", "-o", "a.md",
         "--force"]
        for i in range(WRITERS)
    ]  # fmt: skip
    results = _all_at_once(root, commands)
    assert [r.returncode for r in results] == [0] * WRITERS, [r.stderr for r in results]
    backups = sorted(p.name for p in root.glob("a.md.bak*"))
    assert len(backups) == WRITERS  # one kept per write: nothing overwritten
    kept = [line for r in results for line in r.stderr.splitlines() if "kept the old file" in line]
    assert len(set(kept)) == WRITERS


def test_contacts_written_into_history_by_hand_are_not_written_back(
    run: Run, tmp_path: Path
) -> None:
    root = _workspace(tmp_path)
    (root / "history.yaml").write_text(
        "version: 1\nmeetings:\n  - date: 2026-01-06\n    kind: log\n"
        "    note: Sarah at 07700 900123\n"
    )
    before = (root / "history.yaml").read_bytes()
    res = run("log", "--themes", "grief", cwd=root)
    assert_refused(res, "2026-01-06 holds a phone number")
    assert (root / "history.yaml").read_bytes() == before
