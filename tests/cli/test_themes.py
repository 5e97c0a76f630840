"""`facilitate themes` through the real command line."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.conftest import Run


def test_themes_counts_and_matches(run: Run, workspace: Path) -> None:
    for day, themes in (
        ("2026-01-06", "sleep, anger"),
        ("2026-01-20", "sleep"),
        ("2026-02-03", "sleep, money"),
    ):
        run("log", "--date", day, "--themes", themes)
    res = run("themes")
    assert res.exit_code == 0, res
    assert "Themes from 3 meetings." in res.stdout
    assert "| sleep | 3 | 2026-01-06 | 2026-02-03 | yes |" in res.stdout
    assert "| anger | 1 | 2026-01-06 | 2026-01-06 | no |" in res.stdout
    assert "| 2026-01 | 2 | 1 | 0 |" in res.stdout
    assert "(`health-and-sleep`, medium): sleep" in res.stdout
    since = run("themes", "--since", "2026-02-01")
    assert "Themes from 1 meeting since 2026-02-01." in since.stdout
    assert "No theme has come up at 2 meetings yet." in since.stdout


def test_themes_with_no_history(run: Run, workspace: Path) -> None:
    res = run("themes")
    assert res.exit_code == 0, res
    assert "No themes logged yet." in res.stdout


def test_golden(run: Run, workspace: Path, golden: Callable[[str, str], None]) -> None:
    for day, themes in (
        ("2026-01-06", "sleep, returning-to-work"),
        ("2026-01-20", "sleep, anger"),
        ("2026-02-03", "sleep, money-worries, returning-to-work"),
        ("2026-03-03", "anger"),
    ):
        assert run("log", "--date", day, "--themes", themes).exit_code == 0
    res = run("themes")
    assert res.exit_code == 0, res
    golden("themes-4-meetings.md", res.stdout)
