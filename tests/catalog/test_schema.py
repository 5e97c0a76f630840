"""`facilitate catalog schema KIND` gives JSON Schema that editors can use on catalog files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from facilitate.catalog.loader import load_file
from facilitate.storage.paths import data_dir
from facilitate.storage.yaml import parse, read_document
from tests.conftest import Run

CATALOG_KINDS = ["topics", "resources", "situations", "prompts", "presets"]


def schema_of(run: Run, kind: str) -> dict[str, Any]:
    res = run("catalog", "schema", kind)
    assert res.exit_code == 0, res
    assert res.stderr == ""
    schema: dict[str, Any] = json.loads(res.stdout)
    return schema


def as_editor_sees(data: Any) -> Any:
    """YAML as a YAML 1.2 editor hands it to a JSON Schema validator: dates are strings."""
    return json.loads(json.dumps(data, default=str))


def errors(schema: dict[str, Any], data: Any) -> list[str]:
    validator = jsonschema.Draft7Validator(schema)
    return sorted(
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in validator.iter_errors(as_editor_sees(data))
    )


@pytest.mark.parametrize("kind", CATALOG_KINDS)
def test_schema_validates_the_built_in_file(run: Run, kind: str) -> None:
    schema = schema_of(run, kind)
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    jsonschema.Draft7Validator.check_schema(schema)
    data = read_document(data_dir() / f"{kind}.yaml").data
    assert errors(schema, data) == []
    assert schema["additionalProperties"] is False
    assert set(schema["required"]) == {"version"}


@pytest.mark.parametrize(
    ("kind", "change", "path"),
    [
        ("topics", lambda d: d["topics"][0].update(sumary="x"), "topics/0"),
        ("topics", lambda d: d["topics"][0].update(id="Not_A_Slug"), "topics/0/id"),
        ("topics", lambda d: d["topics"][0].update(depth="extreme"), "topics/0/depth"),
        ("topics", lambda d: d["topics"][0]["stages"].append("stormy"), "topics/0/stages/"),
        ("topics", lambda d: d["topics"][0].pop("summary"), "topics/0"),
        ("topics", lambda d: d.update(version=2), "version"),
        (
            "topics",
            lambda d: d["topics"][0]["activities"].append(
                {"title": "Pairs", "minutes": 0, "steps": ["Talk."]}
            ),
            "topics/0/activities/",
        ),
        ("resources", lambda d: d["resources"][0].update(kind="novel"), "resources/0/kind"),
        ("resources", lambda d: d["resources"][0].update(region="Global"), "resources/0/region"),
        ("presets", lambda d: d["presets"][0].update(rules=[]), "presets/0/rules"),
    ],
)
def test_schema_rejects_a_bad_file(run: Run, kind: str, change: Any, path: str) -> None:
    schema = schema_of(run, kind)
    data = read_document(data_dir() / f"{kind}.yaml").data
    change(data)
    found = errors(schema, data)
    assert found, "the schema accepted a file the loader refuses"
    assert any(line.startswith(path) for line in found), found


def test_schema_and_loader_agree_on_bare_string_prompts(run: Run, tmp_path: Path) -> None:
    """A prompt may be written as a plain string; the schema must not flag what loads."""
    text = (
        "version: 1\n"
        "topics:\n"
        "  - id: small-steps\n"
        "    title: Small steps\n"
        "    summary: We talk about the small steps that help.\n"
        "    groups: [general]\n"
        "    stages: [forming]\n"
        "    depth: light\n"
        '    check_in: ["What went well this week?"]\n'
        "    discussion:\n"
        "      - prompt: What helps you take a first step?\n"
        '    check_out: ["What will you take with you?", {text: "One word?", depth: light}]\n'
    )
    path = tmp_path / "topics.yaml"
    path.write_text(text, encoding="utf-8")
    assert len(load_file(path).items) == 1
    schema = schema_of(run, "topics")
    assert errors(schema, parse(text, "topics.yaml").data) == []
    bad = parse(text.replace('"One word?"', '""'), "topics.yaml").data
    assert errors(schema, bad) != []


def test_workspace_schemas(run: Run) -> None:
    profile = schema_of(run, "profile")
    assert errors(profile, {"version": 1, "name": "Test group"}) == []
    assert errors(profile, {"version": 1, "name": "Test group", "region": "USA"}) != []
    assert errors(profile, {"version": 1}) != []
    rules = schema_of(run, "groundrules")
    good = {"version": 1, "rules": [{"id": "one-voice", "text": "One person speaks at a time."}]}
    assert errors(rules, good) == []
    assert errors(rules, {"version": 1, "rules": []}) != []
    history = schema_of(run, "history")
    entry = {"date": "2026-11-01", "topic": "boundaries", "attendance": 7}
    assert errors(history, {"version": 2, "meetings": [entry]}) == []
    assert errors(history, {"version": 2, "meetings": [{**entry, "who": "x"}]}) != []


def test_schema_default_kind_is_topics(run: Run) -> None:
    res = run("catalog", "schema")
    assert res.exit_code == 0
    assert json.loads(res.stdout) == schema_of(run, "topics")


def test_unknown_schema_kind(run: Run) -> None:
    res = run("catalog", "schema", "topic")
    assert res.exit_code == 2
    assert res.stdout == ""
    assert res.stderr == "facilitate: no schema 'topic'; did you mean 'topics'?\n"


def test_field_docstrings_become_descriptions(run: Run) -> None:
    # The models read their docstrings only for the schema (not at import); every documented
    # field must still carry its words, the nested models' included.
    from facilitate.catalog.schema import attribute_docs
    from facilitate.models.catalog import Resource, Topic

    schema = schema_of(run, "topics")
    topic = schema["$defs"]["Topic"]["properties"]
    for name, doc in attribute_docs(Topic).items():
        assert topic[name]["description"] == doc, name
    assert topic["summary"]["description"] == "Member-facing, in plain language."
    notes = schema["$defs"]["FacilitatorNotes"]["properties"]
    assert notes["do"]["description"] == "What helps."
    resource = schema_of(run, "resources")["$defs"]["Resource"]["properties"]
    assert attribute_docs(Resource)["last_verified"] == resource["last_verified"]["description"]


@pytest.mark.slow
def test_a_standard_validator_reads_every_schema(run: Run, tmp_path: Path) -> None:
    """check-jsonschema, in its default (ECMA-262) regex mode, over every file kind we ship.

    Its command line runs in this process, through click's test runner: the same checks as
    the ``check-jsonschema`` program, without a Python start-up (half a second) for each file.
    """
    from check_jsonschema import main as check_jsonschema
    from click.testing import CliRunner  # noqa: TID251 - check-jsonschema is a Click program

    data = Path(__file__).resolve().parents[2] / "data"
    ws = tmp_path / "ws"
    assert run("init", str(ws), "--name", "Pier", "--region", "GB").exit_code == 0
    assert run("--workspace", str(ws), "groundrules", "init").exit_code == 0
    assert run("--workspace", str(ws), "log", "--themes", "sleep").exit_code == 0
    files = {
        "topics": data / "topics.yaml",
        "resources": data / "resources.yaml",
        "situations": data / "situations.yaml",
        "prompts": data / "prompts.yaml",
        "presets": data / "presets.yaml",
        "profile": ws / "facilitate.yaml",
        "groundrules": ws / "groundrules.yaml",
        "history": ws / "history.yaml",
    }
    broken = tmp_path / "broken.yaml"
    broken.write_text("version: 1\nresources:\n  - id: x\n    url: 'http://a\"b'\n")

    def check(kind: str, path: Path) -> tuple[int, str]:
        schema = tmp_path / f"{kind}.schema.json"
        schema.write_text(run("catalog", "schema", kind).stdout, encoding="utf-8")
        res = CliRunner().invoke(check_jsonschema, ["--schemafile", str(schema), str(path)])
        return res.exit_code, res.output

    for kind, path in files.items():
        code, output = check(kind, path)
        assert code == 0, (kind, output)
        assert "ok -- validation done" in output, (kind, output)
    code, output = check("resources", broken)
    assert code == 1, output
    assert "Invalid character escape" not in output
    assert "does not match" in output, output
