"""Shared model pieces: strict models, the stage and depth scales, text keys."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from facilitate.models.base import Depth, Stage, text_key
from facilitate.models.workspace import LocalContact


def test_the_scales_are_in_order() -> None:
    assert Stage.FORMING.value == "forming" and list(Stage)[-1].value == "adjourning"
    assert [d.value for d in Depth] == ["light", "medium", "deep"]


def test_text_keys_are_stable() -> None:
    assert text_key("Hello") == text_key("Hello")
    assert text_key("Hello") != text_key("Goodbye")


def test_strict_models_refuse_unknown_keys() -> None:
    with pytest.raises(ValidationError):
        LocalContact.model_validate({"label": "Venue", "colour": "red"})
