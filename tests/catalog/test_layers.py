"""Layering: built-in, then a user catalog folder, then the group workspace; same id replaces."""

from __future__ import annotations

import json
import re
import textwrap
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

from facilitate.catalog import open_catalog
from facilitate.catalog.layers import Catalog, Source
from facilitate.errors import CatalogError, NotFoundError, UserError
from facilitate.storage.paths import data_dir
from tests.conftest import Run

Tree = Callable[[Mapping[str, str | bytes]], Path]

PROFILE = "version: 1\nname: Test group\n"


def plain(markdown: str) -> str:
    """Markdown output without its backslash escapes (paths hold underscores)."""
    return re.sub(r"\\(.)", r"\1", markdown)


def topic_yaml(topic_id: str, title: str, resources: str = "[]") -> str:
    return textwrap.dedent(f"""\
        version: 1
        topics:
          - id: {topic_id}
            title: {title}
            summary: A short summary for members.
            groups: [general]
            stages: [forming]
            depth: light
            check_in: ["What is one word for today?"]
            discussion:
              - prompt: What helps you most right now?
            check_out: ["What will you take with you?"]
            resources: {resources}
        """)


RESOURCE_YAML = """\
    version: 1
    resources:
      - id: our-local-centre
        title: Our local centre
        kind: organisation
        region: GB
        audience: members
        description: A centre near us with drop-in hours.
    """


# --- the built-in catalog -------------------------------------------------------------------


def test_built_in_catalog_loads_and_validates() -> None:
    catalog = open_catalog()
    counts = catalog.check()
    assert counts["topics"] >= 26
    assert counts["resources"] >= 30
    assert counts["situations"] > 0
    assert counts["prompts"] > 0
    assert counts["presets"] > 0
    assert [s.label for s in catalog.sources] == ["built-in"]
    assert set(catalog.topics.labels.values()) == {"built-in"}
    # Every reference in the built-in data resolves.
    known = catalog.resources.items
    for topic in catalog.topics.values():
        assert set(topic.resources) <= set(known), topic.id
    for situation in catalog.situations.values():
        assert set(situation.resources) <= set(known), situation.id


def test_built_in_catalog_has_what_the_brief_asks_for() -> None:
    catalog = open_catalog()
    assert "boundaries" in catalog.topics.items
    bullying = [r for r in catalog.resources.values() if "bullying" in r.tags]
    assert "workplace-bullying-institute" in {r.id for r in bullying}
    crisis_regions = {r.region for r in catalog.resources.values() if r.crisis}
    assert {"US", "CA", "GB", "IE", "AU", "NZ"} <= crisis_regions
    for r in catalog.resources.values():
        if r.is_contact_line:
            assert r.last_verified is not None and r.source, r.id
            assert r.phone or r.sms, r.id


def test_origin_names_the_layer_and_file() -> None:
    catalog = open_catalog()
    assert catalog.origin("topics", "boundaries") == f"built-in ({data_dir() / 'topics.yaml'})"


def test_unknown_ids_suggest_the_closest() -> None:
    catalog = open_catalog()
    with pytest.raises(NotFoundError, match=r"^no topic 'boundary'; did you mean 'boundaries'"):
        catalog.topic("boundary")
    with pytest.raises(NotFoundError, match=r"^no resource 'zzzz-qqqq'$"):
        catalog.resource("zzzz-qqqq")


def test_missing_catalog_folder(tmp_path: Path) -> None:
    with pytest.raises(UserError, match=r"/nowhere: the catalog folder does not exist$"):
        open_catalog(tmp_path / "nowhere")


# --- a user catalog ---------------------------------------------------------------------------


