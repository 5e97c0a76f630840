"""The strict YAML reader: positions, YAML 1.2 scalars and refusals."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from facilitate.errors import CatalogError, UserError
from facilitate.storage import yaml as storage_yaml
from facilitate.storage.yaml import decode, parse, read_document


def issue_lines(text: str, file: str = "f.yaml") -> list[str]:
    with pytest.raises(CatalogError) as info:
        parse(text, file)
    return info.value.lines()


def billion_laughs(levels: int = 10, width: int = 10) -> str:
    """The classic alias bomb: each level is a list of `width` aliases to the level before."""
    lines = ['l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for n in range(1, levels):
        aliases = ", ".join([f"*l{n - 1}"] * width)
        lines.append(f"l{n}: &l{n} [{aliases}]")
    return "\n".join(lines) + "\n"


# --- scalars ---------------------------------------------------------------------------------


def test_yaml_1_2_scalars_stay_strings() -> None:
    doc = parse(
        textwrap.dedent(
            """\
            answer: no
            agree: yes
            switch: on
            off_word: Off
            start: 10:30
            count: 1_000
            """
        ),
        "f.yaml",
    )
    assert doc.data == {
        "answer": "no",
        "agree": "yes",
        "switch": "on",
        "off_word": "Off",
        "start": "10:30",
        "count": "1_000",
    }


def test_yaml_1_2_booleans_numbers_and_dates() -> None:
    doc = parse(
        textwrap.dedent(
            """\
            a: true
            b: False
            c: 42
            d: -7
            e: 0x1F
            f: 0o17
            g: 2.5
            h: .5
            i: 1e3
            j: ~
            k: 2026-11-01
            """
        ),
        "f.yaml",
    )
    assert doc.data == {
        "a": True,
        "b": False,
        "c": 42,
        "d": -7,
        "e": 31,
        "f": 15,
        "g": 2.5,
        "h": 0.5,
        "i": 1000.0,
        "j": None,
        "k": dt.date(2026, 11, 1),
    }


def test_leading_zero_is_decimal_not_octal() -> None:
    # YAML 1.2 core schema: 010 is ten; only 0o10 is octal.
    assert parse("a: 010\nb: -010\nc: 0o10\n", "f.yaml").data == {"a": 10, "b": -10, "c": 8}


def test_merge_keys_still_work_and_are_not_duplicates() -> None:
    text = "base: &b {a: 1, b: 2}\nx:\n  <<: *b\n  a: 3\n"
    assert parse(text, "f.yaml").data["x"] == {"a": 3, "b": 2}


def test_a_few_aliases_are_fine() -> None:
    text = "common: &c [one, two]\nfirst: *c\nsecond: *c\n"
    assert parse(text, "f.yaml").data == {
        "common": ["one", "two"],
        "first": ["one", "two"],
        "second": ["one", "two"],
    }


def test_empty_file_gives_no_data() -> None:
    doc = parse("", "f.yaml")
    assert doc.data is None
    assert doc.position(("anything", 0)) == (1, 1)
    assert parse("# only a comment\n", "f.yaml").data is None


# --- positions --------------------------------------------------------------------------------


def test_position_of_a_field_path() -> None:
    text = textwrap.dedent(
        """\
        version: 1
        topics:
          - id: one
            tags: [a, b]
          - id: two
            title: Two
        """
    )
    doc = parse(text, "f.yaml")
    assert doc.position(("topics", 1, "title")) == (6, 12)
    assert doc.position(("topics", 1, "title"), key=True) == (6, 5)
    assert doc.position(("topics", 0, "tags", 1)) == (4, 15)
    # A missing field points at the mapping that lacks it.
    assert doc.position(("topics", 1, "summary")) == (5, 5)


# --- refusals ---------------------------------------------------------------------------------


def test_duplicate_key_names_both_lines() -> None:
    text = "version: 1\nname: A\nnested:\n  x: 1\n  x: 2\n"
    assert issue_lines(text) == ["f.yaml:5:3: duplicate key 'x' (first given on line 4)"]


def test_duplicate_key_in_flow_mapping() -> None:
    assert issue_lines("{a: 1, a: 2}\n") == [
        "f.yaml:1:8: duplicate key 'a' (first given on line 1)"
    ]


def test_python_object_tag_is_refused() -> None:
    text = "ok: 1\nboom: !!python/object/apply:os.system ['echo hacked']\n"
    assert issue_lines(text) == [
        "f.yaml:2:7: the tag !!python/object/apply:os.system is not allowed; "
        "catalogs use plain YAML only"
    ]


def test_python_name_tag_and_custom_tags_are_refused() -> None:
    assert issue_lines("a: !!python/name:os.system ''\n") == [
        "f.yaml:1:4: the tag !!python/name:os.system is not allowed; catalogs use plain YAML only"
    ]
    assert issue_lines("a: !custom 1\n") == [
        "f.yaml:1:4: the tag !custom is not allowed; catalogs use plain YAML only"
    ]


def test_alias_bomb_is_refused_with_a_clear_message() -> None:
    lines = issue_lines(billion_laughs(), "bomb.yaml")
    assert len(lines) == 1
    assert lines[0].startswith("bomb.yaml:1:1: aliases in this file expand to ")
    assert lines[0].endswith("that looks like an alias bomb, so the file was not read")


def test_alias_bomb_fails_fast_in_a_fresh_process(tmp_path: Path) -> None:
    """Through the real command, with a memory cap: an expanded bomb would die or hang."""
    bomb = tmp_path / "topics.yaml"
    bomb.write_text("version: 1\n" + billion_laughs(levels=12), encoding="utf-8")
    code = textwrap.dedent(
        """\
        import resource, sys
        cap = 2 << 30
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
        from facilitate.cli import main
        sys.argv = ["facilitate", "catalog", "validate", sys.argv[1]]
        main()
        """
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, str(bomb)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
        check=False,
    )
    assert proc.returncode == 2, proc.stderr
    assert proc.stdout == ""
    assert proc.stderr.startswith(f"{bomb}:1:1: aliases in this file expand to ")
    assert "alias bomb" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_alias_expansion_limit_is_what_decides() -> None:
    """Just over the bound fails, just under passes: the check counts expanded nodes."""
    width = 1000
    ok = "base: &b [" + ", ".join(["x"] * width) + "]\nuse: [" + ", ".join(["*b"] * 50) + "]\n"
    assert len(parse(ok, "f.yaml").data["use"]) == 50
    too_many = storage_yaml.MAX_ALIAS_EXPANSION // width + 10
    bad = (
        "base: &b [" + ", ".join(["x"] * width) + "]\nuse: [" + ", ".join(["*b"] * too_many) + "]\n"
    )
    assert "alias bomb" in issue_lines(bad)[0]


def test_recursive_alias_is_refused() -> None:
    assert issue_lines("a: &a [1, *a]\n") == ["f.yaml:1:4: an alias refers to itself"]
    assert issue_lines("x:\n  y: &m\n    z: *m\n") == ["f.yaml:2:6: an alias refers to itself"]


def test_deep_nesting_is_refused() -> None:
    # Our own check, below PyYAML's limit: the file's first line and column.
    assert issue_lines("[" * 300 + "]" * 300) == [
        f"f.yaml:1:1: the file nests deeper than {storage_yaml.MAX_DEPTH} levels"
    ]
    # Far deeper: PyYAML 6.0.2 and later refuse it themselves, where it went too deep, with
    # their own words, which facilitate words as its own; older releases reach our check.
    [line] = issue_lines("[" * 5000 + "]" * 5000)
    assert line.endswith(f": the file nests deeper than {storage_yaml.MAX_DEPTH} levels")
    assert line.startswith(("f.yaml:1:1: ", "f.yaml:1:1001: "))


def test_tab_indentation_is_named() -> None:
    assert issue_lines("a:\n\t- b\n") == ["f.yaml:2:1: a tab is used for indentation; use spaces"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "a: [1, 2\nb: 3\n",
            "f.yaml:2:2: YAML syntax: while parsing a flow sequence: "
            "did not find expected ',' or ']'",
        ),
        (
            "d: 2026-02-30\n",
            "f.yaml:1:4: '2026-02-30' is not a real date (day is out of range for month)",
        ),
        (
            "a: b: c\n",
            "f.yaml:1:5: YAML syntax: a colon followed by a space starts a new field here; if "
            'it is part of the text, put the whole text in quotes ("...")',
        ),
        (
            "a: 1\n---\nb: 2\n",
            "f.yaml:2:1: YAML syntax: expected a single document in the stream: "
            "but found another document",
        ),
        (
            'a: "unclosed\n',
            "f.yaml:2:1: YAML syntax: while scanning a quoted scalar: "
            "found unexpected end of stream",
        ),
    ],
)
def test_syntax_errors_have_position_and_words(text: str, expected: str) -> None:
    assert issue_lines(text) == [expected]


def test_non_hashable_key_is_refused() -> None:
    lines = issue_lines("? [1, 2]\n: x\n")
    assert lines == ["f.yaml:1:3: YAML syntax: a mapping key must be a plain value"]


# --- bytes ------------------------------------------------------------------------------------


def _decode_lines(raw: bytes) -> list[str]:
    with pytest.raises(CatalogError) as info:
        decode(raw, "x.yaml")
    return info.value.lines()


def test_non_utf8_byte_is_located() -> None:
    assert _decode_lines(b"version: 1\nname: caf\xe9\n") == [
        "x.yaml:2:10: the file is not UTF-8 text (byte 0xe9); save it as UTF-8 and try again"
    ]


def test_non_utf8_column_counts_characters_not_bytes() -> None:
    # "née" holds a two-byte letter before the bad byte; editors count it as one column.
    assert _decode_lines(b"title: n\xc3\xa9e \xff\n") == [
        "x.yaml:1:12: the file is not UTF-8 text (byte 0xff); save it as UTF-8 and try again"
    ]


def test_utf16_file_is_refused_at_its_first_byte() -> None:
    assert _decode_lines("a: 1\n".encode("utf-16")) == [
        "x.yaml:1:1: the file is not UTF-8 text (byte 0xff); save it as UTF-8 and try again"
    ]


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes("\ufeffname: Zoë\n".encode())
    assert read_document(path).data == {"name": "Zoë"}


def test_read_document_missing_and_folder(tmp_path: Path) -> None:
    with pytest.raises(UserError, match=r"nope\.yaml: no such file$"):
        read_document(tmp_path / "nope.yaml")
    with pytest.raises(UserError, match=r": is a folder, not a file$"):
        read_document(tmp_path)


def test_read_document_uses_display_name(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("a: 1\na: 2\n", encoding="utf-8")
    with pytest.raises(CatalogError) as info:
        read_document(path, display="shown.yaml")
    assert info.value.lines() == ["shown.yaml:2:1: duplicate key 'a' (first given on line 1)"]
