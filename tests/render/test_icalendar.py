"""The season's calendar: event ids that stay the same from one run to the next, and times."""

from __future__ import annotations

import datetime as dt

from icalendar import Calendar

from facilitate.planning.season import Season, SeasonRequest, plan_season
from facilitate.render.icalendar import event_uid, season_to_ics


def test_event_ids_are_stable_and_distinct() -> None:
    day = dt.date(2026, 1, 6)
    assert event_uid("k", day, 1) == event_uid("k", day, 1)
    assert event_uid("k", day, 1) != event_uid("k", day, 2)
    assert event_uid("k", day, 1).endswith("@facilitate")


def _season(time: int | None) -> Season:
    from facilitate.catalog import open_catalog

    request = SeasonRequest(sessions=3, start=dt.date(2026, 1, 13), seed=4, time=time, minutes=75)
    return plan_season(list(open_catalog().topics.values()), request)


STAMP = dt.datetime(2026, 1, 1, 12, 0, tzinfo=dt.UTC)


def test_a_given_stamp_makes_the_same_bytes() -> None:
    for time in (None, 18 * 60 + 30):
        first = season_to_ics(_season(time), stamp=STAMP, key="k")
        assert first == season_to_ics(_season(time), stamp=STAMP, key="k")
        assert b"DTSTAMP:20260101T120000Z" in first


def test_timed_events_in_floating_local_time_and_all_day_ones_without_a_time() -> None:
    timed = Calendar.from_ical(season_to_ics(_season(18 * 60 + 30), stamp=STAMP))
    for event in timed.walk("VEVENT"):
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        assert isinstance(start, dt.datetime) and start.tzinfo is None
        assert (start.hour, start.minute) == (18, 30)
        assert end - start == dt.timedelta(minutes=75)
        assert str(event["TRANSP"]) == "OPAQUE"
    plain = Calendar.from_ical(season_to_ics(_season(None), stamp=STAMP))
    for event in plain.walk("VEVENT"):
        start = event.decoded("DTSTART")
        assert not isinstance(start, dt.datetime)
        assert event.decoded("DTEND") == start + dt.timedelta(days=1)
        assert str(event["TRANSP"]) == "TRANSPARENT"
    # The same meetings keep their ids whether or not a time is known.
    assert [str(e["UID"]) for e in timed.walk("VEVENT")] == [
        str(e["UID"]) for e in plain.walk("VEVENT")
    ]
