"""Country codes: one parser for every command and file; UK means GB, others refused alike."""

from __future__ import annotations

import pycountry
import pytest

from facilitate.errors import UserError
from facilitate.models.region import COUNTRIES, EU, EVERYWHERE, canonical, parse_region


def test_the_country_list_is_iso_3166_as_pycountry_has_it() -> None:
    assert {c.alpha_2 for c in pycountry.countries} == COUNTRIES


@pytest.mark.parametrize(
    ("typed", "code"), [("gb", "GB"), ("UK", "GB"), ("uk", "GB"), (" ie ", "IE"), ("", None)]
)
def test_region_codes(typed: str, code: str | None) -> None:
    assert parse_region(typed) == code


@pytest.mark.parametrize("bad", ["global", "GBR", "1A", "U.S.", "XX", "g1", "EU"])
def test_a_region_that_is_not_a_country_code_is_refused(bad: str) -> None:
    with pytest.raises(UserError, match="not a country code"):
        parse_region(bad)


def test_the_message_names_the_field_and_the_closest_code() -> None:
    with pytest.raises(UserError) as err:
        parse_region("g1", name="region")
    assert str(err.value) == (
        "region 'g1' is not a country code; did you mean 'GB'? (use two letters such as US, CA, "
        "GB, IE, AU or NZ; UK means GB)"
    )
    assert err.value.lines(lambda name: f"--{name}")[0].startswith("--region 'g1'")


def test_global_and_eu_only_where_a_place_allows_them() -> None:
    assert parse_region("Global", also=(EVERYWHERE, EU)) == "global"
    assert parse_region("eu", also=(EVERYWHERE, EU)) == "EU"
    assert canonical("eu") is None
