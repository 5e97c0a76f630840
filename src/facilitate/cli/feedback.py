"""`facilitate feedback`: print the anonymous form, record its ratings, see trends."""

from __future__ import annotations

from typing import Annotated

import typer

from facilitate.cli._app import (
    date_option,
    history_path,
    new_app,
    paper_option,
    settings,
)
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
    profile = settings(ctx).profile()
    name = profile.name if group_name and profile else None
    if group_name and profile is None:
        note("facilitate: no facilitate.yaml here, so the form has no group name")
    content = render_form(
        chosen, paper=paper_option(paper, profile), group_name=name, large_print=large_print
    )
    emit(content, output, chosen, force=force)


@feedback_app.command("add")
def feedback_add(
    ctx: typer.Context,
    safe: Annotated[int, typer.Option("--safe", help="Feeling safe, 1 (low) to 5 (high).")],
    heard: Annotated[int, typer.Option("--heard", help="Being heard, 1 to 5.")],
    useful: Annotated[int, typer.Option("--useful", help="Usefulness, 1 to 5.")],
    pace: Annotated[
        int, typer.Option("--pace", help="Pace: 1 much too slow, 3 about right, 5 much too fast.")
    ],
    date: DateOpt = None,
) -> None:
    """Record one form's ratings (nothing else from the form is kept)."""
    from facilitate.documents.feedback import make_entry, record_feedback

    entry = make_entry(date_option(date), safe=safe, heard=heard, useful=useful, pace=pace)
    count = record_feedback(history_path(ctx), entry)
    forms = "form" if count == 1 else "forms"
    note(f"recorded: {count} {forms} for {entry.date.isoformat()}")


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
    report = feedback_report(history, date_option(since, "--since") if since else None)
    content = render_report(report, chosen, paper=paper_option(paper, settings(ctx).profile()))
    emit(content, output, chosen, force=force)
