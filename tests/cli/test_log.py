"""`facilitate log` through the real command line."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.conftest import history
from tests.conftest import Run


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
    assert res.stderr == "logged 2026-01-06 as held: sleep, returning-to-work\n"
    assert history(workspace)["meetings"] == [
        {
            "date": "2026-01-06",
            "kind": "held",
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
