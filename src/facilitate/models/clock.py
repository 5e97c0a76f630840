"""Clock times, as people type them and as files hold them: one parser for every command.

A 24-hour time of day such as ``18:30`` (also ``1830``, ``18.30`` or ``18h30``): when a meeting
starts, for the agenda's clock times, the profile's ``start`` and the season's calendar. A time
is kept as minutes after midnight (18:30 is 1110) and written back as ``HH:MM``.
"""

from __future__ import annotations

import re

from facilitate.errors import UserError, field_ref

_CLOCK = re.compile(r"\s*(\d{1,2})[:.h]?(\d{2})\s*")


def minutes_of(value: str) -> int | None:
    """Minutes after midnight (``"18:30"`` -> 1110), or None when it is not a 24-hour time."""
    match = _CLOCK.fullmatch(value)
    if not match:
        return None
    hours, minutes = int(match.group(1)), int(match.group(2))
    if hours > 23 or minutes > 59:
        return None
    return hours * 60 + minutes


def clock_text(minutes: int) -> str:
    """Minutes after midnight as ``HH:MM`` (1110 -> ``18:30``), past midnight wrapping round."""
    minutes %= 24 * 60
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def problem(value: str) -> str:
    """Why a value is not a clock time, in the same words everywhere."""
    return f"{value}: use a 24-hour time such as 18:30"


def parse_clock(value: str, name: str = "start") -> int:
    """A time someone typed, as minutes after midnight, or one clear error.

    ``name`` is the field the value is for (the CLI words it as its option).
    """
    minutes = minutes_of(value)
    if minutes is None:
        raise UserError(f"{field_ref(name)} {problem(value)}")
    return minutes
