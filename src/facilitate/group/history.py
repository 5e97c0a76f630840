"""The workspace's small history: dates, topics, prompt ids, themes and anonymous ratings.

It never holds names or stories. Every change rewrites the file atomically.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path

import yaml

from facilitate.group.workspace import read_model
from facilitate.models.workspace import (
    FeedbackEntry,
    HistoryEntry,
    HistoryFile,
    upgrade_history_data,
)
from facilitate.storage.atomic import atomic_write
from facilitate.storage.locking import locked

_OLD_VERSION = re.compile(r"^version:\s*['\"]?1['\"]?\s*(#.*)?$", re.MULTILINE)

HEADER = (
    "# history.yaml: the group's meetings, planned (an agenda was printed), held (logged with\n"
    "# 'facilitate log') or cancelled, written by facilitate.\n"
    "# Dates, topic ids, prompt ids, short themes and anonymous ratings only: never names or\n"
    "# stories. You may delete entries; the file is rewritten whole on every change.\n"
)


def read_history(path: Path) -> HistoryFile:
    """The history, with an 0.1 file read in today's form (``upgrade_in_place`` rewrites it)."""
    if not path.is_file():
        return HistoryFile()
    return read_model(path, HistoryFile, upgrade_history_data)


def upgrade_in_place(path: Path) -> list[str]:
    """Rewrite an 0.1 history.yaml in today's form, under its lock; say what changed."""
    from facilitate.storage.yaml import read_document

    if not path.is_file():
        return []
    # Every command in a workspace asks: a file already in today's form is not parsed here.
    try:
        head = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []  # the command that reads it words the problem
    if not _OLD_VERSION.search(head):
        return []
    with locked(path):
        _, notes = upgrade_history_data(read_document(path).data)
        if notes:
            history = read_history(path)
            _refuse_contacts(path, history)  # a file edited to hold them is not rewritten
            write_history(path, history)
    return notes


def write_history(path: Path, history: HistoryFile) -> None:
    data = history.model_dump(mode="json", exclude_none=True, exclude_defaults=False)
    body = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    atomic_write(path, HEADER + body)


def update_history(path: Path, change: Callable[[HistoryFile], HistoryFile]) -> HistoryFile:
    """Read, change and rewrite the history while holding its lock, so no entry is lost."""
    with locked(path):
        history = read_history(path)
        _refuse_contacts(path, history)
        updated = change(history)
        if updated is not history:  # a change that changed nothing leaves the file as it is
            write_history(path, updated)
    return updated


def _refuse_contacts(path: Path, history: HistoryFile) -> None:
    """A history edited by hand to hold contact details is not written back as it is."""
    from facilitate.errors import UserError
    from facilitate.planning.privacy import base_vocabulary, note_concerns

    words = base_vocabulary()
    for m in history.meetings:
        text = " ".join([m.note or "", *(t.replace("-", " ") for t in m.themes), *m.prompts])
        found = [c.text for c in note_concerns(text, words) if c.kind == "contact"]
        if found:
            raise UserError(
                f"{path}: the entry of {m.date.isoformat()} holds {found[0]}; remove it from "
                "the file (contact details never go in the history), then try again"
            )


def append_meeting(path: Path, entry: HistoryEntry) -> HistoryFile:
    return update_history(path, lambda h: h.model_copy(update={"meetings": [*h.meetings, entry]}))


def append_feedback(path: Path, entry: FeedbackEntry) -> HistoryFile:
    return update_history(path, lambda h: h.model_copy(update={"feedback": [*h.feedback, entry]}))


def record_planned(path: Path, entry: HistoryEntry) -> HistoryFile:
    """Note the meeting an agenda was printed for: one per date, the latest print winning.

    A reprint, another format or the members' copy of the same meeting changes nothing. A
    date already logged as held or cancelled keeps what the facilitator said of it.
    """

    def replace(history: HistoryFile) -> HistoryFile:
        same_day = [m for m in history.meetings if m.date == entry.date]
        if any(m.kind != "planned" for m in same_day):
            return history
        at = next((n for n, m in enumerate(history.meetings) if m.date == entry.date), None)
        meetings = list(history.meetings)
        if at is None:
            meetings.append(entry)
        else:  # a reprint keeps its place: the order of the file is the order things happened
            meetings[at] = entry
        return history.model_copy(update={"meetings": meetings})

    return update_history(path, replace)


