"""The group value: what it loads, what it derives, and that only the CLI reads the clock."""

from __future__ import annotations

import ast
import dataclasses
import datetime as dt
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

import facilitate
from facilitate.catalog import open_catalog
from facilitate.errors import CatalogError
from facilitate.group.group import Group
from facilitate.models.base import GroupType
from facilitate.models.workspace import HistoryEntry, Profile

DAY = dt.date(2026, 3, 2)
Tree = Callable[[Mapping[str, str | bytes]], Path]


def test_outside_a_workspace_the_group_is_the_catalog_and_the_day() -> None:
    group = Group.load(open_catalog(), None, today=DAY)
    assert (group.folder, group.profile, group.profile_error) == (None, None, None)
    assert group.today == DAY
    assert group.region is None and group.group_type is GroupType.GENERAL
    assert group.history_path is None and group.history() is None
    assert group.templates is None


def test_in_a_workspace_the_profile_is_read_once_at_load(tree: Tree) -> None:
    root = tree(
        {
            "facilitate.yaml": "name: Harbour\nregion: UK\ngroup_type: bereavement\n",
            "history.yaml": "version: 2\nmeetings:\n  - date: 2026-02-23\n    topic: hope\n",
            "templates/agenda.j2.md": "{{ plan }}\n",
        }
    )
    group = Group.load(open_catalog(None, root), root, today=DAY)
    assert group.profile == Profile(name="Harbour", region="GB", group_type="bereavement")
    assert group.region == "GB" and group.group_type is GroupType.BEREAVEMENT
    assert group.history_path == root / "history.yaml"
    history = group.history()
    assert history is not None
    assert history.meetings == [HistoryEntry(date=dt.date(2026, 2, 23), topic="hope")]
    assert group.groundrules_path == root / "groundrules.yaml"
    assert group.templates == root / "templates"


def test_a_workspace_without_history_has_an_empty_one(tree: Tree) -> None:
    root = tree({"facilitate.yaml": "name: Harbour\n"})
    history = Group.load(open_catalog(), root, today=DAY).history()
    assert history is not None and history.meetings == []


def test_ground_rules_outside_a_workspace_are_in_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert Group(catalog=open_catalog(), today=DAY).groundrules_path == Path.cwd() / (
        "groundrules.yaml"
    )


def test_a_broken_profile_stops_the_load_unless_lenient(tree: Tree) -> None:
    root = tree({"facilitate.yaml": "name: Harbour\nregion: XX\n"})
    with pytest.raises(CatalogError, match=r"facilitate.yaml:2:9: 'XX' is not a country code"):
        Group.load(open_catalog(), root, today=DAY)
    kept = Group.load(open_catalog(), root, today=DAY, lenient=True)
    assert kept.folder == root and kept.profile is None
    assert kept.profile_error is not None
    assert any("'XX' is not a country code" in line for line in kept.profile_error.lines())


def test_the_stamp_is_the_moment_given_else_midnight_of_today_in_utc() -> None:
    catalog = open_catalog()
    evening = dt.datetime(2026, 3, 2, 19, 45, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    assert Group(catalog=catalog, today=DAY, now=evening).stamp == dt.datetime(
        2026, 3, 2, 18, 45, tzinfo=dt.UTC
    )
    assert Group(catalog=catalog, today=DAY).stamp == dt.datetime(2026, 3, 2, tzinfo=dt.UTC)


def test_the_group_is_a_frozen_value() -> None:
    group = Group(catalog=open_catalog(), today=DAY)
    with pytest.raises(dataclasses.FrozenInstanceError):
        group.today = DAY + dt.timedelta(1)  # type: ignore[misc]
    later = dataclasses.replace(group, today=DAY + dt.timedelta(1))
    assert (group.today, later.today) == (DAY, DAY + dt.timedelta(1))


def test_the_group_is_part_of_the_public_api() -> None:
    assert facilitate.Group is Group


# -- the clock ----------------------------------------------------------------------------------

CLOCK_READS = frozenset({"today", "now", "utcnow"})
"""``date.today()``, ``datetime.now()`` and ``datetime.utcnow()``, however they are imported."""


def test_only_the_cli_reads_the_clock() -> None:
    """The core takes the day (and the moment) from the Group, so a test can fix both.

    ``cli/_app.py: load_group`` reads the clock once and builds the Group from it.
    """
    package = Path(facilitate.__file__).parent
    found = []
    for path in sorted(package.rglob("*.py")):
        relative = path.relative_to(package)
        if relative.parts[0] == "cli":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in CLOCK_READS
            ):
                found.append(f"{relative}:{node.lineno}: {ast.unparse(node)}")
    assert found == [], "take the day from the Group instead:\n" + "\n".join(found)


def test_the_cli_reads_the_clock_in_one_place() -> None:
    package = Path(facilitate.__file__).parent / "cli"
    found = []
    for path in sorted(package.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in CLOCK_READS
            ):
                found.append(f"cli/{path.relative_to(package)}")
    assert found == ["cli/_app.py"]
