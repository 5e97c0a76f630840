"""The ``facilitate`` console script: a Tab on an id is answered from a cache, all else by Typer."""

from __future__ import annotations


def main() -> None:
    from facilitate.cli.fastcomplete import main_if_completing

    if main_if_completing():
        return
    from facilitate.cli import main as cli_main

    cli_main()
