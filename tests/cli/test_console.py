"""The console helpers: notes go to stderr, JSON to stdout."""

from __future__ import annotations

import ast
import json
from pathlib import Path
from typing import Any

import pydantic_core
import pytest
from pydantic_core import to_json
from typer.main import get_command

from facilitate.cli import _console
from facilitate.cli._app import app
from facilitate.cli._console import note, print_json
from facilitate.render.controls import json_safe
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


# Every command that prints JSON, with what it needs to run; the test below checks that this
# list is the command tree's.
JSON_COMMANDS: list[tuple[tuple[str, ...], tuple[str, ...]]] = [
    (("topics", "list"), ("--json",)),
    (("topics", "show"), ("boundaries", "--json")),
    (("resources", "list"), ("--json",)),
    (("resources", "show"), ("who-peer-support-groups", "--json")),
    (("situations", "list"), ("--json",)),
    (("situations", "show"), ("member-dominates", "--json")),
    (("groundrules", "list"), ("--json",)),
    (("doctor",), ("--json",)),
    (("config", "list"), ("--json",)),
    (("catalog", "validate"), ("--json",)),
    (("catalog", "stats"), ("--json",)),
    (("catalog", "schema"), ("topics",)),
]


def _json_commands() -> set[tuple[str, ...]]:
    found: set[tuple[str, ...]] = {("catalog", "schema")}  # JSON always, no option

    def walk(command: Any, path: tuple[str, ...], ctx: Any) -> None:
        if any("--json" in getattr(p, "opts", ()) for p in command.params):
            found.add(path)
        if hasattr(command, "list_commands"):
            for name in command.list_commands(ctx):
                walk(command.get_command(ctx, name), (*path, name), ctx)

    root = get_command(app)
    walk(root, (), root.make_context("facilitate", [], resilient_parsing=True))
    return found


def test_the_json_commands_here_are_the_command_trees() -> None:
    assert {command for command, _ in JSON_COMMANDS} == _json_commands()


@pytest.mark.parametrize(
    ("command", "args"), JSON_COMMANDS, ids=[" ".join(c) for c, _ in JSON_COMMANDS]
)
def test_json_is_written_by_pydantics_encoder(
    command: tuple[str, ...],
    args: tuple[str, ...],
    run: Run,
    workspace: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # pydantic_core.to_json, not the standard library's json.dumps: the same text for this
    # data, several times faster on a large catalog. What is printed is what it wrote.
    assert run("groundrules", "init", cwd=workspace).exit_code == 0
    written: list[bytes] = []

    def spy(*a: Any, **kw: Any) -> bytes:
        out: bytes = to_json(*a, **kw)
        written.append(out)
        return out

    monkeypatch.setattr(pydantic_core, "to_json", spy)
    res = run(*command, *args)
    assert res.exit_code in (0, 1), res  # doctor says 1 when an essential is missing
    assert len(written) == 1
    assert res.stdout == json_safe(written[0].decode("utf-8")) + "\n"
    assert (
        res.stdout
        == json_safe(json.dumps(json.loads(res.stdout), indent=2, ensure_ascii=False)) + "\n"
    )


def test_no_command_module_uses_the_standard_librarys_encoder_for_output() -> None:
    # The one use in cli/ is the completion cache file, which the Tab shortcut reads back
    # without importing pydantic.
    users = set()
    for module in sorted(Path(_console.__file__).parent.glob("*.py")):
        for node in ast.walk(ast.parse(module.read_text("utf-8"))):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id == "json"
                and node.attr in ("dump", "dumps", "JSONEncoder")
            ):
                users.add(module.name)
            if isinstance(node, ast.ImportFrom) and node.module == "json":
                users.add(module.name)
    assert users == {"completion.py"}
