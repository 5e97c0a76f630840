"""Catalog statistics add up to what the catalog holds."""

from __future__ import annotations

from facilitate.catalog import open_catalog
from facilitate.catalog.stats import catalog_stats


def test_counts_match_the_catalog() -> None:
    catalog = open_catalog()
    stats = catalog_stats(catalog)
    assert stats.topics == len(catalog.topics.values())
    assert stats.situations == len(catalog.situations.values())
    assert sum(stats.resources_by_kind.values()) == len(catalog.resources.values())
    assert stats.fields_graded > 0


def test_figures_per_group_type_come_from_the_coverage_given() -> None:
    catalog = open_catalog()
    assert catalog_stats(catalog).by_group == {}
    figures = {"recovery": {"written_for": 1, "fit": 2, "prompts_left_out": 3}}
    assert catalog_stats(catalog, lambda _c: figures).by_group == figures
