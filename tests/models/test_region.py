"""Country codes from user input: two letters, UK means GB, anything else refused."""

from __future__ import annotations

import pytest

from facilitate.errors import UserError
from facilitate.models.region import region_code


@pytest.mark.parametrize("given_, code", [("gb", "GB"), ("UK", "GB"), (" ie ", "IE"), ("", None)])
def test_region_codes(given_: str, code: str | None) -> None:
    assert region_code(given_) == code


@pytest.mark.parametrize("bad", ["global", "GBR", "1A", "U.S."])
def test_a_region_that_is_not_a_country_code_is_refused(bad: str) -> None:
    with pytest.raises(UserError, match="not a country code"):
        region_code(bad)
