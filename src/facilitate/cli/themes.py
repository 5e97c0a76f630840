"""`facilitate themes`: how often each theme came up, and the topics that match."""

from __future__ import annotations

import typer

from facilitate.cli._app import date_option, history_path, load_group
from facilitate.cli._output import (
    ForceOpt,
    FormatOpt,
    OutputOpt,
    PaperOpt,
    SinceOpt,
    emit,
)


def themes(
    ctx: typer.Context,
    since: SinceOpt = None,
    output: OutputOpt = None,
    fmt: FormatOpt = None,
    force: ForceOpt = False,
    paper: PaperOpt = None,
) -> None:
    """How often each theme came up, month by month, and the topics that match recurring ones."""
    from facilitate.documents.themes import render_themes
    from facilitate.group.history import read_history
    from facilitate.planning.themes import theme_report
    from facilitate.render.formats import resolve_format

    chosen = resolve_format(output, fmt)
    history = read_history(history_path(ctx))
    group = load_group(ctx)
    start = date_option(group, since, "--since") if since else None
    report = theme_report(history, group.catalog.topics.values(), start)
    emit(render_themes(group, report, chosen, paper=paper), output, chosen, force=force)
