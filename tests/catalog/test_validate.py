"""Validating the layers, and single files by path."""

from __future__ import annotations

from facilitate.catalog import open_catalog
from facilitate.catalog.validate import validate_layers, validate_paths
from facilitate.storage.paths import data_dir


def test_the_builtin_layers_validate_and_are_counted() -> None:
    summary = validate_layers(open_catalog())
    assert summary.counts["topics"] > 0 and summary.counts["resources"] > 0
    assert len(summary.files) == 5


def test_a_file_validates_by_path() -> None:
    summary = validate_paths([data_dir() / "topics.yaml"])
    assert summary.counts.get("topics", 0) > 0
