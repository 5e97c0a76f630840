"""The Tab shortcut answers exactly as Typer's own completion does, or leaves it to Typer."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from facilitate.cli import app
from facilitate.cli.fastcomplete import SLOTS, answer
from tests.conftest import write_tree

CASES = [
    "facilitate topics show bou",
    "facilitate topics show ",
    "facilitate resources show gb-",
    "facilitate situations show risk",
    "facilitate topics list --tag se",
    "facilitate resources list --tag bul",
    "facilitate situations cards --tag ",
    "facilitate agenda --topic tr",
    "facilitate agenda --minutes 60 -t bo",
    "facilitate checkin --topic ho",
    "facilitate season --sessions 6 --include-tag gri",
    "facilitate plan --sessions 6 --include-tag gri",  # the old name of season
    "facilitate groundrules init --preset ",
    "facilitate config set backup.",
    "facilitate config unset re",
]


def _bash_env(line: str) -> dict[str, str]:
    words = line.split()
    cword = len(words) if line.endswith(" ") else len(words) - 1
    return {"_FACILITATE_COMPLETE": "complete_bash", "COMP_WORDS": line, "COMP_CWORD": str(cword)}


def _typer_answer(env: dict[str, str]) -> str:
    result = CliRunner().invoke(app, [], env=env, prog_name="facilitate")
    return result.stdout.strip()


@pytest.mark.parametrize("line", CASES)
def test_the_shortcut_matches_typer_in_bash(line: str) -> None:
    env = _bash_env(line)
    fast = answer(env)
    assert fast is not None, "this case should be answered from the cache"
    assert fast.strip() == _typer_answer(env)
    assert fast.strip(), "every case here has at least one value"


@pytest.mark.parametrize("line", ["facilitate topics show bou", "facilitate agenda --topic tr"])
def test_the_shortcut_matches_typer_in_zsh(line: str) -> None:
    env = {"_FACILITATE_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": line}
    fast = answer(env)
    assert fast is not None and fast.startswith("_arguments")
    assert fast.strip() == _typer_answer(env)


@pytest.mark.parametrize(
    "line",
    [
        "facilitate ",  # command names: Typer's job
        "facilitate topics ",
        "facilitate agenda --to",  # an option name
        "facilitate agenda --topic boundaries --seed ",
        "facilitate topics show boundaries ",  # a second argument
        "facilitate --version ",
    ],
)
def test_anything_else_is_left_to_typer(line: str) -> None:
    assert answer(_bash_env(line)) is None


def test_the_shortcut_reads_the_user_catalog_named_on_the_line(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "mine/topics.yaml": """
                version: 1
                topics:
                  - id: bournemouth-special
                    title: A local topic
                    summary: Something local to talk about.
                    groups: [general]
                    stages: [norming]
                    depth: light
                    check_in: [What is one good thing from your week?]
                    discussion:
                      - prompt: What helps you most right now?
                    check_out: [What will you take with you?]
            """,
        },
    )
    line = f"facilitate --catalog {tmp_path / 'mine'} topics show bou"
    fast = answer(_bash_env(line))
    assert fast is not None
    assert set(fast.split()) == {"boundaries", "bournemouth-special"}


def test_a_tab_starts_none_of_the_heavy_libraries() -> None:
    code = (
        "import os, sys\n"
        "os.environ.update(_FACILITATE_COMPLETE='complete_bash',"
        " COMP_WORDS='facilitate topics show bou', COMP_CWORD='3')\n"
        "from facilitate.cli.entry import main\n"
        "main()\n"
        "heavy = [m for m in ('typer', 'pydantic', 'yaml', 'jinja2', 'rich') if m in sys.modules]\n"
        "print('heavy:', heavy)\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("_FACILITATE")}
    # First run fills the completion cache; the second is a Tab as users feel it.
    subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True)
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, check=True, capture_output=True, text=True
    ).stdout
    assert out.splitlines() == ["boundaries", "heavy: []"]


def _tree_slots() -> dict[tuple[str, ...], dict[str, str]]:
    """Every option or argument of the real command tree that completes catalog ids or tags."""
    import typer.main

    from facilitate.cli import _complete, app

    kinds = {
        "topic_ids": "topics",
        "resource_ids": "resources",
        "situation_ids": "situations",
        "topic_tags": "topic-tags",
        "resource_tags": "resource-tags",
        "situation_tags": "situation-tags",
        "preset_ids": "presets",
        "config_keys": "config-keys",
    }
    assert all(hasattr(_complete, name) for name in kinds)

    def original(fn: object) -> str | None:
        # Typer wraps the function it was given; the wrapper's closure holds it.
        for cell in getattr(fn, "__closure__", None) or ():
            inner = cell.cell_contents
            if getattr(inner, "__module__", "") == _complete.__name__:
                return str(inner.__name__)
        return None

    found: dict[tuple[str, ...], dict[str, str]] = {}

    def walk(command: object, path: tuple[str, ...], ctx: object) -> None:
        for param in getattr(command, "params", []):
            fn = original(getattr(param, "_custom_shell_complete", None))
            if fn in kinds:
                names = param.opts if param.param_type_name == "option" else [""]
                for name in names:
                    found.setdefault(path, {})[name] = kinds[fn]  # type: ignore[index]
        if hasattr(command, "list_commands"):
            for name in command.list_commands(ctx):
                sub = command.get_command(ctx, name)
                walk(sub, (*path, name), ctx)

    root = typer.main.get_command(app)
    ctx = root.make_context("facilitate", [], resilient_parsing=True)
    walk(root, (), ctx)
    return found


def test_the_shortcut_table_is_the_command_trees() -> None:
    # The shortcut answers a Tab without building Typer; a command or option that completes
    # ids in Typer but is missing here (or the other way round) fails this test.
    expected = _tree_slots()
    expected[("plan",)] = expected[("season",)]  # the season command's old, hidden name
    assert expected == SLOTS
