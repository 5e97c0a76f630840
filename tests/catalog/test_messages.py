"""Messages from data: field paths, nearest names, and "did you mean"."""

from __future__ import annotations

from facilitate.catalog.messages import closest, did_you_mean, field_path


def test_field_paths_read_like_the_file() -> None:
    assert field_path(["topics", 3, "prompts", 0, "text"]) == "topics[3].prompts[0].text"


def test_the_nearest_name_is_suggested() -> None:
    assert closest("boundry", ["boundaries", "grief", "sleep"]) == ["boundaries"]
    assert did_you_mean("topic", "boundry", ["boundaries", "grief"]) == (
        "no topic 'boundry'; did you mean 'boundaries'?"
    )
