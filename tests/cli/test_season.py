"""`facilitate season` (once `facilitate plan`) through the real command line."""

from __future__ import annotations

import datetime as dt
import json
import re
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from facilitate.catalog import open_catalog
from facilitate.models.base import GroupType
from tests import pdftext
from tests.conftest import Run, markdown_lint, nu_validate

PLAN = ("season", "--sessions", "8", "--seed", "7", "--start", "2026-01-06", "--every", "1w")
MONTHLY = ("season", "-n", "5", "--start", "2026-01-01", "--every", "2nd-tue", "--time", "18:30")
"""A season without --seed, monthly and timed: the other wording of the heading."""


def table_topics(markdown: str) -> list[str]:
    """Topic titles from the plan's overview table, in order."""
    rows = [ln for ln in markdown.splitlines() if re.match(r"^\| \d+ \|", ln)]
    return [row.split(" | ")[2] for row in rows]


# -- plan ----------------------------------------------------------------------------------


def test_plan_markdown_golden(run: Run, golden: Callable[[str, str], None]) -> None:
    res = run(*PLAN)
    assert res.exit_code == 0, res
    assert res.stderr == ""  # a given seed needs no reminder
    golden("season-8-seed7-weekly.md", res.stdout)


def test_plan_follows_the_workspace_group_and_history(
    run: Run, workspace: Path, golden: Callable[[str, str], None]
) -> None:
    for day, themes in (("2025-11-04", "sleep, money"), ("2025-11-18", "money, sleep, anger")):
        res = run("log", "--date", day, "--themes", themes, "--topic", "stress-and-coping")
        assert res.exit_code == 0, res
    res = run(*PLAN)
    assert res.exit_code == 0, res
    golden("season-8-seed7-workspace.md", res.stdout)
    catalog = open_catalog()
    titles = table_topics(res.stdout)
    assert catalog.topic("first-meeting").title not in titles  # the group has met already
    assert titles[-1] == catalog.topic("last-meeting").title
    assert "workplace-bullying group" in res.stdout
    assert "Recurring themes from the group's history shape the order: money, sleep." in res.stdout
    assert "Members keep coming back to" in res.stdout
    # A topic the group already met on is left for later, if used at all.
    covered = catalog.topic("stress-and-coping").title
    assert covered not in titles[:4]


def test_a_first_meeting_already_prepared_is_not_planned_again(run: Run, workspace: Path) -> None:
    import datetime as dt

    first = open_catalog().topic("first-meeting").title
    soon = (dt.date.today() + dt.timedelta(days=14)).isoformat()
    season = ("season", "--sessions", "4", "--seed", "7", "--start", soon)
    assert table_topics(run(*season).stdout)[0] == first  # nothing on record: it comes first
    assert run("agenda", "--first-meeting", "--seed", "1").exit_code == 0  # printed today
    res = run(*season)
    assert res.exit_code == 0, res
    assert first not in table_topics(res.stdout)


def test_a_profile_past_forming_plans_no_first_meeting_or_forming_run(
    run: Run, workspace: Path
) -> None:
    profile = workspace / "facilitate.yaml"
    profile.write_text(profile.read_text("utf-8") + "stage: norming\n", "utf-8")
    res = run(*PLAN)
    assert res.exit_code == 0, res
    assert open_catalog().topic("first-meeting").title not in table_topics(res.stdout)
    assert "--stage forming" not in res.stdout


def test_plan_entries_carry_date_why_and_agenda_command(run: Run) -> None:
    res = run(*PLAN)
    catalog = open_catalog()
    titles = table_topics(res.stdout)
    assert len(titles) == 8
    assert titles[0] == catalog.topic("first-meeting").title
    commands = re.findall(
        r"^facilitate agenda (?:--first-meeting )?--topic (\S+) --stage (\S+) --seed (\d+)$",
        res.stdout,
        re.M,
    )
    assert [catalog.topic(t).title for t, _, _ in commands] == titles
    assert [int(s) for _, _, s in commands] == list(range(8, 16))
    dates = re.findall(r"^### \d+\. .+, \w{3} (\d{4}-\d{2}-\d{2})$", res.stdout, re.M)
    expected = [dt.date(2026, 1, 6) + dt.timedelta(weeks=i) for i in range(8)]
    assert dates == [d.isoformat() for d in expected]


