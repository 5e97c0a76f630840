"""`facilitate plan`, `log`, `themes` and `feedback` through the real command line."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest
import yaml
from icalendar import Calendar

from facilitate.catalog import open_catalog
from tests.conftest import Run, markdown_lint, nu_validate

Tree = Callable[[Mapping[str, str | bytes]], Path]

PROFILE = """\
version: 1
name: Tuesday evening group
group_type: workplace-bullying
"""
PLAN = ("plan", "--sessions", "8", "--seed", "7", "--start", "2026-01-06", "--every", "1w")


@pytest.fixture
def workspace(tree: Tree) -> Path:
    return tree({"facilitate.yaml": PROFILE})


def history(root: Path) -> dict[str, object]:
    data = yaml.safe_load((root / "history.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def table_topics(markdown: str) -> list[str]:
    """Topic titles from the plan's overview table, in order."""
    rows = [ln for ln in markdown.splitlines() if re.match(r"^\| \d+ \|", ln)]
    return [row.split(" | ")[2] for row in rows]


# -- plan ----------------------------------------------------------------------------------


def test_plan_markdown_golden(run: Run, golden: Callable[[str, str], None]) -> None:
    res = run(*PLAN)
    assert res.exit_code == 0, res
    assert res.stderr == ""  # a given seed needs no reminder
    golden("plan-8-seed7-weekly.md", res.stdout)


def test_plan_follows_the_workspace_group_and_history(
    run: Run, workspace: Path, golden: Callable[[str, str], None]
) -> None:
    for day, themes in (("2025-11-04", "sleep, money"), ("2025-11-18", "money, sleep, anger")):
        res = run("log", "--date", day, "--themes", themes, "--topic", "stress-and-coping")
        assert res.exit_code == 0, res
    res = run(*PLAN)
    assert res.exit_code == 0, res
    golden("plan-8-seed7-workspace.md", res.stdout)
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
    season = ("plan", "--sessions", "4", "--seed", "7", "--start", soon)
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
    res = run("plan", "--sessions", "5")
    assert res.exit_code == 0, res
    seed = re.fullmatch(r"seed (\d+): add --seed \1 to make this plan again\n", res.stderr)
    assert seed, res.stderr
    again = run("plan", "--sessions", "5", "--seed", seed.group(1))
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
    res = run("plan", "--sessions", "6", *args)
    assert res.exit_code == 2, res
    assert message in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1
    assert res.stdout == ""


def test_open_ended_series_has_no_last_meeting(run: Run) -> None:
    res = run("plan", "--sessions", "6", "--seed", "1", "--open-ended")
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
        "plan",
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
        "plan",
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


# -- log and themes ------------------------------------------------------------------------


def test_log_records_themes_as_slugs(run: Run, workspace: Path) -> None:
    res = run(
        "log",
        "--date",
        "2026-01-06",
        "--themes",
        "Sleep, returning to work",
        "--topic",
        "first-meeting",
        "--attendance",
        "7",
    )
    assert res.exit_code == 0, res
    assert res.stderr == "logged 2026-01-06: sleep, returning-to-work\n"
    assert history(workspace)["meetings"] == [
        {
            "date": "2026-01-06",
            "kind": "log",
            "topic": "first-meeting",
            "prompts": [],
            "themes": ["sleep", "returning-to-work"],
            "attendance": 7,
        }
    ]


def test_log_refuses_contacts_always_and_names_unless_confirmed(run: Run, workspace: Path) -> None:
    res = run("log", "--themes", "anger", "--note", "Hard week for Dana, call 0161 496 0000")
    assert res.exit_code == 2, res
    assert "hold a phone number; nothing was written" in res.stderr
    confirmed = run("log", "--themes", "anger", "--note", "call 0161 496 0000", "--not-names")
    assert confirmed.exit_code == 2, confirmed  # --not-names never lets a contact through
    named = run("log", "--themes", "anger", "--note", "Hard week for Dana")
    assert named.exit_code == 2 and "what may be a name (Dana)" in named.stderr, named
    assert "(--not-names)" in named.stderr
    assert not (workspace / "history.yaml").exists()
    kept = run("log", "--themes", "anger", "--note", "Hard week for Dana", "--not-names")
    assert kept.exit_code == 0, kept
    assert len(history(workspace)["meetings"]) == 1  # type: ignore[arg-type]


def test_log_checks_themes_for_names_and_stories(run: Run, workspace: Path) -> None:
    story = run("log", "--themes", "sleep, John Smith bullied me at Acme Corp for two years")
    assert story.exit_code == 2, story
    assert "--themes: theme 2 has 10 words; a theme is a few words" in story.stderr
    assert not (workspace / "history.yaml").exists()
    named = run("log", "--themes", "anger at Bob")
    assert named.exit_code == 2, named
    assert "what may be a name (Bob); nothing was written" in named.stderr
    assert not (workspace / "history.yaml").exists()
    lower = run("log", "--themes", "sarah connor")
    assert lower.exit_code == 2 and "what may be a name (sarah)" in lower.stderr, lower
    fine = run("log", "--themes", "Sleep, returning to work, money worries")
    assert fine.exit_code == 0, fine
    owner = run("log", "--themes", "Dave's manager, Sarah")
    assert owner.exit_code == 2 and "what may be a name (Dave" in owner.stderr, owner


