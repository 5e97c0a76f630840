"""`facilitate resources list|show` through the real command line."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from facilitate.catalog import open_catalog
from tests.conftest import Run

BULLYING_BODIES = {
    "workplace-bullying-institute",
    "book-bully-at-work",
    "acas",
}


def resources_json(run: Run, *options: str) -> list[dict[str, Any]]:
    res = run("resources", "list", *options, "--json")
    assert res.exit_code == 0, res
    assert res.stderr == ""
    data: list[dict[str, Any]] = json.loads(res.stdout)
    return data


def ids(data: list[dict[str, Any]]) -> list[str]:
    return [r["id"] for r in data]


def test_list_is_tab_separated_when_piped(run: Run) -> None:
    res = run("resources", "list")
    assert res.exit_code == 0, res
    lines = res.stdout.splitlines()
    assert lines[0] == "id\ttitle\tkind\tregion\tcontact"
    catalog = open_catalog()
    assert [line.split("\t")[0] for line in lines[1:]] == list(catalog.resources.items)
    assert len(lines) - 1 >= 30
    wbi = catalog.resource("workplace-bullying-institute")
    assert f"workplace-bullying-institute\t{wbi.title}\t{wbi.kind.value}\t{wbi.region}\t" in (
        res.stdout
    )


def test_list_is_a_table_on_a_terminal(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("facilitate.cli._console.stdout_is_terminal", lambda: True)
    res = run("resources", "list", "--kind", "book")
    assert res.exit_code == 0, res
    count = sum(r.kind.value == "book" for r in open_catalog().resources.values())
    assert res.stdout.splitlines()[0].strip() == f"{count} resources"
    assert res.stdout.splitlines()[1].startswith("id ")  # the header, then a rule under it
    assert set(res.stdout.splitlines()[2].strip()) == {"─"}
    assert "\t" not in res.stdout


def test_tag_bullying_lists_the_workplace_bullying_resources(run: Run) -> None:
    res = run("resources", "list", "--tag", "bullying")
    assert res.exit_code == 0, res
    listed = {line.split("\t")[0] for line in res.stdout.splitlines()[1:]}
    assert listed >= BULLYING_BODIES
    data = resources_json(run, "--tag", "bullying")
    assert set(ids(data)) == listed
    assert all("bullying" in r["tags"] for r in data)
    expected = [r.id for r in open_catalog().resources.values() if "bullying" in r.tags]
    assert ids(data) == expected


def test_filter_by_kind(run: Run) -> None:
    data = resources_json(run, "--kind", "helpline")
    assert data
    assert {r["kind"] for r in data} == {"helpline"}
    assert resources_json(run, "--kind", "HELPLINE") == data


def test_bad_kind_is_one_line(run: Run) -> None:
    res = run("resources", "list", "--kind", "books")
    assert res.exit_code == 2
    assert res.stdout == ""
    assert res.stderr == (
        "facilitate: --kind 'books' is not known; did you mean 'book'? (choose from: guide, "
        "book, organisation, course, helpline, website, video, article, community, training, "
        "emergency)\n"
    )


@pytest.mark.parametrize("region", ["GB", "gb", "UK"])
def test_filter_by_country_includes_global(run: Run, region: str) -> None:
    data = resources_json(run, "--region", region)
    regions = {r["region"] for r in data}
    assert regions == {"GB", "global"}
    crisis_gb = [r for r in data if r.get("crisis") and r["region"] == "GB"]
    assert crisis_gb


def test_filter_global_only(run: Run) -> None:
    data = resources_json(run, "--region", "global")
    assert data
    assert {r["region"] for r in data} == {"global"}


@pytest.mark.parametrize("region", ["US", "CA", "GB", "IE", "AU", "NZ"])
def test_each_country_has_crisis_lines(run: Run, region: str) -> None:
    data = resources_json(run, "--region", region)
    assert any(r.get("crisis") and r["region"] == region and r.get("phone") for r in data)


def test_country_without_entries_lists_only_global(run: Run) -> None:
    assert {r["region"] for r in resources_json(run, "--region", "JP")} == {"global"}


@pytest.mark.parametrize("region", ["usa", "U", "12", "United Kingdom"])
def test_malformed_region_is_one_line(run: Run, region: str) -> None:
    res = run("resources", "list", "--region", region)
    assert res.exit_code == 2
    assert res.stdout == ""
    hint = "" if region == "12" else "; did you mean 'US'?"
    assert res.stderr == (
        f"facilitate: --region '{region}' is not a country code{hint} (use global, EU, two "
        "letters such as US, CA, GB, IE, AU or NZ; UK means GB)\n"
    )


def test_search_matches_all_words(run: Run) -> None:
    data = resources_json(run, "--search", "Bullying WORK")
    assert "workplace-bullying-institute" in ids(data)
    for r in data:
        blob = json.dumps(r).lower()
        assert "bullying" in blob and "work" in blob
    assert resources_json(run, "--search", "zzzz qqqq") == []


def test_filters_combine(run: Run) -> None:
    data = resources_json(run, "--tag", "bullying", "--region", "US", "--kind", "organisation")
    assert "workplace-bullying-institute" in ids(data)
    for r in data:
        assert "bullying" in r["tags"]
        assert r["region"] in {"US", "global"}
        assert r["kind"] == "organisation"


def test_json_leaves_out_empty_fields(run: Run) -> None:
    data = resources_json(run)
    assert all(value is not None for r in data for value in r.values())
    wbi = next(r for r in data if r["id"] == "workplace-bullying-institute")
    assert wbi["url"].startswith("https://")


def test_show_a_resource(run: Run) -> None:
    res = run("resources", "show", "workplace-bullying-institute")
    assert res.exit_code == 0, res
    assert res.stderr == ""
    wbi = open_catalog().resource("workplace-bullying-institute")
    assert res.stdout.startswith(f"# {wbi.title}\n")
    assert wbi.url is not None and wbi.url in res.stdout
    assert re.search(r"Source: built-in \(.*resources\.yaml\)", res.stdout.replace("\\", ""))


def test_show_a_crisis_line_has_its_number(run: Run) -> None:
    catalog = open_catalog()
    line = next(r for r in catalog.resources.values() if r.crisis and r.phone)
    res = run("resources", "show", line.id)
    assert res.exit_code == 0, res
    assert line.phone is not None and line.phone in res.stdout.replace("\\", "")


def test_show_json(run: Run) -> None:
    res = run("resources", "show", "acas", "--json")
    assert res.exit_code == 0, res
    expected = open_catalog().resource("acas").model_dump(mode="json", exclude_none=True)
    assert json.loads(res.stdout) == expected


def test_show_unknown_id_suggests(run: Run) -> None:
    res = run("resources", "show", "workplace-bullying-institut")
    assert res.exit_code == 2
    assert res.stdout == ""
    assert res.stderr.startswith(
        "facilitate: no resource 'workplace-bullying-institut'; did you mean "
        "'workplace-bullying-institute'"
    )
    assert res.stderr.count("\n") == 1


def test_help_lists_every_option(run: Run) -> None:
    res = run("resources", "list", "--help")
    assert res.exit_code == 0
    for option in ("--tag", "--kind", "--region", "--search", "--json"):
        assert option in res.stdout


@pytest.mark.parametrize("tag", ["bereavement", "recovery", "chronic-illness", "mental-health"])
def test_each_groups_resources_list_and_show(run: Run, tag: str) -> None:
    catalog = open_catalog()
    own = sorted(r.id for r in catalog.resources.values() if tag in r.tags)
    assert len(own) >= 2, tag
    res = run("resources", "list", "--tag", tag, "--json")
    assert res.exit_code == 0, res
    assert sorted(r["id"] for r in json.loads(res.stdout)) == own
    table = run("resources", "list", "--tag", tag)
    assert [ln.split("\t")[0] for ln in table.stdout.splitlines()[1:]] == [
        r["id"] for r in json.loads(res.stdout)
    ]
    for rid in own:
        shown = run("resources", "show", rid)
        assert shown.exit_code == 0, shown
        assert catalog.resource(rid).title.split()[0] in shown.stdout


def _listed(res: Any) -> list[str]:
    return [line.split("\t")[0] for line in res.stdout.splitlines()[1:]]


def test_a_workspace_lists_its_own_country_and_says_what_it_left_out(
    run: Run, tmp_path: Any
) -> None:
    (tmp_path / "facilitate.yaml").write_text("name: Pier group\nregion: UK\n", encoding="utf-8")
    catalog = open_catalog()
    res = run("resources", "list")
    assert res.exit_code == 0, res
    regions = {catalog.resource(i).region for i in _listed(res)}
    assert regions == {"GB", "global"}
    others = sum(r.region not in {"GB", "global"} for r in catalog.resources.values())
    assert res.stderr == (
        f"note: {others} resources for other countries left out (the group's region is GB); "
        "--all-regions lists them\n"
    )
    every = run("resources", "list", "--all-regions")
    assert _listed(every) == list(catalog.resources.items) and every.stderr == ""
    # An explicit --region still wins, with no note; the filters still apply.
    us = run("resources", "list", "--region", "US", "--all-regions")
    assert {catalog.resource(i).region for i in _listed(us)} == {"US", "global"}
    assert us.stderr == ""
    books = run("resources", "list", "--kind", "book")
    assert all(catalog.resource(i).kind.value == "book" for i in _listed(books))
    left = sum(
        r.kind.value == "book" and r.region not in {"GB", "global"}
        for r in catalog.resources.values()
    )
    assert f"note: {left} resource" in books.stderr or left == 0


def test_an_eu_country_also_gets_the_eu_entries(run: Run, tmp_path: Any) -> None:
    (tmp_path / "facilitate.yaml").write_text("name: Paris\nregion: FR\n", encoding="utf-8")
    catalog = open_catalog()
    regions = {catalog.resource(i).region for i in _listed(run("resources", "list"))}
    assert "EU" in regions and regions <= {"FR", "EU", "global"}
    assert "EU" in {r["region"] for r in resources_json(run, "--region", "DE")}
    assert "EU" not in {r["region"] for r in resources_json(run, "--region", "GB")}


def test_a_workspace_without_a_region_lists_everything(run: Run, tmp_path: Any) -> None:
    (tmp_path / "facilitate.yaml").write_text("name: Pier group\n", encoding="utf-8")
    res = run("resources", "list")
    assert res.stderr == ""
    assert _listed(res) == list(open_catalog().resources.items)