def test_plan_without_seed_keeps_its_draw_and_says_how_to_get_another(run: Run) -> None:
    res = run("season", "--sessions", "5", "--start", "2026-01-06")
    assert res.exit_code == 0, res
    assert res.stderr == (
        "topics drawn for this group and start date, the same in every format; "
        "add --seed N (any number) for a different draw\n"
    )
    assert "Seed " not in res.stdout and "to get this plan again" not in res.stdout
    assert (
        "for a general group. The topics are drawn for this group and this start date, so every "
        "format shows the same meetings; add `--seed N` (any number N) for a different draw.\n"
    ) in res.stdout
    again = run("season", "--sessions", "5", "--start", "2026-01-06")
    assert again.stdout == res.stdout
    other = run("season", "--sessions", "5", "--start", "2026-01-06", "--seed", "2")
    assert "Seed 2: run the same command with `--seed 2`" in other.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("--every", "3w"),
            "facilitate: --every 3w: choose 1w, 2w or 4w, monthly (the same day each month) or a "
            "weekday of each month such as 2nd-tue or last-fri\n",
        ),
        (("--every", "montly"), "facilitate: --every montly: did you mean 'monthly'?"),
        (("--every", "6th-tue"), "facilitate: --every 6th-tue: a month has at most five Tuesdays"),
        (("--every", "5th-tue"), "use last-tue for the month's last Tuesday\n"),
        (("--time", "25:00"), "facilitate: --time 25:00: use a 24-hour time such as 18:30\n"),
        (("--start", "06/01/2026"), "facilitate: --start 06/01/2026: use a date such as"),
        (("--include-tag", "sleeep"), "no topic has this tag; did you mean 'sleep'?"),
        (("--group", "choir"), "facilitate: --group 'choir' is not known"),
        (
            ("--format", "docx"),
            "--format docx is not offered here; choose from: md, html, pdf, ics",
        ),
        (("--format", "pdf"), "PDF goes to a file: add -o FILE.pdf"),
        (
            ("--audience", "everyone"),
            "facilitate: --audience everyone: choose facilitator or members",
        ),
        (("--sessions", "40"), "cannot plan 40 meetings"),
    ],
)
def test_plan_refuses_bad_options_in_one_line(
    run: Run, args: tuple[str, ...], message: str
) -> None:
    res = run("season", "--sessions", "6", *args)
    assert res.exit_code == 2, res
    assert message in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1
    assert res.stdout == ""


def test_open_ended_series_has_no_last_meeting(run: Run) -> None:
    res = run("season", "--sessions", "6", "--seed", "1", "--open-ended")
    assert res.exit_code == 0, res
    assert open_catalog().topic("last-meeting").title not in table_topics(res.stdout)