def record_held(path: Path, entry: HistoryEntry) -> HistoryFile:
    """Note that a meeting took place (or was cancelled), merged with its planned entry.

    What was planned for that date (topic, plan id, prompts) is kept unless the log says
    otherwise; a second log of the same date adds to the first.
    """

    def merge(history: HistoryFile) -> HistoryFile:
        same = [m for m in history.meetings if m.date == entry.date]
        others = [m for m in history.meetings if m.date != entry.date]
        merged = entry
        for old in same:
            merged = merged.model_copy(
                update={
                    "topic": merged.topic or old.topic,
                    "plan": merged.plan or old.plan,
                    "prompts": merged.prompts or old.prompts,
                    "themes": list(dict.fromkeys([*old.themes, *merged.themes])),
                    "attendance": merged.attendance
                    if merged.attendance is not None
                    else old.attendance,
                    "note": merged.note or old.note,
                }
            )
        # Written last, so that an undo takes back this log (the order is the order written).
        return history.model_copy(update={"meetings": [*others, merged]})

    return update_history(path, merge)


def undo_last(path: Path) -> HistoryEntry | None:
    """Take back the log written last (held or cancelled); None when nothing was logged.

    "Last" is the last one written, not the latest date: a mistake just made is the one to
    take back, whatever day it was for. A logged meeting that had been planned goes back to
    planned, as it was printed; one logged without a printed agenda is removed.
    """
    if not path.is_file():
        return None
    undone: list[HistoryEntry] = []

    def take_back(history: HistoryFile) -> HistoryFile:
        logged = [n for n, m in enumerate(history.meetings) if m.kind != "planned"]
        if not logged:
            return history
        n = logged[-1]
        entry = history.meetings[n]
        undone.append(entry)
        rest = [m for i, m in enumerate(history.meetings) if i != n]
        if entry.plan:
            planned = HistoryEntry(
                date=entry.date,
                kind="planned",
                topic=entry.topic,
                plan=entry.plan,
                prompts=entry.prompts,
            )
            rest.insert(n, planned)
        return history.model_copy(update={"meetings": rest})

    update_history(path, take_back)
    return undone[0] if undone else None


def meetings_held(history: HistoryFile, before: dt.date) -> list[HistoryEntry]:
    """The meetings that took place before ``before``, one per date, newest first.

    A held entry counts; so does a planned one whose date has passed, unless that date was
    cancelled. Nothing else does: looking at questions or printing a meeting still to come
    never makes a group older.
    """
    days: dict[dt.date, list[HistoryEntry]] = {}
    for m in history.meetings:
        if m.date < before:
            days.setdefault(m.date, []).append(m)
    out = []
    for day in sorted(days, reverse=True):
        entries = days[day]
        held = [m for m in entries if m.kind == "held"]
        if held:
            out.append(held[-1])
        elif not any(m.kind == "cancelled" for m in entries):
            out.append(entries[-1])
    return out


def meeting_days(history: HistoryFile, before: dt.date) -> list[dt.date]:
    """The dates of :func:`meetings_held`, newest first."""
    return [m.date for m in meetings_held(history, before)]


def heard_prompt_ids(history: HistoryFile, meetings: int, before: dt.date) -> set[str]:
    """Prompt ids the group has heard in its last ``meetings`` meetings before ``before``."""
    return {p for m in meetings_held(history, before)[:meetings] for p in m.prompts}


def last_planned(history: HistoryFile) -> HistoryEntry | None:
    """The latest meeting on record with a plan id (planned or held)."""
    with_plan = [m for m in history.meetings if m.plan and m.kind != "cancelled"]
    return max(with_plan, key=lambda m: m.date) if with_plan else None
