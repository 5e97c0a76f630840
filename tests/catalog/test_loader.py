"""Every kind of catalog mistake comes back as FILE:LINE:COL: plain words (field path)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from facilitate.catalog.layers import Catalog, Source
from facilitate.catalog.loader import KINDS, load_file
from facilitate.errors import CatalogError
from facilitate.models.catalog import Prompt, Resource, Topic
from facilitate.storage.paths import data_dir

TOPIC = """\
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
"""

RESOURCE = """\
version: 1
resources:
  - id: a-good-book
    title: A good book
    kind: book
    region: global
    audience: everyone
    description: A book about groups.
"""


def problems(tmp_path: Path, name: str, text: str) -> list[str]:
    """The lines a user would see for one file, shown under its bare name."""
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    with pytest.raises(CatalogError) as info:
        load_file(path, display=name)
    return info.value.lines()


def test_valid_files_load(tmp_path: Path) -> None:
    (tmp_path / "topics.yaml").write_text(TOPIC, encoding="utf-8")
    loaded = load_file(tmp_path / "topics.yaml")
    assert loaded.kind is KINDS["topics"]
    [topic] = loaded.items
    assert isinstance(topic, Topic)
    assert topic.id == "small-steps"
    # A bare string prompt means {text: ...} with the default depth.
    assert topic.check_in == [Prompt(text="What is one small thing that went well?")]
    assert loaded.position_of(0, "title") == (4, 12)

    (tmp_path / "resources.yaml").write_text(RESOURCE, encoding="utf-8")
    [resource] = load_file(tmp_path / "resources.yaml").items
    assert isinstance(resource, Resource)
    assert resource.kind.value == "book"


def test_missing_field(tmp_path: Path) -> None:
    text = TOPIC.replace("    summary: We talk about the small steps that help.\n", "")
    assert problems(tmp_path, "topics.yaml", text) == [
        "topics.yaml:3:5: missing field 'summary' (topics[0].summary)"
    ]


def test_unknown_field_points_at_the_key_and_suggests(tmp_path: Path) -> None:
    text = TOPIC.replace("    summary:", "    sumary:")
    assert problems(tmp_path, "topics.yaml", text) == [
        "topics.yaml:3:5: missing field 'summary' (topics[0].summary)",
        "topics.yaml:5:5: unknown field 'sumary'; did you mean 'summary'? (allowed: id, title, "
        "summary, tags, groups, stages, depth, flags, introduction, check_in, discussion, "
        "activities, check_out, facilitator_notes, watch_for, resources, formats, information, "
        "worksheet, try_next) (topics[0].sumary)",
    ]


def test_unknown_field_in_a_nested_item(tmp_path: Path) -> None:
    text = TOPIC.replace(
        "      - prompt: What helps you take a first step?\n",
        "      - prompt: What helps you take a first step?\n        followups: [More?]\n",
    )
    [line] = problems(tmp_path, "topics.yaml", text)
    assert line.startswith(
        "topics.yaml:12:9: unknown field 'followups'; did you mean 'follow_ups'? (allowed: "
        "prompt, follow_ups, depth, flags, id)"
    )
    assert line.endswith("(topics[0].discussion[0].followups)")


def test_unknown_top_level_field(tmp_path: Path) -> None:
    text = TOPIC.replace("version: 1\n", "version: 1\ntopic: []\n")
    assert problems(tmp_path, "topics.yaml", text) == [
        "topics.yaml:2:1: unknown field 'topic'; did you mean 'topics'? "
        "(allowed: version, topics) (topic)"
    ]


@pytest.mark.parametrize("bad", ["Small-Steps", "small_steps", "small--steps", "-small", "a b"])
def test_bad_slug_id(tmp_path: Path, bad: str) -> None:
    text = TOPIC.replace("id: small-steps", f"id: '{bad}'")
    assert problems(tmp_path, "topics.yaml", text) == [
        f"topics.yaml:3:9: '{bad}' is not a valid id or tag: use lowercase letters, digits and "
        "single hyphens, like 'trust-after-betrayal' (topics[0].id)"
    ]


def test_bad_tag(tmp_path: Path) -> None:
    text = TOPIC.replace("    depth: light\n", "    depth: light\n    tags: [ok, Not OK]\n")
    assert problems(tmp_path, "topics.yaml", text) == [
        "topics.yaml:9:16: 'Not OK' is not a valid id or tag: use lowercase letters, digits and "
        "single hyphens, like 'trust-after-betrayal' (topics[0].tags[1])"
    ]


def test_bad_enums(tmp_path: Path) -> None:
    text = TOPIC.replace("stages: [forming]", "stages: [forming, stormy]").replace(
        "depth: light", "depth: extreme"
    )
    assert problems(tmp_path, "topics.yaml", text) == [
        "topics.yaml:7:23: 'stormy' is not allowed here; use one of: forming, storming, norming, "
        "performing or adjourning (topics[0].stages[1])",
        "topics.yaml:8:12: 'extreme' is not allowed here; use one of: light, medium or deep "
        "(topics[0].depth)",
    ]


def test_bad_resource_kind(tmp_path: Path) -> None:
    text = RESOURCE.replace("kind: book", "kind: novel")
    assert problems(tmp_path, "resources.yaml", text) == [
        "resources.yaml:5:11: 'novel' is not allowed here; use one of: guide, book, organisation, "
        "course, helpline, website, video, article, community, training or emergency "
        "(resources[0].kind)"
    ]


@pytest.mark.parametrize(
    ("minutes", "message"),
    [
        ("0", "must be more than 0"),
        ("-5", "must be more than 0"),
        ("241", "must be at most 240"),
        ("ten", "must be a whole number"),
        ("2.5", "must be a whole number"),
    ],
)
def test_activity_minutes(tmp_path: Path, minutes: str, message: str) -> None:
    text = TOPIC + textwrap.indent(
        f"activities:\n  - title: Pairs\n    minutes: {minutes}\n    steps: [Talk in pairs.]\n",
        "    ",
    )
    assert problems(tmp_path, "topics.yaml", text) == [
        f"topics.yaml:15:18: {message} (topics[0].activities[0].minutes)"
    ]


def test_activity_needs_steps(tmp_path: Path) -> None:
    text = TOPIC + "    activities:\n      - title: Pairs\n        minutes: 10\n        steps: []\n"
    assert problems(tmp_path, "topics.yaml", text) == [
        "topics.yaml:16:16: needs at least 1 item (topics[0].activities[0].steps)"
    ]


@pytest.mark.parametrize(("region", "code"), [("UK", "GB"), ("us", "US"), ("Global", "global")])
def test_regions_are_read_as_every_command_reads_them(
    tmp_path: Path, region: str, code: str
) -> None:
    path = tmp_path / "resources.yaml"
    path.write_text(textwrap.dedent(RESOURCE.replace("region: global", f"region: {region}")))
    assert load_file(path).items[0].region == code


@pytest.mark.parametrize(
    ("region", "message"),
    [
        (
            "XX",
            "'XX' is not a country code (use global, EU, two letters such as US, CA, GB, IE, AU "
            "or NZ; UK means GB)",
        ),
        (
            "usa",
            "'usa' is not a country code; did you mean 'US'? (use global, EU, two letters such "
            "as US, CA, GB, IE, AU or NZ; UK means GB)",
        ),
    ],
)
def test_bad_region(tmp_path: Path, region: str, message: str) -> None:
    text = RESOURCE.replace("region: global", f"region: {region}")
    assert problems(tmp_path, "resources.yaml", text) == [
        f"resources.yaml:6:13: {message} (resources[0].region)"
    ]


def test_bad_url_and_year(tmp_path: Path) -> None:
    text = RESOURCE + "    url: www.example.org\n    year: 1066\n"
    assert problems(tmp_path, "resources.yaml", text) == [
        "resources.yaml:9:10: 'www.example.org' is not a web address: it must start with "
        "https:// or http:// (resources[0].url)",
        "resources.yaml:10:11: must be at least 1800 (resources[0].year)",
    ]


def test_duplicate_ids(tmp_path: Path) -> None:
    second = RESOURCE.split("resources:\n", 1)[1].replace("A good book", "The same id again")
    text = RESOURCE + second
    assert problems(tmp_path, "resources.yaml", text) == [
        "resources.yaml:9:9: duplicate id 'a-good-book': already used on line 3 (resources[1].id)"
    ]


def test_duplicate_ids_are_reported_with_other_problems(tmp_path: Path) -> None:
    items = RESOURCE.split("resources:\n", 1)[1]
    text = RESOURCE.replace("region: global", "region: XX") + items + items
    assert problems(tmp_path, "resources.yaml", text) == [
        "resources.yaml:6:13: 'XX' is not a country code (use global, EU, two letters such as "
        "US, CA, GB, IE, AU or NZ; UK means GB) (resources[0].region)",
        "resources.yaml:9:9: duplicate id 'a-good-book': already used on line 3 (resources[1].id)",
        "resources.yaml:15:9: duplicate id 'a-good-book': already used on line 3 (resources[2].id)",
    ]


def test_duplicate_pool_prompts(tmp_path: Path) -> None:
    text = """\
        version: 1
        prompts:
          - text: What made you smile this week?
            kind: check-in
          - text: "What  made you smile  this week?"
            kind: check-out
        """
    assert problems(tmp_path, "prompts.yaml", text) == [
        "prompts.yaml:5:5: the same prompt again: already used on line 3 (prompts[1])"
    ]


@pytest.mark.parametrize("kind", ["helpline", "emergency"])
def test_contact_line_needs_last_verified(tmp_path: Path, kind: str) -> None:
    text = RESOURCE.replace("kind: book", f"kind: {kind}") + (
        '    phone: "988"\n    source: https://example.org/official\n'
    )
    assert problems(tmp_path, "resources.yaml", text) == [
        "resources.yaml:3:5: a helpline, emergency or crisis entry needs last_verified and "
        "source_url (resources[0])"
    ]


def test_crisis_line_needs_last_verified_and_a_number(tmp_path: Path) -> None:
    no_date = RESOURCE + '    crisis: true\n    phone: "988"\n    source: https://example.org\n'
    assert problems(tmp_path, "resources.yaml", no_date) == [
        "resources.yaml:3:5: a helpline, emergency or crisis entry needs last_verified and "
        "source_url (resources[0])"
    ]
    no_phone = RESOURCE + "    crisis: true\n    last_verified: 2026-11-01\n"
    assert problems(tmp_path, "resources.yaml", no_phone) == [
        "resources.yaml:3:5: a helpline, emergency or crisis entry needs a phone or an sms "
        "(resources[0])"
    ]
    ok = no_date + "    last_verified: 2026-11-01\n"
    (tmp_path / "resources.yaml").write_text(ok, encoding="utf-8")
    [line] = load_file(tmp_path / "resources.yaml").items
    assert line.is_contact_line


def test_bad_date(tmp_path: Path) -> None:
    text = RESOURCE + "    last_verified: last week\n"
    assert problems(tmp_path, "resources.yaml", text) == [
        "resources.yaml:9:20: must be a date written as YYYY-MM-DD, such as 2026-11-01 "
        "(resources[0].last_verified)"
    ]


@pytest.mark.parametrize("version", ["2", "0", "'1'", "one"])
def test_version_must_be_1(tmp_path: Path, version: str) -> None:
    text = TOPIC.replace("version: 1", f"version: {version}")
    assert problems(tmp_path, "topics.yaml", text) == [
        "topics.yaml:1:10: version must be 1 (the only catalog format so far) (version)"
    ]


def test_version_is_required(tmp_path: Path) -> None:
    text = TOPIC.replace("version: 1\n", "")
    assert problems(tmp_path, "topics.yaml", text) == [
        "topics.yaml:1:1: missing field 'version' (version)"
    ]


def test_empty_text_and_wrong_types(tmp_path: Path) -> None:
    text = (
        TOPIC.replace("title: Small steps", "title: '   '")
        .replace("groups: [general]", "groups: general")
        .replace("- prompt: What helps you take a first step?", "- What helps?")
    )
    assert problems(tmp_path, "topics.yaml", text) == [
        "topics.yaml:4:12: must not be empty (topics[0].title)",
        "topics.yaml:6:13: must be a list (items starting with '- ') (topics[0].groups)",
        "topics.yaml:11:9: must be a mapping of fields (key: value lines) "
        "(topics[0].discussion[0])",
    ]


def test_several_problems_reported_at_once_in_file_order(tmp_path: Path) -> None:
    text = """\
        version: 1
        resources:
          - id: First
            title: One
            kind: book
            region: XX
            audience: everyone
            description: A book.
          - id: second
            title: Two
            kind: leaflet
            region: global
            audience: members
            descripton: Typo in the key.
        """
    assert problems(tmp_path, "resources.yaml", text) == [
        "resources.yaml:3:9: 'First' is not a valid id or tag: use lowercase letters, digits and "
        "single hyphens, like 'trust-after-betrayal' (resources[0].id)",
        "resources.yaml:6:13: 'XX' is not a country code (use global, EU, two letters such as "
        "US, CA, GB, IE, AU or NZ; UK means GB) (resources[0].region)",
        "resources.yaml:9:5: missing field 'description' (resources[1].description)",
        "resources.yaml:11:11: 'leaflet' is not allowed here; use one of: guide, book, "
        "organisation, course, helpline, website, video, article, community, training or "
        "emergency (resources[1].kind)",
        "resources.yaml:14:5: unknown field 'descripton'; did you mean 'description'? (allowed: "
        "id, title, kind, tags, region, audience, description, url, by, year, phone, sms, "
        "hours, cost, languages, crisis, last_verified, source, source_url, verified, notes) "
        "(resources[1].descripton)",
    ]


def test_yaml_problems_come_through_the_loader(tmp_path: Path) -> None:
    text = TOPIC.replace("    title: Small steps\n", "    title: Small steps\n    title: Again\n")
    assert problems(tmp_path, "topics.yaml", text) == [
        "topics.yaml:5:5: duplicate key 'title' (first given on line 4)"
    ]


def test_empty_file_and_wrong_shape(tmp_path: Path) -> None:
    assert problems(tmp_path, "topics.yaml", "") == [
        "topics.yaml:1:1: the file is empty; it needs 'version: 1' and 'topics:'"
    ]
    assert problems(tmp_path, "resources.yaml", "- just\n- a list\n") == [
        "resources.yaml:1:1: expected 'version: 1' and a 'resources:' list at the top"
    ]


def test_kind_comes_from_the_top_level_key_or_the_file_name(tmp_path: Path) -> None:
    (tmp_path / "mine.yaml").write_text(RESOURCE, encoding="utf-8")
    assert load_file(tmp_path / "mine.yaml").kind is KINDS["resources"]
    assert problems(tmp_path, "notes.yaml", "version: 1\nthings: []\n") == [
        "notes.yaml:1:1: not a catalog file: expected one of 'topics:', 'resources:', "
        "'situations:', 'prompts:', 'presets:' at the top"
    ]


def test_unknown_resource_reference_points_at_the_reference(tmp_path: Path) -> None:
    user = tmp_path / "mine"
    user.mkdir()
    text = TOPIC + "    resources:\n      - workplace-bullying-institute\n      - samaritans\n"
    (user / "topics.yaml").write_text(text, encoding="utf-8")
    catalog = Catalog([Source("built-in", data_dir()), Source("catalog", user)])
    with pytest.raises(CatalogError) as info:
        _ = catalog.topics
    shown = user / "topics.yaml"
    assert info.value.lines() == [
        f"{shown}:15:9: no resource 'samaritans'; did you mean 'ie-samaritans' or "
        "'gb-samaritans'? (topics[0].resources[1])"
    ]


def test_unknown_resource_reference_in_a_flow_list(tmp_path: Path) -> None:
    text = TOPIC + "    resources: [a-good-book, a-good-bok, nothing-like-it]\n"
    (tmp_path / "topics.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "resources.yaml").write_text(RESOURCE, encoding="utf-8")
    catalog = Catalog([Source("mine", tmp_path)])
    with pytest.raises(CatalogError) as info:
        catalog.topic("small-steps")
    assert info.value.lines() == [
        f"{tmp_path / 'topics.yaml'}:13:30: no resource 'a-good-bok'; did you mean "
        "'a-good-book'? (topics[0].resources[1])",
        f"{tmp_path / 'topics.yaml'}:13:42: no resource 'nothing-like-it' (topics[0].resources[2])",
    ]


def test_names_from_0_1_still_load_with_a_note_at_their_place(tmp_path: Path) -> None:
    old = TOPIC.replace("    depth: light\n", "    intensity: moderate\n")
    path = tmp_path / "topics.yaml"
    path.write_text(old, "utf-8")
    loaded = load_file(path)
    assert loaded.items[0].depth.value == "medium"
    assert [str(n) for n in loaded.notes] == [
        f"{path}:8:5: 'intensity' is now called 'depth'; rename the key (the old name still "
        "works for now) (topics[0].intensity)",
        f"{path}:8:16: 'moderate' is now 'medium' (the old word still works for now) "
        "(topics[0].intensity)",
    ]


def test_the_old_sms_key_loads_with_a_note_and_both_keys_are_refused(tmp_path: Path) -> None:
    entry = (
        "version: 1\nresources:\n  - id: line\n    title: A line\n    kind: helpline\n"
        "    region: GB\n    audience: everyone\n    description: Help by text.\n"
        "    text: SHOUT to 85258\n    last_verified: 2026-11-30\n"
        "    source_url: https://giveusashout.org/\n"
    )
    path = tmp_path / "resources.yaml"
    path.write_text(entry, "utf-8")
    loaded = load_file(path)
    assert loaded.items[0].sms == "SHOUT to 85258"
    assert [n.message for n in loaded.notes] == [
        "'text' is now called 'sms'; rename the key (the old name still works for now)"
    ]
    path.write_text(entry.replace("    text:", "    sms: SHOUT to 85258\n    text:"), "utf-8")
    with pytest.raises(CatalogError) as err:
        load_file(path)
    assert "unknown field 'text'" in str(err.value.issues[0])