def test_plan_as_icalendar(run: Run, workspace: Path) -> None:
    res = run(*PLAN, "-o", "plan.ics")
    assert res.exit_code == 0, res
    raw = (workspace / "plan.ics").read_bytes()
    cal = Calendar.from_ical(raw)
    assert str(cal["VERSION"]) == "2.0" and "facilitate" in str(cal["PRODID"])
    events = list(cal.walk("VEVENT"))
    md = run(*PLAN).stdout
    assert [str(e["SUMMARY"]) for e in events] == table_topics(md)
    starts = [e.decoded("DTSTART") for e in events]
    assert starts == [dt.date(2026, 1, 6) + dt.timedelta(weeks=i) for i in range(8)]
    for event in events:
        assert event.decoded("DTEND") == event.decoded("DTSTART") + dt.timedelta(days=1)
        stamp = event.decoded("DTSTAMP")
        assert isinstance(stamp, dt.datetime) and stamp.utcoffset() == dt.timedelta(0)
        assert re.search(r"\nAgenda: facilitate agenda .*--topic ", str(event["DESCRIPTION"]))
        for private in ("ATTENDEE", "ORGANIZER", "LOCATION", "CONTACT", "URL"):
            assert private not in event
    uids = [str(e["UID"]) for e in events]
    assert len(set(uids)) == len(uids)
    assert b"Tuesday" not in raw.replace(b"SUMMARY:", b"")  # the group's name stays out
    # The same plan made again keeps its event ids, so calendars update instead of doubling.
    again = run(*PLAN, "--format", "ics")
    assert again.exit_code == 0, again
    uids_again = [str(e["UID"]) for e in Calendar.from_ical(again.stdout).walk("VEVENT")]
    assert uids_again == uids


def test_agendas_for_every_entry(run: Run, workspace: Path) -> None:
    res = run(
        "season",
        "--sessions",
        "4",
        "--seed",
        "3",
        "--start",
        "2026-01-05",
        "-o",
        "plan.md",
        "--agendas",
        "agendas",
    )
    assert res.exit_code == 0, res
    assert "wrote 4 agendas to agendas" in res.stderr
    plan_md = (workspace / "plan.md").read_text(encoding="utf-8")
    commands = re.findall(
        r"^facilitate agenda (?:--first-meeting )?--topic (\S+) --stage (\S+) --seed (\d+)$",
        plan_md,
        re.M,
    )
    files = sorted((workspace / "agendas").iterdir())
    assert [f.name for f in files] == [
        f"{i + 1:02d}-{(dt.date(2026, 1, 5) + dt.timedelta(weeks=2 * i)).isoformat()}-{t}.md"
        for i, (t, _, _) in enumerate(commands)
    ]
    catalog = open_catalog()
    for path, (topic, stage, _) in zip(files, commands, strict=True):
        text = path.read_text(encoding="utf-8")
        title = catalog.topic(topic).title
        assert text.startswith((f"# {title}\n", f"# First meeting: {title}\n"))
        assert f"stage: {stage}" in text
    # Nothing is replaced without --force, and the plan is not written either.
    before = {f.name: f.read_bytes() for f in files}
    res = run(
        "season",
        "--sessions",
        "4",
        "--seed",
        "3",
        "--start",
        "2026-01-05",
        "-o",
        "plan2.md",
        "--agendas",
        "agendas",
    )
    assert res.exit_code == 2, res
    assert "already exists; use --force" in res.stderr
    assert not (workspace / "plan2.md").exists()
    assert {f.name: f.read_bytes() for f in files} == before


# -- documents: Markdown lint and the Nu HTML checker (one run for the module) -------------


def test_markdown_is_lint_clean(run: Run, workspace: Path) -> None:
    run("log", "--date", "2026-01-06", "--themes", "sleep, anger")
    run("log", "--date", "2026-01-20", "--themes", "sleep")
    run("feedback", "add", "--safe", "4", "--heard", "5", "--useful", "3", "--pace", "4")
    docs = {
        "season": run(*PLAN).stdout,
        "season-monthly": run(*MONTHLY).stdout,
        "themes": run("themes").stdout,
        "feedback-report": run("feedback", "report").stdout,
        "feedback-form": run("feedback", "form", "--group-name").stdout,
    }
    for name, text in docs.items():
        assert text.startswith("# "), name
        assert markdown_lint(text) == [], name


