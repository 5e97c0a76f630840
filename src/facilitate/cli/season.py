"""`facilitate plan`, `log`, `themes` and `feedback`: beyond one meeting."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from facilitate.cli import _complete
from facilitate.cli._app import new_app, settings
from facilitate.cli._console import note
from facilitate.cli._output import ForceOpt, OutputOpt, PaperOpt, emit

DateOpt = Annotated[
    str | None,
    typer.Option("--date", help="The meeting's date, YYYY-MM-DD (default: today)."),
]


def _workspace(ctx: typer.Context) -> Path:
    from facilitate.errors import UserError

    root = settings(ctx).workspace_dir()
    if root is None:
        raise UserError("no group workspace here or above (facilitate.yaml); run 'facilitate init'")
    return root


def _history_path(ctx: typer.Context) -> Path:
    from facilitate.group.workspace import HISTORY

    return _workspace(ctx) / HISTORY


def _date(value: str | None, option: str = "--date") -> Any:
    import datetime as dt

    from facilitate.planning.season import parse_date

    return parse_date(value, option) if value else dt.date.today()


SinceOpt = Annotated[
    str | None, typer.Option("--since", help="Only meetings on or after this date.")
]
MdOrHtmlOpt = Annotated[
    str | None, typer.Option("--format", "-f", help="md or html (default: from -o, else md).")
]


def _paper(value: str | None, profile: Any) -> str:
    from facilitate.render.formats import resolve_paper

    return resolve_paper(value, profile)


def plan(
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
        str, typer.Option("--every", help="Time between meetings: 1w, 2w or 4w.")
    ] = "2w",
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
        int | None, typer.Option("--seed", help="Make the same plan again with the same number.")
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
        typer.Option("--format", "-f", help="md, html or ics (default: from -o, else md)."),
    ] = None,
    force: ForceOpt = False,
    agendas: Annotated[
        Path | None,
        typer.Option(
            "--agendas",
            help="Also write every meeting's agenda into this folder (Markdown, or HTML with "
            "--format html).",
            file_okay=False,
        ),
    ] = None,
    paper: PaperOpt = None,
) -> None:
    """Plan a season of meetings, each with the command for its agenda.

    A first meeting, gentle topics while the group forms, deeper ones once its ground rules
    hold, and a last meeting; topics the group already met on come later, and topics that match
    recurring themes come sooner.
    """
    from facilitate.documents.season import (
        PLAN_FORMATS,
        PlanOptions,
        agenda_paths,
        calendar_key,
        make_plan,
        render_plan,
    )
    from facilitate.render.formats import resolve_format

    chosen = resolve_format(output, fmt, PLAN_FORMATS)
    s = settings(ctx)
    catalog, profile, root = s.open(), s.profile(), s.workspace_dir()
    options = PlanOptions(
        sessions=sessions,
        start=start,
        every=every,
        include_tags=tuple(include_tag or ()),
        exclude_tags=tuple(exclude_tag or ()),
        seed=seed,
        allow_repeats=allow_repeats,
        group=group,
        open_ended=open_ended,
    )
    series = make_plan(catalog, profile, root, options)
    agenda_fmt = "html" if chosen == "html" else "md"
    paths = agenda_paths(series, agendas, agenda_fmt, force=force) if agendas else []
    content = render_plan(
        series, chosen, paper=_paper(paper, profile), calendar_key=calendar_key(profile)
    )
    emit(content, output, chosen, force=force)
    if seed is None:
        used = series.request.seed
        note(f"seed {used}: add --seed {used} to make this plan again")
    if agendas:
        _write_agendas(catalog, profile, root, series, paths, agenda_fmt, force=force)


def _write_agendas(
    catalog: Any,
    profile: Any,
    root: Path | None,
    series: Any,
    paths: list[Path],
    fmt: str,
    *,
    force: bool,
) -> None:
    from facilitate.documents.season import render_entry_agenda
    from facilitate.errors import UserError
    from facilitate.storage.atomic import write_new

    pairs = list(zip(series.entries, paths, strict=True))
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
            for entry, path in pairs:
                write_new(
                    path, render_entry_agenda(catalog, profile, root, entry, fmt), force=force
                )
                progress.advance(task)
    else:
        for entry, path in pairs:
            write_new(path, render_entry_agenda(catalog, profile, root, entry, fmt), force=force)
    note(f"wrote {len(pairs)} agendas to {paths[0].parent}" if pairs else "no agendas to write")


def log(
    ctx: typer.Context,
    themes: Annotated[
        str,
        typer.Option(
            "--themes",
            help='What came up, as short words separated by commas: "sleep, returning to work".',
        ),
    ],
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
) -> None:
    """Record a meeting's themes in the group's history (never names or stories)."""
    from facilitate.errors import UserError
    from facilitate.planning.privacy import describe_concerns, vocabulary_of
    from facilitate.planning.themes import NamesFound, log_meeting, make_log_entry

    path = _history_path(ctx)
    catalog = settings(ctx).open()
    topic_id = catalog.topic(topic).id if topic else None
    vocabulary = vocabulary_of(catalog)
    values = {
        "date": _date(date),
        "themes": themes,
        "topic": topic_id,
        "attendance": attendance,
        "note": note_text,
        "vocabulary": vocabulary,
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
    note(f"logged {result.entry.date.isoformat()}: {', '.join(result.entry.themes)}")


def themes(
    ctx: typer.Context,
    since: SinceOpt = None,
    output: OutputOpt = None,
    fmt: MdOrHtmlOpt = None,
    force: ForceOpt = False,
    paper: PaperOpt = None,
) -> None:
    """How often each theme came up, month by month, and the topics that match recurring ones."""
    from facilitate.documents.themes import render_themes
    from facilitate.group.history import read_history
    from facilitate.planning.themes import theme_report
    from facilitate.render.formats import resolve_format

    chosen = resolve_format(output, fmt, ("md", "html"))
    s = settings(ctx)
    history = read_history(_history_path(ctx))
    report = theme_report(
        history, s.open().topics.values(), _date(since, "--since") if since else None
    )
    emit(
        render_themes(report, chosen, paper=_paper(paper, s.profile())), output, chosen, force=force
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
        chosen, paper=_paper(paper, profile), group_name=name, large_print=large_print
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

    entry = make_entry(_date(date), safe=safe, heard=heard, useful=useful, pace=pace)
    count = record_feedback(_history_path(ctx), entry)
    forms = "form" if count == 1 else "forms"
    note(f"recorded: {count} {forms} for {entry.date.isoformat()}")


@feedback_app.command("report")
def feedback_report_cmd(
    ctx: typer.Context,
    since: SinceOpt = None,
    output: OutputOpt = None,
    fmt: MdOrHtmlOpt = None,
    force: ForceOpt = False,
    paper: PaperOpt = None,
) -> None:
    """Average ratings per meeting and overall, and how the latest meeting compares."""
    from facilitate.documents.feedback import feedback_report, render_report
    from facilitate.group.history import read_history
    from facilitate.render.formats import resolve_format

    chosen = resolve_format(output, fmt, ("md", "html"))
    history = read_history(_history_path(ctx))
    report = feedback_report(history, _date(since, "--since") if since else None)
    content = render_report(report, chosen, paper=_paper(paper, settings(ctx).profile()))
    emit(content, output, chosen, force=force)
