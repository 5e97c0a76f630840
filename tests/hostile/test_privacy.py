"""Names and contact details never reach history.yaml, however they are written."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Run, write_tree
from tests.hostile.conftest import assert_refused, within


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    return write_tree(tmp_path, {"facilitate.yaml": "version: 1\nname: Pier group\n"})


# (note, what the refusal names); contact details are refused even with --allow-names (or
# --not-names, its old name).
CONTACTS = [
    ("write to jane@example.org", "an email address"),
    ("write to jane at example dot com", "an email address"),
    ("jane (at) example [dot] org", "an email address"),
    ("ring o7700 9oo 123 later", "a phone number"),
    ("ring +44 161 496 0000", "a phone number"),
    ("find her at @janedoe", "a social media handle"),
    ("mzx9 @ example . com", "an email address"),
    ("mzx9\uff20example.com", "an email address"),
    ("text 07700\u00b7900\u00b7123", "a phone number"),
    ("see https://wa.me/447700900123", "a phone number"),
    ("ring zero seven seven zero zero nine zero zero one two three", "a phone number"),
]


@pytest.mark.parametrize(("text", "what"), CONTACTS)
def test_contact_details_are_always_refused(
    run: Run, workspace: Path, text: str, what: str
) -> None:
    for extra in ((), ("--allow-names",), ("--not-names",)):
        res = run("log", "--themes", "sleep", "--note", text, *extra)
        assert_refused(res, what, "nothing was written")
    assert not (workspace / "history.yaml").exists()


NAMES = [
    ("--themes", "sarah connor"),
    ("--themes", "anger at Bob"),
    ("--note", "Sarah said it was a hard week"),
    ("--note", "Long talk with Priya about sleep"),
    ("--themes", "s\u00e1rah c\u00f6nnor"),
    ("--themes", "sa\u200brah con\u200bnor"),
    ("--note", "\u0410\u043d\u043d\u0430 was upset"),
    ("--note", "s\u0430rah was upset"),
    ("--note", "Okonkwo was upset"),
    ("--note", "Zo\u00eb was upset"),
    ("--note", "Sarah upset about the rota"),  # a first name alone at the start of the note
    ("--note", "Siobhan upset about the rota"),
    ("--note", "Mark upset about the rota"),  # a name that is also a word, where it names
    ("--note", "Good round. Dawn left early."),
    ("--themes", "sleep, Tariq upset"),
]


@pytest.mark.parametrize(("option", "text"), NAMES)
def test_likely_names_are_refused_unless_confirmed(
    run: Run, workspace: Path, option: str, text: str
) -> None:
    args = ("--themes", "sleep", option, text) if option == "--note" else (option, text)
    assert_refused(run("log", *args), "may be a name", "--allow-names")
    assert not (workspace / "history.yaml").exists()
    assert run("log", *args, "--allow-names").exit_code == 0
    assert (workspace / "history.yaml").exists()


def test_ordinary_words_pass(run: Run, workspace: Path) -> None:
    res = run("log", "--themes", "sleep, hope, returning to work", "--note", "Calm. Ended on time.")
    assert res.exit_code == 0, res


def test_a_long_note_is_refused_at_once(run: Run, workspace: Path) -> None:
    with within(3.0):
        res = run("log", "--themes", "sleep", "--note", "word " * 8000)
    assert_refused(res, "at most 500")


def test_the_checks_are_linear() -> None:
    from facilitate.planning.privacy import MAX_NOTE, base_vocabulary, note_concerns

    text = ("calm and quiet. " * 40)[:MAX_NOTE]
    with within(1.0):
        for _ in range(50):
            note_concerns(text, base_vocabulary())