def test_html_documents_are_valid(run: Run, workspace: Path) -> None:
    for day, themes in (("2026-01-06", "sleep, anger"), ("2026-01-20", "sleep, money")):
        run("log", "--date", day, "--themes", themes)
        run(
            "feedback",
            "add",
            "--date",
            day,
            "--safe",
            "4",
            "--heard",
            "5",
            "--useful",
            "3",
            "--pace",
            "2",
        )
    commands = {
        "plan.html": [*PLAN, "-o", "plan.html"],
        "plan-letter.html": [*PLAN, "-o", "plan-letter.html", "--paper", "letter"],
        "plan-monthly.html": [*MONTHLY, "-o", "plan-monthly.html"],
        "themes.html": ["themes", "-o", "themes.html"],
        "themes-empty.html": ["themes", "--since", "2030-01-01", "-o", "themes-empty.html"],
        "report.html": ["feedback", "report", "-o", "report.html"],
        "form.html": ["feedback", "form", "-o", "form.html", "--group-name", "--large-print"],
    }
    paths = []
    for name, args in commands.items():
        res = run(*args)
        assert res.exit_code == 0, (name, res)
        path = workspace / name
        html = path.read_text(encoding="utf-8")
        assert html.startswith("<!DOCTYPE html>")
        assert not re.search(r"""(src|href)=["']?(https?:)?//""", html), name
        paths.append(path)
    assert "size: Letter" in (workspace / "plan-letter.html").read_text(encoding="utf-8")
    report = (workspace / "report.html").read_text(encoding="utf-8")
    assert "<svg" in report and "<table>" in report
    assert nu_validate(paths) == []


def test_plan_is_the_old_name_and_works_the_same_with_one_note(run: Run) -> None:
    new = run(*PLAN)
    old = run("plan", *PLAN[1:])
    assert old.exit_code == new.exit_code == 0
    assert old.stdout == new.stdout
    assert old.stderr.count("'plan' is now 'season'") == 1
    assert "is now" not in new.stderr


def test_the_old_name_is_hidden_from_help(run: Run) -> None:
    listed = run("--help").stdout
    assert "season" in listed
    assert not re.search(r"^\s+plan\b", listed, flags=re.M)


@pytest.mark.parametrize(
    "group",
    [
        "bereavement",
        "recovery",
        "chronic-illness",
        "mental-health",
        "workplace-bullying",
        "general",
    ],
)
def test_a_season_for_each_group_type_stays_in_its_world(run: Run, group: str) -> None:
    from facilitate.catalog import open_catalog
    from facilitate.planning.groups import allowed, fits, written_for

    res = run(*PLAN, "--group", group)
    assert res.exit_code == 0, res
    catalog = open_catalog()
    ids = list(dict.fromkeys(re.findall(r"--topic ([a-z0-9-]+)", res.stdout)))
    assert len(table_topics(res.stdout)) == 8 and ids
    for topic_id in ids:
        topic = catalog.topic(topic_id)
        assert fits(topic.groups, group), (group, topic.id)
        assert allowed(topic.flags, group, None, own=written_for(topic.groups, group))


def test_the_members_season_has_dates_and_topics_and_no_commands(run: Run, tmp_path: Path) -> None:
    res = run(*PLAN, "--audience", "members")
    assert res.exit_code == 0, res
    doc = res.stdout
    assert doc.startswith("# Our meetings\n")
    assert "facilitate " not in doc and "`" not in doc and "Seed" not in doc
    assert not re.search(r" --[a-z]", doc)
    assert len(re.findall(r"^\| \d+ \| \w{3} \d+ \w{3} 20\d\d \| ", doc, re.MULTILINE)) == 8
    assert markdown_lint(doc) == []


@pytest.mark.slow
def test_pdf_season_and_dated_handouts_naming_the_next_meeting(run: Run, tmp_path: Path) -> None:
    res = run(*PLAN, "--audience", "members", "-o", "season.pdf", "--agendas", "out")
    assert res.exit_code == 0, res
    assert (tmp_path / "season.pdf").read_bytes().startswith(b"%PDF")
    handouts = sorted((tmp_path / "out").glob("*-members.pdf"))
    assert len(handouts) == 8
    first = " ".join(" ".join(pdftext.page_texts(handouts[0])).split())
    second = " ".join(pdftext.first_page_text(handouts[1]).split())
    date = re.search(r"-(\d{4}-\d\d-\d\d)-", handouts[1].name)
    assert date is not None
    day = dt.date.fromisoformat(date.group(1))
    assert f"Next meeting {day.strftime('%A')} {day.day} {day.strftime('%B %Y')}" in first
    assert f"{day.strftime('%A')} {day.day} {day.strftime('%B %Y')}" in second


