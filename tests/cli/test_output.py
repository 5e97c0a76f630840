"""Writing a document: to stdout, or to a file never replaced without --force."""

from __future__ import annotations

from pathlib import Path

import pytest

from facilitate.cli._output import emit
from facilitate.errors import UserError


def test_html_goes_to_stdout_as_it_is(capsys: pytest.CaptureFixture[str]) -> None:
    emit("<p>hi</p>", None, "html")
    assert capsys.readouterr().out == "<p>hi</p>"


def test_a_file_is_written_once_then_kept(tmp_path: Path) -> None:
    target = tmp_path / "a.md"
    emit("# one\n", target, "md")
    with pytest.raises(UserError, match="already exists"):
        emit("# two\n", target, "md")
    emit("# two\n", target, "md", force=True)
    assert target.read_text(encoding="utf-8") == "# two\n"
    assert (tmp_path / "a.md.bak").read_text(encoding="utf-8") == "# one\n"
