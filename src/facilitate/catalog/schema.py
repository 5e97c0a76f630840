"""JSON Schema for every file a user edits, generated from the models."""

from __future__ import annotations

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
    schema = models[kind].model_json_schema()
    # Editors' YAML language servers expect draft-07; the generated schema uses nothing newer.
    return {"$schema": "http://json-schema.org/draft-07/schema#", **schema}
