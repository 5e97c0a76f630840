"""The root command: plain help that lists every command, built lazily, one error handler."""

from __future__ import annotations

from pathlib import Path

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


def _commands_with(option: str) -> list[tuple[str, ...]]:
    """Every command path (``("situations", "cards")``) that takes ``option``."""
    root = get_command(app)
    found: list[tuple[str, ...]] = []

    def walk(group: object, ctx: object, path: tuple[str, ...]) -> None:
        for name in group.list_commands(ctx):  # type: ignore[attr-defined]
            command = group.get_command(ctx, name)  # type: ignore[attr-defined]
            if command is None or command.hidden:
                continue
            if hasattr(command, "list_commands"):
                walk(command, command.make_context(name, [], resilient_parsing=True), (*path, name))
            elif any(option in getattr(p, "opts", ()) for p in command.params):
                found.append((*path, name))

    walk(root, root.make_context("facilitate", [], resilient_parsing=True), ())
    return found


# What each command needs besides --region to do its job.
REGION_ARGS = {
    ("agenda",): ["--topic", "boundaries"],
    ("situations", "show"): ["risk-of-harm"],
    ("situations", "cards"): ["-o", "cards.md"],
    ("groundrules", "render"): [],
    ("resources", "list"): [],
    ("doctor",): [],
    ("init",): ["--group-type", "general", "--name", "Test"],
    ("welcome",): [],
}
G1 = (
    "facilitate: --region 'g1' is not a country code; did you mean 'GB'? (use {extra}two "
    "letters such as US, CA, GB, IE, AU or NZ; UK means GB)\n"
)


def test_every_command_with_a_region_reads_it_the_same_way(run: Run, tmp_path: Path) -> None:
    commands = _commands_with("--region")
    assert sorted(commands) == sorted(REGION_ARGS)  # a new command with --region joins here
    for n, path in enumerate(commands):
        extra = "global, EU, " if path == ("resources", "list") else ""
        folder = tmp_path / f"bad-{n}"
        folder.mkdir()
        bad = run(*path, *REGION_ARGS[path], "--region", "g1", cwd=folder)
        assert (bad.exit_code, bad.stdout, bad.stderr) == (2, "", G1.format(extra=extra)), path
        assert list(folder.iterdir()) == [], path  # nothing written
        folder = tmp_path / f"uk-{n}"
        folder.mkdir()
        good = run(*path, *REGION_ARGS[path], "--region", "UK", cwd=folder)
        assert good.exit_code in (0, 1), (path, good)  # doctor exits 1 with findings
        assert "is not a country code" not in good.stderr, path
        shown = good.stdout + "".join(p.read_text("utf-8") for p in folder.rglob("*.*"))
        assert "GB" in shown or "Samaritans" in shown or "116 123" in shown, path