def test_user_catalog_replaces_same_id_and_adds_new(tmp_path: Path, tree: Tree) -> None:
    tree(
        {
            "mine/topics.yaml": topic_yaml("boundaries", "Our own boundaries")
            + topic_yaml("new-topic", "Something new").split("topics:\n", 1)[1],
        }
    )
    builtin = open_catalog()
    catalog = open_catalog(tmp_path / "mine")
    assert catalog.topic("boundaries").title == "Our own boundaries"
    assert catalog.topic("new-topic").title == "Something new"
    assert len(catalog.topics.items) == len(builtin.topics.items) + 1
    assert catalog.topics.labels["boundaries"] == "catalog"
    assert catalog.topics.labels["self-care"] == "built-in"
    # Resources were not given in the user folder: the built-in ones stay.
    assert catalog.resources.items.keys() == builtin.resources.items.keys()


def test_user_topic_may_use_user_and_built_in_resources(tmp_path: Path, tree: Tree) -> None:
    tree(
        {
            "mine/topics.yaml": topic_yaml(
                "local-help", "Local help", "[our-local-centre, workplace-bullying-institute]"
            ),
            "mine/resources.yaml": RESOURCE_YAML,
        }
    )
    catalog = open_catalog(tmp_path / "mine")
    assert catalog.topic("local-help").resources == [
        "our-local-centre",
        "workplace-bullying-institute",
    ]
    assert catalog.origin("resources", "our-local-centre") == (
        f"catalog ({tmp_path / 'mine' / 'resources.yaml'})"
    )


def test_a_broken_user_file_only_breaks_its_own_kind(tmp_path: Path, tree: Tree) -> None:
    tree({"mine/situations.yaml": "version: 1\nsituations:\n  - id: Bad\n"})
    catalog = open_catalog(tmp_path / "mine")
    assert "boundaries" in catalog.topics.items  # topics do not read situations
    with pytest.raises(CatalogError) as info:
        catalog.check()
    assert info.value.lines()[0].startswith(f"{tmp_path / 'mine' / 'situations.yaml'}:3:")


def test_cli_catalog_option_and_environment(
    run: Run, tmp_path: Path, tree: Tree, monkeypatch: pytest.MonkeyPatch
) -> None:
    tree({"mine/topics.yaml": topic_yaml("boundaries", "Our own boundaries")})
    mine = tmp_path / "mine"
    shown = run("--catalog", str(mine), "topics", "show", "boundaries")
    assert shown.exit_code == 0, shown
    assert "# Our own boundaries" in shown.stdout
    assert f"catalog ({mine / 'topics.yaml'})" in plain(shown.stdout)

    monkeypatch.setenv("FACILITATE_CATALOG", str(mine))
    listed = run("topics", "list", "--json")
    assert listed.exit_code == 0, listed
    titles = {t["id"]: t["title"] for t in json.loads(listed.stdout)}
    assert titles["boundaries"] == "Our own boundaries"
    assert "self-care" in titles


def test_cli_missing_catalog_folder(run: Run, tmp_path: Path) -> None:
    res = run("--catalog", str(tmp_path / "nowhere"), "topics", "list")
    assert res.exit_code == 2
    assert res.stdout == ""
    assert res.stderr == f"facilitate: {tmp_path / 'nowhere'}: the catalog folder does not exist\n"


# --- the workspace layer ----------------------------------------------------------------------


def test_workspace_layers_last(run: Run, tmp_path: Path, tree: Tree) -> None:
    tree(
        {
            "mine/topics.yaml": topic_yaml("boundaries", "From the user catalog")
            + topic_yaml("user-only", "Only in the user catalog").split("topics:\n", 1)[1],
            "group/facilitate.yaml": PROFILE,
            "group/topics.yaml": topic_yaml("boundaries", "From the workspace"),
        }
    )
    mine, group = tmp_path / "mine", tmp_path / "group"
    catalog = open_catalog(mine, group)
    assert [s.label for s in catalog.sources] == ["built-in", "catalog", "workspace"]
    assert catalog.topic("boundaries").title == "From the workspace"
    assert catalog.topic("user-only").title == "Only in the user catalog"

    # From inside the group folder, the workspace is found without any option.
    res = run("--catalog", str(mine), "topics", "show", "boundaries", cwd=group)
    assert res.exit_code == 0, res
    assert "# From the workspace" in res.stdout
    assert f"workspace ({group / 'topics.yaml'})" in plain(res.stdout)
    other = run("--catalog", str(mine), "topics", "show", "user-only", cwd=group)
    assert f"catalog ({mine / 'topics.yaml'})" in plain(other.stdout)
    builtin = run("topics", "show", "self-care", cwd=group)
    assert f"built-in ({data_dir() / 'topics.yaml'})" in plain(builtin.stdout)


