"""`facilitate log`: record a meeting's themes in the group's history, or take the last one back."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from facilitate.cli import _complete
from facilitate.cli._app import date_option, history_path, load_group
from facilitate.cli._console import note
from facilitate.cli._output import (
    DateOpt,
)


def can_ask() -> bool:
    """Whether a person is at the terminal to answer (tests replace this)."""
    return sys.stdin.isatty() and sys.stderr.isatty()


def log(
    ctx: typer.Context,
    themes: Annotated[
        str | None,
        typer.Option(
            "--themes",
            help='What came up, as short words separated by commas: "sleep, returning to work".',
        ),
    ] = None,
    date: DateOpt = None,
    topic: Annotated[
        str | None,
        typer.Option(
            "--topic", help="The topic id the meeting used.", autocompletion=_complete.topic_ids
        ),
    ] = None,
    attendance: Annotated[
        int | None, typer.Option("--attendance", help="How many members came.")
    ] = None,
    note_text: Annotated[
        str | None,
        typer.Option(
            "--note",
            help="A short note for you alone (at most 500 characters). Never names or contact "
            "details: contact details are refused, and so are words that may be names unless "
            "you confirm they are not.",
        ),
    ] = None,
    allow_names: Annotated[
        bool,
        typer.Option(
            "--allow-names",
            help="Keep the words flagged as possible names: you confirm that they are not "
            "people's names. Needed in a script; on a terminal log asks about each word.",
        ),
    ] = False,
    cancelled: Annotated[
        bool,
        typer.Option(
            "--cancelled",
            help="The meeting of that date did not take place: it no longer counts as held.",
        ),
    ] = False,
    not_names: Annotated[
        bool, typer.Option("--not-names", hidden=True, help="The old name of --allow-names.")
    ] = False,
    undo: Annotated[
        bool,
        typer.Option("--undo", help="Remove the last entry you logged (it says what it removed)."),
    ] = False,
) -> None:
    """Record that a meeting was held (or cancelled), and its themes (never names or stories).

    A meeting whose agenda was printed counts as held once its date has passed, unless it is
    logged as cancelled; logging it adds the themes, attendance and a note. --undo takes back
    the last log, so a mistake never needs the file edited by hand.
    """
    from facilitate.errors import UserError
    from facilitate.planning.privacy import vocabulary_of
    from facilitate.planning.themes import NamesFound, log_meeting, make_log_entry

    path = history_path(ctx)
    if undo:
        given = [
            name
            for name, value in (
                ("--themes", themes),
                ("--date", date),
                ("--topic", topic),
                ("--attendance", attendance),
                ("--note", note_text),
            )
            if value is not None
        ]
        if given:
            raise UserError(
                f"--undo takes back the last entry and nothing else; leave out {given[0]}"
            )
        _undo(path)
        return
    if themes is None and not cancelled:
        raise UserError(
            'give --themes, such as --themes "sleep, returning to work" (or --cancelled, or --undo)'
        )
    # Leniently: logging a meeting needs the catalog and the day, not facilitate.yaml.
    group = load_group(ctx, lenient=True)
    catalog = group.catalog
    topic_id = catalog.topic(topic).id if topic else None
    vocabulary = vocabulary_of(catalog)
    values: dict[str, Any] = {
        "date": date_option(group, date),
        "themes": themes,
        "topic": topic_id,
        "attendance": attendance,
        "note": note_text,
        "vocabulary": vocabulary,
        "cancelled": cancelled,
    }
    try:
        result = make_log_entry(**values, names_confirmed=allow_names or not_names)
    except NamesFound as exc:
        if not can_ask():
            raise UserError(f"{exc} (--allow-names)") from None
        for word in dict.fromkeys(c.text for c in exc.concerns if c.kind == "name"):
            if typer.confirm(f"Is '{word}' a person's name?", default=False, err=True):
                raise UserError(
                    f"nothing was written; reword the note or themes without '{word}' (names "
                    "never go in the history)"
                ) from None
        result = make_log_entry(**values, names_confirmed=True)
    log_meeting(path, result)
    entry = result.entry
    what = "cancelled" if cancelled else "held"
    themes_said = f": {', '.join(entry.themes)}" if entry.themes else ""
    note(f"logged {entry.date.isoformat()} as {what}{themes_said}")


def _undo(path: Path) -> None:
    from facilitate.group.history import undo_last

    removed = undo_last(path)
    if removed is None:
        note("nothing to undo: history.yaml holds no meeting you logged")
        return
    parts = [", ".join(removed.themes) or "no themes"]
    if removed.topic:
        parts.append(f"topic {removed.topic}")
    if removed.attendance is not None:
        parts.append(f"{removed.attendance} came")
    if removed.note:
        parts.append("and its note")
    note(f"removed the entry logged for {removed.date.isoformat()}: {'; '.join(parts)}")
