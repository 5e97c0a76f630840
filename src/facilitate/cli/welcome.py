"""`facilitate welcome`: a one- or two-page welcome sheet for someone new to the group."""

from __future__ import annotations

from typing import Annotated

import typer

from facilitate.cli import _complete
from facilitate.cli._app import load_group
from facilitate.cli._output import ForceOpt, FormatOpt, OutputOpt, PaperOpt, emit


def welcome(
    ctx: typer.Context,
    meeting_format: Annotated[
        str | None,
        typer.Option(
            "--meeting-format",
            metavar="FORMAT",
            help="The format to describe: discussion, sharing-circle or psychoeducational "
            "(default: the workspace's meeting_format).",
            autocompletion=_complete.meeting_formats,
        ),
    ] = None,
    region: Annotated[
        str | None,
        typer.Option(
            "--region", metavar="CODE", help="Crisis lines for this country (default: workspace)."
        ),
    ] = None,
    output: OutputOpt = None,
    fmt: FormatOpt = None,
    force: ForceOpt = False,
    paper: PaperOpt = None,
    large_print: Annotated[
        bool, typer.Option("--large-print", help="Larger type for members with low vision.")
    ] = False,
) -> None:
    """A welcome sheet for newcomers: what the group is and is not, how a meeting runs, the
    ground rules, when and where, and the crisis lines."""
    from facilitate.catalog.query import parse_choice
    from facilitate.documents.welcome import WelcomeOptions, render_welcome
    from facilitate.models.base import MeetingFormat
    from facilitate.render.formats import resolve_format

    chosen = resolve_format(output, fmt)
    group = load_group(ctx)
    options = WelcomeOptions(
        meeting_format=parse_choice(MeetingFormat, meeting_format, "--meeting-format")
        if meeting_format
        else None,
        region=region,
        paper=paper,
        large_print=large_print,
    )
    template_dirs = (group.templates,) if group.templates is not None else ()
    document = render_welcome(group, chosen, options, template_dirs)
    emit(document, output, chosen, force=force)
