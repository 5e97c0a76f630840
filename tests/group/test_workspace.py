"""Finding the group workspace, and its files."""

from __future__ import annotations

from pathlib import Path

import pytest

from facilitate.errors import UserError
from facilitate.group.workspace import PROFILE, Workspace, find_workspace


def test_the_nearest_workspace_upwards(tmp_path: Path) -> None:
    (tmp_path / PROFILE).write_text("version: 1\n", encoding="utf-8")
    nested = tmp_path / "a" / "b"
    nested.mkdir(parents=True)
    assert find_workspace(None, nested) == tmp_path


def test_none_found_or_required(tmp_path: Path) -> None:
    assert find_workspace(None, tmp_path) is None
    with pytest.raises(UserError, match="not a group workspace"):
        find_workspace(tmp_path, tmp_path)


def test_the_files_of_a_workspace(tmp_path: Path) -> None:
    ws = Workspace(tmp_path)
    assert ws.profile_path == tmp_path / PROFILE
    assert ws.history_path.name == "history.yaml"
    assert ws.groundrules_path.name == "groundrules.yaml"
