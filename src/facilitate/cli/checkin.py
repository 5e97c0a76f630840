"""`facilitate checkin`: check-in or check-out prompts, fresh each week, or printable cards."""

from __future__ import annotations

from typing import Annotated

import typer

from facilitate.cli import _complete
from facilitate.cli._app import settings
from facilitate.cli._console import note
from facilitate.cli._output import ForceOpt, FormatOpt, OutputOpt, PaperOpt, emit


def checkin(
    ctx: typer.Context,
    topic: Annotated[
        str | None,
        typer.Option(
            "--topic",
            help="Also draw from this topic's own prompts.",
            autocompletion=_complete.topic_ids,
        ),
    ] = None,
    count: Annotated[
        int | None,
        typer.Option("--count", "-n", min=1, help="How many prompts (default 1; 16 with --card)."),
    ] = None,
    depth: Annotated[
        str | None, typer.Option("--depth", help="Only prompts of this depth: light, medium, deep.")
    ] = None,
    stage: Annotated[
        str | None,
        typer.Option(
            "--stage",
            help="The group's stage: forming, storming, norming, performing, adjourning. "
            "Forming favours light prompts.",
        ),
    ] = None,
    kind: Annotated[
        str, typer.Option("--kind", help="check-in (the opening round) or check-out (the closing).")
    ] = "check-in",
    seed: Annotated[
        int | None, typer.Option("--seed", help="Draw the same prompts again with the same seed.")
    ] = None,
    fresh: Annotated[
        bool,
        typer.Option("--fresh", help="Avoid prompts used in recent meetings (from history.yaml)."),
    ] = False,
    fresh_window: Annotated[
        int,
        typer.Option("--fresh-window", min=1, help="How many recent meetings --fresh looks back."),
    ] = 6,
    first_meeting: Annotated[
        bool,
        typer.Option(
            "--first-meeting",
            help="Light, low-key prompts for a first meeting (the default while history.yaml "
            "has no earlier meeting).",
        ),
    ] = False,
    no_record: Annotated[
        bool, typer.Option("--no-record", help="Do not add this draw to history.yaml.")
    ] = False,
    card: Annotated[
        bool,
        typer.Option(
            "--card", help="Printable cards, eight to a page, to cut out and draw at random."
        ),
    ] = False,
    output: OutputOpt = None,
    fmt: FormatOpt = None,
    paper: PaperOpt = None,
    force: ForceOpt = False,
) -> None:
    """Print check-in (or check-out) prompts drawn from the topic and the general pool.

    In a workspace each draw is added to history.yaml (ids and dates only), so --fresh works.
    """
    from facilitate.documents.checkin import CheckinOptions, make_checkin, record
    from facilitate.errors import UserError
    from facilitate.render.formats import resolve_format

    chosen = resolve_format(output, fmt if fmt or output or not card else "html")
    opts = settings(ctx)
    result = make_checkin(
        opts.open(),
        opts.workspace_dir(),
        opts.profile(),
        CheckinOptions(
            topic=topic,
            count=count,
            depth=depth,
            stage=stage,
            kind=kind,
            seed=seed,
            fresh=fresh,
            fresh_window=fresh_window,
            first_meeting=first_meeting,
            record=not no_record,
            card=card,
            paper=paper,
        ),
        chosen,
    )
    for line in result.notes:
        note(line)
    emit(result.document, output, chosen, force=force)
    try:
        recorded = record(result)
    except UserError as exc:  # the prompts are out; only the note of them is lost
        note(f"note: {exc}; the prompts are fine, but they were not noted in history")
        return
    if recorded is not None:
        note(f"added {len(result.selection.prompts)} prompt id(s) to {recorded}")
