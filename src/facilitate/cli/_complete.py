"""Shell completion of ids and tags, from a small cache so a Tab stays fast."""

from __future__ import annotations

from collections.abc import Iterator

import typer


def _values(ctx: typer.Context, what: str) -> list[str]:
    from facilitate.cli.completion import completion_values

    root = ctx.find_root()
    catalog = root.params.get("catalog")
    workspace = root.params.get("workspace")
    try:
        return completion_values(what, catalog, workspace)
    except Exception:  # completion must never print a traceback into the shell
        return []


def _matching(values: list[str], incomplete: str) -> Iterator[str]:
    return (v for v in values if v.startswith(incomplete))


def topic_ids(ctx: typer.Context, incomplete: str) -> Iterator[str]:
    return _matching(_values(ctx, "topics"), incomplete)


def resource_ids(ctx: typer.Context, incomplete: str) -> Iterator[str]:
    return _matching(_values(ctx, "resources"), incomplete)


def situation_ids(ctx: typer.Context, incomplete: str) -> Iterator[str]:
    return _matching(_values(ctx, "situations"), incomplete)


def topic_tags(ctx: typer.Context, incomplete: str) -> Iterator[str]:
    return _matching(_values(ctx, "topic-tags"), incomplete)


def resource_tags(ctx: typer.Context, incomplete: str) -> Iterator[str]:
    return _matching(_values(ctx, "resource-tags"), incomplete)


def situation_tags(ctx: typer.Context, incomplete: str) -> Iterator[str]:
    return _matching(_values(ctx, "situation-tags"), incomplete)


def preset_ids(ctx: typer.Context, incomplete: str) -> Iterator[str]:
    return _matching(_values(ctx, "presets"), incomplete)


MEETING_FORMATS = ("discussion", "sharing-circle", "psychoeducational")
"""The values of models.base.MeetingFormat, kept here so a Tab imports no models."""


def meeting_formats(ctx: typer.Context, incomplete: str) -> Iterator[str]:
    return _matching(list(MEETING_FORMATS), incomplete)


def config_keys(ctx: typer.Context, incomplete: str) -> Iterator[str]:
    return _matching(_values(ctx, "config-keys"), incomplete)
