"""`facilitate resources`: list and show guides, books, organisations and helplines."""

from __future__ import annotations

from typing import Annotated

import typer

from facilitate.cli import _complete
from facilitate.cli._app import load_group, new_app, settings
from facilitate.cli._console import note, print_json, print_markdown, print_table

app = new_app("Resources: guides, books, organisations, courses and crisis lines.")


@app.command("list")
def list_resources(
    ctx: typer.Context,
    tag: Annotated[
        str | None,
        typer.Option(
            "--tag",
            help="Only resources with this tag, e.g. bullying.",
            autocompletion=_complete.resource_tags,
        ),
    ] = None,
    kind: Annotated[
        str | None, typer.Option("--kind", help="Only this kind, e.g. book or helpline.")
    ] = None,
    region: Annotated[
        str | None,
        typer.Option(
            "--region",
            help="A country code (US, CA, GB, IE, AU, NZ) or global; a country also lists "
            "global resources (and EU ones for the EU and EEA). Default: the workspace's.",
        ),
    ] = None,
    all_regions: Annotated[
        bool,
        typer.Option(
            "--all-regions",
            help="List every country's resources, not only the workspace's region's.",
        ),
    ] = False,
    search: Annotated[
        str | None, typer.Option("--search", help="Words to look for in titles and descriptions.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
) -> None:
    """List resources (a table on a terminal, tab-separated when piped).

    In a workspace with a region, only that country's resources and those that serve everyone
    are listed (a note says how many others were left out); --all-regions lists them all.
    """
    from facilitate.catalog.query import filter_resources

    group = load_group(ctx)
    catalog = group.catalog
    own = group.region if region is None and not all_regions else None
    found = filter_resources(catalog, tag=tag, kind=kind, region=region or own, search=search)
    if own is not None:
        everywhere = filter_resources(catalog, tag=tag, kind=kind, search=search)
        left_out = len(everywhere) - len(found)
        if left_out:
            note(
                f"note: {left_out} resource{'s' if left_out != 1 else ''} for other countries "
                f"left out (the group's region is {own}); --all-regions lists them"
            )
    if as_json:
        print_json([r.model_dump(mode="json", exclude_none=True) for r in found])
        return
    rows = [[r.id, r.title, r.kind.value, r.region, r.phone or r.url or ""] for r in found]
    columns = ["id", "title", "kind", "region", "contact"]
    print_table(f"{len(rows)} resources", columns, rows, optional=["contact"])


@app.command("show")
def show_resource(
    ctx: typer.Context,
    resource_id: Annotated[
        str,
        typer.Argument(metavar="ID", help="A resource id.", autocompletion=_complete.resource_ids),
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
) -> None:
    """Show one resource and where it came from."""
    from facilitate.documents.catalog import render_resource

    catalog = settings(ctx).open()
    resource = catalog.resource(resource_id)
    if as_json:
        print_json(resource.model_dump(mode="json", exclude_none=True))
        return
    print_markdown(render_resource(catalog, resource))
