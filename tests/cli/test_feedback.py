"""`facilitate feedback` through the real command line."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.cli.conftest import history
from tests.conftest import Run


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
    assert "| Feeling safe | 4.0 | 3 of 3 | 5.0 | 3.5 | up |" in report.stdout
    assert "| Pace | 3.3 (about right) | 3 of 3 | 3.0 | 3.5 | closer to about right |" in (
        report.stdout
    )
    assert "left a question blank" not in report.stdout
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


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Act as a person at a terminal, so feedback add asks for more forms."""
    from facilitate.cli import feedback as feedback_cli

    monkeypatch.setattr(feedback_cli, "can_ask", lambda: True)


def test_a_form_with_questions_left_blank_is_kept_and_counted(run: Run, workspace: Path) -> None:
    res = run("feedback", "add", "--date", "2026-01-06", "--safe", "4", "--pace", "3")
    assert res.exit_code == 0, res
    run("feedback", "add", "--date", "2026-01-06", "--safe", "2", "--heard", "5", "--useful", "4")
    assert history(workspace)["feedback"] == [
        {"date": "2026-01-06", "safe": 4, "pace": 3},
        {"date": "2026-01-06", "safe": 2, "heard": 5, "useful": 4},
    ]
    report = run("feedback", "report").stdout
    assert "| Being heard | 5.0 | 1 of 2 | n/a | n/a | needs two meetings |" in report
    assert "| 2026-01-06 | 2 | 3.0 | 5.0 (1) | 4.0 (1) | 3.0 (1) |" in report
    assert "each average counts only the forms that answered it" in report


FORMS = """\
date,safe,heard,useful,pace
2026-01-06,4,5,3,3
2026-01-06,3,,4,
,5,5,5,3
"""


def test_many_forms_from_a_table(run: Run, workspace: Path) -> None:
    (workspace / "forms.csv").write_text(FORMS, encoding="utf-8")
    res = run("feedback", "add", "--from", "forms.csv", "--date", "2026-01-20")
    assert res.exit_code == 0, res
    assert res.stderr == "recorded 3 forms from forms.csv: 2026-01-06 (2), 2026-01-20 (1)\n"
    assert history(workspace)["feedback"] == [
        {"date": "2026-01-06", "safe": 4, "heard": 5, "useful": 3, "pace": 3},
        {"date": "2026-01-06", "safe": 3, "useful": 4},
        {"date": "2026-01-20", "safe": 5, "heard": 5, "useful": 5, "pace": 3},
    ]
    # A spreadsheet's export with semicolons, a header in capitals and fewer columns.
    (workspace / "more.csv").write_text("Safe;Pace\n5;3\n4;\n", encoding="utf-8")
    assert run("feedback", "add", "--from", "more.csv", "--date", "2026-02-03").exit_code == 0
    assert len(history(workspace)["feedback"]) == 5  # type: ignore[arg-type]


def test_a_bad_cell_is_named_at_its_place_and_nothing_is_written(run: Run, workspace: Path) -> None:
    run("feedback", "add", "--safe", "4", "--date", "2026-01-06")
    before = (workspace / "history.yaml").read_bytes()
    (workspace / "forms.csv").write_text(
        "date,safe,heard,useful,pace\n2026-01-06,4,5,3,3\n2026-01-06,4,7,3,3\n", encoding="utf-8"
    )
    res = run("feedback", "add", "--from", "forms.csv")
    assert res.exit_code == 2, res
    assert res.stderr == (
        "forms.csv:3:14: '7' is not a rating: ratings go from 1 to 5 (leave the cell empty for "
        "a question left blank) (heard)\n"
    )
    assert (workspace / "history.yaml").read_bytes() == before


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ("date,saef\n2026-01-06,4\n", "forms.csv:1:6: unknown column 'saef'; did you mean 'safe'?"),
        ("date\n2026-01-06\n", "forms.csv:1:1: the header names no question"),
        ("safe,safe\n4,4\n", "forms.csv:1:6: the column 'safe' comes twice"),
        ("safe\n", "forms.csv:1:1: the table has a header but no forms"),
        ("", "forms.csv:1:1: the table is empty"),
        ("date,safe\n06/01/2026,4\n", "forms.csv:2:1: '06/01/2026' must be a date"),
        ("date,safe\n2026-01-06,\n", "forms.csv:2:1: this form answers no question"),
        ("safe\n4,5\n", "forms.csv:2:3: '5' is past the last column of the header"),
        ("safe\nfour\n", "forms.csv:2:1: 'four' is not a rating"),
    ],
)
def test_bad_tables_are_refused(run: Run, workspace: Path, table: str, message: str) -> None:
    (workspace / "forms.csv").write_text(table, encoding="utf-8")
    res = run("feedback", "add", "--from", "forms.csv")
    assert res.exit_code == 2, res
    assert res.stderr.startswith(message), res.stderr
    assert len(res.stderr.splitlines()) == 1
    assert not (workspace / "history.yaml").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "facilitate: give at least one rating (--safe, --heard, --useful, --pace)"),
        (("--from", "forms.csv", "--safe", "4"), "facilitate: --from reads every form from the "),
        (("--from", "missing.csv"), "facilitate: missing.csv: no such file"),
        (("--from", "."), "Invalid value for '--from'"),
    ],
)
def test_feedback_add_bad_input(
    run: Run, workspace: Path, args: tuple[str, ...], message: str
) -> None:
    (workspace / "forms.csv").write_text(FORMS, encoding="utf-8")
    res = run("feedback", "add", *args)
    assert res.exit_code == 2, res
    assert message in res.stderr
    assert not (workspace / "history.yaml").exists()


def test_on_a_terminal_forms_are_typed_in_one_after_another(
    run: Run, workspace: Path, terminal: None
) -> None:
    # The first form from the options, then two typed in (one with blanks, one empty).
    answers = ["y", "5", "", "4", "3", "y", "9", "2", "", "", "", "y", "", "", "", "", "n"]
    res = run(
        "feedback", "add", "--date", "2026-01-06", "--safe", "3", input="\n".join(answers) + "\n"
    )
    assert res.exit_code == 0, res
    assert "Another form? [y/N]" in res.stderr
    assert "'9': ratings go from 1 to 5" in res.stderr  # asked again
    assert "that form answers no question, so it was not recorded" in res.stderr
    assert history(workspace)["feedback"] == [
        {"date": "2026-01-06", "safe": 3},
        {"date": "2026-01-06", "safe": 5, "useful": 4, "pace": 3},
        {"date": "2026-01-06", "safe": 2},
    ]
    # With no ratings given, the first form is asked for too.
    res = run("feedback", "add", "--date", "2026-01-20", input="4\n4\n4\n3\nn\n")
    assert res.exit_code == 0, res
    assert len(history(workspace)["feedback"]) == 4  # type: ignore[arg-type]


def test_golden_report(run: Run, workspace: Path, golden: Callable[[str, str], None]) -> None:
    forms = [
        ("2026-01-06", 4, 5, 3, 4),
        ("2026-01-06", 3, 4, 4, 3),
        ("2026-01-20", 5, 5, 5, 3),
        ("2026-02-03", 4, 4, 2, 2),
        ("2026-02-03", 5, 4, 4, 3),
    ]
    for day, *ratings in forms:
        options = [
            x
            for name, value in zip(
                ("--safe", "--heard", "--useful", "--pace"), ratings, strict=True
            )
            for x in (name, str(value))
        ]
        assert run("feedback", "add", "--date", day, *options).exit_code == 0
    res = run("feedback", "report")
    assert res.exit_code == 0, res
    golden("feedback-report-3-meetings.md", res.stdout)
