"""The template sandbox: models reach templates as plain data."""

from __future__ import annotations

from pathlib import Path

from facilitate.models.workspace import LocalContact
from facilitate.render.env import render
from facilitate.render.sandbox import plain
from tests.conftest import write_tree


def test_models_become_plain_data() -> None:
    value = plain({"c": LocalContact(label="Venue", phone="0100")})
    assert value["c"].label == "Venue"
    assert list(plain([1, "a", None])) == [1, "a", None]


def test_slice_splits_a_list_into_columns(tmp_path: Path) -> None:
    # The agenda's checklist is cut in two this way; jinja2's own do_slice wants the
    # environment as its first argument, so the sandbox calls the plain one.
    template = "{% for c in items | slice(2) %}{{ c | join(',') }};{% endfor %}"
    write_tree(tmp_path, {"t.j2.md": template})
    assert render("t", {"items": [1, 2, 3, 4, 5]}, "md", [tmp_path]) == "1,2,3;4,5;"
