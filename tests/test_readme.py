"""The README stays honest: every command is documented, and CI runs its test command."""

from __future__ import annotations

import re
from pathlib import Path

from typer.main import get_command

from facilitate.cli import app

REPO = Path(__file__).resolve().parents[1]
README = (REPO / "README.md").read_text(encoding="utf-8")


def _commands() -> list[tuple[str, object]]:
    """Every runnable command, found the way --help finds them (the root builds them lazily)."""
    root = get_command(app)
    found: list[tuple[str, object]] = []

    def walk(cmd: object, prefix: str) -> None:
        lister = getattr(cmd, "list_commands", None)
        if lister is None:
            found.append((prefix, cmd))
            return
        ctx = cmd.make_context(prefix or "facilitate", [], resilient_parsing=True)  # type: ignore[attr-defined]
        for name in lister(ctx):
            walk(cmd.get_command(ctx, name), f"{prefix} {name}".strip())  # type: ignore[attr-defined]

    walk(root, "")
    return found


def test_every_command_has_help_text() -> None:
    commands = _commands()
    assert len(commands) >= 25
    for name, cmd in commands:
        help_text = getattr(cmd, "help", None) or ""
        assert len(help_text.strip()) > 20, f"facilitate {name} has no help text"


def test_every_command_appears_in_the_readme() -> None:
    missing = [name for name, _ in _commands() if f"facilitate {name}" not in README]
    assert missing == [], f"commands missing from README.md: {missing}"


def _code_lines() -> list[str]:
    blocks = re.findall(r"```sh\n(.*?)```", README, flags=re.S)
    return [line.strip() for block in blocks for line in block.splitlines() if line.strip()]


def test_the_readme_gives_an_install_and_run_command_and_a_test_command() -> None:
    lines = _code_lines()
    run = [ln for ln in lines if "pip install ." in ln and "facilitate agenda" in ln]
    tests = [ln for ln in lines if ".[test]" in ln and "pytest -q" in ln and " -U " not in ln]
    newest = [ln for ln in lines if ".[test]" in ln and "pytest" in ln and " -U " in ln]
    assert len(run) == 1
    assert run[0].startswith("python3 -m venv .venv")
    assert len(tests) == 1
    assert "-c constraints.txt" in tests[0]  # CI tests the locked versions
    assert len(newest) == 1  # and one documented command tests the newest releases


def _test_command() -> str:
    return next(
        ln for ln in _code_lines() if ".[test]" in ln and "pytest -q" in ln and " -U " not in ln
    )


def test_the_constraints_pin_every_installed_package() -> None:
    pins = [
        ln.split("==")[0].lower()
        for ln in (REPO / "constraints.txt").read_text(encoding="utf-8").splitlines()
        if ln and not ln.startswith("#")
    ]
    assert all(
        "==" in ln
        for ln in (REPO / "constraints.txt").read_text().splitlines()
        if ln and not ln.startswith("#")
    )
    for needed in ("typer", "pydantic", "pyyaml", "jinja2", "textstat", "weasyprint", "pytest"):
        assert needed in pins, needed


def test_ci_runs_exactly_the_readme_test_command() -> None:
    test_command = _test_command()
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert test_command in [ln.strip() for ln in ci]


def test_no_module_imports_click_directly() -> None:
    """Typer vendors Click; importing click would pull in a second copy."""
    for path in (REPO / "src" / "facilitate").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"^\s*(import click|from click)", text, flags=re.M), path
