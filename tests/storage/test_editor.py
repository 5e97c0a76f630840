"""The round-trip editor: comments above an item move with it; the check guards the save."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import BaseModel

from facilitate.errors import Issue, UserError
from facilitate.storage.editor import ListDocument, MappingDocument
from facilitate.storage.yaml import Document


class Items(BaseModel):
    rules: list[dict[str, str]]


def check(doc: Document) -> tuple[Items | None, list[Issue]]:
    return Items.model_validate(doc.data), []


TEXT = "rules:\n# about a\n- id: a\n# about b\n- id: b\n"


def test_moving_an_item_takes_its_comment_along(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_text(TEXT, encoding="utf-8")
    doc = ListDocument(path, "f.yaml", TEXT, check, Items)
    assert doc.ids() == ["a", "b"]
    doc.entries.insert(0, doc.release(doc.index("b")))
    doc.save(lambda model: [r["id"] for r in model.rules] == ["b", "a"])
    assert path.read_text(encoding="utf-8") == "rules:\n# about b\n- id: b\n# about a\n- id: a\n"


class Settings(BaseModel):
    name: str
    size: int | None = None
    items: list[dict[str, str]] = []


def check_settings(doc: Document) -> tuple[Settings | None, list[Issue]]:
    return Settings.model_validate(doc.data), []


SETTINGS = "# top\nname: a  # own\n# above items\nitems:\n- id: x\n# above y\n- id: y\n# last\n"


def test_a_mapping_keeps_its_comments_where_keys_come_and_go(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(SETTINGS, encoding="utf-8")
    doc = MappingDocument(path, "s.yaml", SETTINGS, check_settings, Settings)
    doc.put(doc.data, "size", 3, ["name", "size", "items"])  # a new key: the comment stays below
    doc.append(doc.data["items"], {"id": "z"})  # the last lines stay at the end
    doc.remove(doc.data["items"], 0)  # the comment above y stays above y
    doc.save(lambda m: m.size == 3 and [i["id"] for i in m.items] == ["y", "z"])
    assert path.read_text(encoding="utf-8") == (
        "# top\nname: a  # own\nsize: 3\n# above items\nitems:\n# above y\n- id: y\n- id: z\n"
        "# last\n"
    )


def test_a_mapping_change_that_reads_back_wrong_is_not_saved(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(SETTINGS, encoding="utf-8")
    doc = MappingDocument(path, "s.yaml", SETTINGS, check_settings, Settings)
    doc.put(doc.data, "size", 3, ["name", "size", "items"])
    with pytest.raises(UserError, match="could not be made safely"):
        doc.save(lambda m: m.size == 4)
    assert path.read_text(encoding="utf-8") == SETTINGS
