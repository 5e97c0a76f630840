"""Printing helpers: Rich on a terminal, plain text when piped, JSON for scripts."""

from __future__ import annotations

import sys
from collections.abc import Collection, Sequence
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


KEY_COLUMNS = frozenset({"id", "key", "#"})
"""Columns of ids and keys: never broken across lines, never shortened."""
WORD_COLUMNS = frozenset({"tags", "stages"})
"""Columns of comma-separated words (tags): lines break between them, never inside one."""
TEXT_COLUMNS = frozenset({"title", "text", "meaning", "value", "contact", "description"})
"""Columns of running text: they wrap, and give way first when the terminal is narrow."""
TEXT_AT_LEAST = 10
"""The narrowest a text column gets before a column that may be left out is left out."""
LONG_WORD = 14
"""A word in running text up to this long stays whole; a longer one (a web address) may fold."""
GAP = 2
"""Spaces between two columns."""


def table_widths(
    columns: Sequence[str],
    rows: Sequence[Sequence[str]],
    width: int,
    optional: Collection[str] = (),
) -> list[int | None]:
    """Each column's width on a terminal this wide; None for a column left out.

    Ids, keys and short values (kinds, regions, depths) keep their whole width on one line;
    a column of tags is at least as wide as its longest tag; text columns share what is left
    and wrap. When that does not fit, the ``optional`` columns are left out, last first.
    """
    from rich.cells import cell_len

    def tokens(n: int) -> list[str]:
        return [columns[n], *(tok for row in rows for tok in row[n].split())]

    full = [
        max(cell_len(c) for c in [columns[n], *(row[n] for row in rows)])
        for n in range(len(columns))
    ]
    least: list[int] = []  # the narrowest each column may be
    good: list[int] = []  # wide enough that its words stay whole
    for n, name in enumerate(columns):
        if name in WORD_COLUMNS:
            least.append(max(cell_len(t) for t in tokens(n)))
            good.append(least[-1])
        elif name in TEXT_COLUMNS:
            least.append(min(full[n], TEXT_AT_LEAST))
            word = min(max(cell_len(t) for t in tokens(n)), LONG_WORD)
            good.append(min(full[n], max(least[-1], word)))
        else:
            least.append(full[n])
            good.append(full[n])
    kept = list(range(len(columns)))

    def spare() -> int:
        return width - sum(widths[n] or 0 for n in kept) - GAP * (len(kept) - 1)

    widths: list[int | None] = list(least)
    for name in reversed(list(optional)):
        if spare() >= 0:
            break
        if name in columns:
            kept.remove(columns.index(name))
            widths[columns.index(name)] = None
    # What is left goes to the columns that wrap, one character at a time: first until their
    # words stay whole, then until each fits on one line.
    growing = [n for n in kept if columns[n] in TEXT_COLUMNS | WORD_COLUMNS]
    for target in (good, full):
        while spare() > 0:
            short = [n for n in growing if (widths[n] or 0) < target[n]]
            if not short:
                break
            for n in short[: spare()]:
                widths[n] = (widths[n] or 0) + 1
    return widths


def print_table(
    title: str,
    columns: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    optional: Collection[str] = (),
) -> None:
    """A Rich table on a terminal; tab-separated lines with a header when piped.

    On a terminal no id, key or tag is ever broken across lines: text columns wrap instead,
    and the ``optional`` columns are left out when the terminal is too narrow for them.
    """
    if stdout_is_terminal():
        from rich import box
        from rich.console import Console
        from rich.table import Table
        from rich.text import Text

        console = Console()
        widths = table_widths(columns, rows, console.width, optional)
        kept = [n for n, w in enumerate(widths) if w is not None]
        left_out = [columns[n] for n, w in enumerate(widths) if w is None]
        # Text objects, not strings: Rich reads "[link=...]" in a string as its own markup.
        table = Table(
            title=Text(visible(title)),
            title_justify="left",
            caption=Text(f"left out at this width: {', '.join(left_out)}") if left_out else None,
            caption_justify="left",
            expand=False,
            box=box.SIMPLE_HEAD,
            show_edge=False,
            pad_edge=False,
            padding=(0, GAP - 1, 0, 0),  # with the box's blank divider: GAP between columns
        )
        for n in kept:
            name = columns[n]
            table.add_column(
                Text(name),
                width=widths[n],
                no_wrap=name not in TEXT_COLUMNS | WORD_COLUMNS,
                overflow="fold",
            )
        for row in rows:
            table.add_row(*(Text(visible(row[n])) for n in kept))
        console.print(table)
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
