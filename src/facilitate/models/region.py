"""Country codes as users type them: two letters, UK meaning GB."""

from __future__ import annotations

import re

from facilitate.errors import UserError


def region_code(region: str | None) -> str | None:
    """A two-letter country code from user input (UK means GB), or a clear error."""
    if region is None or not region.strip():
        return None
    code = region.strip().upper()
    code = "GB" if code == "UK" else code
    if not re.fullmatch(r"[A-Z]{2}", code):
        raise UserError(
            f"--region '{region}' is not a country code; use two letters such as US, CA, GB, "
            "IE, AU or NZ"
        )
    return code
