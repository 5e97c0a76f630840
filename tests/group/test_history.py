"""The workspace history: planned, held and cancelled meetings, as ids and dates only."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from facilitate.group.history import (
    heard_prompt_ids,
    last_planned,
    meetings_held,
    read_history,
    record_held,
    record_planned,
    undo_last,
    upgrade_in_place,
)
from facilitate.models.workspace import HistoryEntry, HistoryFile
from tests.conftest import Run, write_tree

DAY = dt.date(2027, 1, 12)
WEEK = dt.timedelta(days=7)


def planned(day: dt.date, topic: str | None, prompts: list[str]) -> HistoryEntry:
    return HistoryEntry(
        date=day, kind="planned", topic=topic, plan=f"v1:t={topic}", prompts=prompts
    )


def test_one_planned_meeting_per_date_the_latest_print_winning(tmp_path: Path) -> None:
    path = tmp_path / "history.yaml"
    record_planned(path, planned(DAY, "boundaries", ["ta", "tb"]))
    record_planned(path, planned(DAY, "hope", ["tc"]))
    record_planned(path, planned(DAY + WEEK, "boundaries", ["te"]))
    meetings = read_history(path).meetings
    assert [(m.date, m.topic, m.prompts) for m in meetings] == [
        (DAY, "hope", ["tc"]),
        (DAY + WEEK, "boundaries", ["te"]),
    ]
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# history.yaml") and "never names" in text


def test_a_logged_meeting_keeps_what_was_planned_and_a_reprint_changes_nothing(
    tmp_path: Path,
) -> None:
    path = tmp_path / "history.yaml"
    record_planned(path, planned(DAY, "boundaries", ["ta"]))
    record_held(path, HistoryEntry(date=DAY, kind="held", themes=["sleep"], attendance=6))
    record_planned(path, planned(DAY, "hope", ["tz"]))  # a reprint after the meeting
    (entry,) = read_history(path).meetings
    assert (entry.kind, entry.topic, entry.prompts, entry.themes, entry.attendance) == (
        "held",
        "boundaries",
        ["ta"],
        ["sleep"],
        6,
    )


def test_undo_takes_back_the_last_log_and_keeps_the_plan(tmp_path: Path) -> None:
    path = tmp_path / "history.yaml"
    assert undo_last(path) is None
    record_planned(path, planned(DAY, "boundaries", ["ta"]))
    record_held(path, HistoryEntry(date=DAY, kind="held", themes=["sleep"]))
    record_held(path, HistoryEntry(date=DAY + WEEK, kind="cancelled"))
    undone = undo_last(path)
    assert undone is not None and undone.kind == "cancelled"
    undone = undo_last(path)
    assert undone is not None and undone.themes == ["sleep"]
    (entry,) = read_history(path).meetings
    assert (entry.kind, entry.topic, entry.themes) == ("planned", "boundaries", [])
    assert undo_last(path) is None  # a printed agenda is not a log


def test_held_planned_past_and_cancelled() -> None:
    history = HistoryFile(
        meetings=[
            planned(DAY - 2 * WEEK, "a", ["t1"]),  # passed: counts as held
            HistoryEntry(date=DAY - WEEK, kind="planned", topic="b", prompts=["t2"]),
            HistoryEntry(date=DAY - WEEK, kind="cancelled"),  # ... but was cancelled
            HistoryEntry(date=DAY, kind="held", topic="c", prompts=["t3"]),
            planned(DAY + WEEK, "d", ["t4"]),  # still to come
        ]
    )
    assert [m.date for m in meetings_held(history, DAY + WEEK)] == [DAY, DAY - 2 * WEEK]
    assert heard_prompt_ids(history, 6, before=DAY + WEEK) == {"t1", "t3"}
    assert heard_prompt_ids(history, 1, before=DAY + WEEK) == {"t3"}
    assert heard_prompt_ids(history, 6, before=DAY) == {"t1"}
    found = last_planned(history)
    assert found is not None and found.date == DAY + WEEK


KINDS = st.sampled_from(["planned", "held", "cancelled"])
EVENTS = st.lists(st.tuples(KINDS, st.integers(0, 20), st.integers(0, 4)), max_size=25)


@settings(max_examples=60, deadline=None)
@given(events=EVENTS)
def test_what_counts_as_held_follows_the_rules_for_any_history(
    events: list[tuple[str, int, int]],
) -> None:
    start = dt.date(2027, 1, 1)
    history = HistoryFile()
    for kind, day, prompt in events:
        entry = HistoryEntry(
            date=start + dt.timedelta(days=day),
            kind=kind,
            prompts=[f"p{prompt}"],  # type: ignore[arg-type]
        )
        history = history.model_copy(update={"meetings": [*history.meetings, entry]})
    today = start + dt.timedelta(days=10)
    held = meetings_held(history, today)
    dates = [m.date for m in held]
    assert dates == sorted(set(dates), reverse=True)  # one per date, newest first
    for day in {m.date for m in history.meetings if m.date < today}:
        kinds = {m.kind for m in history.meetings if m.date == day}
        counted = day in dates
        assert counted == ("held" in kinds or "cancelled" not in kinds)
    assert all(m.date < today for m in held)  # nothing to come counts
    heard = heard_prompt_ids(history, 100, before=today)
    assert heard == {p for m in held for p in m.prompts}


OLD = """\
version: 1
meetings:
  - date: 2027-01-05
    kind: agenda
    topic: boundaries
    prompts: [ta]
  - date: 2027-01-06
    kind: check-in
    prompts: [tb]
  - date: 2027-01-12
    kind: log
    themes: [sleep]
