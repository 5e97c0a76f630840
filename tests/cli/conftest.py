"""Shared by the command tests of a group's week: a workspace folder and its history as data."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

import pytest
import yaml

Tree = Callable[[Mapping[str, str | bytes]], Path]

PROFILE = """\
version: 1
name: Tuesday evening group
group_type: workplace-bullying
"""


@pytest.fixture
def workspace(tree: Tree) -> Path:
    """A workplace-bullying group's folder with only its facilitate.yaml."""
    return tree({"facilitate.yaml": PROFILE})


def history(root: Path) -> dict[str, object]:
    """The workspace's history.yaml, read back as plain data."""
    data = yaml.safe_load((root / "history.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data
