"""The workspace history: ids and dates only, written whole, and read for fresh prompts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from facilitate.group.history import read_history, recent_prompt_ids, record_agenda
from facilitate.models.workspace import HistoryEntry, HistoryFile
from tests.conftest import Run, write_tree

DAY = dt.date(2027, 1, 12)


def _entry(day: dt.date, topic: str | None, prompts: list[str]) -> HistoryEntry:
    return HistoryEntry(date=day, kind="agenda", topic=topic, prompts=prompts)


def test_a_later_agenda_for_the_same_day_and_topic_replaces_the_earlier(tmp_path: Path) -> None:
    path = tmp_path / "history.yaml"
    record_agenda(path, _entry(DAY, "boundaries", ["ta", "tb"]))
    record_agenda(path, _entry(DAY, "hope", ["tc"]))
    record_agenda(path, _entry(DAY, "boundaries", ["td"]))
    record_agenda(path, _entry(DAY + dt.timedelta(days=7), "boundaries", ["te"]))
    meetings = read_history(path).meetings
    assert [(m.date, m.topic, m.prompts) for m in meetings] == [
        (DAY, "hope", ["tc"]),
        (DAY, "boundaries", ["td"]),
        (DAY + dt.timedelta(days=7), "boundaries", ["te"]),
    ]
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# history.yaml") and "never names" in text


def test_recent_prompts_cover_the_last_meetings_before_a_day() -> None:
    history = HistoryFile(
        meetings=[
            _entry(DAY - dt.timedelta(days=14), "a", ["t1"]),
            _entry(DAY - dt.timedelta(days=7), "b", ["t2"]),
            _entry(DAY, "c", ["t3"]),
        ]
    )
    assert recent_prompt_ids(history, 6) == {"t1", "t2", "t3"}
    assert recent_prompt_ids(history, 1) == {"t3"}
    assert recent_prompt_ids(history, 6, before=DAY) == {"t1", "t2"}
    assert recent_prompt_ids(history, 1, before=DAY) == {"t2"}


def test_printing_the_agenda_twice_tonight_keeps_one_note_and_the_same_questions(
    run: Run, tmp_path: Path
) -> None:
    write_tree(tmp_path, {"facilitate.yaml": "version: 1\nname: Test group\n"})
    first = run("agenda", "--topic", "boundaries", "--seed", "5")
    second = run("agenda", "--topic", "boundaries", "--seed", "5")
    assert first.exit_code == second.exit_code == 0
    assert first.stdout == second.stdout  # today's draft does not count as heard
    meetings = read_history(tmp_path / "history.yaml").meetings
    assert len(meetings) == 1 and meetings[0].topic == "boundaries"


def test_an_agenda_avoids_prompts_heard_at_earlier_meetings(run: Run, tmp_path: Path) -> None:
    # An established group (the profile says so): every depth of prompt is open to it.
    write_tree(tmp_path, {"facilitate.yaml": "version: 1\nname: Test group\nstage: performing\n"})
    from facilitate.catalog import open_catalog

    topic = open_catalog().topic("boundaries")
    heard = [p.key for p in topic.check_in] + [d.key for d in topic.discussion[:3]]
    last_week = dt.date.today() - dt.timedelta(days=7)
    record_agenda(tmp_path / "history.yaml", _entry(last_week, "boundaries", heard))
    result = run("agenda", "--topic", "boundaries", "--seed", "5", "--no-record")
    assert result.exit_code == 0
    for item in topic.discussion[:3]:
        assert item.prompt not in result.stdout
    assert len(read_history(tmp_path / "history.yaml").meetings) == 1


def test_undo_takes_back_the_last_logged_entry_and_nothing_else(tmp_path: Path) -> None:
    from facilitate.group.history import append_meeting, undo_last

    path = tmp_path / "history.yaml"
    assert undo_last(path) is None and not path.exists()
    logged = HistoryEntry(date=DAY, kind="log", themes=["sleep"])
    later_but_first = HistoryEntry(date=DAY + dt.timedelta(days=7), kind="log", themes=["anger"])
    append_meeting(path, later_but_first)
    append_meeting(path, logged)
    record_agenda(path, _entry(DAY, "boundaries", ["ta"]))  # an agenda's note is not undone
    assert undo_last(path) == logged  # the last one written, not the latest date
    assert undo_last(path) == later_but_first
    before = path.read_bytes()
    assert undo_last(path) is None
    assert path.read_bytes() == before  # nothing to undo: the file is not rewritten
    assert [m.kind for m in read_history(path).meetings] == ["agenda"]
