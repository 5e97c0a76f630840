"""The season of meetings behind ``facilitate season``: the group's history, the order, render.

The ordering itself is pure and lives in ``planning/season.py``; this module gathers its inputs
(the group's catalog, profile and history) and turns the result into Markdown, HTML, iCalendar
or agendas.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from facilitate.catalog.messages import closest
from facilitate.catalog.query import parse_choice
from facilitate.errors import UserError, field_ref
from facilitate.group.group import Group
from facilitate.models.base import GroupType, Stage
from facilitate.models.catalog import Topic
from facilitate.models.clock import clock_text, parse_clock
from facilitate.models.workspace import HistoryFile, Profile
from facilitate.planning.season import (
    WEEKDAY_NAMES,
    Phase,
    Rhythm,
    Season,
    SeasonHistory,
    SeasonMeeting,
    SeasonRequest,
    derive_seed,
    forming_length,
    parse_date,
    parse_every,
    plan_season,
)

PLAN_FORMATS = ("md", "html", "pdf", "ics")
SEASON_AUDIENCES = ("facilitator", "members")
"""The facilitator's plan (reasons and commands), or the members' list of dates and topics."""


@dataclass(frozen=True)
class SeasonOptions:
    """What the command line asked for; None means "from the profile, else a default"."""

    sessions: int
    start: str | None = None
    every: str = "2w"
    include_tags: tuple[str, ...] = ()
    exclude_tags: tuple[str, ...] = ()
    seed: int | None = None
    allow_repeats: bool = False
    group: str | None = None
    open_ended: bool = False
    time: str | None = None
    """When meetings start, such as 18:30; None means the profile's start, if any."""


def _tags(values: Iterable[str], option: str, known: set[str]) -> frozenset[str]:
    tags: set[str] = set()
    for value in values:
        for part in value.split(","):
            tag = part.strip().lower()
            if not tag:
                continue
            if tag not in known:
                near = closest(tag, sorted(known), n=1)
                hint = f"; did you mean '{near[0]}'?" if near else ""
                raise UserError(f"{option} {tag}: no topic has this tag{hint}")
            tags.add(tag)
    return frozenset(tags)


def series_history(
    history: HistoryFile, topics: Sequence[Topic], before: dt.date | None = None
) -> SeasonHistory:
    """The facts of the history the planner uses: meetings held, topics met on, themes.

    Meetings held are the days before the series starts (``before``): a first meeting whose
    agenda is already printed is not planned again.
    """
    from facilitate.group.history import meeting_days
    from facilitate.planning.themes import theme_pull

    covered: dict[str, dt.date] = {}
    for meeting in history.meetings:
        if meeting.topic and meeting.date >= covered.get(meeting.topic, dt.date.min):
            covered[meeting.topic] = meeting.date
    pull = {k: tuple(v) for k, v in theme_pull(topics, history).items()}
    held = len(meeting_days(history, before or dt.date.max))
    return SeasonHistory(held, covered, pull)


def make_season(group: Group, options: SeasonOptions) -> Season:
    """Plan a series from the command-line options, the group profile and its history."""
    profile = group.profile
    every = parse_every(options.every)
    start = (
        parse_date(options.start, field_ref("start"), today=group.today)
        if options.start
        else every.following(group.today)
    )
    if options.time is not None:
        time: int | None = parse_clock(options.time, "time")
    else:
        time = parse_clock(profile.start) if profile and profile.start else None
    if options.group:
        group_type = parse_choice(GroupType, options.group, field_ref("group"))
    else:
        group_type = group.group_type
    topics = group.catalog.topics.values()
    known = {tag for t in topics for tag in t.tags}
    try:
        first = every.first_from(start)
    except ValueError:  # past the year 9999: plan_season words it
        first = start
    derived = options.seed is None
    if options.seed is None:
        seed = derive_seed(profile.name if profile else "", group_type, first)
    else:
        seed = options.seed
    request = SeasonRequest(
        sessions=options.sessions,
        start=start,
        every=every,
        include_tags=_tags(options.include_tags, field_ref("include_tag"), known),
        exclude_tags=_tags(options.exclude_tags, field_ref("exclude_tag"), known),
        seed=seed,
        allow_repeats=options.allow_repeats,
        group=group_type,
        ending=not options.open_ended,
        derived_seed=derived,
        time=time,
        minutes=profile.minutes if profile else 90,
    )
    history = series_history(group.history() or HistoryFile(), topics, before=first)
    if profile is not None and profile.stage not in (None, Stage.FORMING):
        # The profile says the group is past forming: no first meeting, no forming run.
        held = max(history.meetings_held, forming_length(options.sessions))
        history = replace(history, meetings_held=held)
    return plan_season(topics, request, history)


_ORDINAL_WORDS = {1: "first", 2: "second", 3: "third", 4: "fourth", -1: "last"}


