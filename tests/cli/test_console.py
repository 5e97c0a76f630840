"""The console helpers: notes go to stderr, JSON to stdout."""

from __future__ import annotations

import json

import pytest

from facilitate.cli._console import note, print_json
from tests.conftest import Run


def test_notes_go_to_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    note("facilitate: a note")
    out, err = capsys.readouterr()
    assert out == "" and "a note" in err


def test_json_goes_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    print_json({"a": [1, 2]})
    assert json.loads(capsys.readouterr().out) == {"a": [1, 2]}


def test_ids_and_tags_keep_their_width_and_text_gives_way() -> None:
    from facilitate.cli._console import table_widths

    columns = ["id", "title", "kind", "tags", "contact"]
    rows = [
        ["a-rather-long-resource-id", "A title of several words", "helpline", "grief, loss", "x"],
        ["short", "Short", "book", "workplace-bullying, self-care", "https://example.org/x"],
    ]
    widths = table_widths(columns, rows, 200)
    assert widths == [25, 24, 8, 29, 21]  # all on one line when there is room
    narrow = table_widths(columns, rows, 80, optional=["contact"])
    assert narrow[0] == 25 and narrow[2] == 8  # never shortened
    assert narrow[3] is not None and narrow[3] >= len("workplace-bullying,")
    tight = table_widths(columns, rows, 70, optional=["contact"])
    assert tight[4] is None  # left out rather than squeezing the rest
    assert sum(w for w in tight if w is not None) + 2 * 3 <= 70


@pytest.mark.parametrize(
    ("command", "ids", "tags"),
    [
        (("topics", "list"), "topics", True),
        (("resources", "list"), "resources", False),  # tags are not a column here
        (("situations", "list"), "situations", True),
    ],
)
def test_terminal_tables_never_break_an_id_or_a_tag_at_80_columns(
    run: Run, monkeypatch: pytest.MonkeyPatch, command: tuple[str, ...], ids: str, tags: bool
) -> None:
    from facilitate.catalog import open_catalog

    monkeypatch.setattr("facilitate.cli._console.stdout_is_terminal", lambda: True)
    monkeypatch.setenv("COLUMNS", "80")
    res = run(*command)
    assert res.exit_code == 0, res
    lines = res.stdout.splitlines()
    assert max(len(ln) for ln in lines) <= 80, max(lines, key=len)
    items = list(getattr(open_catalog(), ids).values())
    # Each id stands whole at the start of a line, and each tag whole on some line.
    starts = {ln.split()[0] for ln in lines if ln and not ln.startswith(" ")}
    assert {i.id for i in items} <= starts
    words = {w.strip(",") for ln in lines for w in ln.split()}
    if tags:
        assert {t for i in items for t in i.tags} <= words