def test_workspace_found_from_a_subfolder_or_named(run: Run, tmp_path: Path, tree: Tree) -> None:
    tree(
        {
            "group/facilitate.yaml": PROFILE,
            "group/resources.yaml": RESOURCE_YAML,
            "group/notes/keep.txt": "",
        }
    )
    group = tmp_path / "group"
    res = run("resources", "show", "our-local-centre", cwd=group / "notes")
    assert res.exit_code == 0, res
    assert f"workspace ({group / 'resources.yaml'})" in plain(res.stdout)
    named = run("--workspace", str(group), "resources", "show", "our-local-centre", cwd=tmp_path)
    assert named.exit_code == 0, named
    outside = run("resources", "show", "our-local-centre", cwd=tmp_path)
    assert outside.exit_code == 2
    assert outside.stderr == "facilitate: no resource 'our-local-centre'\n"


def test_workspace_option_must_name_a_workspace(run: Run, tmp_path: Path) -> None:
    res = run("--workspace", str(tmp_path), "topics", "list")
    assert res.exit_code == 2
    assert res.stdout == ""
    assert res.stderr == (
        f"facilitate: {tmp_path}: not a group workspace (no facilitate.yaml); "
        "see 'facilitate init'\n"
    )


def test_broken_workspace_file_is_reported_by_position(
    run: Run, tmp_path: Path, tree: Tree
) -> None:
    tree(
        {
            "group/facilitate.yaml": PROFILE,
            "group/topics.yaml": topic_yaml("boundaries", "Ours").replace(
                "depth: light", "depth: huge"
            ),
        }
    )
    group = tmp_path / "group"
    res = run("topics", "list", cwd=group)
    assert res.exit_code == 2
    assert res.stdout == ""
    assert res.stderr == (
        f"{group / 'topics.yaml'}:8:12: 'huge' is not allowed here; use one of: light, "
        "medium or deep (topics[0].depth)\n"
    )


def test_profile_region_uk_means_gb_and_an_unknown_code_is_refused(tmp_path: Path) -> None:
    from facilitate.group.workspace import read_model
    from facilitate.models.workspace import Profile

    path = tmp_path / "facilitate.yaml"
    path.write_text(PROFILE + "region: UK\n", encoding="utf-8")
    assert read_model(path, Profile).region == "GB"
    path.write_text(PROFILE + "region: G1\n", encoding="utf-8")
    with pytest.raises(CatalogError) as info:
        read_model(path, Profile)
    assert info.value.lines() == [
        f"{path}:3:9: 'G1' is not a country code; did you mean 'GB'? (use global, EU, two "
        "letters such as US, CA, GB, IE, AU or NZ; UK means GB) (region)"
    ]


def test_replaced_item_references_are_checked_against_all_layers(
    tmp_path: Path, tree: Tree
) -> None:
    tree(
        {
            "mine/resources.yaml": RESOURCE_YAML,
            "group/facilitate.yaml": PROFILE,
            "group/topics.yaml": topic_yaml("ours", "Ours", "[our-local-centre, our-local-center]"),
        }
    )
    catalog = Catalog(
        [
            Source("built-in", data_dir()),
            Source("catalog", tmp_path / "mine"),
            Source("workspace", tmp_path / "group"),
        ]
    )
    with pytest.raises(CatalogError) as info:
        _ = catalog.topics
    assert info.value.lines() == [
        f"{tmp_path / 'group' / 'topics.yaml'}:13:35: no resource 'our-local-center'; "
        "did you mean 'our-local-centre'? (topics[0].resources[1])"
    ]
