"""The command line: a thin layer that parses options, calls the core and prints."""

from __future__ import annotations

from facilitate.cli import (
    agenda,
    catalog,
    checkin,
    groundrules,
    plan,
    resources,
    situations,
    topics,
    workspace,
)
from facilitate.cli._app import app

app.add_typer(topics.app, name="topics")
app.add_typer(resources.app, name="resources")
app.add_typer(catalog.app, name="catalog")
app.add_typer(groundrules.app, name="groundrules")
app.add_typer(situations.app, name="situations")
agenda.register(app)
checkin.register(app)
workspace.register(app)
plan.register(app)


def main() -> None:
    """Entry point of the ``facilitate`` console script."""
    app(prog_name="facilitate")


__all__ = ["app", "main"]
