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


@pytest.mark.parametrize(
    ("given", "kept"), [("18:30", "18:30"), ("9:05", "09:05"), ("1830", "18:30")]
)
def test_a_profile_start_is_kept_as_hh_mm(given: str, kept: str) -> None:
    assert Profile(name="Harbour", start=given).start == kept
    assert Profile(name="Harbour").start is None


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("25:00", "'25:00' is not a time of day: use a 24-hour time such as \"18:30\""),
        (1830, 'must be a 24-hour time in quotes, such as "18:30"'),
        ("evening", "'evening' is not a time of day"),
    ],
)
def test_a_profile_start_that_is_not_a_time_is_refused(value: object, message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        Profile.model_validate({"name": "Harbour", "start": value})
    errors = caught.value.errors()
    assert [e["loc"] for e in errors] == [("start",)]
    assert message in errors[0]["msg"]
