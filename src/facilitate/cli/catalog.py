"""`facilitate catalog`: validate catalog files, print JSON Schema, show the catalog's health."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from facilitate.cli._app import new_app, settings
from facilitate.cli._console import echo, print_json, print_markdown

app = new_app("Check catalogs, print their JSON Schema, and see their health at a glance.")


@app.command("validate")
def validate(
    ctx: typer.Context,
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="[PATH]...",
            help="Catalog files or folders to check. Without paths: the built-in catalog with "
            "your --catalog folder and workspace layered over it.",
        ),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the result (and any problems) as JSON.")
    ] = False,
) -> None:
    """Check catalog files; every problem is printed as FILE:LINE:COL: message."""
    from facilitate.catalog.validate import validate_layers, validate_paths
    from facilitate.errors import CatalogError

    try:
        summary = validate_paths(paths) if paths else validate_layers(settings(ctx).open())
    except CatalogError as exc:
        if as_json:
            print_json({"ok": False, "issues": [i.as_dict() for i in exc.issues]})
            raise typer.Exit(2) from None
        raise
    if as_json:
        print_json({"ok": True, "counts": summary.counts, "files": summary.files})
    else:
        echo(summary.line())


@app.command("schema")
def schema(
    kind: Annotated[
        str,
        typer.Argument(
            help="topics, resources, situations, prompts, presets, profile (facilitate.yaml) "
            "or groundrules (a group's groundrules.yaml)."
        ),
    ] = "topics",
) -> None:
    """Print the JSON Schema of a catalog file, for editors that validate YAML as you type."""
    from facilitate.catalog.schema import json_schema

    print_json(json_schema(kind))


@app.command("stats")
def stats(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
) -> None:
    """The catalog's health: topics per group type, prompts by kind and depth, reading grades,
    resources."""
    from facilitate.catalog.stats import catalog_stats
    from facilitate.planning.groups import coverage
    from facilitate.render.env import render

    figures = catalog_stats(settings(ctx).open(), coverage)
    if as_json:
        print_json(figures.as_dict())
        return
    print_markdown(render("stats", {"s": figures}, "md"))
