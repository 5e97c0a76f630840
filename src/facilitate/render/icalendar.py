"""A season of meetings as an iCalendar file: one event per meeting, topics only.

No names, no venue, no organiser or attendees: an event says which topic the group meets on and
how to print its agenda. Event ids stay the same when the plan is made again, so a calendar app
updates the meetings instead of adding copies (also when a start time is added later).

With a start time (the profile's ``start`` or the season's ``time``) an event runs from it for
the meeting's length, in floating local time: 18:30 is 18:30 wherever the calendar is, which is
right for a group that meets in one place and needs no time-zone data (a TZID would need a
VTIMEZONE block and a zone the profile does not hold). Without one, the event is all-day and
does not mark the day busy.
"""

from __future__ import annotations

import datetime as dt
import uuid

from icalendar import Calendar, Event

from facilitate.planning.season import Season
from facilitate.render.controls import visible

PRODID = "-//facilitate//season//EN"
_NAMESPACE = uuid.UUID("6f1d2c1e-3b7a-5c4e-9a0d-2f8e7b6c5d4a")


def event_uid(key: str, start: dt.date, number: int) -> str:
    """Stable per group, series start and place in the series."""
    return f"{uuid.uuid5(_NAMESPACE, f'{key}/{start.isoformat()}/{number}')}@facilitate"


def season_to_ics(season: Season, *, stamp: dt.datetime, key: str = "") -> bytes:
    """The whole series as iCalendar (RFC 5545) bytes; ``stamp`` is when it was made."""
    when = stamp.astimezone(dt.UTC).replace(microsecond=0)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    request = season.request
    for entry in season.entries:
        event = Event()
        event.add("uid", event_uid(key, request.start, entry.number))
        event.add("dtstamp", when)
        if entry.time is None:
            event.add("dtstart", entry.date)
            event.add("dtend", entry.date + dt.timedelta(days=1))
        else:
            begins = dt.datetime.combine(entry.date, dt.time()) + dt.timedelta(minutes=entry.time)
            event.add("dtstart", begins)
            event.add("dtend", begins + dt.timedelta(minutes=request.minutes))
        event.add("summary", visible(entry.topic.title))
        event.add("description", visible(f"{entry.why}\nAgenda: {entry.command}"))
        event.add("categories", ["Peer support meeting"])
        event.add("transp", "TRANSPARENT" if entry.time is None else "OPAQUE")
        cal.add_component(event)
    data = cal.to_ical()
    assert isinstance(data, bytes)
    return data
