"""`facilitate feedback`: print the anonymous form, record its ratings, see trends."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path
from typing import Annotated

import typer

from facilitate.cli._app import date_option, history_path, load_group, new_app
from facilitate.cli._console import note
from facilitate.cli._output import (
    DateOpt,
    ForceOpt,
    FormatOpt,
    OutputOpt,
    PaperOpt,
    SinceOpt,
    emit,
)

feedback_app = new_app("Anonymous member feedback: print the form, record its ratings, see trends.")


@feedback_app.command("form")
def feedback_form(
    ctx: typer.Context,
    output: OutputOpt = None,
    fmt: Annotated[
        str | None,
        typer.Option("--format", "-f", help="md, html or pdf (default: from -o, else md)."),
    ] = None,
    force: ForceOpt = False,
    paper: PaperOpt = None,
    group_name: Annotated[
        bool,
        typer.Option("--group-name", help="Print the group's name (from facilitate.yaml) on top."),
    ] = False,
    large_print: Annotated[
        bool, typer.Option("--large-print", help="Bigger type for easier reading.")
    ] = False,
) -> None:
    """A one-page anonymous feedback form: four ratings and two open questions."""
    from facilitate.documents.feedback import render_form
    from facilitate.render.formats import resolve_format

    chosen = resolve_format(output, fmt)
    group = load_group(ctx)
    if group_name and group.profile is None:
        note("facilitate: no facilitate.yaml here, so the form has no group name")
    content = render_form(
        group, chosen, paper=paper, group_name=group_name, large_print=large_print
    )
    emit(content, output, chosen, force=force)


def can_ask() -> bool:
    """Whether a person is at the terminal to type forms in (tests replace this)."""
    return sys.stdin.isatty() and sys.stderr.isatty()


_QUESTIONS = (
    ("safe", "Feeling safe"),
    ("heard", "Being heard"),
    ("useful", "Usefulness"),
    ("pace", "Pace (1 much too slow, 3 about right, 5 much too fast)"),
)


def _ask_form() -> dict[str, int | None]:
    """One form's ratings typed in at the terminal; Enter leaves a question blank."""

    def rating(value: str) -> int | None:
        text = value.strip()
        if not text:
            return None
        if not (text.isdigit() and 1 <= int(text) <= 5):
            raise typer.BadParameter(f"'{text}': ratings go from 1 to 5 (Enter if left blank)")
        return int(text)

    return {
        name: typer.prompt(
            f"{label}, 1 to 5 (Enter if left blank)",
            default="",
            show_default=False,
            value_proc=rating,
            err=True,
        )
        for name, label in _QUESTIONS
    }


@feedback_app.command("add")
def feedback_add(
    ctx: typer.Context,
    safe: Annotated[
        int | None, typer.Option("--safe", help="Feeling safe, 1 (low) to 5 (high).")
    ] = None,
    heard: Annotated[int | None, typer.Option("--heard", help="Being heard, 1 to 5.")] = None,
    useful: Annotated[int | None, typer.Option("--useful", help="Usefulness, 1 to 5.")] = None,
    pace: Annotated[
        int | None,
        typer.Option("--pace", help="Pace: 1 much too slow, 3 about right, 5 much too fast."),
    ] = None,
    from_file: Annotated[
        Path | None,
        typer.Option(
            "--from",
            metavar="FILE",
            help="Add many forms from a table (CSV): a header such as date,safe,heard,useful,"
            "pace, then one line per form; an empty cell is a question left blank.",
            dir_okay=False,
        ),
    ] = None,
    date: DateOpt = None,
) -> None:
    """Record forms' ratings (nothing else from a form is kept); a blank question is left out.

    One form from the options; many from --from FILE; on a terminal, more one after another.
    """
    from facilitate.documents.feedback import (
        make_entry,
        read_forms,
        record_feedback,
        record_forms,
    )
    from facilitate.errors import UserError

    # Leniently: recording ratings needs the day, not facilitate.yaml.
    day = date_option(load_group(ctx, lenient=True), date)
    path = history_path(ctx)
    given = {"safe": safe, "heard": heard, "useful": useful, "pace": pace}
    if from_file is not None:
        named = [f"--{k}" for k, v in given.items() if v is not None]
        if named:
            raise UserError(f"--from reads every form from the file; leave out {named[0]}")
        forms = read_forms(from_file, day, str(from_file))
        record_forms(path, forms)
        counts = Counter(f.date.isoformat() for f in forms)
        days = ", ".join(f"{d} ({n})" for d, n in sorted(counts.items()))
        note(f"recorded {len(forms)} form{'s' if len(forms) != 1 else ''} from {from_file}: {days}")
        return
    asking = can_ask()
    if all(v is None for v in given.values()) and asking:
        given = _ask_form()
    while True:
        if any(v is not None for v in given.values()):
            entry = make_entry(day, **given)
            count = record_feedback(path, entry)
            note(f"recorded: {count} {'form' if count == 1 else 'forms'} for {day.isoformat()}")
        elif asking:
            note("that form answers no question, so it was not recorded")
        else:
            make_entry(day, **given)  # says what to give
        if not asking or not typer.confirm("Another form?", default=False, err=True):
            return
        given = _ask_form()


@feedback_app.command("report")
def feedback_report_cmd(
    ctx: typer.Context,
    since: SinceOpt = None,
    output: OutputOpt = None,
    fmt: FormatOpt = None,
    force: ForceOpt = False,
    paper: PaperOpt = None,
) -> None:
    """Average ratings per meeting and overall, and how the latest meeting compares."""
    from facilitate.documents.feedback import feedback_report, render_report
    from facilitate.group.history import read_history
    from facilitate.render.formats import resolve_format

    chosen = resolve_format(output, fmt)
    history = read_history(history_path(ctx))
    group = load_group(ctx)
    report = feedback_report(history, date_option(group, since, "--since") if since else None)
    content = render_report(group, report, chosen, paper=paper)
    emit(content, output, chosen, force=force)