def every_words(rhythm: Rhythm, start: dt.date | None = None) -> str:
    """How often the group meets, as members read it: "on the second Tuesday of each month".

    ``start`` (the first meeting) names the day of a monthly rhythm on the same day each month.
    """
    if not rhythm.monthly:
        return {7: "every week", 14: "every two weeks", 28: "every four weeks"}.get(
            rhythm.days, f"every {rhythm.days} days"
        )
    if rhythm.week:
        return f"on the {_ORDINAL_WORDS[rhythm.week]} {WEEKDAY_NAMES[rhythm.weekday]} of each month"
    if start is None:
        return "once a month"
    day = start.day
    suffix = "th" if 11 <= day <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    shorter = ", or its last day in a shorter month" if day > 28 else ""
    return f"on the {day}{suffix} of each month{shorter}"


def time_words(season: Season) -> str:
    """The meetings' hours, such as "18:30 to 20:00" ("" when no start time is known)."""
    request = season.request
    if request.time is None:
        return ""
    return f"{clock_text(request.time)} to {clock_text(request.time + request.minutes)}"


def season_notes(season: Season) -> list[str]:
    """What a facilitator should know about how the season was laid out (fields named)."""
    rhythm, first = season.request.every, season.request.start
    if season.moved_from is None or not rhythm.week:
        return []
    day = f"{_ORDINAL_WORDS[rhythm.week]} {WEEKDAY_NAMES[rhythm.weekday]}"
    return [
        f"{field_ref('start')} {season.moved_from.isoformat()} is not the {day} of its month: "
        f"the season starts on {WEEKDAY_NAMES[first.weekday()][:3]} {first.isoformat()}, "
        "the first one after it"
    ]


def season_context(
    season: Season,
    paper: str = "a4",
    audience: str = "facilitator",
    profile: Profile | None = None,
) -> dict[str, Any]:
    request = season.request
    return {
        "season": season,
        "entries": season.entries,
        "request": request,
        "every_words": every_words(request.every, request.start),
        "every": request.every.key,
        "times": time_words(season),
        "seed_derived": request.derived_seed,
        "group": request.group.value,
        "include_tags": sorted(request.include_tags),
        "exclude_tags": sorted(request.exclude_tags),
        "themes": list(season.recurring_themes),
        "paper": paper,
        "large_print": False,
        "members": audience == "members",
        "group_name": profile.name if profile else None,
        "venue": profile.venue if profile else None,
        "access": list(profile.access) if profile else [],
    }


def render_season(
    group: Group,
    season: Season,
    fmt: str,
    *,
    paper: str | None = None,
    audience: str = "facilitator",
) -> str | bytes:
    """The season as a Markdown, HTML or PDF document, or as iCalendar bytes.

    For ``audience`` members it is the list members keep: dates and topics, no commands. The
    calendar's events are stamped with the group's ``stamp`` and keyed to its name.
    """
    from facilitate.render.formats import resolve_paper

    if audience not in SEASON_AUDIENCES:
        raise UserError(f"audience '{audience}': choose facilitator or members")
    size = resolve_paper(paper, group.profile)  # checked for a calendar too
    if fmt == "ics":
        from facilitate.render.icalendar import season_to_ics

        return season_to_ics(season, stamp=group.stamp, key=calendar_key(group.profile))
    from facilitate.documents.catalog import render_document

    return render_document("season", season_context(season, size, audience, group.profile), fmt)


def calendar_key(profile: Profile | None) -> str:
    """A short, one-way key so two groups' calendars never share event ids."""
    if profile is None:
        return ""
    return hashlib.sha256(profile.name.encode()).hexdigest()[:12]


# -- agendas for every entry -------------------------------------------------------------------


def agenda_path(
    directory: Path, entry: SeasonMeeting, fmt: str, audience: str = "facilitator"
) -> Path:
    tail = "-members" if audience == "members" else ""
    return directory / f"{entry.number:02d}-{entry.date.isoformat()}-{entry.topic.id}{tail}.{fmt}"


def agenda_paths(
    season: Season, directory: Path, fmt: str, *, force: bool, audience: str = "facilitator"
) -> list[Path]:
    """Where each entry's agenda goes; refuse before writing anything if one exists."""
    if directory.exists() and not directory.is_dir():
        raise UserError(f"{field_ref('agendas')} {directory}: is a file, not a folder")
    from facilitate.storage.atomic import check_free

    paths = [agenda_path(directory, e, fmt, audience) for e in season.entries]
    check_free(paths, force=force)
    return paths


def render_entry_agenda(
    group: Group,
    entry: SeasonMeeting,
    fmt: str,
    following: SeasonMeeting | None = None,
    audience: str = "facilitator",
) -> str | bytes:
    """One entry's agenda, exactly as its printed command would make it, with the date of the
    meeting and, for its handout, the next one (``following``)."""
    from facilitate.documents.agenda import (
        AgendaRequest,
        NextMeeting,
        build_agenda,
        render_agenda,
    )

    request = AgendaRequest(
        topic=entry.topic.id,
        stage=entry.stage.value,
        seed=entry.seed,
        first_meeting=entry.phase is Phase.FIRST,
        date=entry.date,
        next_meeting=NextMeeting(following.date, following.topic.title) if following else None,
        start=clock_text(entry.time) if entry.time is not None else None,
    )
    result = build_agenda(group, request)
    return render_agenda(group, result, fmt, audience=audience)
