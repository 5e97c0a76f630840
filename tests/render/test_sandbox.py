"""The template sandbox: models reach templates as plain data."""

from __future__ import annotations

from facilitate.models.workspace import LocalContact
from facilitate.render.sandbox import plain


def test_models_become_plain_data() -> None:
    value = plain({"c": LocalContact(label="Venue", phone="0100")})
    assert value["c"].label == "Venue"
    assert list(plain([1, "a", None])) == [1, "a", None]
