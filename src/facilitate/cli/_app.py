"""The Typer application object, its global options and the one user-error handler."""

from __future__ import annotations

import importlib
import inspect
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
import typer.main
from typer.core import TyperGroup

from facilitate import __version__
from facilitate.errors import CatalogError, ExitCode, UserError, cannot

if TYPE_CHECKING:
    import datetime as dt

    from facilitate.group.group import Group

_SURROGATE = re.compile("[\ud800-\udfff]")


class FacilitateGroup(TyperGroup):
    """Turns every UserError raised below into lines on stderr and exit status 2."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        # Bytes that are not UTF-8 arrive as lone surrogates; no field can hold them.
        if any(_SURROGATE.search(a) for a in args if isinstance(a, str)):
            fail(UserError("the command line holds bytes that are not UTF-8 text; retype it"))
        result: list[str] = super().parse_args(ctx, args)
        return result

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        name, command, rest = super().resolve_command(ctx, args)
        if command is not None:
            # Before the command runs, so that its notes word fields as its options too.
            RUNNING.clear()
            RUNNING.update(option_names(command))
        return name, command, rest

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except UserError as exc:
            fail(exc)
        except OSError as exc:
            if exc.filename is None:
                raise  # not about a path someone gave: keep the traceback
            # A path the system refused (too long, a loop of links...): one line, as for
            # every other problem with what was typed.
            fail(UserError(f"{exc.filename}: {cannot(exc)}"))

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        # Click cuts a command's help at 45 characters; a whole first sentence reads better.
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(limit=300)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


# The commands under the root, in the order `--help` lists them: name -> (module, attribute).
# The attribute is a command function or a Typer sub-app. A command is built only when it runs,
# so `facilitate agenda` does not pay for building the other thirty commands' options.
LAZY_COMMANDS: dict[str, tuple[str, str]] = {
    "agenda": ("facilitate.cli.agenda", "agenda"),
    "checkin": ("facilitate.cli.checkin", "checkin"),
    "groundrules": ("facilitate.cli.groundrules", "app"),
    "welcome": ("facilitate.cli.welcome", "welcome"),
    "situations": ("facilitate.cli.situations", "app"),
    "init": ("facilitate.cli.init", "init"),
    "config": ("facilitate.cli.config", "app"),
    "doctor": ("facilitate.cli.doctor", "doctor"),
    "season": ("facilitate.cli.season", "season"),
    "log": ("facilitate.cli.log", "log"),
    "themes": ("facilitate.cli.themes", "themes"),
    "feedback": ("facilitate.cli.feedback", "feedback_app"),
    "topics": ("facilitate.cli.topics", "app"),
    "resources": ("facilitate.cli.resources", "app"),
    "catalog": ("facilitate.cli.catalog", "app"),
}


# Old command names that still work, hidden from --help: old -> new. Each run under an old
# name prints one note on stderr with the new one.
ALIASES: dict[str, str] = {"plan": "season"}


def _target(name: str) -> Any:
    module, attr = LAZY_COMMANDS[name]
    return getattr(importlib.import_module(module), attr)


def short_help(name: str) -> str:
    """A command's one-line help, read from its docstring or sub-app without building it."""
    target = _target(name)
    if isinstance(target, typer.Typer):
        text = str(target.info.help or "")
    else:
        text = inspect.getdoc(target) or ""
    first = text.strip().split("\n\n")[0]
    return " ".join(first.split())


class RootGroup(FacilitateGroup):
    """The root: builds a command the first time it is asked for."""

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        if args and args[0] in ALIASES:
            old, new = args[0], ALIASES[args[0]]
            if not ctx.resilient_parsing:  # not while the shell completes a word
                typer.echo(f"facilitate: '{old}' is now '{new}'; use 'facilitate {new}'", err=True)
            args = [new, *args[1:]]
        return super().resolve_command(ctx, args)

    def list_commands(self, ctx: Any) -> list[str]:
        return [*super().list_commands(ctx), *(n for n in LAZY_COMMANDS if n not in self.commands)]

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        command = super().get_command(ctx, cmd_name)
        if command is None and cmd_name in LAZY_COMMANDS:
            command = _build(cmd_name, _target(cmd_name))
            self.add_command(command, cmd_name)
        return command

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        rows = [(name, short_help(name)) for name in self.list_commands(ctx)]
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


def _build(name: str, target: Any) -> Any:
    if isinstance(target, typer.Typer):
        command = typer.main.get_command(target)
    else:
        # Plain help like every other command (Typer's default would draw Rich boxes).
        single = typer.Typer(add_completion=False, rich_markup_mode=None)
        single.command(name)(target)
        command = typer.main.get_command(single)
    command.name = name
    return command