def test_log_refuses_an_email_and_writes_nothing(run: Run, workspace: Path) -> None:
    run("log", "--date", "2026-01-06", "--themes", "sleep")
    before = (workspace / "history.yaml").read_bytes()
    for note in ("talk to a.b@example.org", "write to jane at example dot com"):
        res = run("log", "--themes", "anger", "--note", note)
        assert res.exit_code == 2, res
        assert "an email address; nothing was written" in res.stderr
    assert (workspace / "history.yaml").read_bytes() == before
    fine = run("log", "--themes", "anger", "--note", "Calm meeting. Ended on time.")
    assert fine.exit_code == 0, fine


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--topic", "hopes"), "no topic 'hopes'; did you mean 'hope'"),
        (("--date", "2026-02-30"), "--date 2026-02-30: use a date such as"),
        (("--attendance", "-3"), "--attendance -3: give a number from 0 to 500"),
    ],
)
def test_log_refuses_bad_input(
    run: Run, workspace: Path, args: tuple[str, ...], message: str
) -> None:
    res = run("log", "--themes", "sleep", *args)
    assert res.exit_code == 2, res
    assert message in res.stderr
    assert not (workspace / "history.yaml").exists()


def test_log_needs_a_workspace(run: Run) -> None:
    res = run("log", "--themes", "sleep")
    assert res.exit_code == 2
    assert "no group workspace here or above" in res.stderr


def test_themes_counts_and_matches(run: Run, workspace: Path) -> None:
    for day, themes in (
        ("2026-01-06", "sleep, anger"),
        ("2026-01-20", "sleep"),
        ("2026-02-03", "sleep, money"),
    ):
        run("log", "--date", day, "--themes", themes)
    res = run("themes")
    assert res.exit_code == 0, res
    assert "Themes from 3 meetings." in res.stdout
    assert "| sleep | 3 | 2026-01-06 | 2026-02-03 | yes |" in res.stdout
    assert "| anger | 1 | 2026-01-06 | 2026-01-06 | no |" in res.stdout
    assert "| 2026-01 | 2 | 1 | 0 |" in res.stdout
    assert "(`health-and-sleep`, moderate): sleep" in res.stdout
    since = run("themes", "--since", "2026-02-01")
    assert "Themes from 1 meeting since 2026-02-01." in since.stdout
    assert "No theme has come up at 2 meetings yet." in since.stdout


def test_themes_with_no_history(run: Run, workspace: Path) -> None:
    res = run("themes")
    assert res.exit_code == 0, res
    assert "No themes logged yet." in res.stdout


# -- feedback ------------------------------------------------------------------------------


def test_feedback_add_and_report(run: Run, workspace: Path) -> None:
    forms = [
        ("2026-01-06", 4, 5, 3, 4),
        ("2026-01-06", 3, 4, 4, 3),
        ("2026-01-20", 5, 5, 5, 3),
    ]
    for day, safe, heard, useful, pace in forms:
        res = run(
            "feedback",
            "add",
            "--date",
            day,
            "--safe",
            str(safe),
            "--heard",
            str(heard),
            "--useful",
            str(useful),
            "--pace",
            str(pace),
        )
        assert res.exit_code == 0, res
    assert res.stderr == "recorded: 1 form for 2026-01-20\n"
    stored = history(workspace)["feedback"]
    assert stored == [
        {"date": d, "safe": s, "heard": h, "useful": u, "pace": p} for d, s, h, u, p in forms
    ]
    report = run("feedback", "report")
    assert report.exit_code == 0, report
    assert "3 forms from 2 meetings." in report.stdout
    assert "| Feeling safe | 4.0 | 5.0 | 3.5 | up |" in report.stdout
    assert "| Pace | 3.3 (about right) | 3.0 | 3.5 | closer to about right |" in report.stdout
    assert "| 2026-01-06 | 2 | 3.5 | 4.5 | 3.5 | 3.5 |" in report.stdout


@pytest.mark.parametrize("value", ["0", "6"])
def test_feedback_add_refuses_out_of_range(run: Run, workspace: Path, value: str) -> None:
    res = run("feedback", "add", "--safe", "4", "--heard", value, "--useful", "3", "--pace", "3")
    assert res.exit_code == 2, res
    assert res.stderr == f"facilitate: --heard {value}: ratings go from 1 to 5\n"
    assert not (workspace / "history.yaml").exists()


def test_feedback_form_pdf(run: Run, workspace: Path) -> None:
    res = run("feedback", "form", "-o", "form.pdf", "--group-name")
    assert res.exit_code == 0, res
    assert (workspace / "form.pdf").read_bytes().startswith(b"%PDF")


# -- documents: Markdown lint and the Nu HTML checker (one run for the module) -------------


def test_markdown_is_lint_clean(
    run: Run, workspace: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    run("log", "--date", "2026-01-06", "--themes", "sleep, anger")
    run("log", "--date", "2026-01-20", "--themes", "sleep")
    run("feedback", "add", "--safe", "4", "--heard", "5", "--useful", "3", "--pace", "4")
    docs = {
        "plan": run(*PLAN).stdout,
        "themes": run("themes").stdout,
        "feedback-report": run("feedback", "report").stdout,
        "feedback-form": run("feedback", "form", "--group-name").stdout,
    }
    for name, text in docs.items():
        assert text.startswith("# "), name
        tmp = tmp_path_factory.mktemp(name)
        assert markdown_lint(text, tmp) == [], name


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
