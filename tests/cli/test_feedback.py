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