# -- one season in every format: the same meetings without --seed --------------------------------

AGENDA = re.compile(r"facilitate agenda (?:--first-meeting )?--topic ([a-z0-9-]+) ")
RHYTHMS = ("1w", "2w", "4w", "monthly", "1st-mon", "2nd-tue", "3rd-wed", "4th-thu", "last-fri")


def md_meetings(text: str) -> list[tuple[str, str]]:
    dates = re.findall(r"^### \d+\. .+, \w{3} (\d{4}-\d{2}-\d{2})$", text, re.M)
    topics = re.findall(r"^facilitate agenda (?:--first-meeting )?--topic (\S+) ", text, re.M)
    assert len(dates) == len(topics)
    return list(zip(dates, topics, strict=True))


def html_meetings(text: str) -> list[tuple[str, str]]:
    sections = re.findall(r'<section class="entry keep">(.*?)</section>', text, re.S)
    found = []
    for section in sections:
        date = re.search(r'<time datetime="([\d-]+)">', section)
        topic = AGENDA.search(section)
        assert date and topic, section
        found.append((date.group(1), topic.group(1)))
    return found


def ics_meetings(raw: str | bytes) -> list[tuple[str, str]]:
    found = []
    for event in Calendar.from_ical(raw).walk("VEVENT"):
        start = event.decoded("DTSTART")
        day = start.date() if isinstance(start, dt.datetime) else start
        topic = AGENDA.search(str(event["DESCRIPTION"]))
        assert topic, event
        found.append((day.isoformat(), topic.group(1)))
    return found


@st.composite
def seasons(draw: st.DrawFn) -> tuple[str | None, str, list[str]]:
    """A group (a workspace's name and type, or none) and a season's options, without --seed."""
    group = draw(st.sampled_from([g.value for g in GroupType]))
    name = draw(
        st.none()
        | st.sampled_from(["Tuesday evening group", "Harbour", "Grupo de apoyo"])
        | st.from_regex(r"[A-Z][A-Za-z' ]{0,24}[a-z]", fullmatch=True)
    )
    args = [
        "season",
        "--sessions",
        str(draw(st.integers(min_value=1, max_value=10))),
        "--start",
        draw(st.dates(dt.date(2025, 1, 1), dt.date(2040, 12, 31))).isoformat(),
        "--every",
        draw(st.sampled_from(RHYTHMS)),
    ]
    if name is None or draw(st.booleans()):
        args += ["--group", group]
    if draw(st.booleans()):
        args += ["--time", draw(st.sampled_from(["18:30", "09:00", "1915", "23:45"]))]
    return name, group, args


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(season=seasons())
def test_every_format_of_a_season_shows_the_same_meetings(
    run: Run, tmp_path: Path, season: tuple[str | None, str, list[str]]
) -> None:
    name, group, args = season
    folder = Path(tempfile.mkdtemp(dir=tmp_path))
    if name is not None:
        profile = f"version: 1\nname: {json.dumps(name)}\ngroup_type: {group}\n"
        (folder / "facilitate.yaml").write_text(profile, encoding="utf-8")
    md = run(*args, cwd=folder)
    html = run(*args, "--format", "html", cwd=folder)
    ics = run(*args, "-o", "season.ics", cwd=folder)
    assert md.exit_code == html.exit_code == ics.exit_code, (md, html, ics)
    if md.exit_code != 0:  # a small group type can run out of topics: then every format says so
        assert md.stderr == html.stderr == ics.stderr and "cannot plan" in md.stderr
        assert not (folder / "season.ics").exists()
        return
    meetings = md_meetings(md.stdout)
    assert meetings, md.stdout
    assert html_meetings(html.stdout) == meetings
    assert ics_meetings((folder / "season.ics").read_bytes()) == meetings
    assert "for a different draw" in md.stderr and "Seed " not in md.stdout
    # Made again, it is the same season: the seed is kept, not drawn.
    assert run(*args, cwd=folder).stdout == md.stdout


