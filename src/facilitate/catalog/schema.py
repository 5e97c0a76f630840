"""JSON Schema for every file a user edits, generated from the models."""

from __future__ import annotations

import ast
import functools
import inspect
import itertools
import textwrap
from typing import Any

from facilitate.errors import UserError


def json_schema(kind: str) -> dict[str, Any]:
    from pydantic import BaseModel

    from facilitate.catalog.loader import KINDS
    from facilitate.catalog.messages import did_you_mean
    from facilitate.models.workspace import GroundRulesFile, HistoryFile, Profile

    models: dict[str, type[BaseModel]] = {name: k.model for name, k in KINDS.items()}
    models.update(profile=Profile, groundrules=GroundRulesFile, history=HistoryFile)
    if kind not in models:
        raise UserError(did_you_mean("schema", kind, list(models)))
    _describe_fields()
    schema = models[kind].model_json_schema()
    # Editors' YAML language servers expect draft-07; the generated schema uses nothing newer.
    return {"$schema": "http://json-schema.org/draft-07/schema#", **schema}


def attribute_docs(cls: type) -> dict[str, str]:
    """The docstring written under each field of a class body, by field name.

    Empty when the source cannot be read (an install without ``.py`` files): the schema then
    has no descriptions, as pydantic's own ``use_attribute_docstrings`` would do.
    """
    try:
        source = inspect.getsource(cls)
    except (OSError, TypeError):
        return {}
    tree = ast.parse(textwrap.dedent(source))
    body = tree.body[0].body if isinstance(tree.body[0], ast.ClassDef) else []
    docs: dict[str, str] = {}
    for node, after in itertools.pairwise(body):
        if (
            isinstance(node, ast.AnnAssign)
            and isinstance(node.target, ast.Name)
            and isinstance(after, ast.Expr)
            and isinstance(after.value, ast.Constant)
            and isinstance(after.value.value, str)
        ):
            docs[node.target.id] = inspect.cleandoc(after.value.value)
    return docs


@functools.cache
def _describe_fields() -> None:
    """Give each model field its docstring as a description, once per process.

    Pydantic can do this when a class is made (``use_attribute_docstrings``), but reading the
    source of every model then costs every command more than the rest of its start-up; only
    the schema needs the words, so they are added here and the validators rebuilt with them.
    """
    from facilitate.models.base import Strict

    classes: list[type[Strict]] = []
    pending: list[type[Strict]] = [Strict]
    while pending:
        cls = pending.pop(0)
        classes.append(cls)
        pending.extend(cls.__subclasses__())
    for cls in classes:
        docs = attribute_docs(cls)
        for name, info in cls.model_fields.items():
            if info.description is None and name in docs:
                info.description = docs[name]
    # Rebuild in the order the classes were defined, so a model's schema embeds the
    # descriptions of the models inside it.
    for cls in sorted(classes, key=lambda c: (c.__module__, _line(c))):
        cls.model_rebuild(force=True)


def _line(cls: type) -> int:
    try:
        return inspect.getsourcelines(cls)[1]
    except (OSError, TypeError):
        return 0
