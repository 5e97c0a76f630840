"""Turn pydantic's validation errors into plain words with a YAML position."""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from facilitate.errors import Issue
from facilitate.storage.yaml import Document


def field_path(loc: Sequence[str | int]) -> str:
    """``('topics', 3, 'discussion', 0)`` becomes ``topics[3].discussion[0]``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _node_at(doc: Document, loc: Sequence[str | int]) -> yaml.Node | None:
    node = doc.root
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                if isinstance(k, yaml.ScalarNode) and k.value == str(part):
                    node = v
                    break
            else:
                return None
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if not 0 <= part < len(node.value):
                return None
            node = node.value[part]
        else:
            return None
    return node


def _given(doc: Document, loc: Sequence[str | int]) -> str | None:
    node = _node_at(doc, loc)
    if isinstance(node, yaml.ScalarNode):
        value = str(node.value)
        return value if len(value) <= 60 else value[:57] + "..."
    return None


def _model_at(model: type[BaseModel], loc: Sequence[str | int]) -> type[BaseModel] | None:
    """The model class that owns the field at loc (for listing allowed field names)."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        fields = getattr(current, "model_fields", None)
        if not fields or part not in fields:
            return None
        annotation = fields[part].annotation
        current = _unwrap(annotation)
        if current is None:
            return None
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _unwrap(annotation: Any) -> Any:
    args = getattr(annotation, "__args__", None)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in args or ():
        found = _unwrap(arg)
        if found is not None:
            return found
    return None


def _plain(err: dict[str, Any], doc: Document, model: type[BaseModel]) -> tuple[str, bool]:
    """The message in plain words, and whether it should point at the key rather than value."""
    kind = err["type"]
    loc = tuple(err["loc"])
    ctx = err.get("ctx") or {}
    given = _given(doc, loc)
    name = str(loc[-1]) if loc else "value"
    if kind == "missing":
        return f"missing field '{name}'", False
    if kind == "extra_forbidden":
        owner = _model_at(model, loc[:-1])
        hint = ""
        if owner is not None:
            close = difflib.get_close_matches(name, list(owner.model_fields), n=1)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            allowed = ", ".join(owner.model_fields)
            return f"unknown field '{name}'{hint} (allowed: {allowed})", True
        return f"unknown field '{name}'", True
    if kind == "string_pattern_mismatch":
        pattern = str(ctx.get("pattern", ""))
        shown = f"'{given}' " if given is not None else ""
        if "a-z0-9" in pattern:
            return (
                f"{shown}is not a valid id or tag: use lowercase letters, digits and single "
                "hyphens, like 'trust-after-betrayal'",
                False,
            )
        if "global" in pattern:
            return (
                f"{shown}is not a region: use 'global' or a two-letter country code in capitals "
                "(US, CA, GB, IE, AU, NZ)",
                False,
            )
        if "https?" in pattern:
            return f"{shown}is not a web address: it must start with https:// or http://", False
        return f"{shown}does not have the expected form", False
    if kind in ("enum", "literal_error"):
        expected = str(ctx.get("expected", "")).replace("'", "")
        shown = f"'{given}'" if given is not None else "this value"
        if name == "version":
            return "version must be 1 (the only catalog format so far)", False
        return f"{shown} is not allowed here; use one of: {expected}", False
    if kind in ("greater_than", "greater_than_equal"):
        bound = ctx.get("gt", ctx.get("ge"))
        word = "more than" if kind == "greater_than" else "at least"
        return f"must be {word} {bound}", False
    if kind in ("less_than", "less_than_equal"):
        bound = ctx.get("lt", ctx.get("le"))
        return f"must be at most {bound}", False
    if kind == "too_short":
        need = ctx.get("min_length", 1)
        return f"needs at least {need} item{'s' if need != 1 else ''}", False
    if kind == "string_too_short":
        return "must not be empty", False
    if kind == "string_too_long":
        return f"is too long (at most {ctx.get('max_length')} characters)", False
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return "must be a whole number", False
    if kind in ("bool_parsing", "bool_type"):
        return "must be true or false", False
    if kind.startswith("date") or kind.startswith("datetime"):
        return "must be a date written as YYYY-MM-DD, such as 2026-11-01", False
    if kind.startswith("time"):
        return 'must be a clock time in quotes, such as "18:30"', False
    if kind == "string_type":
        return "must be text (put it in quotes if it looks like a number or date)", False
    if kind == "list_type":
        return "must be a list (items starting with '- ')", False
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return "must be a mapping of fields (key: value lines)", False
    if kind == "value_error":
        return str(err.get("msg", "")).removeprefix("Value error, "), False
    return str(err.get("msg", kind)), False


def validation_issues(exc: ValidationError, doc: Document, model: type[BaseModel]) -> list[Issue]:
    """One issue per pydantic error, each at the YAML position it came from."""
    issues = []
    for err in exc.errors(include_input=False, include_url=False):
        loc = tuple(err["loc"])
        message, at_key = _plain(dict(err), doc, model)
        line, column = doc.position(loc, key=at_key)
        issues.append(Issue(doc.file, line, column, message, field_path(loc)))
    return issues


def closest(word: str, choices: Sequence[str], n: int = 3) -> list[str]:
    return difflib.get_close_matches(word, list(choices), n=n, cutoff=0.5)


def did_you_mean(kind: str, word: str, choices: Sequence[str]) -> str:
    near = closest(word, choices)
    if near:
        return f"no {kind} '{word}'; did you mean {' or '.join(repr(c) for c in near)}?"
    return f"no {kind} '{word}'"
