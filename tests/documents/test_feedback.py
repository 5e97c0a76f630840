"""Feedback: ratings are checked, averaged per meeting and overall, and compared over time."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from statistics import fmean

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from facilitate.catalog import open_catalog
from facilitate.documents.feedback import (
    MEASURES,
    feedback_report,
    make_entry,
    pace_words,
    record_feedback,
    render_form,
    render_report,
)
from facilitate.errors import UserError
from facilitate.group.group import Group
from facilitate.models.workspace import FeedbackEntry, HistoryFile, Profile

OUTSIDE = Group(catalog=open_catalog(), today=dt.date(2026, 3, 2))
TUESDAY = Group(
    catalog=open_catalog(), profile=Profile(name="Tuesday group"), today=dt.date(2026, 3, 2)
)

D1, D2, D3 = dt.date(2026, 1, 6), dt.date(2026, 1, 20), dt.date(2026, 2, 3)


def form(day: dt.date, safe: int, heard: int, useful: int, pace: int) -> FeedbackEntry:
    return FeedbackEntry(date=day, safe=safe, heard=heard, useful=useful, pace=pace)


@pytest.mark.parametrize("bad", [0, 6, -1, 10])
@pytest.mark.parametrize("measure", ["safe", "heard", "useful", "pace"])
def test_ratings_outside_one_to_five_are_refused(measure: str, bad: int) -> None:
    values = {"safe": 3, "heard": 3, "useful": 3, "pace": 3, measure: bad}
    with pytest.raises(UserError) as caught:
        make_entry(D1, **values)
    # The core names the field; the CLI words it as its option.
    assert caught.value.lines(lambda n: f"--{n}") == [f"--{measure} {bad}: ratings go from 1 to 5"]


def test_recording_keeps_only_the_date_and_four_numbers(tmp_path: Path) -> None:
    path = tmp_path / "history.yaml"
    assert record_feedback(path, make_entry(D1, safe=4, heard=5, useful=3, pace=3)) == 1
    assert record_feedback(path, make_entry(D1, safe=2, heard=3, useful=4, pace=2)) == 2
    assert record_feedback(path, make_entry(D2, safe=5, heard=5, useful=5, pace=3)) == 1
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["meetings"] == []
    assert [set(f) for f in data["feedback"]] == [{"date", "safe", "heard", "useful", "pace"}] * 3


ratings = st.integers(min_value=1, max_value=5)
forms = st.lists(
    st.builds(
        form,
        st.sampled_from([D1, D2, D3]),
        ratings,
        ratings,
        ratings,
        ratings,
    ),
    min_size=1,
    max_size=30,
)


@given(forms)
def test_averages_match_the_forms(entries: list[FeedbackEntry]) -> None:
    report = feedback_report(HistoryFile(feedback=entries))
    assert report.overall is not None
    assert report.forms == len(entries)
    dates = sorted({f.date for f in entries})
    assert [m.date for m in report.meetings] == dates
    for row in report.meetings:
        same = [f for f in entries if f.date == row.date]
        assert row.forms == len(same)
        for key, _ in MEASURES:
            assert row.value(key) == pytest.approx(fmean(getattr(f, key) for f in same), abs=0.005)
            assert 1 <= row.value(key) <= 5
    for key, _ in MEASURES:
        expected = fmean(getattr(f, key) for f in entries)
        assert report.overall.value(key) == pytest.approx(expected, abs=0.005)
    assert [t.measure for t in report.trends] == [k for k, _ in MEASURES]
    if len(dates) == 1:
        assert all(t.latest is None and t.earlier is None for t in report.trends)


def test_trends_compare_the_latest_meeting_with_the_ones_before() -> None:
    history = HistoryFile(
        feedback=[
            form(D1, 2, 3, 3, 5),
            form(D1, 3, 3, 2, 5),
            form(D2, 4, 3, 4, 3),
            form(D2, 5, 3, 4, 3),
        ]
    )
    trends = {t.measure: t for t in feedback_report(history).trends}
    assert (trends["safe"].latest, trends["safe"].earlier) == (4.5, 2.5)
    assert trends["safe"].direction == "up"
    assert trends["heard"].direction == "steady"
    assert trends["useful"].direction == "up"
    # Pace moved from "much too fast" to "about right": that is better, not lower.
    assert trends["pace"].direction == "closer"
    worse = HistoryFile(feedback=[form(D1, 5, 5, 5, 3), form(D2, 3, 5, 4, 1)])
    again = {t.measure: t.direction for t in feedback_report(worse).trends}
    assert again == {"safe": "down", "heard": "steady", "useful": "down", "pace": "further"}


def test_since_and_empty_history() -> None:
    history = HistoryFile(feedback=[form(D1, 1, 1, 1, 1), form(D3, 5, 5, 5, 3)])
    report = feedback_report(history, since=D2)
    assert report.forms == 1 and [m.date for m in report.meetings] == [D3]
    empty = feedback_report(HistoryFile())
    assert empty.overall is None and empty.meetings == [] and empty.forms == 0
    assert "No feedback recorded yet" in render_report(OUTSIDE, empty, "md")


def test_pace_words() -> None:
    assert pace_words(1.8) == "felt slow"
    assert pace_words(3.2) == "about right"
    assert pace_words(4.1) == "felt fast"


def test_form_is_anonymous_and_asks_the_four_questions() -> None:
    text = render_form(OUTSIDE, "md")
    assert isinstance(text, str)
    assert "do not write your name" in text
    assert "3 = about right" in text
    for word in ("safe", "heard", "useful"):
        assert word in text
    assert text.count("?") >= 2
    lowered = text.lower()
    for identifying in ("name:", "email", "phone", "age", "signature"):
        assert identifying not in lowered.replace("your name,", "").replace("'s name", "")
    named = render_form(TUESDAY, "md", group_name=True)
    assert isinstance(named, str) and "Tuesday group" in named
    # The name is printed only when asked for, and only from a profile.
    assert "Tuesday group" not in str(render_form(TUESDAY, "md"))
    assert render_form(OUTSIDE, "md", group_name=True) == text


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_form_pdf_is_one_page(paper: str) -> None:
    from io import BytesIO

    from pypdf import PdfReader

    data = render_form(TUESDAY, "pdf", paper=paper, group_name=True)
    assert isinstance(data, bytes)
    reader = PdfReader(BytesIO(data))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "How was today's meeting?" in text
    assert "do not write your name" in text


maybe = st.one_of(st.none(), ratings)
partial_forms = st.lists(
    st.builds(
        lambda day, s, h, u, p: FeedbackEntry(date=day, safe=s, heard=h, useful=u, pace=p),
        st.sampled_from([D1, D2, D3]),
        ratings,  # every form answers something
        maybe,
        maybe,
        maybe,
    ),
    min_size=1,
    max_size=30,
)


@given(partial_forms)
def test_averages_count_only_the_answered_questions(entries: list[FeedbackEntry]) -> None:
    report = feedback_report(HistoryFile(feedback=entries))
    assert report.overall is not None
    for row in [*report.meetings, report.overall]:
        same = [f for f in entries if row.date is None or f.date == row.date]
        for key, _ in MEASURES:
            given_ = [getattr(f, key) for f in same if getattr(f, key) is not None]
            assert row.answered[key] == len(given_)
            if given_:
                assert row.value(key) == pytest.approx(fmean(given_), abs=0.005)
            else:
                assert row.value(key) is None
    assert [t.answered for t in report.trends] == [report.overall.answered[k] for k, _ in MEASURES]
    for fmt in ("md", "html"):
        assert render_report(OUTSIDE, report, fmt)  # renders with any blanks


def test_a_form_answers_at_least_one_question() -> None:
    with pytest.raises(UserError) as caught:
        make_entry(D1)
    assert "give at least one rating (safe, heard, useful, pace)" in str(caught.value)
    assert make_entry(D1, pace=3).answered() == {"pace": 3}
    with pytest.raises(ValueError, match="answers at least one"):
        FeedbackEntry(date=D1)


def test_a_table_of_forms_is_read_with_positions(tmp_path: Path) -> None:
    from facilitate.documents.feedback import read_forms
    from facilitate.errors import CatalogError

    path = tmp_path / "forms.csv"
    path.write_text(
        '\ufeff# from the box at the door\nDate, Safe, Heard\n\n2026-01-06, "4", 5\n, 3,\n',
        encoding="utf-8",
    )
    forms = read_forms(path, D2)
    assert [(f.date, f.safe, f.heard) for f in forms] == [(D1, 4, 5), (D2, 3, None)]
    path.write_text("safe\theard\n4\t0\n6\t\n", encoding="utf-8")
    with pytest.raises(CatalogError) as caught:
        read_forms(path, D1, "forms.csv")
    assert [(i.line, i.column, i.path) for i in caught.value.issues] == [
        (2, 3, "heard"),
        (3, 1, "safe"),
    ]


def test_a_table_that_is_not_a_plain_file_is_refused(tmp_path: Path) -> None:
    import os

    from facilitate.documents.feedback import read_forms

    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    with pytest.raises(UserError, match="not a plain file"):
        read_forms(fifo, D1)
    big = tmp_path / "big.csv"
    big.write_text("safe\n" + "3\n" * 600_000, encoding="utf-8")
    with pytest.raises(UserError, match="larger than"):
        read_forms(big, D1)


# -- golden files -------------------------------------------------------------------------------


def test_golden_html_form(golden: Callable[[str, str], None]) -> None:
    html = render_form(TUESDAY, "html", group_name=True)
    assert isinstance(html, str)
    golden("feedback-form-group-name.html", html)


def test_golden_html_report(golden: Callable[[str, str], None]) -> None:
    history = HistoryFile(
        feedback=[
            form(D1, 4, 5, 3, 4),
            form(D1, 3, 4, 4, 3),
            form(D2, 5, 5, 5, 3),
            form(D3, 4, 4, 2, 2),
            form(D3, 5, 4, 4, 3),
        ]
    )
    golden(
        "feedback-report-3-meetings.html", render_report(OUTSIDE, feedback_report(history), "html")
    )
