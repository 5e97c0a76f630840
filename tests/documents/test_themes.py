"""The themes report: terminal bars, and the Markdown chart and tables."""

from __future__ import annotations

import datetime as dt
from functools import cache

from facilitate.catalog import open_catalog
from facilitate.documents.themes import bar, render_themes
from facilitate.group.group import Group
from facilitate.models.catalog import Topic
from facilitate.models.workspace import HistoryEntry, HistoryFile
from facilitate.planning.themes import (
    theme_report,
)

OUTSIDE = Group(catalog=open_catalog(), today=dt.date(2026, 3, 2))


@cache
def topics() -> tuple[Topic, ...]:
    return tuple(open_catalog().topics.values())


def meeting(day: str, *themes: str, topic: str | None = None) -> HistoryEntry:
    return HistoryEntry(
        date=dt.date.fromisoformat(day), kind="held", topic=topic, themes=list(themes)
    )


HISTORY = HistoryFile(
    meetings=[
        meeting("2026-01-06", "sleep", "returning-to-work", topic="first-meeting"),
        meeting("2026-01-20", "sleep", "anger"),
        meeting("2026-02-03", "sleep", "money-worries", "returning-to-work"),
        meeting("2026-02-17"),  # an agenda with no themes counts for nothing here
        meeting("2026-03-03", "anger"),
    ]
)


def test_terminal_bars_scale_to_the_largest() -> None:
    assert bar(4, 4, width=10) == "█" * 10
    assert bar(2, 4, width=10) == "█" * 5
    assert bar(0, 4) == ""
    assert 0 < len(bar(1, 1000, width=10)) <= 1


def test_markdown_shows_a_chart_and_tables() -> None:
    text = render_themes(OUTSIDE, theme_report(HISTORY, topics()), "md")
    assert "```text\nsleep              ████████████████████████ 3\n" in text
    assert "| Month | sleep | anger | returning-to-work | money-worries |" in text
    assert "Health, stress and sleep (`health-and-sleep`, medium): sleep" in text
