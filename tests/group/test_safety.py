"""The crisis plan: a region's emergency number and lines, or blanks to fill in."""

from __future__ import annotations

from facilitate.catalog import open_catalog
from facilitate.group.safety import crisis_lines


def test_a_known_region_has_its_emergency_number_and_lines() -> None:
    plan = crisis_lines(open_catalog(), None, "GB")
    assert plan.region == "GB" and plan.emergency_known
    assert "999" in plan.emergency_numbers and plan.lines


def test_no_region_means_no_numbers() -> None:
    plan = crisis_lines(open_catalog(), None, None)
    assert plan.emergency_numbers == [] and not plan.emergency_known
