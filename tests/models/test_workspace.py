"""Workspace models: a minimal profile and an empty history are valid."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from facilitate.models.workspace import HistoryFile, Profile


def test_minimal_files_are_valid() -> None:
    assert Profile(name="Harbour").name == "Harbour"
    assert HistoryFile().meetings == []


def test_a_profile_refuses_unknown_keys() -> None:
    with pytest.raises(ValidationError):
        Profile.model_validate({"name": "Harbour", "nmae": "typo"})
