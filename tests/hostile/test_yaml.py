"""Hostile YAML in catalogs and workspace files: one line with FILE:LINE:COL, fast, no traceback."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from facilitate.errors import CatalogError
from facilitate.storage.yaml import MAX_DEPTH, parse
from tests.conftest import Run, write_tree
from tests.hostile.conftest import assert_refused, snapshot, within

# (file text of a user catalog's topics.yaml, words the one refusal line must hold)
CATALOG_CASES = [
    (
        "version: 1\ntopics:\n  - id: a\n    title: 'x\x07y'\n",
        "topics.yaml:4:14: the control character U+0007",
    ),
    ("version: 1\ntopics:\n  - id: a\x00\n", "topics.yaml:3:10: the control character U+0000"),
    ("version: " + "9" * 5000 + "\n", "topics.yaml:1:10: a number with 5,000 digits"),
    ("[" * 5000 + "]" * 5000, f"nests deeper than {MAX_DEPTH} levels"),
    (
        "x: " + "[" * 300 + "]" * 300 + "\n",
        f"topics.yaml:1:1: the file nests deeper than {MAX_DEPTH}",
    ),
    (
        "t: &t '" + "x" * 5000 + "'\nl: [" + ",".join(["*t"] * 3000) + "]\n",
        "looks like an alias bomb",
    ),
    ("a: &a [*a]\n", "topics.yaml:1:"),
    ("version: 1\ntopics: !!python/object:os.system [id]\n", "the tag"),
    ("version: !!int 0x\ntopics: []\n", "topics.yaml:1:10: '0x' cannot be read as !!int"),
    ('version: !!int ""\ntopics: []\n', "cannot be read as !!int"),
    ("version: !!float hello\ntopics: []\n", "cannot be read as !!float"),
    ("version: !!bool maybe\ntopics: []\n", "cannot be read as !!bool"),
    ("version: !!timestamp hello\ntopics: []\n", "cannot be read as !!timestamp"),
]


@pytest.mark.parametrize(("text", "words"), CATALOG_CASES)
def test_hostile_catalog_text_is_one_line(run: Run, tmp_path: Path, text: str, words: str) -> None:
    write_tree(tmp_path, {"cat/topics.yaml": text.encode("utf-8")})
    before = snapshot(tmp_path)
    with within(5.0):
        res = run("--catalog", "cat", "topics", "list")
    assert_refused(res, words)
    assert snapshot(tmp_path) == before


def test_huge_numbers_in_history_do_not_break_log(run: Run, tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "facilitate.yaml": "version: 1\nname: Pier\n",
            "history.yaml": "version: 1\nmeetings:\n  - date: 2026-01-06\n    attendance: "
            + "7" * 4400
            + "\n",
        },
    )
    before = (tmp_path / "history.yaml").read_bytes()
    res = run("log", "--themes", "sleep")
    assert_refused(res, "history.yaml:4:17: a number with 4,400 digits")
    assert (tmp_path / "history.yaml").read_bytes() == before


def test_line_separators_are_ordinary_characters_as_in_yaml_1_2() -> None:
    text = "a: 'one\u2028two'\nb: 'x\u0085y\u2029z'\n"
    assert parse(text, "f.yaml").data == {"a": "one\u2028two", "b": "x\u0085y\u2029z"}
    with pytest.raises(CatalogError) as info:
        parse(text + "c: [\n", "f.yaml")
    assert str(info.value).startswith("f.yaml:4:1: ")  # the line numbers are not shifted


def test_a_fifo_as_a_catalog_file_is_refused_without_blocking(run: Run, tmp_path: Path) -> None:
    (tmp_path / "cat").mkdir()
    os.mkfifo(tmp_path / "cat" / "topics.yaml")
    with within(5.0):
        res = run("--catalog", "cat", "topics", "list")
    assert_refused(res, "topics.yaml: not a plain file")


@pytest.mark.parametrize("kind", ["folder", "dangling link", "fifo"])
def test_a_catalog_file_that_is_not_a_file_is_an_error_not_skipped(
    run: Run, tmp_path: Path, kind: str
) -> None:
    folder = tmp_path / "cat"
    folder.mkdir()
    target = folder / "resources.yaml"
    if kind == "folder":
        target.mkdir()
    elif kind == "fifo":
        os.mkfifo(target)
    else:
        target.symlink_to(tmp_path / "gone.yaml")
    with within(5.0):
        res = run("--catalog", "cat", "resources", "list")
    assert_refused(res, "resources.yaml")


def test_a_workspace_history_given_as_a_folder_is_one_line(run: Run, tmp_path: Path) -> None:
    write_tree(tmp_path, {"facilitate.yaml": "version: 1\nname: Pier\n"})
    (tmp_path / "history.yaml").mkdir()
    res = run("log", "--themes", "sleep")
    assert res.exit_code == 2, res
    assert "Traceback" not in res.stderr


def test_free_text_in_history_prompts_is_refused(run: Run, tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "facilitate.yaml": "version: 1\nname: Pier\n",
            "history.yaml": "version: 1\nmeetings:\n  - date: 2026-01-06\n    prompts:\n"
            "      - Jane told us about her divorce\n",
        },
    )
    res = run("log", "--themes", "sleep")
    assert_refused(res, "history.yaml:5:9")


def test_a_start_date_near_the_end_of_time_is_one_line(run: Run) -> None:
    res = run("season", "--sessions", "8", "--start", "9999-11-01")
    assert_refused(res, "after the year 9999")


def test_a_tag_directive_in_groundrules_is_one_line(run: Run, tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "facilitate.yaml": "version: 1\nname: Pier\n",
            "groundrules.yaml": "%TAG !e! tag:example.com,2000:\n---\nversion: 1\nrules:\n"
            "  - id: confidential\n    text: What is said here stays here.\n"
            "    category: confidentiality\n",
        },
    )
    before = (tmp_path / "groundrules.yaml").read_bytes()
    res = run("groundrules", "add", "We start on time.")
    assert_refused(res, "groundrules.yaml")
    assert (tmp_path / "groundrules.yaml").read_bytes() == before


def test_bytes_that_are_not_utf8_on_the_command_line_are_one_line(run: Run) -> None:
    res = run("log", "--themes", "sleep", "--note", "ok \udcff")
    assert_refused(res, "not UTF-8")
