"""`facilitate agenda` in each meeting format, with newcomers and the group's purpose:
goldens, rebuilds, bad input, and every format through the Markdown, HTML and PDF checks."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

from tests import pdftext
from tests.conftest import Run, java_available, markdown_lint_files, nu_validate

Tree = Callable[[Mapping[str, str | bytes]], Path]
PLAN_ID = re.compile(r"^plan id: (v1:\S+)$", re.MULTILINE)

PROFILE = """\
version: 1
name: Thursday group
region: GB
group_type: workplace-bullying
purpose: A place where people bullied at work can be heard by others who understand.
facilitator_role:
  involvement: I keep time and share as a peer.
  between_meetings: I am not on call between meetings.
  contact_instead: Acas for work questions, the crisis lines for urgent help.
"""


def ok(res: object) -> None:
    assert getattr(res, "exit_code", None) == 0, res


def refused(res: object) -> str:
    assert getattr(res, "exit_code", None) == 2, res
    assert getattr(res, "stdout", None) == ""
    lines = str(getattr(res, "stderr", "")).strip().splitlines()
    assert len(lines) == 1, lines
    return lines[0]


def plan_id(stderr: str) -> str:
    match = PLAN_ID.search(stderr)
    assert match, stderr
    return match.group(1)


GOLDEN = [
    ("sharing-circle", "boundaries", ()),
    ("sharing-circle", "boundaries", ("--audience", "members")),
    ("psychoeducational", "health-and-sleep", ()),
    ("psychoeducational", "health-and-sleep", ("--audience", "members")),
]


@pytest.mark.parametrize(("fmt", "topic", "extra"), GOLDEN)
@pytest.mark.parametrize("out", ["md", "html"])
def test_golden_agenda_in_each_format(
    run: Run,
    tree: Tree,
    golden: Callable[[str, str], None],
    fmt: str,
    topic: str,
    extra: tuple[str, ...],
    out: str,
) -> None:
    tree({"facilitate.yaml": PROFILE})
    args = ("agenda", "--topic", topic, "--meeting-format", fmt, "--seed", "7")
    res = run(*args, "--start", "18:30", "--no-record", "--format", out, *extra)
    ok(res)
    audience = "members" if extra else "facilitator"
    golden(f"agenda-{topic}-{fmt}-seed7-1830-{audience}.{out}", res.stdout)
    pid = plan_id(res.stderr)
    assert f":f={fmt}:" in pid
    again = run("agenda", "--plan", pid, "--format", out, *extra)
    ok(again)
    assert again.stdout == res.stdout  # the plan id rebuilds the same meeting


def test_the_format_comes_from_the_profile_and_the_option_wins(run: Run, tree: Tree) -> None:
    tree({"facilitate.yaml": PROFILE + "meeting_format: sharing-circle\nshare_minutes: 2\n"})
    res = run("agenda", "--topic", "boundaries", "--seed", "1", "--no-record")
    ok(res)
    assert "Format: Sharing circle." in res.stdout
    assert "about 2 minutes a share" in res.stdout
    assert ":sh=2:" in plan_id(res.stderr)
    told = run(
        "agenda", "--topic", "boundaries", "--seed", "1", "--no-record",
        "--meeting-format", "discussion",
    )  # fmt: skip
    ok(told)
    assert "Format: Discussion." in told.stdout and ":f=" not in plan_id(told.stderr)
    longer = run("agenda", "--topic", "boundaries", "--share-minutes", "5", "--no-record")
    ok(longer)
    assert ":sh=5:" in plan_id(longer.stderr)
    unused = run(
        "agenda", "--topic", "boundaries", "--share-minutes", "5", "--no-record",
        "--meeting-format", "discussion",
    )  # fmt: skip
    ok(unused)
    assert "note: the time per share is used only in a sharing circle" in unused.stderr


def test_member_handouts_and_the_first_meeting_carry_the_purpose(run: Run, tree: Tree) -> None:
    tree({"facilitate.yaml": PROFILE})
    handout = run("agenda", "--topic", "boundaries", "--audience", "members", "--no-record")
    ok(handout)
    assert "## About this group" in handout.stdout
    assert "Our purpose: A place where people bullied" in handout.stdout
    assert "- Between meetings: I am not on call between meetings." in handout.stdout
    facilitator = run("agenda", "--topic", "boundaries", "--no-record")
    assert "## About this group" not in facilitator.stdout  # the facilitator knows it
    first = run("agenda", "--first-meeting", "--no-record")
    ok(first)
    assert "## About this group" in first.stdout
    assert "Our purpose" in first.stdout and "A draft to start from:" in first.stdout


def test_a_first_meeting_without_a_purpose_plans_to_find_one(run: Run) -> None:
    res = run("agenda", "--first-meeting", "--seed", "2")
    ok(res)
    assert "Our purpose" in res.stdout
    assert "No purpose is written down yet: find the words together." in res.stdout


def test_newcomers_get_names_the_rules_in_full_and_a_word_at_the_close(run: Run) -> None:
    res = run("agenda", "--topic", "boundaries", "--newcomers", "--seed", "3", "--start", "19:00")
    ok(res)
    assert "Getting to know each other" in res.stdout
    assert "let's read all of our ground rules aloud tonight" in res.stdout
    assert "To those of you who came for the first time tonight" in res.stdout
    assert ":new:" in plan_id(res.stderr)
    plain = run("agenda", "--topic", "boundaries", "--seed", "3", "--start", "19:00")
    assert "To those of you who came for the first time" not in plain.stdout


def test_the_worksheet_is_on_its_own_pdf_page(run: Run, tmp_path: Path) -> None:
    pytest.importorskip("weasyprint")

    out = tmp_path / "agenda.pdf"
    res = run(
        "agenda", "--topic", "pacing-and-energy", "--meeting-format", "psychoeducational",
        "--audience", "members", "-o", str(out),
    )  # fmt: skip
    ok(res)
    pages = [" ".join(text.split()) for text in pdftext.page_texts(out)]
    last = pages[-1]
    assert last.startswith("Worksheet: My energy")
    assert "No names on this sheet" in last
    assert not any("Worksheet: My energy" in p for p in pages[:-1])


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("--meeting-format", "circle"), "did you mean 'sharing-circle'?"),
        (("--share-minutes", "0", "--meeting-format", "sharing-circle"), "share_minutes 0"),
        (("--share-minutes", "16"), "between 1 and 15 minutes"),
        (("--meeting-format", "psychoeducational"), "'boundaries' has no information points"),
        (
            ("--meeting-format", "sharing-circle", "--minutes", "20", "--size", "30"),
            "the shortest that works is",
        ),
        (
            ("--meeting-format", "psychoeducational", "--skip", "worksheet", "--skip", "round"),
            "--skip round",
        ),
    ],
)
def test_bad_format_input_is_one_line_exit_2_and_nothing_written(
    run: Run, tmp_path: Path, args: tuple[str, ...], expected: str
) -> None:
    out = tmp_path / "agenda.md"
    line = refused(run("agenda", "--topic", "boundaries", *args, "-o", str(out)))
    assert expected in line
    assert not out.exists()


def test_a_psychoeducational_refusal_suggests_topics_that_work(run: Run) -> None:
    line = refused(run("agenda", "--topic", "health", "--meeting-format", "psychoeducational"))
    assert "no topic 'health'" in line  # an unknown id is still a did-you-mean
    line = refused(
        run("agenda", "--topic", "stress-and-coping", "--meeting-format", "psychoeducational")
    )
    assert "topics that can:" in line and "--" not in line.split("topics that can:")[1]


def test_format_options_beside_a_plan_id_are_named_as_not_used(run: Run) -> None:
    res = run("agenda", "--topic", "boundaries", "--meeting-format", "sharing-circle")
    ok(res)
    again = run("agenda", "--plan", plan_id(res.stderr), "--meeting-format", "discussion")
    ok(again)
    assert "--meeting-format not used" in again.stderr
    assert "Format: Sharing circle." in again.stdout


@pytest.mark.skipif(not java_available(), reason="the Nu HTML checker needs Java")
def test_every_format_renders_clean_markdown_and_valid_html(
    run: Run, tree: Tree, tmp_path: Path
) -> None:
    tree({"facilitate.yaml": PROFILE})
    out = tmp_path / "out"
    out.mkdir()
    cases = [
        ("discussion", "naming-what-happened", ("--newcomers",)),
        ("sharing-circle", "grief-first-weeks", ("--minutes", "60", "--size", "12")),
        ("sharing-circle", "hope", ("--minutes", "150", "--online", "--start", "09:00")),
        ("psychoeducational", "lapses-and-starting-again", ("--newcomers", "--large-print")),
        ("psychoeducational", "early-warning-signs", ("--skip", "worksheet")),
    ]
    markdown, html = [], []
    for i, (fmt, topic, extra) in enumerate(cases):
        for audience in ("facilitator", "members"):
            for ext in ("md", "html"):
                path = out / f"{i}-{fmt}-{audience}.{ext}"
                args = ("agenda", "--topic", topic, "--meeting-format", fmt, "--seed", str(i))
                res = run(*args, *extra, "--audience", audience, "--no-record", "-o", str(path))
                ok(res)
                (markdown if ext == "md" else html).append(path)
    assert markdown_lint_files(markdown) == []
    assert nu_validate(html) == []
