"""The root command: plain help that lists every command, built lazily, one error handler."""

from __future__ import annotations

from typer.main import get_command

from facilitate.cli import app
from facilitate.cli._app import LAZY_COMMANDS, short_help
from tests.conftest import Run


def test_help_lists_every_command_with_its_first_sentence(run: Run) -> None:
    result = run("--help")
    assert result.exit_code == 0
    text = " ".join(result.stdout.split())
    for name in LAZY_COMMANDS:
        assert f" {name} " in text
        assert short_help(name)[:40] in text, name
    assert "╭" not in result.stdout  # plain help: Rich's boxes cost more than the budget


def test_every_commands_help_is_plain_text(run: Run) -> None:
    for name in LAZY_COMMANDS:
        result = run(name, "--help")
        assert result.exit_code == 0, name
        assert "╭" not in result.stdout, name
        assert result.stdout.startswith(f"Usage: facilitate {name} "), name


def test_short_help_matches_the_built_command() -> None:
    root = get_command(app)
    ctx = root.make_context("facilitate", [], resilient_parsing=True)
    for name in LAZY_COMMANDS:
        command = root.get_command(ctx, name)  # type: ignore[attr-defined]
        built = " ".join((command.help or "").split("\n\n")[0].split())
        assert built == short_help(name), name


def test_running_one_command_builds_only_that_command() -> None:
    root = get_command(app)
    ctx = root.make_context("facilitate", [], resilient_parsing=True)
    assert root.get_command(ctx, "agenda") is not None  # type: ignore[attr-defined]
    assert list(root.commands) == ["agenda"]  # type: ignore[attr-defined]
    assert root.get_command(ctx, "no-such-command") is None  # type: ignore[attr-defined]


def test_an_unknown_command_is_a_usage_error(run: Run) -> None:
    result = run("agneda")
    assert result.exit_code == 2
    assert "No such command 'agneda'" in result.stderr


def test_sub_groups_have_no_completion_options_of_their_own(run: Run) -> None:
    result = run("topics", "--help")
    assert result.exit_code == 0
    assert "--install-completion" not in result.stdout
    assert "list" in result.stdout and "show" in result.stdout