"""


def test_an_old_history_is_read_and_upgraded_in_place_with_a_note(tmp_path: Path) -> None:
    path = tmp_path / "history.yaml"
    path.write_text(OLD, encoding="utf-8")
    history = read_history(path)
    assert [(m.date.day, m.kind) for m in history.meetings] == [(5, "planned"), (12, "held")]
    notes = upgrade_in_place(path)
    assert notes == [
        "history.yaml was upgraded to this version's form: 1 printed agendas are now planned "
        "meetings, 1 logged meetings are held ones, and 1 check-in draws were removed (a draw "
        "of questions is not a meeting)"
    ]
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["version"] == 2
    assert [m["kind"] for m in data["meetings"]] == ["planned", "held"]
    assert upgrade_in_place(path) == []  # once


def test_the_cli_upgrades_an_old_history_once_with_a_note(run: Run, tmp_path: Path) -> None:
    write_tree(tmp_path, {"facilitate.yaml": "version: 1\nname: Test group\n", "history.yaml": OLD})
    res = run("agenda", "--topic", "boundaries", "--date", "2027-01-19")
    assert res.exit_code == 0, res
    assert "note: history.yaml was upgraded" in res.stderr
    again = run("agenda", "--topic", "boundaries", "--date", "2027-01-19")
    assert "upgraded" not in again.stderr
    assert again.stdout == res.stdout  # the same group, date and topic: the same meeting


def test_printing_the_agenda_twice_keeps_one_planned_meeting_and_the_same_questions(
    run: Run, tmp_path: Path
) -> None:
    write_tree(tmp_path, {"facilitate.yaml": "version: 1\nname: Test group\n"})
    first = run("agenda", "--topic", "boundaries")
    html = run("agenda", "--topic", "boundaries", "-o", "a.html")
    members = run("agenda", "--topic", "boundaries", "--audience", "members")
    second = run("agenda", "--topic", "boundaries")
    assert first.exit_code == second.exit_code == html.exit_code == members.exit_code == 0
    assert first.stdout == second.stdout
    plan_ids = {r.stderr.split("plan id: ")[1].split()[0] for r in (first, html, members, second)}
    assert len(plan_ids) == 1  # every format and audience: the same choices
    meetings = read_history(tmp_path / "history.yaml").meetings
    assert [(m.kind, m.topic, m.plan) for m in meetings] == [
        ("planned", "boundaries", plan_ids.pop())
    ]


def test_an_agenda_avoids_prompts_heard_at_earlier_meetings(run: Run, tmp_path: Path) -> None:
    # An established group (the profile says so): every depth of prompt is open to it.
    write_tree(tmp_path, {"facilitate.yaml": "version: 1\nname: Test group\nstage: performing\n"})
    from facilitate.catalog import open_catalog

    topic = open_catalog().topic("boundaries")
    heard = [p.key for p in topic.check_in] + [d.key for d in topic.discussion[:3]]
    record_planned(tmp_path / "history.yaml", planned(DAY - WEEK, "boundaries", heard))
    result = run("agenda", "--topic", "boundaries", "--date", DAY.isoformat(), "--no-record")
    assert result.exit_code == 0
    for item in topic.discussion[:3]:
        assert item.prompt not in result.stdout
    assert len(read_history(tmp_path / "history.yaml").meetings) == 1


def test_undo_takes_back_the_last_logged_entry_and_nothing_else(tmp_path: Path) -> None:
    from facilitate.group.history import append_meeting, undo_last

    path = tmp_path / "history.yaml"
    assert undo_last(path) is None and not path.exists()
    logged = HistoryEntry(date=DAY, kind="held", themes=["sleep"])
    later_but_first = HistoryEntry(date=DAY + dt.timedelta(days=7), kind="held", themes=["anger"])
    append_meeting(path, later_but_first)
    append_meeting(path, logged)
    record_planned(path, planned(DAY + WEEK * 2, "boundaries", ["ta"]))  # a print is not a log
    assert undo_last(path) == logged  # the last one written, not the latest date
    assert undo_last(path) == later_but_first
    before = path.read_bytes()
    assert undo_last(path) is None
    assert path.read_bytes() == before  # nothing to undo: the file is not rewritten
    assert [m.kind for m in read_history(path).meetings] == ["planned"]
