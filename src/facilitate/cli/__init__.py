"""The command line: a thin layer that parses options, calls the core and prints.

The commands live in the modules of this package and are listed in ``_app.LAZY_COMMANDS``;
each is built the first time it is used.
"""

from __future__ import annotations

from facilitate.cli._app import app


def main() -> None:
    """Run the command line (the console script starts in ``facilitate.entry``)."""
    app(prog_name="facilitate")


__all__ = ["app", "main"]
