"""`facilitate checkin`: check-in or check-out prompts, fresh each week, or printable cards."""

from __future__ import annotations

from typing import Annotated

import typer

from facilitate.cli import _complete
from facilitate.cli._app import load_group
from facilitate.cli._console import note, print_table
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
        bool,
        typer.Option(
            "--no-record", hidden=True, help="Accepted for old scripts: nothing is recorded."
        ),
    ] = False,
    prompt: Annotated[
        list[str] | None,
        typer.Option(
            "--prompt",
            metavar="ID",
            help="Print this prompt (by id, see --list) instead of drawing; repeat for more.",
        ),
    ] = None,
    list_them: Annotated[
        bool,
        typer.Option("--list", help="List the prompts this group may be given, with their ids."),
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

    Looking is free: nothing is written to history.yaml, so a draw never uses a prompt up.
    --fresh avoids the prompts of the group's recent meetings.
    """
    from facilitate.documents.checkin import CheckinOptions, make_checkin, offered
    from facilitate.render.formats import resolve_format

    group = load_group(ctx)
    options = CheckinOptions(
        topic=topic,
        count=count,
        depth=depth,
        stage=stage,
        kind=kind,
        seed=seed,
        fresh=fresh,
        fresh_window=fresh_window,
        first_meeting=first_meeting,
        card=card,
        paper=paper,
        picked=tuple(prompt or ()),
    )
    if list_them:
        rows = [[c.id, c.depth.value, c.text] for c in offered(group, options)]
        print_table(f"{len(rows)} {kind} prompts", ["id", "depth", "prompt"], rows)
        return
    chosen = resolve_format(output, fmt if fmt or output or not card else "html")
    result = make_checkin(group, options, chosen)
    for line in result.notes:
        note(line)
    emit(result.document, output, chosen, force=force)
