"""Catalog queries: tags, regions and enum choices."""

from __future__ import annotations

import pytest

from facilitate.catalog import open_catalog
from facilitate.catalog.query import all_tags, normalise_region, parse_choice
from facilitate.errors import UserError
from facilitate.models.base import Depth


def test_tags_are_sorted_and_unique() -> None:
    tags = all_tags(open_catalog().topics.values())
    assert tags == sorted(set(tags)) and tags


def test_uk_means_gb() -> None:
    assert normalise_region("uk") == "GB"


def test_a_choice_is_parsed_or_refused_with_the_option_name() -> None:
    assert parse_choice(Depth, "deep", "--depth") is Depth.DEEP
    with pytest.raises(UserError, match="--depth"):
        parse_choice(Depth, "bottomless", "--depth")


def test_a_country_is_served_by_its_own_global_and_eu_entries() -> None:
    from facilitate.catalog.query import serving

    assert serving("GB") == {"GB", "global"}
    assert serving("FR") == {"FR", "global", "EU"}
    assert serving("NO") == {"NO", "global", "EU"}  # the EEA too
    assert serving("global") == {"global"}
