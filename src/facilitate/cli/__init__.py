"""The command line: a thin layer that parses options, calls the core and prints.

The commands live in the modules of this package and are listed in ``_app.LAZY_COMMANDS``;
each is built the first time it is used. Importing this package imports nothing else, so that
the Tab-completion shortcut in ``cli/fastcomplete.py`` starts without Typer.
"""

from __future__ import annotations

# Not `from typing import TYPE_CHECKING`: typing (and contextlib with it) would add several
# milliseconds to every Tab, which imports this package.
TYPE_CHECKING = False

if TYPE_CHECKING:
    from typing import Any

    from facilitate.cli._app import app as app


def main() -> None:
    """Run the command line (the console script starts in ``facilitate.cli.entry``)."""
    from facilitate.cli._app import app

    app(prog_name="facilitate")


def __getattr__(name: str) -> Any:
    if name == "app":
        from facilitate.cli._app import app

        return app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["app", "main"]