# -- calendar times ------------------------------------------------------------------------------


def timed_events(raw: str | bytes) -> list[tuple[dt.datetime, dt.datetime]]:
    events = list(Calendar.from_ical(raw).walk("VEVENT"))
    return [(e.decoded("DTSTART"), e.decoded("DTEND")) for e in events]


def test_calendar_events_run_from_the_profile_start_for_the_meeting_length(
    run: Run, workspace: Path
) -> None:
    profile = workspace / "facilitate.yaml"
    untimed = run(*PLAN, "--format", "ics")
    profile.write_text(profile.read_text("utf-8") + 'start: "18:30"\nminutes: 120\n', "utf-8")
    res = run(*PLAN, "-o", "season.ics")
    assert res.exit_code == 0, res
    raw = (workspace / "season.ics").read_bytes()
    days = [dt.date(2026, 1, 6) + dt.timedelta(weeks=i) for i in range(8)]
    assert timed_events(raw) == [
        (dt.datetime(d.year, d.month, d.day, 18, 30), dt.datetime(d.year, d.month, d.day, 20, 30))
        for d in days
    ]
    assert b"TZID" not in raw and b"VTIMEZONE" not in raw  # floating local time
    events = list(Calendar.from_ical(raw).walk("VEVENT"))
    assert all(e.decoded("DTSTART").tzinfo is None for e in events)
    assert {str(e["TRANSP"]) for e in events} == {"OPAQUE"}
    assert all(str(e["DESCRIPTION"]).endswith(" --start 18:30") for e in events)
    # A time added later updates the same events instead of adding copies.
    uids = [str(e["UID"]) for e in Calendar.from_ical(untimed.stdout).walk("VEVENT")]
    assert [str(e["UID"]) for e in events] == uids
    md = run(*PLAN).stdout
    assert "8 meetings every week from 2026-01-06, 18:30 to 20:30, for a" in md
    # --time wins over the profile; the length is still the profile's.
    later = run(*PLAN, "--time", "23:30", "--format", "ics")
    assert later.exit_code == 0, later
    first_start, first_end = timed_events(later.stdout)[0]
    assert first_start == dt.datetime(2026, 1, 6, 23, 30)
    assert first_end == dt.datetime(2026, 1, 7, 1, 30)  # past midnight, on the next day


def test_a_time_outside_a_workspace_lasts_ninety_minutes_and_none_is_all_day(run: Run) -> None:
    res = run(*PLAN, "--time", "10:00", "--format", "ics")
    assert res.exit_code == 0, res
    assert timed_events(res.stdout)[0] == (
        dt.datetime(2026, 1, 6, 10, 0),
        dt.datetime(2026, 1, 6, 11, 30),
    )
    plain = Calendar.from_ical(run(*PLAN, "--format", "ics").stdout)
    for event in plain.walk("VEVENT"):
        assert isinstance(event.decoded("DTSTART"), dt.date)
        assert not isinstance(event.decoded("DTSTART"), dt.datetime)
        assert str(event["TRANSP"]) == "TRANSPARENT"


def test_agendas_of_a_timed_season_carry_its_clock_times(run: Run, workspace: Path) -> None:
    res = run("season", "-n", "2", "--seed", "3", "--time", "19:00", "--agendas", "agendas")
    assert res.exit_code == 0, res
    files = sorted((workspace / "agendas").iterdir())
    assert len(files) == 2
    for path in files:
        assert "90 minutes, from 19:00 to 20:30" in path.read_text(encoding="utf-8")


# -- a monthly rhythm ----------------------------------------------------------------------------


