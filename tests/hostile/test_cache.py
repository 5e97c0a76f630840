"""Caches an attacker could plant or poison: catalog pickles, compiled templates, completion."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from facilitate.cli.completion import completion_values
from facilitate.storage.paths import cache_dir
from tests.conftest import Run, write_tree

# Each test here watches the cache fill from empty.
pytestmark = pytest.mark.usefixtures("fresh_cache")


def test_a_relative_cache_home_is_ignored(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert cache_dir() == tmp_path / ".cache" / "facilitate"
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "abs"))
    assert cache_dir() == tmp_path / "abs" / "facilitate"


def test_a_planted_catalog_cache_entry_is_not_unpickled(run: Run, tmp_path: Path) -> None:
    root = Path(os.environ["XDG_CACHE_HOME"]) / "facilitate"
    assert run("topics", "list").exit_code == 0  # fills the cache
    entries = list((root / "catalog").glob("*.pickle"))
    assert entries
    payload = b"cos\nsystem\n(S'touch pwned.txt'\ntR."
    for entry in entries:
        entry.write_bytes(payload)
        entry.chmod(0o666)  # writable by others: never trusted
    res = run("topics", "list")
    assert res.exit_code == 0, res
    assert not (tmp_path / "pwned.txt").exists()


def test_completion_sees_a_same_size_edit_in_the_same_second(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    head = "version: 1\ntopics:\n"
    topic = (Path(__file__).parents[2] / "data" / "topics.yaml").read_text(encoding="utf-8")
    start = topic.index("  - id: boundaries")
    block = topic[start : topic.index("\n  - id: ", start + 1)] + "\n"
    write_tree(
        tmp_path, {"cat/topics.yaml": head + block.replace("id: boundaries", "id: aaaa-one")}
    )
    path = tmp_path / "cat" / "topics.yaml"
    old = time.time_ns() - 10_000_000_000
    os.utime(path, ns=(old, old))
    assert "aaaa-one" in completion_values("topics", catalog=tmp_path / "cat")
    # The same size and the same modification time, other content: a new inode or ctime.
    path.write_text(head + block.replace("id: boundaries", "id: bbbb-two"), encoding="utf-8")
    os.utime(path, ns=(old, old))
    values = completion_values("topics", catalog=tmp_path / "cat")
    assert "bbbb-two" in values and "aaaa-one" not in values
