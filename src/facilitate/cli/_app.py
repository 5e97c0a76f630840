"""The Typer application object, its global options and the one user-error handler."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from typer.core import TyperGroup

from facilitate import __version__
from facilitate.errors import CatalogError, ExitCode, UserError


class FacilitateGroup(TyperGroup):
    """Turns every UserError raised below into lines on stderr and exit status 2."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except UserError as exc:
            fail(exc)


def fail(exc: UserError) -> NoReturn:
    prefix = "" if isinstance(exc, CatalogError) else "facilitate: "
    for line in exc.lines():
        typer.echo(f"{prefix}{line}", err=True)
    raise typer.Exit(int(ExitCode.USER_ERROR))


@dataclass
class Settings:
    """The global options, passed to every command through the Typer context."""

    catalog: Path | None = None
    workspace: Path | None = None

    def workspace_dir(self) -> Path | None:
        from facilitate.workspace import find_workspace

        return find_workspace(self.workspace, Path.cwd())

    def profile(self) -> Any:
        """The group profile (facilitate.yaml) when a workspace is found, else None."""
        from facilitate.workspace import Workspace

        root = self.workspace_dir()
        return Workspace(root).profile() if root is not None else None

    def open(self) -> Any:
        """The layered catalog for this run."""
        from facilitate.catalog import open_catalog

        return open_catalog(self.catalog, self.workspace_dir())


def settings(ctx: typer.Context) -> Settings:
    obj = ctx.find_root().obj
    return obj if isinstance(obj, Settings) else Settings()


def new_app(help_text: str) -> typer.Typer:
    return typer.Typer(
        cls=FacilitateGroup,
        help=help_text,
        no_args_is_help=True,
        pretty_exceptions_enable=False,
        context_settings={"help_option_names": ["-h", "--help"]},
    )


app = new_app(
    "Meeting material for peer support group facilitators: agendas, ground rules, check-in "
    "prompts and resource lists from YAML catalogs. Nothing leaves this computer."
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"facilitate {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    ctx: typer.Context,
    catalog: Annotated[
        Path | None,
        typer.Option(
            "--catalog",
            envvar="FACILITATE_CATALOG",
            help="A folder with your own topics.yaml, resources.yaml and so on, layered over "
            "the built-in catalog.",
            file_okay=False,
        ),
    ] = None,
    workspace: Annotated[
        Path | None,
        typer.Option(
            "--workspace",
            envvar="FACILITATE_WORKSPACE",
            help="The group folder (with facilitate.yaml). Found by walking up from the "
            "current folder when not given.",
            file_okay=False,
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    ctx.obj = Settings(catalog=catalog, workspace=workspace)


def stdout_is_terminal() -> bool:
    return sys.stdout.isatty() and os.environ.get("TERM") != "dumb"
