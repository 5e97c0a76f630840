"""Option values turned into str, int, bool and Path without building a pydantic adapter each.

Typer 0.29 coerces every option through a pydantic ``TypeAdapter`` that it builds the first
time the option is seen, even when the option was not given. For the agenda's twenty options
that costs more than importing Typer, pydantic, PyYAML and Jinja2 together (see the Typer floor
in ``bench/README.md``). The values this command line takes are plain: text, whole numbers,
flags and paths. This module gives those options a runtime coercion that converts the common,
well-formed value directly and hands anything else to Typer's own coercion, so every value
Typer would accept comes out the same and every value it would refuse is refused with Typer's
own message (``tests/cli/test_coerce.py`` checks both against Typer).

It reaches into two private names of Typer (``_coercion.RuntimeParam`` and the parameter's
``_runtime_param`` slot); ``pyproject.toml`` pins Typer below 0.30 for that reason. If a Typer
release moves them, :func:`speed_up` does nothing and Typer coerces as it always did.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

try:  # pragma: no branch - the pinned Typer has both
    from typer._coercion import RuntimeParam, build_runtime_param
    from typer._param_types import coerce_cli_path
    from typer.core import _TyperParameter
except ImportError:  # pragma: no cover - a Typer without these names coerces as before
    RuntimeParam = None  # type: ignore[assignment,misc]

_INT = re.compile(r"[+-]?[0-9]+")
LEAVES: tuple[type, ...] = (str, int, bool, Path)


class _Slow(Exception):
    """The value is not in the simple form: let Typer coerce it (and word any refusal)."""


def _leaf(annotation: Any) -> tuple[type, bool] | None:
    """(leaf type, is a list) for the annotations handled here, else None."""
    if annotation in LEAVES:
        return annotation, False
    if getattr(annotation, "__origin__", None) is list:
        (item,) = annotation.__args__
        if item in LEAVES:
            return item, True
    return None


if RuntimeParam is not None:

    @dataclass(frozen=True)
    class FastParam(RuntimeParam):
        """Coerces a plain value directly; defers to Typer's coercion for anything else."""

        leaf: type
        many: bool

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            try:
                if self.many:
                    if not isinstance(value, (list, tuple)):
                        raise _Slow
                    return [self._one(item, param, ctx) for item in value]
                return self._one(value, param, ctx)
            except _Slow:
                slow = build_runtime_param(param.type_descriptor)
                return slow._coerce_value(value, param=param, ctx=ctx)

        def _one(self, value: Any, param: Any, ctx: Any) -> Any:
            leaf = self.leaf
            if leaf is bool:
                if isinstance(value, bool):
                    return value
            elif leaf is str:
                if isinstance(value, str):
                    return value
            elif leaf is int:
                number: int | None = None
                if isinstance(value, int) and not isinstance(value, bool):
                    number = value
                elif isinstance(value, str) and _INT.fullmatch(value):
                    try:
                        number = int(value)
                    except ValueError:  # longer than Python converts (4,300 digits)
                        raise _Slow from None
                info = self.parameter_info
                if (
                    number is not None
                    and (info.min is None or number >= info.min)
                    and (info.max is None or number <= info.max)
                    and not info.clamp
                ):
                    return number
            elif isinstance(value, str) and value not in ("", "-"):
                # Checked as the text typed, so a refusal quotes it as typed ('./notes/').
                checked = coerce_cli_path(
                    value, self.parameter_info, path_type=None, param=param, ctx=ctx
                )
                return Path(os.fsdecode(checked))
            raise _Slow


def speed_up(command: Any, ctx: Any) -> None:
    """Give every plain option of a command, its help option included, the direct coercion."""
    if RuntimeParam is None:  # pragma: no cover
        return
    for param in command.get_params(ctx):
        if not isinstance(param, _TyperParameter) or param._runtime_param is not None:
            continue
        descriptor = param.type_descriptor
        info = descriptor.parameter_info
        found = _leaf(descriptor.annotation)
        if found is None or info.parser is not None or descriptor.is_file:
            continue
        if found[0] is Path and info.path_type is not None:
            continue
        param._runtime_param = FastParam(
            parameter_info=info, annotation=descriptor.annotation, leaf=found[0], many=found[1]
        )
