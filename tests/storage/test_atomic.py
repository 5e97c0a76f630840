"""The safe writers: whole files or nothing, the file mode kept, backups instead of clobbering."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from facilitate.errors import UserError
from facilitate.storage.atomic import atomic_write, write_new


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_atomic_write_creates_parents_and_writes(tmp_path: Path) -> None:
    target = tmp_path / "deep" / "er" / "file.txt"
    atomic_write(target, "héllo\n")
    assert target.read_text(encoding="utf-8") == "héllo\n"
    atomic_write(target, b"\x00bytes")
    assert target.read_bytes() == b"\x00bytes"
    assert _leftovers(target.parent) == []


def test_atomic_write_keeps_old_file_when_rename_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "agenda.md"
    target.write_text("old content\n", encoding="utf-8")

    def broken_replace(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(UserError, match=r"agenda\.md: cannot write it \(no space left on device\)"):
        atomic_write(target, "new content\n")
    assert target.read_text(encoding="utf-8") == "old content\n"
    assert _leftovers(tmp_path) == []


def test_atomic_write_keeps_old_file_when_writing_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "agenda.md"
    target.write_text("old content\n", encoding="utf-8")

    def broken_fsync(fd: int) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(UserError, match=r"cannot write it \(input/output error\)"):
        atomic_write(target, "new content\n")
    assert target.read_text(encoding="utf-8") == "old content\n"
    assert _leftovers(tmp_path) == []


def test_atomic_write_into_a_file_says_the_folder_is_a_file(tmp_path: Path) -> None:
    (tmp_path / "notes").write_text("mine\n", encoding="utf-8")
    for target in (tmp_path / "notes" / "agenda.md", tmp_path / "notes" / "deeper" / "a.md"):
        with pytest.raises(UserError) as err:
            atomic_write(target, "x")
        assert (
            str(err.value)
            == f"{target}: cannot write it ({tmp_path / 'notes'} is a file, not a folder)"
        )
    assert (tmp_path / "notes").read_text(encoding="utf-8") == "mine\n"
    assert _leftovers(tmp_path) == []


def test_atomic_write_keeps_the_file_mode(tmp_path: Path) -> None:
    target = tmp_path / "private.yaml"
    target.write_text("a: 1\n", encoding="utf-8")
    target.chmod(0o600)
    atomic_write(target, "a: 2\n")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    fresh = tmp_path / "fresh.yaml"
    atomic_write(fresh, "a: 1\n")
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o644


def test_a_set_of_files_is_refused_whole_when_one_is_taken(tmp_path: Path) -> None:
    from facilitate.storage.atomic import check_free

    files = [tmp_path / f"{n}.html" for n in ("a", "b", "c")]
    check_free(files)  # none there yet
    files[1].write_text("kept\n")
    files[2].write_text("kept\n")
    with pytest.raises(UserError) as info:
        check_free(files)
    assert str(info.value) == (
        f"{files[1]} and 1 more: already exists; use force to replace (a backup is kept)"
    )
    check_free(files, force=True)
    assert not files[0].exists()


def test_write_new_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    target = tmp_path / "groundrules.yaml"
    assert write_new(target, "first\n") is None
    with pytest.raises(UserError) as info:
        write_new(target, "second\n")
    assert str(info.value) == (
        f"{target}: already exists; use force to replace it (a backup is kept)"
    )
    assert target.read_text(encoding="utf-8") == "first\n"
    assert not target.with_name("groundrules.yaml.bak").exists()


def test_write_new_with_force_keeps_numbered_backups(tmp_path: Path) -> None:
    target = tmp_path / "groundrules.yaml"
    write_new(target, "first\n")
    backup = write_new(target, "second\n", force=True)
    assert backup == tmp_path / "groundrules.yaml.bak"
    assert backup.read_text(encoding="utf-8") == "first\n"
    assert target.read_text(encoding="utf-8") == "second\n"
    backup2 = write_new(target, "third\n", force=True)
    assert backup2 == tmp_path / "groundrules.yaml.bak.2"
    assert backup2.read_text(encoding="utf-8") == "second\n"
    assert (tmp_path / "groundrules.yaml.bak").read_text(encoding="utf-8") == "first\n"
    assert target.read_text(encoding="utf-8") == "third\n"
