"""Where the templates, data and cache live."""

from __future__ import annotations

from pathlib import Path

import pytest

from facilitate.storage.paths import cache_dir, data_dir, templates_dir


def test_the_checkout_folders_are_found() -> None:
    assert (data_dir() / "topics.yaml").is_file()
    assert any(templates_dir().glob("*.j2.md"))


def test_a_relative_cache_home_is_ignored(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")
    assert cache_dir() == Path.home() / ".cache" / "facilitate"
    monkeypatch.setenv("XDG_CACHE_HOME", "/somewhere")
    assert cache_dir() == Path("/somewhere/facilitate")
