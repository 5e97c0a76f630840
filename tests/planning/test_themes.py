"""Themes: slugs, counting over time, matching topics, and logging a meeting."""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitate.catalog import open_catalog
from facilitate.errors import UserError
from facilitate.group.history import read_history, write_history
from facilitate.models.base import SLUG_PATTERN
from facilitate.models.catalog import Topic
from facilitate.models.workspace import HistoryEntry, HistoryFile
from facilitate.planning.privacy import vocabulary_of
from facilitate.planning.themes import (
    MAX_THEME,
    RECURRING,
    count_themes,
    log_meeting,
    make_log_entry,
    match_topics,
    normalise_themes,
    theme_pull,
    theme_report,
    theme_strength,
)


@cache
def topics() -> tuple[Topic, ...]:
    return tuple(open_catalog().topics.values())


@cache
def vocabulary() -> frozenset[str]:
    return frozenset(vocabulary_of(open_catalog()))


def meeting(day: str, *themes: str, topic: str | None = None) -> HistoryEntry:
    return HistoryEntry(
        date=dt.date.fromisoformat(day), kind="held", topic=topic, themes=list(themes)
    )


# -- slugs ---------------------------------------------------------------------------------


def test_themes_become_short_slugs_in_order_without_repeats() -> None:
    assert normalise_themes("Sleep, returning to work;  SLEEP\nMoney worries") == [
        "sleep",
        "returning-to-work",
        "money-worries",
    ]
    assert normalise_themes("Ängste über Arbeit") == ["angste-uber-arbeit"]
    assert normalise_themes(" , ,") == []
    with pytest.raises(UserError, match="'💤' has no letters or digits"):
        normalise_themes("sleep, 💤")


@given(st.text(max_size=200))
def test_any_text_gives_valid_theme_slugs(text: str) -> None:
    import re

    try:
        themes = normalise_themes(text)
    except UserError:
        return
    assert len(themes) == len(set(themes))
    for theme in themes:
        assert re.fullmatch(SLUG_PATTERN, theme) and len(theme) <= MAX_THEME


# -- counting ------------------------------------------------------------------------------


HISTORY = HistoryFile(
    meetings=[
        meeting("2026-01-06", "sleep", "returning-to-work", topic="first-meeting"),
        meeting("2026-01-20", "sleep", "anger"),
        meeting("2026-02-03", "sleep", "money-worries", "returning-to-work"),
        meeting("2026-02-17"),  # an agenda with no themes counts for nothing here
        meeting("2026-03-03", "anger"),
    ]
)


def test_counts_per_theme_and_month() -> None:
    report = count_themes(HISTORY)
    expected = Counter(t for m in HISTORY.meetings for t in m.themes)
    assert {c.theme: c.count for c in report.counts} == dict(expected)
    assert [c.count for c in report.counts] == sorted(expected.values(), reverse=True)
    assert report.meetings == sum(1 for m in HISTORY.meetings if m.themes)
    assert report.months == ["2026-01", "2026-02", "2026-03"]
    assert report.by_month["2026-01"] == {"sleep": 2, "returning-to-work": 1, "anger": 1}
    sleep = next(c for c in report.counts if c.theme == "sleep")
    assert (sleep.first, sleep.last) == (dt.date(2026, 1, 6), dt.date(2026, 2, 3))
    assert {c.theme for c in report.recurring} == {t for t, n in expected.items() if n >= RECURRING}


def test_since_leaves_earlier_meetings_out() -> None:
    report = count_themes(HISTORY, since=dt.date(2026, 2, 1))
    assert {c.theme: c.count for c in report.counts} == {
        "sleep": 1,
        "money-worries": 1,
        "returning-to-work": 1,
        "anger": 1,
    }
    assert report.recurring == []


def test_a_theme_counts_once_per_meeting() -> None:
    history = HistoryFile(meetings=[meeting("2026-01-06", "sleep", "sleep")])
    assert [(c.theme, c.count) for c in count_themes(history).counts] == [("sleep", 1)]


