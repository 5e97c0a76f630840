"""`facilitate topics`: list and show discussion topics."""

from __future__ import annotations

from typing import Annotated

import typer

from facilitate.cli import _complete
from facilitate.cli._app import new_app, settings
from facilitate.cli._console import print_json, print_markdown, print_table

app = new_app("Discussion topics: list them, or show one whole.")


@app.command("list")
def list_topics(
    ctx: typer.Context,
    tag: Annotated[
        str | None,
        typer.Option(
            "--tag", help="Only topics with this tag.", autocompletion=_complete.topic_tags
        ),
    ] = None,
    group: Annotated[
        str | None,
        typer.Option(
            "--group",
            help="Only topics that fit this group type (written for it, or for every group), "
            "e.g. bereavement.",
        ),
    ] = None,
    stage: Annotated[
        str | None, typer.Option("--stage", help="Only topics for this stage, e.g. forming.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
) -> None:
    """List topics (a table on a terminal, tab-separated when piped)."""
    from facilitate.catalog.query import filter_topics
    from facilitate.planning.groups import offered

    catalog = settings(ctx).open()
    if as_json:
        topics = filter_topics(
            catalog.topics.values(), tag=tag, group=group, stage=stage, offered=offered
        )
        print_json([t.model_dump(mode="json") for t in topics])
        return
    # The table needs only the summaries, which load far faster than whole topics.
    found = filter_topics(
        catalog.topic_summaries.values(), tag=tag, group=group, stage=stage, offered=offered
    )
    rows = [[t.id, t.title, t.depth, ", ".join(t.stages), ", ".join(t.tags)] for t in found]
    columns = ["id", "title", "depth", "stages", "tags"]
    print_table(f"{len(rows)} topics", columns, rows, optional=["stages"])


@app.command("show")
def show_topic(
    ctx: typer.Context,
    topic_id: Annotated[
        str, typer.Argument(metavar="ID", help="A topic id.", autocompletion=_complete.topic_ids)
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
) -> None:
    """Show a whole topic: prompts, activities, notes, resources and where it came from."""
    from facilitate.documents.catalog import render_topic

    catalog = settings(ctx).open()
    topic = catalog.topic(topic_id)
    if as_json:
        print_json(topic.model_dump(mode="json"))
        return
    print_markdown(render_topic(catalog, topic))
