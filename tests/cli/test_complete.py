"""Typer's completion callbacks: ids that start with what was typed, never a traceback."""

from __future__ import annotations

from typing import Any

from facilitate.cli import _complete


class _Root:
    def __init__(self, catalog: Any = None) -> None:
        self.params = {"catalog": catalog, "workspace": None}


class _Context:
    def __init__(self, catalog: Any = None) -> None:
        self.root = _Root(catalog)

    def find_root(self) -> _Root:
        return self.root


def test_topic_ids_start_with_what_was_typed() -> None:
    found = list(_complete.topic_ids(_Context(), "bound"))  # type: ignore[arg-type]
    assert found and all(v.startswith("bound") for v in found)


def test_a_broken_catalog_completes_nothing() -> None:
    broken = _Context(catalog=(object(),))
    assert list(_complete.topic_ids(broken, "")) == []  # type: ignore[arg-type]
