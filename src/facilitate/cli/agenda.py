"""`facilitate agenda`: a timed meeting plan with a facilitator script or a member handout."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from facilitate.cli import _complete
from facilitate.cli._app import settings
from facilitate.cli._console import note
from facilitate.cli._output import ForceOpt, FormatOpt, OutputOpt, PaperOpt, emit


def agenda(
    ctx: typer.Context,
    topic: Annotated[
        str | None,
        typer.Option(
            "--topic",
            "-t",
            help="The topic id (see 'facilitate topics list').",
            autocompletion=_complete.topic_ids,
        ),
    ] = None,
    minutes: Annotated[
        int | None,
        typer.Option("--minutes", "-m", help="Meeting length (default: workspace, else 90)."),
    ] = None,
    size: Annotated[
        int | None,
        typer.Option("--size", "-n", help="Expected members; rounds scale with it (default 8)."),
    ] = None,
    start: Annotated[
        str | None, typer.Option("--start", help="Start time such as 18:30, for clock times.")
    ] = None,
    stage: Annotated[
        str | None,
        typer.Option("--stage", help="forming, storming, norming, performing or adjourning."),
    ] = None,
    online: Annotated[
        bool | None,
        typer.Option(
            "--online/--in-person", help="Online meeting preparation (default: workspace)."
        ),
    ] = None,
    first_meeting: Annotated[
        bool,
        typer.Option(
            "--first-meeting",
            help="Introductions, confidentiality, building the ground "
            "rules and a feedback round; the topic becomes optional.",
        ),
    ] = False,
    skip: Annotated[
        list[str] | None,
        typer.Option(
            "--skip",
            help="Leave out an optional part: activity, resources, introduction "
            "(or expectations at a first meeting). Repeatable.",
        ),
    ] = None,
    seed: Annotated[int | None, typer.Option("--seed", help="Fix the random choices.")] = None,
    plan: Annotated[
        str | None, typer.Option("--plan", help="Rebuild the agenda from a plan id it printed.")
    ] = None,
    swap: Annotated[
        str | None,
        typer.Option(
            "--swap",
            help="With --plan: redraw one part (check-in, discussion, activity, "
            "check-out) and keep the rest.",
        ),
    ] = None,
    audience: Annotated[
        str,
        typer.Option(
            "--audience", "-a", help="facilitator (script and notes) or members (handout)."
        ),
    ] = "facilitator",
    region: Annotated[
        str | None,
        typer.Option("--region", help="Crisis lines for this country (default: workspace)."),
    ] = None,
    output: OutputOpt = None,
    fmt: FormatOpt = None,
    force: ForceOpt = False,
    paper: PaperOpt = None,
    large_print: Annotated[
        bool, typer.Option("--large-print", help="Larger type for members with low vision.")
    ] = False,
    templates: Annotated[
        Path | None,
        typer.Option(
            "--templates",
            help="A folder of your own templates (agenda.j2.md, .html).",
            file_okay=False,
            exists=True,
        ),
    ] = None,
    no_record: Annotated[
        bool, typer.Option("--no-record", help="Do not note the prompts used in history.yaml.")
    ] = False,
) -> None:
    """Plan a meeting on a topic, timed to fit, with a facilitator script or a member handout."""
    from facilitate.documents.agenda import (
        AgendaRequest,
        build_agenda,
        history_entry,
        render_agenda,
    )
    from facilitate.errors import UserError
    from facilitate.group.history import record_agenda
    from facilitate.group.workspace import Workspace
    from facilitate.render.formats import resolve_format

    opts = settings(ctx)
    fmt_name = resolve_format(output, fmt)
    catalog = opts.open()
    workspace_dir = opts.workspace_dir()
    profile = opts.profile()
    request = AgendaRequest(
        topic=topic,
        minutes=minutes,
        size=size,
        start=start,
        stage=stage,
        online=online,
        first_meeting=first_meeting,
        skip=tuple(skip or ()),
        seed=seed,
        plan_id=plan,
        swap=swap,
        region=region,
    )
    result = build_agenda(catalog, profile, workspace_dir, request)
    template_dirs = tuple(
        d
        for d in (templates, workspace_dir / "templates" if workspace_dir else None)
        if d is not None and d.is_dir()
    )
    document = render_agenda(
        result,
        fmt_name,
        audience=audience,
        paper=paper,
        large_print=large_print,
        profile=profile,
        template_dirs=template_dirs,
    )
    emit(document, output, fmt_name, force=force)
    # After the document is out: a refused write is then one line, with no notes before it.
    for warning in result.warnings:
        note(f"note: {warning}")
    note(f"plan id: {result.plan_id}")
    if workspace_dir is not None and not no_record and not plan:
        try:
            record_agenda(Workspace(workspace_dir).history_path, history_entry(result))
        except UserError as exc:  # the agenda is done; only the note of its prompts is lost
            note(f"note: {exc}; the agenda is fine, but its prompts were not noted in history")
