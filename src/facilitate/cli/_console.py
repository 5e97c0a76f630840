"""Printing helpers: Rich on a terminal, plain text when piped, JSON for scripts."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import typer

from facilitate.cli._app import option_word, stdout_is_terminal
from facilitate.errors import worded
from facilitate.render.controls import json_safe, visible


def echo(text: str, *, err: bool = False) -> None:
    """Print a line of text with every control character made visible.

    Fields the core named (``errors.field_ref``) are worded as the running command's options.
    """
    typer.echo(visible(worded(text, option_word)), err=err)


def print_json(data: Any) -> None:
    # Control characters inside strings become JSON escapes: the data stays the same for a
    # script, and nothing raw reaches a terminal.
    # pydantic's own encoder (Rust) gives the same text as json.dumps(indent=2), several times
    # faster: `topics list --json` on 10,000 topics spent most of its time in the encoder.
    from pydantic_core import to_json

    typer.echo(json_safe(to_json(data, indent=2, fallback=str).decode("utf-8")))


def print_table(title: str, columns: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    """A Rich table on a terminal; tab-separated lines with a header when piped."""
    if stdout_is_terminal():
        from rich.console import Console
        from rich.table import Table
        from rich.text import Text

        # Text objects, not strings: Rich reads "[link=...]" in a string as its own markup.
        table = Table(title=Text(visible(title)), title_justify="left", expand=False)
        for col in columns:
            table.add_column(Text(col), overflow="fold")
        for row in rows:
            table.add_row(*(Text(visible(cell)) for cell in row))
        Console().print(table)
        return
    lines = ["\t".join(columns), *("\t".join(cell.replace("\t", " ") for cell in r) for r in rows)]
    echo("\n".join(lines))


def print_markdown(text: str) -> None:
    """Markdown as it is when piped; rendered by Rich on a terminal."""
    text = visible(text)
    if stdout_is_terminal():
        from rich.console import Console
        from rich.markdown import Markdown

        Console().print(Markdown(text))
        return
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


def note(message: str) -> None:
    """A status line for people, on stderr so it never mixes with a document."""
    echo(message, err=True)


def wrote(path: Path, what: str = "") -> None:
    note(f"wrote {path}{f' ({what})' if what else ''}")