def test_a_monthly_season_on_the_second_tuesday(run: Run, workspace: Path) -> None:
    args = ("season", "-n", "6", "--start", "2026-01-01", "--every", "2nd-tue", "--seed", "4")
    res = run(*args)
    assert res.exit_code == 0, res
    assert res.stderr == (
        "note: --start 2026-01-01 is not the second Tuesday of its month: the season starts on "
        "Tue 2026-01-13, the first one after it\n"
    )
    assert "6 meetings on the second Tuesday of each month from 2026-01-13, for a" in res.stdout
    dates = [d for d, _ in md_meetings(res.stdout)]
    assert dates == [
        "2026-01-13",
        "2026-02-10",
        "2026-03-10",
        "2026-04-14",
        "2026-05-12",
        "2026-06-09",
    ]
    html = run(*args, "-o", "season.html")
    assert html.exit_code == 0, html
    page = (workspace / "season.html").read_text(encoding="utf-8")
    assert "6 meetings on the second Tuesday of each month from 2026-01-13" in page
    # The same season asked from its first real date: no note, the same meetings.
    on_it = run("season", "-n", "6", "--start", "2026-01-13", "--every", "2nd-tue", "--seed", "4")
    assert on_it.stderr == "" and on_it.stdout == res.stdout


def test_monthly_on_the_same_day_keeps_to_shorter_months(run: Run) -> None:
    res = run("season", "-n", "4", "--start", "2026-01-31", "--every", "monthly", "--seed", "1")
    assert res.exit_code == 0, res
    assert "on the 31st of each month, or its last day in a shorter month" in res.stdout
    dates = [d for d, _ in md_meetings(res.stdout)]
    assert dates == ["2026-01-31", "2026-02-28", "2026-03-31", "2026-04-30"]


# -- bad input: one line, exit 2, nothing written ------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--every", "6th-tue"), "facilitate: --every 6th-tue: a month has at most five Tuesdays"),
        (
            ("--every", "2nd-tus"),
            "facilitate: --every 2nd-tus: 'tus' is not a day of the week (mon to sun); did you "
            "mean '2nd-tue'?",
        ),
        (("--time", "25:00"), "facilitate: --time 25:00: use a 24-hour time such as 18:30"),
        (("--time", "6pm"), "facilitate: --time 6pm: use a 24-hour time such as 18:30"),
    ],
)
@pytest.mark.parametrize("fmt", ["md", "html", "ics"])
def test_a_bad_rhythm_or_time_writes_nothing(
    run: Run, workspace: Path, args: tuple[str, ...], message: str, fmt: str
) -> None:
    res = run("season", "-n", "4", *args, "-o", f"season.{fmt}", "--agendas", "agendas")
    assert res.exit_code == 2, res
    assert res.stderr.startswith(message) and len(res.stderr.splitlines()) == 1, res.stderr
    assert res.stdout == ""
    assert sorted(p.name for p in workspace.iterdir()) == ["facilitate.yaml"]


@pytest.mark.parametrize(
    ("value", "column", "message"),
    [
        ('"25:00"', 8, "'25:00' is not a time of day: use a 24-hour time such as \"18:30\""),
        ("1830", 8, 'must be a 24-hour time in quotes, such as "18:30"'),
        ("evening", 8, "'evening' is not a time of day"),
    ],
)
def test_a_bad_profile_start_is_refused_at_its_place(
    run: Run, workspace: Path, value: str, column: int, message: str
) -> None:
    profile = workspace / "facilitate.yaml"
    profile.write_text(profile.read_text("utf-8") + f"start: {value}\n", "utf-8")
    res = run("season", "-n", "4", "-o", "season.ics")
    assert res.exit_code == 2, res
    line = f"{profile}:4:{column}: {message}"
    assert res.stderr.startswith(line) and res.stderr.endswith(" (start)\n"), res.stderr
    assert len(res.stderr.splitlines()) == 1
    assert not (workspace / "season.ics").exists()
