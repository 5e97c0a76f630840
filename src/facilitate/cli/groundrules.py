"""`facilitate groundrules`: start a group's ground rules, change them, print the sheet."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

import typer

from facilitate.cli import _complete
from facilitate.cli._app import load_group, new_app, settings
from facilitate.cli._console import note, print_json, print_table
from facilitate.cli._output import ForceOpt, FormatOpt, OutputOpt, PaperOpt

app = new_app(
    "The group's own ground rules in groundrules.yaml: start them from a preset, change them, "
    "and print a one-page sheet for the wall."
)

_CATEGORIES = ("confidentiality", "participation", "respect", "safety", "logistics", "online")


def _categories(ctx: typer.Context, incomplete: str) -> Iterator[str]:
    return (c for c in _CATEGORIES if c.startswith(incomplete))


def _rule_ids(ctx: typer.Context, incomplete: str) -> Iterator[str]:
    from pathlib import Path

    try:
        from facilitate.group.groundrules import groundrules_path, load_rules
        from facilitate.group.workspace import find_workspace

        folder = find_workspace(ctx.find_root().params.get("workspace"), Path.cwd())
        ids = [r.id for r in load_rules(groundrules_path(folder)).rules]
    except Exception:  # completion must never print a traceback into the shell
        return iter(())
    return (i for i in ids if i.startswith(incomplete))


RuleId = Annotated[
    str,
    typer.Argument(
        metavar="ID", help="The rule's id (see 'groundrules list').", autocompletion=_rule_ids
    ),
]
CategoryOpt = Annotated[
    str | None,
    typer.Option(
        "--category",
        help="confidentiality, participation, respect, safety, logistics or online.",
        autocompletion=_categories,
    ),
]


@app.command("init")
def init(
    ctx: typer.Context,
    preset: Annotated[
        str | None,
        typer.Option(
            "--preset",
            help="general, workplace-bullying or virtual (default: the profile's preset, else "
            "one that fits the group type or online meetings).",
            autocompletion=_complete.preset_ids,
        ),
    ] = None,
    force: Annotated[
        bool,
        typer.Option("--force", help="Replace an existing groundrules.yaml (a .bak copy is kept)."),
    ] = False,
) -> None:
    """Write groundrules.yaml from a preset, in the group workspace or this folder."""
    from facilitate.group.groundrules import display, init_rules

    done = init_rules(load_group(ctx), preset, force=force)
    if done.backup is not None:
        note(f"kept the old file as {display(done.backup)}")
    note(f"wrote {display(done.path)}: {done.count} ground rules from the '{done.preset}' preset")
    note(
        "read them through with the group, then change them with 'facilitate groundrules add', "
        "'edit', 'remove' or 'move', or in any text editor"
    )


@app.command("list")
def list_rules(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
) -> None:
    """Show the group's rules, numbered in the order of the file."""
    from facilitate.group.groundrules import display, groundrules_path, load_rules

    path = groundrules_path(settings(ctx).workspace_dir())
    rules = load_rules(path).rules
    if as_json:
        print_json([r.model_dump(mode="json") for r in rules])
        return
    rows = [[str(n), r.id, r.category.value, r.text] for n, r in enumerate(rules, 1)]
    print_table(
        f"{len(rules)} ground rules in {display(path)}", ["#", "id", "category", "text"], rows
    )


@app.command("add")
def add(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(metavar="TEXT", help="The rule, in the group's words.")],
    why: Annotated[str | None, typer.Option("--why", help="A short reason for the rule.")] = None,
    category: CategoryOpt = None,
    after: Annotated[
        str | None,
        typer.Option(
            "--after",
            metavar="ID",
            help="Put it after this rule (default: at the end).",
            autocompletion=_rule_ids,
        ),
    ] = None,
    rule_id: Annotated[
        str | None,
        typer.Option("--id", help="Its id (default: made from the first words of the text)."),
    ] = None,
    force: Annotated[
        bool,
        typer.Option("--force", help="Add it even if another rule already says the same."),
    ] = False,
) -> None:
    """Add a rule (category respect unless --category says otherwise)."""
    from facilitate.group.groundrules import add_rule, display, groundrules_path

    path = groundrules_path(settings(ctx).workspace_dir())
    done = add_rule(
        path, text, why=why, category=category, after=after, rule_id=rule_id, force=force
    )
    note(f"added '{done.rule.id}' as rule {done.position} of {done.count} in {display(path)}")


