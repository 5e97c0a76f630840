"""The workspace's small history: dates, topics, prompt ids, themes and anonymous ratings.

It never holds names or stories. Every change rewrites the file atomically.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import yaml

from facilitate.group.workspace import read_model
from facilitate.models.workspace import FeedbackEntry, HistoryEntry, HistoryFile
from facilitate.storage.atomic import atomic_write
from facilitate.storage.locking import locked

HEADER = (
    "# history.yaml: what this group's meetings used, written by facilitate.\n"
    "# Dates, topic ids, prompt ids, short themes and anonymous ratings only: never names or\n"
    "# stories. You may delete entries; the file is rewritten whole on every change.\n"
)


def read_history(path: Path) -> HistoryFile:
    if not path.is_file():
        return HistoryFile()
    return read_model(path, HistoryFile)


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


def undo_last(path: Path, kind: str = "log") -> HistoryEntry | None:
    """Remove the entry of this kind that was added last, and return it (None: there is none).

    "Last" is the last one written, not the latest date: a mistake just made is the one to
    take back, whatever day it was logged for.
    """
    if not path.is_file():
        return None
    removed: list[HistoryEntry] = []

    def change(history: HistoryFile) -> HistoryFile:
        for place in range(len(history.meetings) - 1, -1, -1):
            if history.meetings[place].kind == kind:
                removed.append(history.meetings[place])
                rest = [m for n, m in enumerate(history.meetings) if n != place]
                return history.model_copy(update={"meetings": rest})
        return history

    update_history(path, change)
    return removed[0] if removed else None


def record_agenda(path: Path, entry: HistoryEntry) -> HistoryFile:
    """Note an agenda, replacing one made earlier for the same day and topic.

    A facilitator often prints an agenda several times the night before; only the last one is
    the meeting the group will have.
    """

    def replace(history: HistoryFile) -> HistoryFile:
        kept = [
            m
            for m in history.meetings
            if not (m.kind == "agenda" and m.date == entry.date and m.topic == entry.topic)
        ]
        return history.model_copy(update={"meetings": [*kept, entry]})

    return update_history(path, replace)


def meeting_days(history: HistoryFile, before: dt.date | None = None) -> list[dt.date]:
    """The days the group met (any entry counts), before ``before``, newest first.

    A day is one meeting, however many entries it has; the agenda, check-in and plan commands
    all count meetings this way.
    """
    dated = {m.date for m in history.meetings if before is None or m.date < before}
    return sorted(dated, reverse=True)


def recent_prompt_ids(
    history: HistoryFile, meetings: int, before: dt.date | None = None
) -> set[str]:
    """Prompt ids used in the last ``meetings`` meeting dates (only dates before ``before``)."""
    keep = set(meeting_days(history, before)[:meetings])
    return {p for m in history.meetings if m.date in keep for p in m.prompts}
