"""A bare Typer command with the same 20 options as `facilitate agenda`, and nothing else.

It imports the same libraries as the import floor and does no work of its own, so its time is
what Typer itself costs to parse and coerce those options on top of the imports.
"""

from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(rich_markup_mode=None, add_completion=False)


@app.command()
def agenda(
    topic: Annotated[str | None, typer.Option("--topic")] = None,
    minutes: Annotated[int | None, typer.Option("--minutes")] = None,
    size: Annotated[int | None, typer.Option("--size")] = None,
    start: Annotated[str | None, typer.Option("--start")] = None,
    stage: Annotated[str | None, typer.Option("--stage")] = None,
    online: Annotated[bool | None, typer.Option("--online/--in-person")] = None,
    first_meeting: Annotated[bool, typer.Option("--first-meeting")] = False,
    skip: Annotated[list[str] | None, typer.Option("--skip")] = None,
    seed: Annotated[int | None, typer.Option("--seed")] = None,
    plan: Annotated[str | None, typer.Option("--plan")] = None,
    swap: Annotated[str | None, typer.Option("--swap")] = None,
    audience: Annotated[str, typer.Option("--audience")] = "facilitator",
    region: Annotated[str | None, typer.Option("--region")] = None,
    output: Annotated[Path | None, typer.Option("-o")] = None,
    fmt: Annotated[str | None, typer.Option("--format")] = None,
    force: Annotated[bool, typer.Option("--force")] = False,
    paper: Annotated[str | None, typer.Option("--paper")] = None,
    large_print: Annotated[bool, typer.Option("--large-print")] = False,
    templates: Annotated[Path | None, typer.Option("--templates")] = None,
    no_record: Annotated[bool, typer.Option("--no-record")] = False,
) -> None:
    import jinja2  # noqa: F401
    import pydantic  # noqa: F401
    import yaml  # noqa: F401


if __name__ == "__main__":
    app()
