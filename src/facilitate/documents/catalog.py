"""Render documents from models: the one place that picks a template and a format."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from facilitate.catalog.layers import Catalog
from facilitate.models.catalog import Resource, Topic
from facilitate.render.env import render


def render_topic(catalog: Catalog, topic: Topic) -> str:
    resources = [catalog.resources.items[r] for r in topic.resources]
    return render(
        "topic",
        {"topic": topic, "resources": resources, "origin": catalog.origin("topics", topic.id)},
        "md",
    )


def render_resource(catalog: Catalog, resource: Resource) -> str:
    return render(
        "resource",
        {"r": resource, "origin": catalog.origin("resources", resource.id)},
        "md",
    )


def render_document(
    name: str,
    context: Mapping[str, Any],
    fmt: str,
    template_dirs: Sequence[Path] = (),
) -> str | bytes:
    """A whole document as Markdown text, HTML text or PDF bytes."""
    if fmt == "pdf":
        from facilitate.render.pdf import html_to_pdf

        return html_to_pdf(render(name, context, "html", template_dirs))
    return render(name, context, fmt, template_dirs)
