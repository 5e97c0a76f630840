"""The facilitator script: the shipped script.yaml validates."""

from __future__ import annotations

from facilitate.group.workspace import read_model
from facilitate.models.script import ScriptFile
from facilitate.storage.paths import data_dir


def test_the_shipped_script_validates() -> None:
    script = read_model(data_dir() / "script.yaml", ScriptFile)
    assert script.model_dump()