def test_two_notes_for_one_day_are_one_meeting() -> None:
    history = HistoryFile(
        meetings=[
            meeting("2026-01-06", "sleep", "returning-to-work"),
            meeting("2026-01-06", "returning-to-work", "money"),
            meeting("2026-01-20", "returning-to-work"),
        ]
    )
    report = count_themes(history)
    assert report.meetings == 2
    assert [(c.theme, c.count) for c in report.counts] == [
        ("returning-to-work", 2),
        ("money", 1),
        ("sleep", 1),
    ]
    assert report.by_month == {"2026-01": {"sleep": 1, "returning-to-work": 2, "money": 1}}


# -- matching ------------------------------------------------------------------------------


def test_tag_matches_are_stronger_than_word_matches() -> None:
    catalog = open_catalog()
    sleep_topic = catalog.topic("health-and-sleep")
    assert "sleep" in sleep_topic.tags
    assert theme_strength("sleep", sleep_topic) == 2.0
    # "returning" meets "return-to-work" and "Going back to work" through their words.
    assert theme_strength("returning-to-work", catalog.topic("returning-to-work")) == 2.0
    assert theme_strength("money-trouble", catalog.topic("money-worries")) == 1.0
    assert theme_strength("sleep", catalog.topic("values")) == 0.0


def test_match_topics_ranks_by_strength_and_frequency() -> None:
    matches = match_topics(topics(), {"sleep": 3, "anger": 2})
    # The strongest theme leads; several topics (one per group type) may tag it, ties go by id.
    assert "sleep" in matches[0].topic.tags and matches[0].themes[0] == "sleep"
    assert "health-and-sleep" in {m.topic.id for m in matches}
    for m in matches:
        assert m.themes and all(theme_strength(t, m.topic) > 0 for t in m.themes)
    scores = [m.score for m in matches]
    assert scores == sorted(scores, reverse=True)
    found = {m.topic.id for m in matches}
    assert {t.id for t in topics() if "anger" in t.tags} <= found


def test_theme_pull_uses_recurring_themes_only() -> None:
    pull = theme_pull(topics(), HISTORY)
    themes = {name for pairs in pull.values() for name, _ in pairs}
    assert themes == {c.theme for c in count_themes(HISTORY).recurring}
    assert all(0 < w <= 2 for pairs in pull.values() for _, w in pairs)
    assert "health-and-sleep" in pull


def test_report_lists_matching_topics() -> None:
    report = theme_report(HISTORY, topics())
    recurring = {c.theme for c in report.recurring}
    assert report.matches
    for m in report.matches:
        assert set(m.themes) <= recurring


# -- names and contact details in notes ----------------------------------------------------


def test_names_are_refused_unless_confirmed(tmp_path: Path) -> None:
    path = tmp_path / "history.yaml"
    with pytest.raises(UserError, match=r"what may be a name \(Anna\).*nothing was written"):
        make_log_entry(date=dt.date(2026, 1, 6), themes="sleep", note="Hard night for Anna")
    assert not path.exists()
    result = make_log_entry(
        date=dt.date(2026, 1, 6), themes="sleep", note="Hard night for Anna", names_confirmed=True
    )
    assert [c.text for c in result.concerns] == ["Anna"]
    log_meeting(path, result)
    assert read_history(path).meetings == [result.entry]


def test_log_entry_shape() -> None:
    result = make_log_entry(
        date=dt.date(2026, 1, 6),
        themes="Sleep, anger",
        topic="stress-and-coping",
        attendance=6,
        note="  calm   meeting  ",
    )
    assert result.entry == HistoryEntry(
        date=dt.date(2026, 1, 6),
        kind="held",
        topic="stress-and-coping",
        themes=["sleep", "anger"],
        attendance=6,
        note="calm meeting",
    )
    with pytest.raises(UserError, match="at least one theme"):
        make_log_entry(date=dt.date(2026, 1, 6), themes=" , ")
    with pytest.raises(UserError, match="attendance -1"):
        make_log_entry(date=dt.date(2026, 1, 6), themes="x", attendance=-1)


def test_logging_is_atomic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "history.yaml"
    write_history(path, HISTORY)
    before = path.read_bytes()

    def broken_replace(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    result = make_log_entry(date=dt.date(2026, 4, 1), themes="sleep")
    with pytest.raises(UserError, match=r"history\.yaml: cannot write it \(disk full\)"):
        log_meeting(path, result)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["history.yaml"]