def option_names(command: Any) -> dict[str, str]:
    """``{"start": "--start", "as_json": "--json", "topic_id": "TOPIC"}`` for a command."""
    names: dict[str, str] = {}
    for param in getattr(command, "params", ()):
        if param.name is None:
            continue
        opts = [o for o in getattr(param, "opts", ()) if o.startswith("-")]
        if opts:
            longs = [o for o in opts if o.startswith("--")]
            names[param.name] = max(longs or opts, key=len)
        else:  # an argument: its metavar, as the help shows it
            names[param.name] = getattr(param, "metavar", None) or param.name.upper()
    return names


RUNNING: dict[str, str] = {}
"""The running command's parameters and how its command line spells them (``option_names``)."""


def option_word(name: str) -> str:
    """A field the core named, as the running command's option (``start`` -> ``--start``).

    A field the command has no option for is worded as an option of that name: the advice
    then names the option of the command it is about.
    """
    return RUNNING.get(name) or "--" + name.replace("_", "-")


def fail(exc: UserError) -> NoReturn:
    """The error as lines on stderr, each field the core named worded as an option."""
    prefix = "" if isinstance(exc, CatalogError) else "facilitate: "
    from facilitate.render.controls import visible

    for line in exc.lines(option_word):
        typer.echo(visible(f"{prefix}{line}"), err=True)
    raise typer.Exit(int(ExitCode.USER_ERROR))


_UPGRADED: set[Path] = set()


@dataclass
class Settings:
    """The global options, passed to every command through the Typer context."""

    catalog: Path | None = None
    workspace: Path | None = None

    def workspace_dir(self) -> Path | None:
        from facilitate.group.workspace import find_workspace

        root = find_workspace(self.workspace, Path.cwd())
        if root is not None and root not in _UPGRADED:
            # An 0.1 history.yaml is rewritten in today's form the first time it is seen.
            from facilitate.group.history import upgrade_in_place
            from facilitate.group.workspace import HISTORY
            from facilitate.render.controls import visible

            _UPGRADED.add(root)
            for line in upgrade_in_place(root / HISTORY):
                typer.echo(visible(f"note: {line}"), err=True)
        return root

    def open(self) -> Any:
        """The layered catalog for this run."""
        from facilitate.catalog import open_catalog
        from facilitate.render.controls import visible

        def on_note(issue: Any) -> None:
            typer.echo(visible(f"note: {issue}"), err=True)

        return open_catalog(self.catalog, self.workspace_dir(), on_note)


def settings(ctx: typer.Context) -> Settings:
    obj = ctx.find_root().obj
    return obj if isinstance(obj, Settings) else Settings()


def load_group(ctx: typer.Context, *, lenient: bool = False) -> Group:
    """The group this run is for (``group/group.py: Group``): built once here, for every command.

    This is the one place that reads the clock; the core takes the day from the group. With
    ``lenient``, a facilitate.yaml with problems does not stop the command (see Group.load).
    """
    import datetime as dt

    from facilitate.group.group import Group

    s = settings(ctx)
    now = dt.datetime.now().astimezone()
    return Group.load(s.open(), s.workspace_dir(), today=now.date(), now=now, lenient=lenient)


def new_app(
    help_text: str, cls: type[TyperGroup] = FacilitateGroup, *, completion: bool = False
) -> typer.Typer:
    # Plain help (no Rich): Rich help costs more than the whole start-up budget for --help.
    return typer.Typer(
        cls=cls,
        help=help_text,
        no_args_is_help=True,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
        add_completion=completion,
        context_settings={"help_option_names": ["-h", "--help"]},
    )


app = new_app(
    "Meeting material for peer support group facilitators: agendas, ground rules, check-in "
    "prompts and resource lists from YAML catalogs. Nothing leaves this computer.",
    cls=RootGroup,
    completion=True,
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


def require_workspace(ctx: typer.Context) -> Path:
    from facilitate.errors import UserError

    root = settings(ctx).workspace_dir()
    if root is None:
        raise UserError("no group workspace here or above (facilitate.yaml); run 'facilitate init'")
    return root


def history_path(ctx: typer.Context) -> Path:
    from facilitate.group.workspace import HISTORY

    return require_workspace(ctx) / HISTORY


def date_option(group: Group, value: str | None, option: str = "--date") -> dt.date:
    """The date typed (YYYY-MM-DD or ``today``), else the group's today."""
    from facilitate.planning.season import parse_date

    return parse_date(value, option, today=group.today) if value else group.today
