"""`facilitate situations`: quick cards for difficult moments in a meeting (for facilitators)."""

from __future__ import annotations

from typing import Annotated

import typer

from facilitate.cli import _complete
from facilitate.cli._app import load_group, new_app, settings
from facilitate.cli._console import note, print_json, print_markdown, print_table
from facilitate.cli._output import ForceOpt, FormatOpt, OutputOpt, PaperOpt, emit

app = new_app(
    "Quick cards for difficult moments in a meeting: what to do now, what to say, when to "
    "refer. For facilitators."
)

RegionOpt = Annotated[
    str | None,
    typer.Option(
        "--region",
        help="Country code for the numbers on crisis cards (US, CA, GB, IE, AU, NZ); "
        "default: the workspace's region.",
    ),
]


@app.command("list")
def list_situations(
    ctx: typer.Context,
    tag: Annotated[
        str | None,
        typer.Option(
            "--tag", help="Only cards with this tag.", autocompletion=_complete.situation_tags
        ),
    ] = None,
    crisis: Annotated[bool, typer.Option("--crisis", help="Only crisis cards.")] = False,
    search: Annotated[
        str | None,
        typer.Option("--search", help="Words to look for anywhere on a card, e.g. 'drunk'."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
) -> None:
    """List the cards (a table on a terminal, tab-separated when piped)."""
    from facilitate.planning.situations import filter_situations

    found = filter_situations(settings(ctx).open(), tag=tag, crisis=crisis, search=search)
    if as_json:
        print_json([s.model_dump(mode="json") for s in found])
        return
    rows = [[s.id, s.title, ", ".join(s.tags), "crisis" if s.crisis else ""] for s in found]
    print_table(f"{len(rows)} situations", ["id", "title", "tags", "crisis"], rows)
    if not rows:
        note("no card matches; try fewer words, or 'facilitate situations list' for all")


@app.command("show")
def show_situation(
    ctx: typer.Context,
    situation_id: Annotated[
        str,
        typer.Argument(metavar="ID", help="A card id.", autocompletion=_complete.situation_ids),
    ],
    region: RegionOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
) -> None:
    """Show one card: signs, what to do now, words to say, what to do after, when to refer."""
    from facilitate.documents.situations import render_card
    from facilitate.planning.situations import numbers_for

    group = load_group(ctx)
    situation = group.catalog.situation(situation_id)
    if as_json:
        print_json(situation.model_dump(mode="json"))
        return
    crisis = numbers_for(group, region)
    if situation.crisis and not crisis.emergency:
        note(_no_numbers(crisis.region))
    print_markdown(render_card(group.catalog, situation, crisis))


@app.command("cards")
def print_cards(
    ctx: typer.Context,
    output: OutputOpt = None,
    fmt: FormatOpt = None,
    force: ForceOpt = False,
    tag: Annotated[
        str | None,
        typer.Option(
            "--tag",
            help="Only cards with this tag; crisis cards are always kept.",
            autocompletion=_complete.situation_tags,
        ),
    ] = None,
    region: RegionOpt = None,
    paper: PaperOpt = None,
) -> None:
    """A printable deck, crisis cards first; two to four cards a page in HTML and PDF."""
    from facilitate.documents.situations import render_deck
    from facilitate.planning.situations import deck_situations, numbers_for
    from facilitate.render.formats import resolve_format

    chosen = resolve_format(output, fmt)
    group = load_group(ctx)
    cards = deck_situations(group.catalog, tag)
    crisis = numbers_for(group, region)
    if not crisis.emergency:
        note(_no_numbers(crisis.region))
    content = render_deck(group, cards, crisis, chosen, paper)
    emit(content, output, chosen, force=force)


def _no_numbers(region: str | None) -> str:
    if region is None:
        return "no region set: crisis cards leave a blank for the emergency number (use --region)"
    return f"no emergency number known for {region}: crisis cards leave a blank to fill in"
