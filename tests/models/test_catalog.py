"""Catalog models: the shipped files validate, and a typo in a key is refused."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from facilitate.catalog import open_catalog
from facilitate.models.catalog import GroundRule


def test_the_shipped_catalog_validates() -> None:
    catalog = open_catalog()
    assert catalog.topics.values() and catalog.resources.values()


def test_a_ground_rule_needs_known_fields() -> None:
    rule = GroundRule(id="time", text="We finish on time.", category="logistics")
    assert rule.category.value == "logistics"
    with pytest.raises(ValidationError):
        GroundRule.model_validate({"id": "time", "text": "x", "categroy": "logistics"})
