"""The round-trip editor: comments above an item move with it; the check guards the save."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel

from facilitate.errors import Issue
from facilitate.storage.editor import ListDocument
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
