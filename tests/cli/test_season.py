"""`facilitate season` (once `facilitate plan`) through the real command line."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from icalendar import Calendar

from facilitate.catalog import open_catalog
from tests.conftest import Run, markdown_lint, nu_validate

PLAN = ("season", "--sessions", "8", "--seed", "7", "--start", "2026-01-06", "--every", "1w")


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


def test_plan_without_seed_says_which_seed_it_used(run: Run) -> None:
    res = run("season", "--sessions", "5")
    assert res.exit_code == 0, res
    seed = re.fullmatch(r"seed (\d+): add --seed \1 to make this plan again\n", res.stderr)
    assert seed, res.stderr
    again = run("season", "--sessions", "5", "--seed", seed.group(1))
    assert table_topics(again.stdout) == table_topics(res.stdout)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--every", "3w"), "facilitate: --every 3w: choose from 1w, 2w, 4w\n"),
        (("--start", "06/01/2026"), "facilitate: --start 06/01/2026: use a date such as"),
        (("--include-tag", "sleeep"), "no topic has this tag; did you mean 'sleep'?"),
        (("--group", "choir"), "facilitate: --group 'choir' is not known"),
        (("--format", "pdf"), "--format pdf is not offered here; choose from: md, html, ics"),
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
