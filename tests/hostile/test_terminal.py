"""Control characters in catalog text never reach a terminal, a Markdown file, HTML or iCalendar."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from facilitate.render.controls import json_safe, visible
from tests.conftest import Run, write_tree

# A window title, a clear screen, an OSC 52 clipboard write, a C1 CSI and a bidi override.
HOSTILE = "\\e]0;pwned\\a\\e[2J\\e]52;c;ZWNobyBoaQ==\\a\\x9b31m\\u202eevil"
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _catalog(root: Path) -> None:
    topics = (Path(__file__).parents[2] / "data" / "topics.yaml").read_text(encoding="utf-8")
    # The built-in "boundaries" topic, retitled with escapes, in a user catalog that layers over.
    start = topics.index("  - id: boundaries")
    end = topics.index("\n  - id: ", start + 1)
    block = topics[start:end]
    title = re.search(r"\n    title: .*", block)
    assert title is not None
    block = block.replace(title.group(0), f'\n    title: "Boundaries {HOSTILE}"')
    # A tag of its own and every group, so a season plan that prefers the tag picks it.
    block = re.sub(r"\n    tags: .*", "\n    tags: [zz-hostile]", block, count=1)
    block = re.sub(r"\n    groups: .*", "\n    groups: [general]", block, count=1)
    write_tree(root, {"cat/topics.yaml": "version: 1\ntopics:\n" + block + "\n"})


COMMANDS = [
    ("topics", "list"),
    ("topics", "show", "boundaries"),
    ("topics", "list", "--json"),
    ("agenda", "--topic", "boundaries"),
    ("agenda", "--topic", "boundaries", "--audience", "members"),
    ("checkin", "--topic", "boundaries"),
    ("season", "--sessions", "3", "--start", "2027-01-05", "--include-tag", "zz-hostile"),
]


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a))
def test_no_raw_control_character_is_printed(
    run: Run, tmp_path: Path, args: tuple[str, ...]
) -> None:
    _catalog(tmp_path)
    res = run("--catalog", "cat", *args)
    assert res.exit_code == 0, res
    assert not RAW.search(res.stdout), res.stdout[:400]
    assert not RAW.search(res.stderr)
    if args[-1] == "--json":
        titles = [t["title"] for t in json.loads(res.stdout) if t["id"] == "boundaries"]
        assert titles and "\x1b" in titles[0]  # a script still gets the exact text


@pytest.mark.parametrize("suffix", ["md", "html", "ics"])
def test_files_carry_no_control_character(run: Run, tmp_path: Path, suffix: str) -> None:
    _catalog(tmp_path)
    if suffix == "ics":
        res = run("--catalog", "cat", "season", "--sessions", "3", "--start", "2027-01-05",
                  "--include-tag", "zz-hostile", "--format", "ics", "-o", "out.ics")  # fmt: skip
    else:
        res = run("--catalog", "cat", "agenda", "--topic", "boundaries", "-o", f"out.{suffix}")
    assert res.exit_code == 0, res
    text = (tmp_path / f"out.{suffix}").read_text(encoding="utf-8")
    assert not RAW.search(text.replace("\r\n", "\n"))
    assert "{U+001B}" in text.replace("\r\n ", "")  # iCalendar folds long lines


def test_an_error_message_that_echoes_a_value_is_made_visible(run: Run) -> None:
    res = run("topics", "show", "no\x1b]0;x\x07pe")
    assert res.exit_code == 2
    assert not RAW.search(res.stderr)
    assert "{U+001B}" in res.stderr


def test_the_marks_are_plain_and_json_keeps_its_data() -> None:
    assert visible("a\x1bb\tc\n") == "a{U+001B}b\tc\n"
    assert visible("\u202e") == "{U+202E}"
    encoded = json_safe(json.dumps({"t": "a\x9b\u202e"}, ensure_ascii=False))
    assert not RAW.search(encoded)
    assert json.loads(encoded) == {"t": "a\x9b\u202e"}


def test_catalog_text_is_never_read_as_rich_markup(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from facilitate.cli import _console

    monkeypatch.setattr(_console, "stdout_is_terminal", lambda: True)
    monkeypatch.setenv("FORCE_COLOR", "1")
    title = "Rules in /tmp/ws\x1b]0;PWNED\x07[blink]x"
    cell = "Evil [link=https://evil.example]click[/link] [blink]x[/blink] [/nope]"
    _console.print_table(title, ["title"], [[cell]])
    out = capsys.readouterr().out
    assert "[link=https://evil.example]" in out  # printed as the text it is
    assert "\x1b]8" not in out and "\x1b]0" not in out and "\x1b[5m" not in out


def test_an_entity_in_catalog_text_stays_text_in_markdown() -> None:
    from facilitate.render.env import md_escape

    assert md_escape("Evil &#x202E;txet") == "Evil \\&#x202E;txet"
    assert md_escape("Q & A") == "Q & A"
