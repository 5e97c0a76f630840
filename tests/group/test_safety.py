"""The crisis plan: a region's emergency number and lines, or blanks to fill in."""

from __future__ import annotations

import pytest

from facilitate.catalog import open_catalog
from facilitate.group.safety import crisis_lines


def test_a_known_region_has_its_emergency_number_and_lines() -> None:
    plan = crisis_lines(open_catalog(), None, "GB")
    assert plan.region == "GB" and plan.emergency_known
    assert "999" in plan.emergency_numbers and plan.lines


def test_no_region_means_no_numbers() -> None:
    plan = crisis_lines(open_catalog(), None, None)
    assert plan.emergency_numbers == [] and not plan.emergency_known


# -- the printed block's words, one wording for each reader ----------------------------------


def test_the_lead_and_the_blanks_follow_the_audience() -> None:
    from facilitate.group.safety import BLANK_NOTES

    catalog = open_catalog(None, None)
    nowhere = crisis_lines(catalog, None, None)
    assert nowhere.audience == "facilitator"
    assert nowhere.lead == "If someone is in danger now, call the local emergency number."
    assert [b.label for b in nowhere.blanks] == ["Emergency number", "Crisis line"]
    assert [b.note for b in nowhere.blanks] == list(BLANK_NOTES["facilitator"].values())
    members = nowhere.for_audience("members")
    assert all("ask the facilitator" in b.note for b in members.blanks)
    assert all("facilitate.yaml" not in b.note for b in members.blanks)
    gb = crisis_lines(catalog, None, "GB")
    assert gb.lead == "If someone is in danger now, call 999." and gb.blanks == []
    assert gb.last_checked is not None
    assert gb.last_checked == max(
        r.last_verified for r in gb.emergency + gb.lines if r.last_verified
    )
    with pytest.raises(ValueError):
        gb.for_audience("everyone")
