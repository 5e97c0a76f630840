"""The season's calendar: event ids that stay the same from one run to the next."""

from __future__ import annotations

import datetime as dt

from facilitate.render.icalendar import event_uid


def test_event_ids_are_stable_and_distinct() -> None:
    day = dt.date(2026, 1, 6)
    assert event_uid("k", day, 1) == event_uid("k", day, 1)
    assert event_uid("k", day, 1) != event_uid("k", day, 2)
    assert event_uid("k", day, 1).endswith("@facilitate")
