"""`facilitate season`: a season of meetings, as a list, a calendar or one agenda each."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from facilitate.cli import _complete
from facilitate.cli._app import load_group
from facilitate.cli._console import note
from facilitate.cli._output import ForceOpt, OutputOpt, PaperOpt, emit

if TYPE_CHECKING:
    from facilitate.group.group import Group


def season(
    ctx: typer.Context,
    sessions: Annotated[
        int, typer.Option("--sessions", "-n", help="How many meetings to plan (1 to 60).")
    ],
    start: Annotated[
        str | None,
        typer.Option(
            "--start",
            help="Date of the first meeting, YYYY-MM-DD (default: one interval from today).",
        ),
    ] = None,
    every: Annotated[
        str,
        typer.Option(
            "--every",
            help="How often: 1w, 2w or 4w; monthly (the same day each month); or a weekday of "
            "each month such as 2nd-tue or last-fri (1st, 2nd, 3rd, 4th or last).",
        ),
    ] = "2w",
    time: Annotated[
        str | None,
        typer.Option(
            "--time",
            help="When meetings start, such as 18:30: calendar events run from it for the "
            "meeting's length (default: the profile's start; without one, all-day events).",
        ),
    ] = None,
    include_tag: Annotated[
        list[str] | None,
        typer.Option(
            "--include-tag",
            help="Prefer topics with this tag (repeat the option for more tags).",
            autocompletion=_complete.topic_tags,
        ),
    ] = None,
    exclude_tag: Annotated[
        list[str] | None,
        typer.Option(
            "--exclude-tag",
            help="Leave out topics with this tag (repeat for more).",
            autocompletion=_complete.topic_tags,
        ),
    ] = None,
    seed: Annotated[
        int | None,
        typer.Option(
            "--seed",
            help="Any number, for another draw of topics (default: one kept for the group and "
            "start date, so every format shows the same meetings).",
        ),
    ] = None,
    allow_repeats: Annotated[
        bool, typer.Option("--allow-repeats", help="Let a topic come back within the series.")
    ] = False,
    group: Annotated[
        str | None,
        typer.Option("--group", help="Group type, e.g. workplace-bullying (default: the profile)."),
    ] = None,
    open_ended: Annotated[
        bool,
        typer.Option("--open-ended", help="The group goes on after the series: no last meeting."),
    ] = False,
    output: OutputOpt = None,
    fmt: Annotated[
        str | None,
        typer.Option("--format", "-f", help="md, html, pdf or ics (default: from -o, else md)."),
    ] = None,
    force: ForceOpt = False,
    agendas: Annotated[
        Path | None,
        typer.Option(
            "--agendas",
            help="Also write every meeting's agenda into this folder, dated, each naming the "
            "next meeting (Markdown, or HTML or PDF as the season is written); with "
            "--audience members, every member handout.",
            file_okay=False,
        ),
    ] = None,
    paper: PaperOpt = None,
    audience: Annotated[
        str,
        typer.Option(
            "--audience",
            "-a",
            help="facilitator (reasons and commands) or members (dates and topics to hand out).",
        ),
    ] = "facilitator",
) -> None:
    """Plan a season of meetings, each with the command for its agenda.

    A first meeting, gentle topics while the group forms, deeper ones once its ground rules
    hold, and a last meeting; topics the group already met on come later, and topics that match
    recurring themes come sooner.
    """
    from facilitate.documents.season import (
        PLAN_FORMATS,
        SeasonOptions,
        agenda_paths,
        make_season,
        render_season,
        season_notes,
    )
    from facilitate.render.formats import resolve_format

    chosen = resolve_format(output, fmt, PLAN_FORMATS)
    the_group = load_group(ctx)  # `group` is the --group option, a group type
    options = SeasonOptions(
        sessions=sessions,
        start=start,
        every=every,
        include_tags=tuple(include_tag or ()),
        exclude_tags=tuple(exclude_tag or ()),
        seed=seed,
        allow_repeats=allow_repeats,
        group=group,
        open_ended=open_ended,
        time=time,
    )
    series = make_season(the_group, options)
    if audience.strip().lower() not in ("facilitator", "members"):
        from facilitate.errors import UserError

        raise UserError(f"--audience {audience}: choose facilitator or members")
    agenda_fmt = chosen if chosen in ("html", "pdf") else "md"
    who = audience.strip().lower()
    paths = agenda_paths(series, agendas, agenda_fmt, force=force, audience=who) if agendas else []
    content = render_season(the_group, series, chosen, paper=paper, audience=who)
    emit(content, output, chosen, force=force)
    for line in season_notes(series):
        note(f"note: {line}")
    if seed is None:
        note(
            "topics drawn for this group and start date, the same in every format; "
            "add --seed N (any number) for a different draw"
        )
    if agendas:
        _write_agendas(the_group, series, paths, agenda_fmt, who, force=force)


def _write_agendas(
    group: Group,
    series: Any,
    paths: list[Path],
    fmt: str,
    audience: str,
    *,
    force: bool,
) -> None:
    from facilitate.documents.season import render_entry_agenda
    from facilitate.errors import UserError
    from facilitate.storage.atomic import write_new

    entries = list(series.entries)
    # Each agenda's handout names the meeting after it.
    pairs = [
        (entry, following, path)
        for entry, following, path in zip(entries, [*entries[1:], None], paths, strict=True)
    ]
    if pairs and not paths[0].parent.exists():
        # --agendas names a folder to fill: making it is what was asked, and it is said.
        try:
            paths[0].parent.mkdir(parents=True)
        except OSError as exc:
            raise UserError(
                f"--agendas {paths[0].parent}: cannot make the folder ({exc.strerror})"
            ) from None
        note(f"made the folder {paths[0].parent}")
    if sys.stderr.isatty():
        from rich.console import Console
        from rich.progress import Progress

        with Progress(console=Console(stderr=True), transient=True) as progress:
            task = progress.add_task("Writing agendas", total=len(pairs))
            for entry, following, path in pairs:
                content = render_entry_agenda(group, entry, fmt, following, audience)
                write_new(path, content, force=force)
                progress.advance(task)
    else:
        for entry, following, path in pairs:
            content = render_entry_agenda(group, entry, fmt, following, audience)
            write_new(path, content, force=force)
    note(f"wrote {len(pairs)} agendas to {paths[0].parent}" if pairs else "no agendas to write")
