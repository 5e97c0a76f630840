"""`facilitate catalog validate|stats`, the global options, and `python -m facilitate`."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

from facilitate import __version__
from facilitate.catalog import open_catalog
from tests.conftest import Run

Tree = Callable[[Mapping[str, str | bytes]], Path]

GOOD_TOPICS = """\
    version: 1
    topics:
      - id: small-steps
        title: Small steps
        summary: We talk about the small steps that help.
        groups: [general]
        stages: [forming]
        depth: light
        check_in: ["What is one small thing that went well?"]
        discussion:
          - prompt: What helps you take a first step?
        check_out: ["What will you take with you?"]
        resources: [our-local-centre, workplace-bullying-institute]
    """

GOOD_RESOURCES = """\
    version: 1
    resources:
      - id: our-local-centre
        title: Our local centre
        kind: organisation
        region: GB
        audience: members
        description: A centre near us with drop-in hours.
    """

NOT_A_CATALOG = (
    "not a catalog file: expected one of 'topics:', 'resources:', 'situations:', 'prompts:', "
    "'presets:' at the top"
)

# name, content, the one line expected on stderr
MALFORMED: list[tuple[str, str | bytes, str]] = [
    (
        "topics.yaml",
        "version: 1\ntopics: []\ntopics: []\n",
        "topics.yaml:3:1: duplicate key 'topics' (first given on line 2)",
    ),
    (
        "topics.yaml",
        "version: 1\ntopics:\n\t- id: x\n",
        "topics.yaml:3:1: a tab is used for indentation; use spaces",
    ),
    (
        "resources.yaml",
        b"version: 1\n# caf\xe9 list\nresources: []\n",
        "resources.yaml:2:6: the file is not UTF-8 text (byte 0xe9); save it as UTF-8 and try "
        "again",
    ),
    (
        "topics.yaml",
        "version: 1\ntopics: !!python/object/apply:os.system ['ls']\n",
        "topics.yaml:2:9: the tag !!python/object/apply:os.system is not allowed; catalogs use "
        "plain YAML only",
    ),
    (
        "topics.yaml",
        "version: 1\ntopics: &t [*t]\n",
        "topics.yaml:2:9: an alias refers to itself",
    ),
    (
        "topics.yaml",
        "version: 1\ntopics: [\n",
        "topics.yaml:3:1: YAML syntax: while parsing a flow node: did not find expected node "
        "content",
    ),
    (
        "topics.yaml",
        "",
        "topics.yaml:1:1: the file is empty; it needs 'version: 1' and 'topics:'",
    ),
    (
        "topics.yaml",
        "version: 2\ntopics: []\n",
        "topics.yaml:1:10: version must be 1 (the only catalog format so far) (version)",
    ),
    (
        "topics.yaml",
        "version: 1\ntopic: []\n",
        "topics.yaml:2:1: unknown field 'topic'; did you mean 'topics'? (allowed: version, "
        "topics) (topic)",
    ),
    (
        "resources.yaml",
        "version: 1\nresources:\n  - id: x\n    title: X\n    kind: book\n    region: XX\n"
        "    audience: everyone\n    description: A book.\n",
        "resources.yaml:6:13: 'XX' is not a country code (use global, EU, two letters such as "
        "US, CA, GB, IE, AU or NZ; UK means GB) (resources[0].region)",
    ),
    ("notes.yaml", "a: 1\n", f"notes.yaml:1:1: {NOT_A_CATALOG}"),
    ("list.yaml", "- a\n- b\n", f"list.yaml:1:1: {NOT_A_CATALOG}"),
    (
        "topics.yaml",
        GOOD_TOPICS.replace("    ", "", 1).replace("\n    ", "\n"),
        "topics.yaml:13:17: no resource 'our-local-centre' (topics[0].resources[0])",
    ),
    (
        "facilitate.yaml",
        "version: 1\nname: Test group\nregion: XX\n",
        "facilitate.yaml:3:9: 'XX' is not a country code (use global, EU, two letters such as "
        "US, CA, GB, IE, AU or NZ; UK means GB) (region)",
    ),
    (
        "facilitate.yaml",
        "version: 1\nnme: Test group\n",
        "facilitate.yaml:1:1: missing field 'name' (name)",
    ),
]


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    MALFORMED,
    ids=[f"{i}-{case[0]}" for i, case in enumerate(MALFORMED)],
)
def test_validate_malformed_file(
    run: Run, tree: Tree, name: str, content: str | bytes, expected: str
) -> None:
    tree({name: content})
    res = run("catalog", "validate", name)
    assert res.exit_code == 2, res
    assert res.stdout == ""
    lines = res.stderr.splitlines()
    assert lines[0] == expected
    assert "Traceback" not in res.stderr
    assert all(re.match(rf"{re.escape(name)}:\d+:\d+: ", line) for line in lines), lines


def test_validate_profile_reports_every_problem(run: Run, tree: Tree) -> None:
    tree({"facilitate.yaml": "version: 1\nnme: Test group\n"})
    res = run("catalog", "validate", "facilitate.yaml")
    assert res.stderr.splitlines() == [
        "facilitate.yaml:1:1: missing field 'name' (name)",
        "facilitate.yaml:2:1: unknown field 'nme'; did you mean 'name'? (allowed: version, "
        "name, group_type, region, minutes, start, size, online, stage, preset, paper, venue, "
        "access, local_contacts, backup, meeting_format, share_minutes, purpose, "
        "facilitator_role, meets) (nme)",
    ]


def test_validate_missing_file_and_empty_folder(run: Run, tmp_path: Path) -> None:
    res = run("catalog", "validate", "missing.yaml")
    assert (res.exit_code, res.stdout) == (2, "")
    assert res.stderr == "facilitate: missing.yaml: no such file\n"
    (tmp_path / "empty").mkdir()
    res = run("catalog", "validate", "empty")
    assert (res.exit_code, res.stdout) == (2, "")
    assert res.stderr == (
        "facilitate: empty: no catalog files here (topics, resources, situations, prompts, "
        "presets .yaml)\n"
    )


def test_validate_several_files_reports_all(run: Run, tree: Tree) -> None:
    tree(
        {
            "a/topics.yaml": "version: 1\ntopics: []\ntopics: []\n",
            "b/resources.yaml": "version: 3\nresources: []\n",
            "c/resources.yaml": GOOD_RESOURCES,
        }
    )
    res = run("catalog", "validate", "b/resources.yaml", "c/resources.yaml", "a/topics.yaml")
    assert res.exit_code == 2
    assert res.stdout == ""
    assert res.stderr.splitlines() == [
        "a/topics.yaml:3:1: duplicate key 'topics' (first given on line 2)",
        "b/resources.yaml:1:10: version must be 1 (the only catalog format so far) (version)",
    ]


def test_validate_good_files(run: Run, tree: Tree) -> None:
    tree({"mine/topics.yaml": GOOD_TOPICS, "mine/resources.yaml": GOOD_RESOURCES})
    res = run("catalog", "validate", "mine/resources.yaml")
    assert res.exit_code == 0, res
    assert res.stdout == "ok: 1 files, 1 resources; no problems found\n"
    assert res.stderr == ""
    # A topics file's references are found in the built-in catalog and beside it.
    res = run("catalog", "validate", "mine/topics.yaml")
    assert res.exit_code == 0, res
    assert res.stdout == "ok: 1 files, 1 topics; no problems found\n"
    res = run("catalog", "validate", "mine")
    assert res.exit_code == 0, res
    assert res.stdout == "ok: 2 files, 1 topics, 1 resources; no problems found\n"


def test_validate_folder_cross_checks_references(run: Run, tree: Tree) -> None:
    tree({"mine/topics.yaml": GOOD_TOPICS})
    res = run("catalog", "validate", "mine")
    assert res.exit_code == 2
    assert res.stdout == ""
    assert res.stderr == (
        "mine/topics.yaml:13:17: no resource 'our-local-centre' (topics[0].resources[0])\n"
    )


def test_validate_the_layered_catalog(run: Run) -> None:
    res = run("catalog", "validate")
    assert res.exit_code == 0, res
    assert res.stderr == ""
    counts = open_catalog().check()
    parts = ", ".join(f"{n} {k}" for k, n in counts.items())
    assert res.stdout == f"ok: 5 files, {parts}; no problems found\n"
    assert len(res.stdout.splitlines()) == 1


def test_validate_layers_a_user_catalog_and_workspace(run: Run, tree: Tree, tmp_path: Path) -> None:
    tree(
        {
            "mine/resources.yaml": GOOD_RESOURCES,
            "group/facilitate.yaml": "version: 1\nname: Test group\n",
            "group/topics.yaml": GOOD_TOPICS,
        }
    )
    res = run("--catalog", "../mine", "catalog", "validate", cwd=tmp_path / "group")
    assert res.exit_code == 0, res
    assert res.stdout.startswith("ok: 7 files, ")
    broken = run("catalog", "validate", cwd=tmp_path / "group")
    assert broken.exit_code == 2
    assert broken.stdout == ""
    assert broken.stderr.endswith(
        "topics.yaml:13:17: no resource 'our-local-centre' (topics[0].resources[0])\n"
    )


def test_validate_broken_user_catalog(run: Run, tree: Tree) -> None:
    tree({"mine/resources.yaml": "version: 1\nresources:\n  - id: Bad\n"})
    res = run("--catalog", "mine", "catalog", "validate")
    assert res.exit_code == 2
    assert res.stdout == ""
    lines = res.stderr.splitlines()
    assert lines[0] == ("mine/resources.yaml:3:5: missing field 'title' (resources[0].title)")
    assert all(line.startswith("mine/resources.yaml:3:") for line in lines)
    # Topics and situations refer to resources, so they fail with it: each problem once.
    assert len(lines) == len(set(lines)) >= 5


def test_validate_json(run: Run, tree: Tree) -> None:
    res = run("catalog", "validate", "--json")
    assert res.exit_code == 0, res
    data = json.loads(res.stdout)
    assert data["ok"] is True
    assert data["counts"] == open_catalog().check()
    assert len(data["files"]) == 5

    tree({"topics.yaml": "version: 1\ntopics: []\ntopics: []\n"})
    res = run("catalog", "validate", "--json", "topics.yaml")
    assert res.exit_code == 2
    assert res.stderr == ""
    assert json.loads(res.stdout) == {
        "ok": False,
        "issues": [
            {
                "file": "topics.yaml",
                "line": 3,
                "column": 1,
                "path": "",
                "message": "duplicate key 'topics' (first given on line 2)",
            }
        ],
    }


def test_stats(run: Run) -> None:
    res = run("catalog", "stats")
    assert res.exit_code == 0, res
    assert res.stderr == ""
    match = re.search(r"^- Topics: (\d+)$", res.stdout, re.MULTILINE)
    assert match, res.stdout
    assert int(match.group(1)) >= 26
    assert int(match.group(1)) == len(open_catalog().topics.items)


def test_stats_json(run: Run) -> None:
    res = run("catalog", "stats", "--json")
    assert res.exit_code == 0, res
    data = json.loads(res.stdout)
    catalog = open_catalog()
    assert data["topics"] == len(catalog.topics.items) >= 26
    assert sum(data["resources_by_kind"].values()) == len(catalog.resources.items)
    assert set(data["prompts_by_depth"]) == {"light", "medium", "deep"}


def test_stats_counts_a_user_catalog(run: Run, tree: Tree) -> None:
    tree({"mine/topics.yaml": GOOD_TOPICS, "mine/resources.yaml": GOOD_RESOURCES})
    res = run("--catalog", "mine", "catalog", "stats", "--json")
    assert res.exit_code == 0, res
    assert json.loads(res.stdout)["topics"] == len(open_catalog().topics.items) + 1


def test_version(run: Run) -> None:
    res = run("--version")
    assert res.exit_code == 0
    assert res.stdout == f"facilitate {__version__}\n"
    assert re.fullmatch(r"\d+\.\d+\.\d+", __version__)


def test_help_lists_the_command_groups(run: Run) -> None:
    res = run("--help")
    assert res.exit_code == 0
    for word in ("topics", "resources", "catalog", "--catalog", "--workspace", "--version"):
        assert word in res.stdout
    res = run("catalog", "-h")
    for word in ("validate", "schema", "stats"):
        assert word in res.stdout


def test_python_dash_m(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FACILITATE_")}
    proc = subprocess.run(
        [sys.executable, "-m", "facilitate", "--version"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == f"facilitate {__version__}\n"
    assert proc.stderr == ""


def test_python_dash_m_user_error_has_no_traceback(tmp_path: Path) -> None:
    (tmp_path / "topics.yaml").write_text("version: 1\ntopics: []\ntopics: []\n", "utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("FACILITATE_")}
    proc = subprocess.run(
        [sys.executable, "-m", "facilitate", "catalog", "validate", "topics.yaml"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr == "topics.yaml:3:1: duplicate key 'topics' (first given on line 2)\n"


def test_stats_per_group_type(run: Run) -> None:
    from facilitate.planning.groups import coverage

    data = json.loads(run("catalog", "stats", "--json").stdout)
    assert data["by_group"] == coverage(open_catalog())
    for group in ("bereavement", "recovery", "chronic-illness", "mental-health"):
        figures = data["by_group"][group]
        assert figures["written_for"] >= 8 and figures["fit"] >= 16
    res = run("catalog", "stats")
    assert "## Group types" in res.stdout
    row = next(ln for ln in res.stdout.splitlines() if ln.startswith("| bereavement |"))
    b = data["by_group"]["bereavement"]
    assert row == f"| bereavement | {b['written_for']} | {b['fit']} | {b['prompts_left_out']} |"


def test_an_old_name_still_loads_with_a_note_at_its_place(run: Run, tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "resources.yaml").write_text(
        "version: 1\nresources:\n  - id: our-line\n    title: Our line\n    kind: helpline\n"
        "    region: GB\n    audience: everyone\n    description: Help by text.\n"
        "    text: SHOUT to 85258\n    last_verified: 2026-11-30\n"
        "    source_url: https://giveusashout.org/\n",
        "utf-8",
    )
    for _ in range(2):  # the second run reads the cache: the note stays
        res = run("--catalog", str(mine), "resources", "show", "our-line")
        assert res.exit_code == 0, res
        assert "SHOUT to 85258" in res.stdout
        assert res.stderr == (
            f"note: {mine / 'resources.yaml'}:9:5: 'text' is now called 'sms'; rename the key "
            "(the old name still works for now) (resources[0].text)\n"
        )


def test_golden_stats(run: Run, golden: Callable[[str, str], None]) -> None:
    # Counts of the built-in catalog: a change to data/ shows here, to review with the data.
    res = run("catalog", "stats")
    assert res.exit_code == 0, res
    golden("catalog-stats.md", res.stdout)