@app.command("remove")
def remove(
    ctx: typer.Context,
    rule_id: RuleId,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Remove it even if it is the last rule on confidentiality or on its limits.",
        ),
    ] = False,
) -> None:
    """Take a rule out (comments above it stay in the file).

    The last confidentiality rule, and the last one on its limits, stay unless --force.
    """
    from facilitate.group.groundrules import display, groundrules_path, remove_rule

    path = groundrules_path(settings(ctx).workspace_dir())
    done = remove_rule(path, rule_id, force=force)
    note(
        f"removed rule {done.position}, '{done.rule.id}', from {display(path)}; it said: "
        f"{done.rule.text}"
    )
    if done.notice:
        note(done.notice)


@app.command("edit")
def edit(
    ctx: typer.Context,
    rule_id: RuleId,
    text: Annotated[str | None, typer.Option("--text", help="New words for the rule.")] = None,
    why: Annotated[
        str | None, typer.Option("--why", help='A new reason; --why "" removes it.')
    ] = None,
    category: CategoryOpt = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Change it even if the group then has no rule on confidentiality or its "
            "limits, or two rules that say the same.",
        ),
    ] = False,
) -> None:
    """Change a rule's words, reason or category."""
    from facilitate.group.groundrules import display, edit_rule, groundrules_path

    path = groundrules_path(settings(ctx).workspace_dir())
    done = edit_rule(path, rule_id, text=text, why=why, category=category, force=force)
    note(f"changed rule {done.position}, '{done.rule.id}', in {display(path)}")
    if done.notice:
        note(done.notice)


@app.command("move")
def move(
    ctx: typer.Context,
    rule_id: RuleId,
    to: Annotated[int, typer.Option("--to", metavar="N", help="Its new place: 1 is the top.")],
) -> None:
    """Move a rule to another place in the list."""
    from facilitate.group.groundrules import display, groundrules_path, move_rule

    path = groundrules_path(settings(ctx).workspace_dir())
    done = move_rule(path, rule_id, to)
    note(f"moved '{done.rule.id}' to place {done.position} of {done.count} in {display(path)}")


@app.command("render")
def render(
    ctx: typer.Context,
    output: OutputOpt = None,
    fmt: FormatOpt = None,
    force: ForceOpt = False,
    consent: Annotated[
        bool,
        typer.Option(
            "--consent", help="Add an agreement block with spaces for initials and a date."
        ),
    ] = False,
    group_name: Annotated[
        str | None,
        typer.Option(
            "--group-name", metavar="NAME", help="The name on the sheet (default: the profile's)."
        ),
    ] = None,
    date: Annotated[
        str | None, typer.Option("--date", metavar="DATE", help="When the group agreed the rules.")
    ] = None,
    paper: PaperOpt = None,
    large_print: Annotated[
        bool, typer.Option("--large-print", help="Bigger type (the sheet may need two pages).")
    ] = False,
    reasons: Annotated[
        bool,
        typer.Option("--reasons", help="Print each rule's reason under it (may need two pages)."),
    ] = False,
    preset: Annotated[
        str | None,
        typer.Option(
            "--preset",
            help="Print this preset instead of the group's groundrules.yaml.",
            autocompletion=_complete.preset_ids,
        ),
    ] = None,
    region: Annotated[
        str | None,
        typer.Option(
            "--region",
            metavar="CODE",
            help="Crisis numbers for this country, e.g. US, GB (default: the profile's).",
        ),
    ] = None,
) -> None:
    """The ground-rules sheet: confidentiality first, big type, crisis numbers at the foot."""
    from facilitate.cli._output import emit
    from facilitate.documents.groundrules import SheetOptions, render_sheet
    from facilitate.render.formats import resolve_format

    chosen = resolve_format(output, fmt)
    group = load_group(ctx)
    options = SheetOptions(
        consent=consent,
        group_name=group_name,
        date=date,
        paper=paper,
        large_print=large_print,
        reasons=reasons,
        preset=preset,
        region=region,
    )
    emit(render_sheet(group, chosen, options), output, chosen, force=force)
