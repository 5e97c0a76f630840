"""Country codes, as people type them and as files hold them: one parser for every command.

Two letters from ISO 3166-1 (any case), UK meaning GB; some places also take ``global`` or
``EU``. Everything else is refused with the same words, wherever it was typed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from facilitate.errors import UserError, field_ref

# ISO 3166-1 alpha-2, as pycountry lists it (tests/models/test_region.py compares them).
COUNTRIES: Final = frozenset(
    """
    AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ
    BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM
    DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS
    GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN
    KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ
    MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM
    PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV
    SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI
    VN VU WF WS YE YT ZA ZM ZW
    """.split()  # noqa: SIM905 (a list of 249 quoted codes reads worse)
)
FEATURED: Final = ("US", "CA", "GB", "IE", "AU", "NZ")
"""The countries the built-in catalog has crisis lines for, named in the advice."""
# EU and EEA countries: 112 reaches the emergency services in each, so a group there with no
# entries of its own still gets a number (the catalog's "EU" entry) instead of a blank, and
# resource lists for one of them include what the catalog has for the whole EU.
EU_EEA: Final = frozenset(
    {
        "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE",
        "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
        "IS", "LI", "NO",
    }
)  # fmt: skip
ALIASES: Final = {"UK": "GB"}
EVERYWHERE: Final = "global"
EU: Final = "EU"


def canonical(value: str, also: Sequence[str] = ()) -> str | None:
    """The code as stored (``GB``, ``global``), or None when it is not one."""
    code = value.strip()
    for word in also:
        if code.lower() == word.lower():
            return word
    code = ALIASES.get(code.upper(), code.upper())
    return code if code in COUNTRIES else None


def problem(value: str, also: Sequence[str] = ()) -> str:
    """Why a value is not a region, with the closest code, in the same words everywhere."""
    extra = "".join(f"{w}, " for w in also)
    hint = ""
    typed = value.strip().upper()
    near = [c for c in FEATURED if typed[:1] == c[:1] or (typed[1:2] and typed[1:2] == c[1:2])]
    if near:
        hint = f"; did you mean '{near[0]}'?"
    return (
        f"'{value}' is not a country code{hint} (use {extra}two letters such as "
        f"{', '.join(FEATURED[:-1])} or {FEATURED[-1]}; UK means GB)"
    )


def parse_region(
    value: str | None, *, name: str = "region", also: Sequence[str] = ()
) -> str | None:
    """A region someone typed, as stored: None when blank, else a code or one clear error.

    ``name`` is the field the value is for (the CLI words it as its option).
    """
    if value is None or not value.strip():
        return None
    code = canonical(value, also)
    if code is None:
        raise UserError(f"{field_ref(name)} {problem(value, also)}")
    return code
