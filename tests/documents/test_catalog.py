"""Topic and resource pages (`topics show`, `resources show`)."""

from __future__ import annotations

from facilitate.catalog import open_catalog
from facilitate.documents.catalog import render_resource, render_topic


def test_a_topic_page_starts_with_its_title() -> None:
    catalog = open_catalog()
    topic = catalog.topic("boundaries")
    assert render_topic(catalog, topic).startswith(f"# {topic.title}\n")


def test_a_resource_page_starts_with_its_title() -> None:
    catalog = open_catalog()
    resource = next(iter(catalog.resources.values()))
    assert render_resource(catalog, resource).startswith(f"# {resource.title}\n")
