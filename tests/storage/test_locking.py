"""The write lock: held around a change, and given back afterwards."""

from __future__ import annotations

from pathlib import Path

from facilitate.storage.locking import locked


def test_the_lock_can_be_taken_again_after_release(tmp_path: Path) -> None:
    path = tmp_path / "history.yaml"
    with locked(path):
        path.write_text("a\n", encoding="utf-8")
    with locked(path, wait=1.0):
        assert path.read_text(encoding="utf-8") == "a\n"
