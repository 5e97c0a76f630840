"""The console helpers: notes go to stderr, JSON to stdout."""

from __future__ import annotations

import json

import pytest

from facilitate.cli._console import note, print_json


def test_notes_go_to_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    note("facilitate: a note")
    out, err = capsys.readouterr()
    assert out == "" and "a note" in err


def test_json_goes_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    print_json({"a": [1, 2]})
    assert json.loads(capsys.readouterr().out) == {"a": [1, 2]}
