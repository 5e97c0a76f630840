"""`facilitate welcome` through the real command line: formats, files, bad input, golden."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

from tests.conftest import Run, java_available, markdown_lint, nu_validate

Tree = Callable[[Mapping[str, str | bytes]], Path]

PROFILE = """\
version: 1
name: Harbour group
region: GB
group_type: workplace-bullying
meeting_format: sharing-circle
share_minutes: 4
purpose: A place where people bullied at work can be heard by others who understand.
facilitator_role:
  involvement: I keep time and share as a peer.
  between_meetings: I am not on call between meetings.
  contact_instead: Acas for work questions, the crisis lines for urgent help.
meets: Tuesdays, 18:30 to 20:00
venue: The library, room 2
"""


def refused(res: object) -> str:
    assert getattr(res, "exit_code", None) == 2, res
    lines = [ln for ln in getattr(res, "stderr", "").splitlines() if ln.strip()]
    assert len(lines) == 1, lines
    assert getattr(res, "stdout", "") == ""
    return lines[0]


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_golden_welcome_sheet(
    run: Run, tree: Tree, golden: Callable[[str, str], None], fmt: str
) -> None:
    tree({"facilitate.yaml": PROFILE})
    res = run("welcome", "--format", fmt)
    assert res.exit_code == 0, res
    golden(f"welcome-harbour-sharing-circle-GB.{fmt}", res.stdout)


def test_without_a_workspace_the_sheet_still_prints(run: Run, tmp_path: Path) -> None:
    res = run("welcome", "--region", "US")
    assert res.exit_code == 0, res
    assert res.stdout.startswith("# Welcome\n")
    assert "988" in res.stdout
    assert "- When: ask the facilitator" in res.stdout
    assert markdown_lint(res.stdout) == []


def test_the_meeting_format_option_describes_another_format(run: Run, tree: Tree) -> None:
    tree({"facilitate.yaml": PROFILE})
    res = run("welcome", "--meeting-format", "psychoeducational")
    assert res.exit_code == 0, res
    assert "Learning and sharing (psychoeducational)." in res.stdout
    assert "Sharing rounds" not in res.stdout


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("--meeting-format", "circle"), "did you mean 'sharing-circle'?"),
        (("--meeting-format", "lecture"), "choose from: discussion, sharing-circle"),
        (("--format", "docx"), "docx"),
    ],
)
def test_bad_input_is_one_line_exit_2_and_nothing_written(
    run: Run, tree: Tree, tmp_path: Path, args: tuple[str, ...], expected: str
) -> None:
    tree({"facilitate.yaml": PROFILE})
    out = tmp_path / "welcome.html"
    line = refused(run("welcome", *args, "-o", str(out)))
    assert expected in line
    assert not out.exists()


def test_a_bad_profile_field_is_named_with_its_position(
    run: Run, tree: Tree, tmp_path: Path
) -> None:
    tree({"facilitate.yaml": PROFILE.replace("share_minutes: 4", "share_minutes: 40")})
    out = tmp_path / "welcome.md"
    line = refused(run("welcome", "-o", str(out)))
    assert "facilitate.yaml:6:" in line and "share_minutes" in line
    assert not out.exists()


def test_an_existing_file_is_kept_without_force(run: Run, tree: Tree, tmp_path: Path) -> None:
    tree({"facilitate.yaml": PROFILE, "welcome.md": "mine\n"})
    line = refused(run("welcome", "-o", "welcome.md"))
    assert "welcome.md" in line
    assert (tmp_path / "welcome.md").read_text() == "mine\n"


@pytest.mark.skipif(not java_available(), reason="the Nu HTML checker needs Java")
def test_every_format_and_print_size_is_valid_html(run: Run, tree: Tree, tmp_path: Path) -> None:
    tree({"facilitate.yaml": PROFILE})
    files = []
    for fmt in ("discussion", "sharing-circle", "psychoeducational"):
        for large in ((), ("--large-print",)):
            path = tmp_path / f"welcome-{fmt}{'-large' if large else ''}.html"
            res = run("welcome", "--meeting-format", fmt, *large, "-o", str(path))
            assert res.exit_code == 0, res
            files.append(path)
    assert nu_validate(files) == []


def test_the_pdf_is_written(run: Run, tree: Tree, tmp_path: Path) -> None:
    pytest.importorskip("weasyprint")
    from pypdf import PdfReader

    tree({"facilitate.yaml": PROFILE})
    res = run("welcome", "-o", str(tmp_path / "welcome.pdf"), "--paper", "letter")
    assert res.exit_code == 0, res
    reader = PdfReader(tmp_path / "welcome.pdf")
    assert 1 <= len(reader.pages) <= 2
    text = " ".join(p.extract_text() for p in reader.pages)
    assert "Welcome to Harbour group" in text and "Samaritans" in text
