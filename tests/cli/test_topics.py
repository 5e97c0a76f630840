"""`facilitate topics list|show` through the real command line."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from facilitate.catalog import open_catalog
from facilitate.storage.paths import data_dir
from tests.conftest import Run


def topics_json(run: Run, *options: str) -> list[dict[str, Any]]:
    res = run("topics", "list", *options, "--json")
    assert res.exit_code == 0, res
    assert res.stderr == ""
    data: list[dict[str, Any]] = json.loads(res.stdout)
    return data


def test_list_is_tab_separated_when_piped(run: Run) -> None:
    res = run("topics", "list")
    assert res.exit_code == 0, res
    lines = res.stdout.splitlines()
    assert lines[0] == "id\ttitle\tdepth\tstages\ttags"
    rows = [line.split("\t") for line in lines[1:]]
    catalog = open_catalog()
    assert [r[0] for r in rows] == list(catalog.topics.items)
    assert len(rows) >= 26
    by_id = {r[0]: r for r in rows}
    boundaries = catalog.topic("boundaries")
    assert by_id["boundaries"] == [
        "boundaries",
        boundaries.title,
        boundaries.depth.value,
        ", ".join(boundaries.stages),
        ", ".join(boundaries.tags),
    ]


def test_list_is_a_table_on_a_terminal(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("facilitate.cli._console.stdout_is_terminal", lambda: True)
    res = run("topics", "list", "--tag", "boundaries")
    assert res.exit_code == 0, res
    count = sum("boundaries" in t.tags for t in open_catalog().topics.values())
    assert res.stdout.splitlines()[0].strip() == f"{count} topics"
    assert res.stdout.splitlines()[1].startswith("id ")  # the header, then a rule under it
    assert set(res.stdout.splitlines()[2].strip()) == {"─"}
    assert any(line.startswith("boundaries ") for line in res.stdout.splitlines())
    assert "\t" not in res.stdout


def test_json_lists_whole_topics(run: Run) -> None:
    data = topics_json(run)
    catalog = open_catalog()
    assert [t["id"] for t in data] == list(catalog.topics.items)
    first = data[0]
    assert {"id", "title", "summary", "check_in", "discussion", "check_out"} <= set(first)
    assert first == catalog.topic(first["id"]).model_dump(mode="json")


def test_filter_by_tag(run: Run) -> None:
    data = topics_json(run, "--tag", "boundaries")
    assert "boundaries" in [t["id"] for t in data]
    assert all("boundaries" in t["tags"] for t in data)
    expected = [t.id for t in open_catalog().topics.values() if "boundaries" in t.tags]
    assert [t["id"] for t in data] == expected
    # Tags match whatever the case and spacing the user typed.
    assert topics_json(run, "--tag", " Boundaries ") == data


def test_filter_by_group(run: Run) -> None:
    data = topics_json(run, "--group", "workplace-bullying")
    assert data
    assert all("workplace-bullying" in t["groups"] for t in data)
    everything = topics_json(run)
    missing = [t["id"] for t in everything if "workplace-bullying" in t["groups"]]
    assert [t["id"] for t in data] == missing
    assert topics_json(run, "--group", "Workplace-Bullying") == data


def test_filter_by_stage(run: Run) -> None:
    data = topics_json(run, "--stage", "forming")
    assert data
    assert all("forming" in t["stages"] for t in data)
    everything = topics_json(run)
    assert len(data) == sum("forming" in t["stages"] for t in everything)


def test_filters_combine(run: Run) -> None:
    data = topics_json(run, "--stage", "storming", "--group", "general", "--tag", "boundaries")
    assert data
    for t in data:
        assert "storming" in t["stages"] and "general" in t["groups"] and "boundaries" in t["tags"]


def test_unknown_tag_lists_nothing(run: Run) -> None:
    assert topics_json(run, "--tag", "no-such-tag") == []
    res = run("topics", "list", "--tag", "no-such-tag")
    assert res.exit_code == 0
    assert res.stdout == "id\ttitle\tdepth\tstages\ttags\n"


def test_bad_group_is_one_line(run: Run) -> None:
    res = run("topics", "list", "--group", "nope")
    assert res.exit_code == 2
    assert res.stdout == ""
    assert res.stderr == (
        "facilitate: --group 'nope' is not known (choose from: general, workplace-bullying, "
        "mental-health, recovery, bereavement, chronic-illness)\n"
    )


def test_bad_group_suggests_the_closest(run: Run) -> None:
    res = run("topics", "list", "--group", "workplace-bulying")
    assert res.exit_code == 2
    assert res.stdout == ""
    assert res.stderr == (
        "facilitate: --group 'workplace-bulying' is not known; did you mean "
        "'workplace-bullying'? (choose from: general, workplace-bullying, mental-health, "
        "recovery, bereavement, chronic-illness)\n"
    )


def test_bad_stage_is_one_line(run: Run) -> None:
    res = run("topics", "list", "--stage", "stormin")
    assert res.exit_code == 2
    assert res.stdout == ""
    assert res.stderr == (
        "facilitate: --stage 'stormin' is not known; did you mean 'storming'? (choose from: "
        "forming, storming, norming, performing, adjourning)\n"
    )


def test_show_a_whole_topic(run: Run) -> None:
    res = run("topics", "show", "boundaries")
    assert res.exit_code == 0, res
    assert res.stderr == ""
    topic = open_catalog().topic("boundaries")
    out = res.stdout
    assert out.startswith(f"# {topic.title}\n")
    for heading in ("## Check-in", "## Discussion", "## Check-out", "## Resources"):
        assert heading in out
    assert "Source: built-in (" in out
    catalog = open_catalog()
    for ref in topic.resources:
        assert catalog.resource(ref).title.split(":")[0] in out


def test_show_json(run: Run) -> None:
    res = run("topics", "show", "boundaries", "--json")
    assert res.exit_code == 0, res
    data = json.loads(res.stdout)
    assert data == open_catalog().topic("boundaries").model_dump(mode="json")


def test_show_unknown_id_suggests(run: Run) -> None:
    res = run("topics", "show", "boundary")
    assert res.exit_code == 2
    assert res.stdout == ""
    assert res.stderr == "facilitate: no topic 'boundary'; did you mean 'boundaries'?\n"


def test_show_unknown_id_without_anything_close(run: Run) -> None:
    res = run("topics", "show", "zzzzzz")
    assert res.exit_code == 2
    assert res.stdout == ""
    assert res.stderr == "facilitate: no topic 'zzzzzz'\n"


def test_show_needs_an_id(run: Run) -> None:
    res = run("topics", "show")
    assert res.exit_code == 2
    assert res.stdout == ""
    assert "Missing argument 'ID'" in res.stderr


def test_help(run: Run) -> None:
    res = run("topics", "--help")
    assert res.exit_code == 0
    assert "list" in res.stdout and "show" in res.stdout
    res = run("topics", "list", "-h")
    for option in ("--tag", "--group", "--stage", "--json"):
        assert option in res.stdout


@pytest.mark.parametrize(
    "group", ["bereavement", "recovery", "chronic-illness", "mental-health", "general"]
)
def test_filter_by_group_is_what_a_season_offers(run: Run, group: str) -> None:
    from facilitate.models.base import GroupType
    from facilitate.planning.season import candidate_topics

    ids = [t["id"] for t in topics_json(run, "--group", group)]
    offered = candidate_topics(open_catalog().topics.values(), GroupType(group))
    assert ids == [t.id for t in offered]
    res = run("topics", "list", "--group", group)
    assert [line.split("\t")[0] for line in res.stdout.splitlines()[1:]] == ids


def test_a_bereavement_list_has_no_other_groups_topics(run: Run) -> None:
    ids = [t["id"] for t in topics_json(run, "--group", "bereavement")]
    assert "grief-first-weeks" in ids and "boundaries" in ids
    assert "cravings-and-triggers" not in ids and "pacing-and-energy" not in ids


def test_golden_show(run: Run, golden: Callable[[str, str], None]) -> None:
    res = run("topics", "show", "boundaries")
    assert res.exit_code == 0, res
    # The source line names the built-in catalog's folder, which depends on the checkout.
    folder = str(data_dir())
    assert f"Source: built-in ({folder}/topics.yaml)" in res.stdout
    golden("topics-show-boundaries.md", res.stdout.replace(folder, "DATA"))
