"""Shell completion of topic ids, resource ids and tags, from a cache that notices edits."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from facilitate.catalog import open_catalog
from facilitate.catalog.query import all_tags
from facilitate.cli import completion
from facilitate.cli.completion import _CACHE_VERSION, cache_dir, completion_values


def user_topic(topic_id: str, tag: str) -> str:
    return textwrap.dedent(
        f"""\
        version: 1
        topics:
          - id: {topic_id}
            title: A topic of our own
            summary: A short summary for members.
            tags: [{tag}]
            groups: [general]
            stages: [forming]
            depth: light
            check_in: ["What is one word for today?"]
            discussion:
              - prompt: What helps you most right now?
            check_out: ["What will you take with you?"]
        """
    )


class BuildCounter:
    """Wraps the real cache builder and counts how often it runs."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls = 0
        self._real = completion._build
        monkeypatch.setattr(completion, "_build", self)

    def __call__(self, folders: list[Path]) -> dict[str, list[str]]:
        self.calls += 1
        return self._real(folders)


def test_values_come_from_the_catalog(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    catalog = open_catalog()
    assert completion_values("topics") == sorted(catalog.topics.items)
    assert "boundaries" in completion_values("topics")
    assert completion_values("resources") == sorted(catalog.resources.items)
    assert "workplace-bullying-institute" in completion_values("resources")
    assert completion_values("topic-tags") == all_tags(catalog.topics.values())
    assert "bullying" in completion_values("resource-tags")
    assert completion_values("situations") == sorted(catalog.situations.items)
    assert completion_values("presets") == sorted(catalog.presets.items)
    assert completion_values("nothing-like-this") == []


def test_cache_is_reused_while_files_are_unchanged(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, fresh_cache: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    counter = BuildCounter(monkeypatch)
    first = completion_values("topics")
    assert counter.calls == 1
    [cache_file] = cache_dir().glob("completion-*.json")
    assert json.loads(cache_file.read_text("utf-8"))["values"]["topics"] == first
    assert completion_values("topics") == first
    assert completion_values("resource-tags")
    assert counter.calls == 1


def test_cache_is_rebuilt_when_a_catalog_file_changes(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    mine = tmp_path / "mine"
    mine.mkdir()
    topics = mine / "topics.yaml"
    topics.write_text(user_topic("our-first-topic", "first-tag"), encoding="utf-8")
    counter = BuildCounter(monkeypatch)

    assert "our-first-topic" in completion_values("topics", mine)
    assert "first-tag" in completion_values("topic-tags", mine)
    assert counter.calls == 1

    # Modified content: rebuilt, and the new id replaces the old one.
    topics.write_text(user_topic("our-second-topic", "second-tag"), encoding="utf-8")
    values = completion_values("topics", mine)
    assert counter.calls == 2
    assert "our-second-topic" in values
    assert "our-first-topic" not in values
    assert completion_values("topic-tags", mine).count("second-tag") == 1
    assert counter.calls == 2

    # Touched only (same size, new time): rebuilt too.
    stat = topics.stat()
    os.utime(topics, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))
    assert "our-second-topic" in completion_values("topics", mine)
    assert counter.calls == 3

    # A file added to the folder counts as a change.
    (mine / "resources.yaml").write_text(
        "version: 1\nresources:\n  - id: our-own-book\n    title: Our book\n    kind: book\n"
        "    region: global\n    audience: everyone\n    description: A book we like.\n",
        encoding="utf-8",
    )
    assert "our-own-book" in completion_values("resources", mine)
    assert counter.calls == 4


def test_environment_catalog_and_workspace_are_layered(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "topics.yaml").write_text(user_topic("from-env", "env-tag"), encoding="utf-8")
    group = tmp_path / "group"
    group.mkdir()
    (group / "facilitate.yaml").write_text("version: 1\nname: Test group\n", encoding="utf-8")
    (group / "topics.yaml").write_text(user_topic("from-group", "group-tag"), encoding="utf-8")
    monkeypatch.chdir(group)
    monkeypatch.setenv("FACILITATE_CATALOG", str(mine))
    values = completion_values("topics")
    assert {"from-env", "from-group", "boundaries"} <= set(values)


def test_broken_user_file_does_not_break_completion(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "topics.yaml").write_text("version: 1\ntopics: [\n", encoding="utf-8")
    assert completion_values("topics", mine) == []
    assert "workplace-bullying-institute" in completion_values("resources", mine)


def test_unreadable_cache_is_rebuilt(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, fresh_cache: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    completion_values("topics")
    [cache_file] = cache_dir().glob("completion-*.json")
    cache_file.write_text("{not json", encoding="utf-8")
    counter = BuildCounter(monkeypatch)
    assert "boundaries" in completion_values("topics")
    assert counter.calls == 1
    assert json.loads(cache_file.read_text("utf-8"))["version"] == _CACHE_VERSION


def _complete(words: str, cword: int, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    script = Path(sys.executable).with_name("facilitate")
    assert script.is_file(), f"no facilitate script next to {sys.executable}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("FACILITATE_")}
    env.update(
        _FACILITATE_COMPLETE="complete_bash",
        COMP_WORDS=words,
        COMP_CWORD=str(cword),
        XDG_CACHE_HOME=str(tmp_path / "cache"),
    )
    return subprocess.run(
        [str(script)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=60,
        check=False,
    )


def test_real_shell_completion_of_a_topic_id(tmp_path: Path) -> None:
    proc = _complete("facilitate topics show bou", 3, tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["boundaries"]
    assert proc.stderr == ""
    # The second Tab is served from the cache the first one wrote.
    assert list((tmp_path / "cache" / "facilitate").glob("completion-*.json"))
    again = _complete("facilitate topics show bou", 3, tmp_path)
    assert again.stdout.split() == ["boundaries"]


def test_real_shell_completion_of_tags_and_resources(tmp_path: Path) -> None:
    tags = _complete("facilitate resources list --tag bully", 4, tmp_path)
    assert tags.returncode == 0, tags.stderr
    assert "bullying" in tags.stdout.split()
    assert all(word.startswith("bully") for word in tags.stdout.split())
    ids = _complete("facilitate resources show workplace-bullying-i", 3, tmp_path)
    assert ids.stdout.split() == ["workplace-bullying-institute"]


def test_real_shell_completion_sees_the_catalog_option(tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "topics.yaml").write_text(user_topic("bounce-back", "resilience"), encoding="utf-8")
    proc = _complete(f"facilitate --catalog {mine} topics show bou", 5, tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert sorted(proc.stdout.split()) == ["bounce-back", "boundaries"]
