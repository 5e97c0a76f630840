"""`facilitate agenda`: a timed meeting plan with a facilitator script or a member handout."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from facilitate.cli import _complete
from facilitate.cli._app import load_group
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
    meeting_format: Annotated[
        str | None,
        typer.Option(
            "--meeting-format",
            metavar="FORMAT",
            help="How the meeting runs: discussion, sharing-circle or psychoeducational "
            "(default: the workspace's meeting_format, else discussion).",
            autocompletion=_complete.meeting_formats,
        ),
    ] = None,
    share_minutes: Annotated[
        int | None,
        typer.Option(
            "--share-minutes",
            metavar="N",
            help="In a sharing circle, the minutes each person has for a share "
            "(default: the workspace's share_minutes, else 3).",
        ),
    ] = None,
    newcomers: Annotated[
        bool,
        typer.Option(
            "--newcomers",
            help="New members join: a short round of names, the ground rules read in full "
            "and a word to the newcomers at the close.",
        ),
    ] = False,
    seed: Annotated[int | None, typer.Option("--seed", help="Fix the random choices.")] = None,
    plan: Annotated[
        str | None,
        typer.Option(
            "--plan",
            help="Rebuild the agenda from a plan id it printed, or 'last' for the latest "
            "meeting in history.yaml.",
        ),
    ] = None,
    date: Annotated[
        str | None,
        typer.Option(
            "--date",
            help="The day of the meeting, such as 2026-12-08, printed on both copies "
            "(default: today, not printed). The same group, date and topic always give "
            "the same meeting.",
        ),
    ] = None,
    check_in: Annotated[
        str | None,
        typer.Option(
            "--check-in", metavar="ID", help="This check-in question (see 'checkin --list')."
        ),
    ] = None,
    check_out: Annotated[
        str | None,
        typer.Option(
            "--check-out",
            metavar="ID",
            help="This check-out question (see 'checkin --list --kind check-out').",
        ),
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
            "--audience",
            "-a",
            help="facilitator (script and notes), members (handout) or both (two files: "
            "-o agenda.html also writes agenda-members.html).",
        ),
    ] = "facilitator",
    layout: Annotated[
        str,
        typer.Option(
            "--layout",
            help="full (the agenda) or glance: the facilitator's one page of the meeting "
            "(clock times, each part's question, the ground rules in short, crisis numbers).",
        ),
    ] = "full",
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
        bool,
        typer.Option("--no-record", help="Do not note this planned meeting in history.yaml."),
    ] = False,
) -> None:
    """Plan a meeting on a topic, timed to fit, with a facilitator script or a member handout."""
    from facilitate.catalog.query import parse_choice
    from facilitate.documents.agenda import (
        AgendaRequest,
        audiences,
        build_agenda,
        history_entry,
        members_path,
        parse_day,
        render_agenda,
    )
    from facilitate.errors import UserError
    from facilitate.group.history import record_planned
    from facilitate.models.base import MeetingFormat
    from facilitate.render.formats import resolve_format

    fmt_name = resolve_format(output, fmt)
    layout = layout.strip().lower()
    if layout not in ("full", "glance"):
        raise UserError(f"--layout {layout}: choose full or glance")
    if layout == "glance" and audience.strip().lower() != "facilitator":
        raise UserError(
            "--layout glance is the facilitator's page; members get the handout "
            "(--audience members without --layout)"
        )
    group = load_group(ctx)
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
        date=parse_day(date, group.today) if date else None,
        check_in=check_in,
        check_out=check_out,
        meeting_format=parse_choice(MeetingFormat, meeting_format, "--meeting-format")
        if meeting_format
        else None,
        share_minutes=share_minutes,
        newcomers=newcomers,
    )
    result = build_agenda(group, request)
    template_dirs = tuple(d for d in (templates, group.templates) if d is not None and d.is_dir())
    chosen = audiences(audience)
    if len(chosen) > 1 and output is None and fmt_name != "md":
        raise UserError(f"{fmt_name} for both audiences goes to files: add -o FILE.{fmt_name}")
    documents = [
        render_agenda(
            group,
            result,
            fmt_name,
            audience=one,
            layout=layout,
            paper=paper,
            large_print=large_print,
            template_dirs=template_dirs,
        )
        for one in chosen
    ]
    if len(chosen) > 1 and output is not None:
        from facilitate.storage.atomic import check_free

        targets = [output, members_path(output)]
        check_free(targets, force=force)  # both, before either is written
        for target, document in zip(targets, documents, strict=True):
            emit(document, target, fmt_name, force=force)
    else:
        emit(
            documents[0] if len(documents) == 1 else "\n\n---\n\n".join(map(str, documents)),
            output,
            fmt_name,
            force=force,
        )
    # After the document is out: a refused write is then one line, with no notes before it.
    for warning in result.warnings:
        note(f"note: {warning}")
    note(f"plan id: {result.plan_id}")
    if group.history_path is not None and not no_record:
        try:
            record_planned(group.history_path, history_entry(result))
        except UserError as exc:  # the agenda is done; only the note of its prompts is lost
            note(f"note: {exc}; the agenda is fine, but its prompts were not noted in history")
