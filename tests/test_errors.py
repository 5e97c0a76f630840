"""The error tree: issues print as FILE:LINE:COL, OS errors in plain words."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import facilitate
from facilitate.errors import CatalogError, Issue, UserError, cannot, field_ref


def test_catalog_errors_are_user_errors_with_one_line_per_issue() -> None:
    error = CatalogError([Issue("f.yaml", 2, 3, "bad")])
    assert isinstance(error, UserError)
    assert error.lines() == ["f.yaml:2:3: bad"]


def test_os_errors_in_plain_words() -> None:
    assert cannot(OSError(28, "No space left on device")) == "no space left on device"


def test_a_field_in_a_message_is_its_name_until_a_front_end_words_it() -> None:
    error = UserError(f"{field_ref('start')} 25:00: use a 24-hour time; see {field_ref('seed')}")
    assert str(error) == "start 25:00: use a 24-hour time; see seed"
    assert error.lines(lambda name: f"--{name}") == [
        "--start 25:00: use a 24-hour time; see --seed"
    ]
    issue = CatalogError([Issue("f.yaml", 1, 1, f"use {field_ref('force')}")])
    assert issue.lines(str.upper) == ["f.yaml:1:1: use FORCE"]


OPTION = re.compile(r"(?<![\w-])--[a-z][a-z-]*")


def _strings(tree: ast.AST) -> list[tuple[int, str]]:
    """Every string the module builds, docstrings left out, f-strings with {} for values.

    The parts of an f-string that spells a whole command ("facilitate ...") belong to it.
    """
    docs = {
        id(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
    }
    inner: set[int] = set()
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            inner.update(id(n) for n in ast.walk(node) if n is not node)
            text = "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
            found.append((node.lineno, str(text)))
    for node in ast.walk(tree):
        plain = isinstance(node, ast.Constant) and isinstance(node.value, str)
        if plain and id(node) not in docs | inner:
            found.append((node.lineno, str(getattr(node, "value", ""))))
    return found


def test_no_module_outside_the_cli_names_a_command_line_option() -> None:
    # The core names fields (errors.field_ref); cli/ words them as options. A whole command
    # line to type ("facilitate groundrules add ... --category ...") is advice, not a name.
    root = Path(facilitate.__file__).parent
    offenders = []
    for path in sorted(root.rglob("*.py")):
        if path.relative_to(root).parts[0] == "cli":
            continue
        for line, text in _strings(ast.parse(path.read_text("utf-8"))):
            for match in OPTION.finditer(text):
                if "facilitate " not in text[: match.start()]:
                    offenders.append(f"{path.relative_to(root)}:{line}: {match.group()}")
    assert offenders == []
