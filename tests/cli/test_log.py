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
    confirmed = run("log", "--themes", "anger", "--note", "call 0161 496 0000", "--allow-names")
    assert confirmed.exit_code == 2, confirmed  # --allow-names never lets a contact through
    named = run("log", "--themes", "anger", "--note", "Hard week for Dana")
    assert named.exit_code == 2 and "what may be a name (Dana)" in named.stderr, named
    assert "(--allow-names)" in named.stderr
    assert not (workspace / "history.yaml").exists()
    kept = run("log", "--themes", "anger", "--note", "Hard week for Dana", "--allow-names")
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


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Act as a person at a terminal, so log asks about possible names."""
    from facilitate.cli import log as log_cli

    monkeypatch.setattr(log_cli, "can_ask", lambda: True)


def test_on_a_terminal_log_asks_about_each_possible_name(
    run: Run, workspace: Path, terminal: None
) -> None:
    args = ("log", "--themes", "anger", "--note", "Mark upset, Priya too")
    refused = run(*args, input="n\ny\n")
    assert refused.exit_code == 2, refused
    assert "Is 'Mark' a person's name? [y/N]" in refused.stderr
    assert "Is 'Priya' a person's name? [y/N]" in refused.stderr
    assert refused.stderr.rstrip("\n").endswith(
        "facilitate: nothing was written; reword the note or themes without 'Priya' (names "
        "never go in the history)"
    )
    assert not (workspace / "history.yaml").exists()
    kept = run(*args, input="n\nn\n")
    assert kept.exit_code == 0, kept
    assert len(history(workspace)["meetings"]) == 1  # type: ignore[arg-type]
    # Contact details are never asked about: always refused.
    phone = run("log", "--themes", "anger", "--note", "Mark: 0161 496 0000", input="n\n")
    assert phone.exit_code == 2 and "a phone number" in phone.stderr, phone
    assert "?" not in phone.stderr.split("facilitate:")[0]


def test_in_a_script_a_name_needs_allow_names_and_the_old_name_still_works(
    run: Run, workspace: Path
) -> None:
    res = run("log", "--themes", "anger", "--note", "Sarah upset about the rota")
    assert res.exit_code == 2, res
    assert res.stderr.strip().endswith("(--allow-names)")
    assert run("log", "--themes", "anger", "--note", "Sarah ok", "--not-names").exit_code == 0
    help_text = run("log", "--help").stdout
    assert "--allow-names" in help_text and "--not-names" not in help_text


def test_undo_removes_the_last_entry_logged(run: Run, workspace: Path) -> None:
    nothing = run("log", "--undo")
    assert (nothing.exit_code, nothing.stderr) == (
        0,
        "nothing to undo: history.yaml holds no meeting you logged\n",
    )
    assert not (workspace / "history.yaml").exists()
    run("log", "--date", "2026-01-06", "--themes", "sleep", "--attendance", "7")
    run("log", "--date", "2026-01-20", "--themes", "anger, money", "--topic", "boundaries")
    run("log", "--date", "2026-01-13", "--themes", "typo")  # the mistake, logged last
    res = run("log", "--undo")
    assert res.exit_code == 0, res
    assert res.stderr == "removed the entry logged for 2026-01-13: typo\n"
    res = run("log", "--undo")
    assert res.stderr == "removed the entry logged for 2026-01-20: anger, money; topic boundaries\n"
    assert [m["date"] for m in history(workspace)["meetings"]] == ["2026-01-06"]  # type: ignore[index]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--undo", "--themes", "sleep"), "facilitate: --undo takes back the last entry and "),
        (("--undo", "--date", "2026-01-06"), "leave out --date"),
        ((), 'facilitate: give --themes, such as --themes "sleep, returning to work"'),
    ],
)
def test_undo_and_themes_bad_input(
    run: Run, workspace: Path, args: tuple[str, ...], message: str
) -> None:
    run("log", "--date", "2026-01-06", "--themes", "sleep")
    before = (workspace / "history.yaml").read_bytes()
    res = run("log", *args)
    assert res.exit_code == 2, res
    assert message in res.stderr and len(res.stderr.splitlines()) == 1, res.stderr
    assert (workspace / "history.yaml").read_bytes() == before
