"""`facilitate log`: record a meeting's themes in the group's history."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from facilitate.cli import _complete
from facilitate.cli._app import (
    date_option,
    history_path,
    settings,
)
from facilitate.cli._console import note
from facilitate.cli._output import (
    DateOpt,
)


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
    not_names: Annotated[
        bool,
        typer.Option(
            "--not-names",
            help="Confirm that the words flagged as possible names are not names, and keep them.",
        ),
    ] = False,
    cancelled: Annotated[
        bool,
        typer.Option(
            "--cancelled",
            help="The meeting of that date did not take place: it no longer counts as held.",
        ),
    ] = False,
) -> None:
    """Record that a meeting was held (or cancelled), and its themes (never names or stories).

    A meeting whose agenda was printed counts as held once its date has passed, unless it is
    logged as cancelled; logging it adds the themes, attendance and a note.
    """
    from facilitate.errors import UserError
    from facilitate.planning.privacy import describe_concerns, vocabulary_of
    from facilitate.planning.themes import NamesFound, log_meeting, make_log_entry

    path = history_path(ctx)
    catalog = settings(ctx).open()
    topic_id = catalog.topic(topic).id if topic else None
    vocabulary = vocabulary_of(catalog)
    values = {
        "date": date_option(date),
        "themes": themes,
        "topic": topic_id,
        "attendance": attendance,
        "note": note_text,
        "vocabulary": vocabulary,
        "cancelled": cancelled,
    }
    try:
        result = make_log_entry(**values, names_confirmed=not_names)
    except NamesFound as exc:
        if not (sys.stdin.isatty() and sys.stderr.isatty()):
            raise UserError(f"{exc} (--not-names)") from None
        words = describe_concerns(exc.concerns)
        if not typer.confirm(f"The note or themes hold {words}. Are these words not names?"):
            raise UserError("nothing was written; reword the note or themes") from None
        result = make_log_entry(**values, names_confirmed=True)
    log_meeting(path, result)
    entry = result.entry
    what = "cancelled" if cancelled else "held"
    themes_said = f": {', '.join(entry.themes)}" if entry.themes else ""
    note(f"logged {entry.date.isoformat()} as {what}{themes_said}")
