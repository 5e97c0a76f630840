"""Option values are coerced directly, and always exactly as Typer's own coercion would."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import pytest
import typer
from hypothesis import given, settings
from hypothesis import strategies as st
from typer._click.exceptions import BadParameter
from typer._coercion import build_runtime_param
from typer.main import get_command

from facilitate.cli._app import LAZY_COMMANDS, app
from facilitate.cli._coerce import FastParam, speed_up

probe = typer.Typer(add_completion=False)


@probe.command()
def _probe(
    text: Annotated[str | None, typer.Option("--text")] = None,
    count: Annotated[int | None, typer.Option("--count")] = None,
    weeks: Annotated[int, typer.Option("--weeks", min=1, max=52)] = 8,
    flag: Annotated[bool | None, typer.Option("--flag/--no-flag")] = None,
    out: Annotated[Path | None, typer.Option("--out")] = None,
    folder: Annotated[Path | None, typer.Option("--folder", file_okay=False)] = None,
    existing: Annotated[Path | None, typer.Option("--existing", exists=True)] = None,
    many: Annotated[list[str] | None, typer.Option("--many")] = None,
    paths: Annotated[list[Path] | None, typer.Option("--paths")] = None,
) -> None:
    """Options of every shape the command line uses."""


COMMAND = get_command(probe)
CTX = typer.Context(COMMAND, info_name="probe", resilient_parsing=True)
speed_up(COMMAND, CTX)  # before anything is parsed, as the command line does
PARAMS = {p.name: p for p in COMMAND.params}


def outcome(runtime: Any, name: str, value: Any) -> tuple[str, Any]:
    param = PARAMS[name]
    try:
        return ("value", runtime.coerce(value, param=param, ctx=CTX))
    except BadParameter as exc:
        return ("refused", exc.format_message())


def both(name: str, value: Any) -> tuple[tuple[str, Any], tuple[str, Any]]:
    param = PARAMS[name]
    fast = param._runtime_param  # type: ignore[attr-defined]
    assert isinstance(fast, FastParam), name
    return outcome(fast, name, value), outcome(
        build_runtime_param(param.type_descriptor), name, value
    )


def test_every_plain_option_gets_the_direct_coercion() -> None:
    assert set(PARAMS) == {
        "text", "count", "weeks", "flag", "out", "folder", "existing", "many", "paths"
    }  # fmt: skip
    for name in PARAMS:
        both(name, None)  # asserts the FastParam is in place


ODD_NUMBERS = ["1_000", " 7", "7 ", "+3", "-0", "0x10", "1e3", "½", "٣", "", "  ", "3.0", "eight"]


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(max_size=12), st.integers().map(str), st.sampled_from(ODD_NUMBERS)))
def test_numbers_text_and_flags_match_typer(raw: str) -> None:
    for name in ("text", "count", "weeks", "flag", "many"):
        value: Any = (raw, raw) if name == "many" else raw
        fast, slow = both(name, value)
        assert fast == slow, (name, raw)


def test_numbers_longer_than_python_converts_are_refused_as_typer_does() -> None:
    fast, slow = both("count", "1" * 4301)
    assert fast == slow and fast[0] == "refused"


@pytest.mark.parametrize("value", [0, 1, 52, 53, -4, True, False, None])
def test_typed_values_match_typer(value: Any) -> None:
    for name in ("count", "weeks", "flag"):
        assert both(name, value)[0] == both(name, value)[1], (name, value)


def test_paths_match_typer(tmp_path: Path) -> None:
    (tmp_path / "file.md").write_text("x", "utf-8")
    (tmp_path / "dir").mkdir()
    cases = [
        str(tmp_path / "file.md"),
        str(tmp_path / "dir"),
        str(tmp_path / "missing.md"),
        "relative/agenda.html",
        "./relative//agenda.html",
        f"{tmp_path}/dir/",
        f"./{tmp_path.name}/file.md/",
        "-",
        "",
    ]
    for raw in cases:
        for name in ("out", "folder", "existing"):
            fast, slow = both(name, raw)
            assert fast == slow, (name, raw)
        fast, slow = both("paths", (raw, raw))
        assert fast == slow, raw
    assert both("folder", str(tmp_path / "file.md"))[0][0] == "refused"
    assert both("existing", str(tmp_path / "missing.md"))[0][0] == "refused"
    assert both("out", "relative/agenda.html")[0] == ("value", Path("relative/agenda.html"))


def test_every_facilitate_command_has_only_direct_coercion() -> None:
    # A Typer upgrade that moved the private names would silently bring the adapters back;
    # this fails instead. Every option this command line has is of a plain shape. The walk
    # does what a run does: the root speeds itself up, then each command as it is resolved.
    root = get_command(app)
    root_ctx = typer.Context(root, info_name="facilitate", resilient_parsing=True)
    speed_up(root, root_ctx)
    pending: list[tuple[Any, Any]] = [(root, root_ctx)]
    seen = 0
    while pending:
        command, ctx = pending.pop()
        for param in command.get_params(ctx):
            assert isinstance(param._runtime_param, FastParam), (command.name, param.name)
            seen += 1
        for name in getattr(command, "list_commands", lambda _c: [])(ctx):
            sub = command.get_command(ctx, name)
            speed_up(sub, ctx)
            pending.append((sub, sub.make_context(name, [], parent=ctx, resilient_parsing=True)))
    assert seen > 100
    assert set(LAZY_COMMANDS) <= set(root.list_commands(root_ctx))  # type: ignore[attr-defined]
