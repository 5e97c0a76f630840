"""Write a rendered document: to stdout, or to a file that is never silently replaced."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from facilitate.cli._console import note, print_markdown

OutputOpt = Annotated[
    Path | None,
    typer.Option(
        "-o",
        "--output",
        help="Write to this file instead of the screen; the extension picks the format "
        "(.md, .html, .pdf).",
        dir_okay=False,
    ),
]
FormatOpt = Annotated[
    str | None,
    typer.Option("--format", "-f", help="md, html or pdf (default: from -o, else md)."),
]
ForceOpt = Annotated[
    bool, typer.Option("--force", help="Replace an existing output file (a .bak copy is kept).")
]
PaperOpt = Annotated[
    str | None, typer.Option("--paper", help="Page size for HTML and PDF: a4 or letter.")
]


def emit(content: str | bytes, output: Path | None, fmt: str, *, force: bool = False) -> None:
    """Markdown to the screen (rendered by Rich on a terminal), or the whole file at once."""
    if output is None:
        if isinstance(content, bytes):
            sys.stdout.buffer.write(content)
        elif fmt == "md":
            print_markdown(content)
        else:
            sys.stdout.write(content)
        return
    from facilitate.storage.atomic import write_new

    backup = write_new(output, content, force=force)
    if backup is not None:
        note(f"kept the old file as {backup}")
    note(f"wrote {output}")


DateOpt = Annotated[
    str | None,
    typer.Option("--date", help="The meeting's date, YYYY-MM-DD (default: today)."),
]


SinceOpt = Annotated[
    str | None, typer.Option("--since", help="Only meetings on or after this date.")
]
