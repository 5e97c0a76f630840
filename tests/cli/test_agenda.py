"""`facilitate agenda` through the real command line: options, audiences, files, templates."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from facilitate.catalog import open_catalog
from facilitate.catalog.layers import Catalog
from facilitate.documents.agenda import AgendaRequest, build_agenda, load_script
from facilitate.group.group import Group
from facilitate.group.history import read_history
from facilitate.group.safety import crisis_lines
from facilitate.models.base import Depth, Stage, text_key
from facilitate.models.script import ScriptFile
from facilitate.render.env import md_escape
from tests import pdftext
from tests.conftest import REPO, Run, markdown_lint, markdown_lint_files, nu_validate, write_tree

Tree = Callable[[Mapping[str, str | bytes]], Path]
BASE = ("agenda", "--topic", "boundaries", "--seed", "7")
PLAN_ID = re.compile(r"^plan id: (v1:\S+)$", re.MULTILINE)
DEPTH_LABEL = re.compile(r"^\d+\. .* \((\d+) min, (light|medium|deep)\)$", re.MULTILINE)
TIMELINE_ROW = re.compile(r"^\| (\S+)–(\S+?) \| (.+) \| (\d+) \|$", re.MULTILINE)
PAGE_SIZES = {"a4": (595.0, 842.0), "letter": (612.0, 792.0)}


@cache
def catalog() -> Catalog:
    return open_catalog(None, None)


@cache
def script() -> ScriptFile:
    return load_script()


TOPICS = sorted(catalog().topics.items)


def plan_id(stderr: str) -> str:
    match = PLAN_ID.search(stderr)
    assert match, f"no plan id on stderr: {stderr!r}"
    return match.group(1)


def ok(res: object) -> None:
    assert getattr(res, "exit_code", None) == 0, res


def refused(res: object) -> str:
    """The one stderr line of a refused command (exit 2, nothing on stdout)."""
    assert getattr(res, "exit_code", None) == 2, res
    assert getattr(res, "stdout", None) == ""
    lines = str(getattr(res, "stderr", "")).strip().splitlines()
    assert len(lines) == 1, lines
    return lines[0]


def title(kind: str) -> str:
    return script().segments[kind].title


def timeline(doc: str) -> list[tuple[str, str, str, int]]:
    return [(a, b, part, int(m)) for a, b, part, m in TIMELINE_ROW.findall(doc)]


# -- the main command -------------------------------------------------------------------------


def test_agenda_for_a_topic(run: Run) -> None:
    res = run("agenda", "--topic", "boundaries")
    ok(res)
    doc = res.stdout
    assert doc.startswith("# Setting boundaries that fit you\n")
    for heading in ("## Crisis plan", "## Before the meeting", "## Timeline"):
        assert f"\n{heading}\n" in doc
    # the facilitator's page comes first, before the script
    assert doc.index("## Crisis plan") < doc.index("## Before the meeting") < doc.index("## 0:00")
    # every part of the meeting, timed, adding up to the default 90 minutes
    rows = timeline(doc)
    assert [r[2] for r in rows][-2:] == [title("check-out"), title("close")]
    assert sum(r[3] for r in rows) == 90
    pid = plan_id(res.stderr)
    assert pid.startswith("v1:t=boundaries:m=90:n=8:")
    assert pid in doc  # the facilitator copy carries it too
    assert "plan id:" not in doc
    assert markdown_lint(doc) == []


def test_the_member_handout_holds_nothing_for_the_facilitator_only(run: Run) -> None:
    res = run(*BASE, "--audience", "members")
    ok(res)
    doc = res.stdout
    topic = catalog().topic("boundaries")
    for marker in ("Facilitator page", "Say:", "Tips:", "Crisis plan", "Watch for", "Plan id"):
        assert marker not in doc
    for text in [
        *topic.facilitator_notes.do,
        *topic.facilitator_notes.avoid,
        *topic.watch_for,
        *(f for d in topic.discussion for f in d.follow_ups),
    ]:
        assert md_escape(text) not in doc, text
    for seg in script().segments.values():
        for text in seg.tips:
            assert md_escape(text) not in doc, text
    # what members do get
    assert "## The meeting" in doc and "## Our ground rules" in doc
    assert "## If you need help now" in doc and "## Timeline" not in doc
    # one timeline, and the parts are not printed again
    assert len(timeline(doc)) == len(re.findall(r"^\| \d", doc, re.MULTILINE))
    assert "\n## 0:" not in doc
    # without a start time the meeting may be held by day: "tonight" reads "today"
    assert md_escape(topic.summary.replace("Tonight", "Today")) in doc


def test_a_first_meeting_needs_no_topic(run: Run) -> None:
    res = run("agenda", "--first-meeting", "--seed", "3")
    ok(res)
    doc = res.stdout
    assert doc.startswith("# First meeting\n")
    for kind in ("introductions", "confidentiality", "ground-rules", "feedback", "check-out"):
        assert f": {title(kind)}\n" in doc, kind
    assert "consent" in title("confidentiality").lower()
    assert "A starting list to shape together:" in doc
    assert title("discussion") not in doc
    pid = plan_id(res.stderr)
    assert ":first:" in pid and ":s=forming:" in pid and "t=" not in pid

    with_topic = run("agenda", "--first-meeting", "--topic", "first-meeting", "--seed", "3")
    ok(with_topic)
    assert with_topic.stdout.startswith("# First meeting: ")
    assert f": {title('discussion')}\n" in with_topic.stdout


def test_skip_an_optional_part(run: Run) -> None:
    res = run(*BASE, "--skip", "activity")
    ok(res)
    assert title("activity") not in [r[2] for r in timeline(res.stdout)]
    pid = plan_id(res.stderr)
    assert ":x=activity:" in pid and ":a=" not in pid


def test_a_required_part_cannot_be_skipped(run: Run) -> None:
    line = refused(run(*BASE, "--skip", "check-out"))
    assert line == "facilitate: --skip check-out: this part is required and cannot be skipped"


def test_a_meeting_too_short_names_the_shortest_that_works(run: Run) -> None:
    line = refused(run(*BASE, "--minutes", "25"))
    match = re.search(r"the shortest that works is (\d+) minutes", line)
    assert match and "25-minute meeting is too short" in line
    shortest = int(match.group(1))
    res = run(*BASE, "--minutes", str(shortest))
    ok(res)
    assert sum(r[3] for r in timeline(res.stdout)) == shortest
    refused(run(*BASE, "--minutes", str(shortest - 1)))


def test_clock_times_from_the_start(run: Run) -> None:
    res = run(*BASE, "--start", "18:30")
    ok(res)
    doc = res.stdout
    assert "90 minutes, from 18:30 to 20:00" in doc
    rows = timeline(doc)
    assert rows[0][0] == "18:30" and rows[-1][1] == "20:00"
    for before, after in itertools.pairwise(rows):
        assert before[1] == after[0]
    assert "Tonight we finish at 20:00." in doc
    assert ":at=1830:" in plan_id(res.stderr)
    assert refused(run(*BASE, "--start", "25:99")).startswith("facilitate: --start 25:99")


def test_clock_times_from_the_profile_start(run: Run, tree: Tree) -> None:
    tree({"facilitate.yaml": 'version: 1\nname: Harbour\nstart: "18:30"\n'})
    res = run(*BASE, "--no-record")
    ok(res)
    assert "90 minutes, from 18:30 to 20:00" in res.stdout
    assert ":at=1830:" in plan_id(res.stderr)
    later = run(*BASE, "--no-record", "--start", "19:00")  # the option wins
    ok(later)
    assert "90 minutes, from 19:00 to 20:30" in later.stdout


def test_a_forming_group_gets_light_prompts_only(run: Run) -> None:
    res = run("agenda", "--topic", "boundaries", "--stage", "forming", "--seed", "1")
    ok(res)
    doc = res.stdout
    labels = DEPTH_LABEL.findall(doc)
    assert labels and {depth for _, depth in labels} == {"light"}
    topic = catalog().topic("boundaries")
    depth_of = {p.text: p.depth for p in [*topic.check_in, *topic.check_out]}
    depth_of |= {p.text: p.depth for p in catalog().prompts.values()}
    questions = re.findall(r"^Question: (.+)$", doc, re.MULTILINE)
    assert len(questions) == 2
    by_escaped = {md_escape(text): depth for text, depth in depth_of.items()}
    assert [by_escaped[q] for q in questions] == [Depth.LIGHT, Depth.LIGHT]
    assert "### The group's stage: forming" in doc


def test_an_online_meeting_gets_online_preparation(run: Run) -> None:
    prep = script().preparation
    online = run(*BASE, "--online")
    ok(online)
    assert ", online." in online.stdout
    for item in prep.online:
        assert f"- [ ] {md_escape(item)}" in online.stdout
    for item in prep.in_person:
        assert md_escape(item) not in online.stdout
    room = run(*BASE)
    ok(room)
    for item in prep.in_person:
        assert f"- [ ] {md_escape(item)}" in room.stdout
    assert ":on:" in plan_id(online.stderr) and ":on:" not in plan_id(room.stderr)


@pytest.mark.parametrize("audience", ["facilitator", "members"])
def test_crisis_lines_for_a_region(run: Run, audience: str) -> None:
    res = run(*BASE, "--region", "GB", "--audience", audience)
    ok(res)
    assert "Samaritans: call 116 123" in res.stdout
    assert "call 999" in res.stdout
    assert "not known yet" not in res.stdout


@pytest.mark.parametrize("region", [None, "JP"])
def test_an_unknown_region_gets_a_clearly_marked_blank(run: Run, region: str | None) -> None:
    for audience in ("facilitator", "members"):
        args = [*BASE, "--audience", audience] + (["--region", region] if region else [])
        res = run(*args)
        ok(res)
        assert "- Emergency number: \\_\\_\\_" in res.stdout
        assert "- Crisis line: \\_\\_\\_" in res.stdout
        asks = "ask the facilitator for the local crisis number" in res.stdout
        assert asks == (audience == "members")
        assert ("local\\_contacts in facilitate.yaml" in res.stdout) == (audience == "facilitator")
        if region:
            assert f"note: no crisis lines for region {region}" in res.stderr


def test_no_region_says_in_one_line_how_to_give_one(run: Run, tmp_path: Path) -> None:
    res = run(*BASE)
    ok(res)
    notes = [ln for ln in res.stderr.splitlines() if "no region" in ln]
    assert notes == [
        "note: no region, so the crisis plan has blanks for national crisis lines; give "
        "--region XX (a country code such as GB or US), or keep it in a group folder with "
        "'facilitate init --region XX'"
    ]
    assert "no region" not in run(*BASE, "--region", "GB").stderr
    (tmp_path / "facilitate.yaml").write_text("name: Pier group\n", encoding="utf-8")
    in_workspace = run(*BASE, "--no-record")
    assert (
        "note: no region, so the crisis plan has blanks for national crisis lines; set it with "
        "'facilitate config set region XX' (a country code such as GB or US)"
    ) in in_workspace.stderr.splitlines()


# -- the workspace -------------------------------------------------------------------------------


PROFILE = """\
version: 1
name: Thursday circle
minutes: 120
size: 5
region: GB
"""


def test_the_workspace_profile_gives_the_defaults(run: Run, tree: Tree) -> None:
    tree({"facilitate.yaml": PROFILE})
    res = run(*BASE)
    ok(res)
    assert "Thursday circle, 120 minutes, for about 5 people." in res.stdout
    assert sum(r[3] for r in timeline(res.stdout)) == 120
    assert "Samaritans" in res.stdout
    assert ":m=120:n=5:" in plan_id(res.stderr)


def test_options_win_over_the_workspace_profile(run: Run, tree: Tree) -> None:
    tree({"facilitate.yaml": PROFILE})
    res = run(*BASE, "--minutes", "60", "--size", "10", "--region", "US")
    ok(res)
    assert "60 minutes, for about 10 people." in res.stdout
    assert sum(r[3] for r in timeline(res.stdout)) == 60
    us = crisis_lines(catalog(), None, "US")
    assert us.lines and all(md_escape(r.title) in res.stdout for r in us.lines)
    assert "Samaritans" not in res.stdout
    assert ":m=60:n=10:" in plan_id(res.stderr)


def test_the_groups_own_ground_rules_are_used(run: Run, tree: Tree) -> None:
    tree(
        {
            "facilitate.yaml": PROFILE,
            "groundrules.yaml": """\
                version: 1
                rules:
                  - id: our-own
                    text: We keep our own rule about tea breaks.
            """,
        }
    )
    for audience in ("facilitator", "members"):
        res = run(*BASE, "--audience", audience)
        ok(res)
        assert "1. We keep our own rule about tea breaks." in res.stdout


def test_history_gets_the_prompt_ids_only(run: Run, tree: Tree, tmp_path: Path) -> None:
    tree({"facilitate.yaml": PROFILE})
    res = run(*BASE)
    ok(res)
    history = read_history(tmp_path / "history.yaml")
    assert len(history.meetings) == 1
    entry = history.meetings[0]
    assert entry.kind == "planned" and entry.topic == "boundaries"
    assert entry.plan == plan_id(res.stderr)
    outside = Group(catalog=catalog(), today=entry.date)
    rebuilt = build_agenda(outside, AgendaRequest(plan_id=plan_id(res.stderr)))
    assert entry.prompts == rebuilt.plan.prompt_ids
    raw = (tmp_path / "history.yaml").read_text(encoding="utf-8")
    questions = re.findall(r"^Question: (.+)$", res.stdout, re.MULTILINE)
    assert questions
    for text in [*questions, *(d.text for d in rebuilt.plan.discussion)]:
        assert text not in raw
    # --no-record leaves it alone
    ok(run(*BASE, "--no-record"))
    assert len(read_history(tmp_path / "history.yaml").meetings) == 1
    # One planned meeting per date: another agenda for the same day replaces it.
    ok(run(*BASE, "--topic", "hope"))
    assert [m.topic for m in read_history(tmp_path / "history.yaml").meetings] == ["hope"]


def test_an_output_that_cannot_be_written_is_one_line(run: Run, tmp_path: Path) -> None:
    (tmp_path / "notes").write_text("mine\n", encoding="utf-8")
    res = run(*BASE, "-o", "notes/agenda.html")
    assert res.exit_code == 2
    assert res.stderr.strip().splitlines()[-1] == (
        "facilitate: notes/agenda.html: cannot write it (notes is a file, not a folder)"
    )
    assert "Traceback" not in res.stderr
    assert (tmp_path / "notes").read_text("utf-8") == "mine\n"


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("a" * 300 + ".md", "cannot write it (file name too long)"),
        ("/dev/null", "not a plain file (a folder or a device); give a file name"),
    ],
)
def test_odd_output_paths_are_one_line(run: Run, target: str, message: str) -> None:
    res = run(*BASE, "-o", target, "--force")
    assert res.exit_code == 2, res
    assert res.stderr.strip().splitlines()[-1] == f"facilitate: {target}: {message}"
    assert "Traceback" not in res.stderr


def test_a_workspace_path_too_long_is_one_line(run: Run) -> None:
    long = "b" * 300
    res = run("--workspace", long, *BASE)
    assert res.exit_code == 2, res
    assert res.stderr.strip().endswith(": file name too long")
    assert "Traceback" not in res.stderr


def test_a_history_that_cannot_be_written_leaves_the_agenda_whole(
    run: Run, tree: Tree, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As root, a read-only folder is still writable, so the disk is made to refuse here.
    import facilitate.group.history
    from facilitate.errors import UserError

    tree({"facilitate.yaml": PROFILE})

    def full_disk(path: Path, content: str | bytes) -> None:
        raise UserError(f"{path.name}: cannot write it (no space left on device)")

    monkeypatch.setattr(facilitate.group.history, "atomic_write", full_disk)
    res = run(*BASE, "-o", "agenda.html")
    assert res.exit_code == 0, res.stderr
    assert (tmp_path / "agenda.html").read_text("utf-8").startswith("<!DOCTYPE html>")
    assert (
        "note: history.yaml: cannot write it (no space left on device); the agenda is fine, "
        "but its prompts were not noted in history" in res.stderr
    )
    assert not (tmp_path / "history.yaml").exists()


def test_a_new_group_is_planned_as_forming_until_it_has_met_three_times(
    run: Run, tree: Tree, tmp_path: Path
) -> None:
    import datetime as dt

    from facilitate.group.history import record_held
    from facilitate.models.workspace import HistoryEntry

    tree({"facilitate.yaml": PROFILE})
    for weeks_ago in (3, 2, 1, 0):
        res = run(*BASE, "--no-record")
        ok(res)
        held = 3 - weeks_ago
        if held < 3:
            assert ":s=forming:" in plan_id(res.stderr), held
            assert "so this agenda is planned for a forming group" in res.stderr
        else:
            assert ":s=" not in plan_id(res.stderr)
            assert "forming group" not in res.stderr
        day = dt.date.today() - dt.timedelta(days=7 * (weeks_ago + 1))
        record_held(tmp_path / "history.yaml", HistoryEntry(date=day, topic="boundaries"))
    # the facilitator (or the profile) says where the group is: no guess, no note
    (tmp_path / "history.yaml").unlink()
    said = run(*BASE, "--stage", "norming", "--no-record")
    ok(said)
    assert ":s=norming:" in plan_id(said.stderr) and "forming group" not in said.stderr
    tree({"facilitate.yaml": PROFILE + "stage: performing\n"})
    profile = run(*BASE, "--no-record")
    ok(profile)
    assert ":s=performing:" in plan_id(profile.stderr)
    assert "forming group" not in profile.stderr


def test_no_history_is_written_outside_a_workspace(run: Run, tmp_path: Path) -> None:
    ok(run(*BASE))
    assert not (tmp_path / "history.yaml").exists()


# -- plan ids -------------------------------------------------------------------------------------


def test_a_plan_id_rebuilds_the_same_agenda(run: Run) -> None:
    first = run(*BASE, "--start", "18:30", "--stage", "norming", "--online", "--size", "11")
    ok(first)
    pid = plan_id(first.stderr)
    again = run("agenda", "--plan", pid)
    ok(again)
    assert plan_id(again.stderr) == pid
    assert again.stdout == first.stdout
    members = run(
        *BASE,
        "--start",
        "18:30",
        "--stage",
        "norming",
        "--online",
        "--size",
        "11",
        "--audience",
        "members",
    )
    assert run("agenda", "--plan", pid, "--audience", "members").stdout == members.stdout


def test_options_beside_a_plan_id_are_named_as_unused(run: Run) -> None:
    first = run(*BASE)
    ok(first)
    pid = plan_id(first.stderr)
    again = run(
        "agenda", "--plan", pid, "--minutes", "60", "--topic", "grief", "--skip", "activity"
    )
    ok(again)
    assert plan_id(again.stderr) == pid and again.stdout == first.stdout
    assert (
        "note: --topic, --minutes and --skip not used: a plan id fixes the meeting's options"
        in again.stderr
    )
    assert "not used" not in run("agenda", "--plan", pid).stderr


@pytest.mark.parametrize(
    "bad",
    [
        "v1:t=boundaries:garbage",
        "v1:t=boundaries:zz=3",
        "v2:t=boundaries",
        "boundaries",
        "v1:t=boundaries:m=99999999999999999999",
        "v1:t=boundaries:m=-5",
        "v1:t=boundaries:n=0",
        "v1:t=boundaries:at=2599",
    ],
)
def test_a_damaged_plan_id_is_refused(run: Run, bad: str) -> None:
    res = run("agenda", "--plan", bad)
    assert res.exit_code == 2
    assert (
        res.stderr
        == f"facilitate: '{bad}' is not a plan id (they start with v1: and come from an agenda)\n"
    )
    assert res.stdout == ""


def test_a_plan_id_with_a_bad_skip_or_a_missing_question(run: Run) -> None:
    res = run("agenda", "--plan", "v1:t=boundaries:m=90:n=8:x=bogus")
    assert res.exit_code == 2 and "--skip bogus" in res.stderr, res
    short = run("agenda", "--plan", "v1:t=boundaries:m=90:n=8", "--seed", "3")
    ok(short)
    assert "note: the plan id names no check-in question, so one was drawn" in short.stderr
    assert "note: the plan id names no check-out question, so one was drawn" in short.stderr


def test_swaps_of_parts_a_meeting_does_not_have_are_refused(run: Run) -> None:
    first = run("agenda", "--first-meeting", "--seed", "2")
    ok(first)
    pid = plan_id(first.stderr)
    for part in ("check-in", "discussion", "activity"):
        res = run("agenda", "--plan", pid, "--swap", part)
        assert res.exit_code == 2, (part, res)
        assert f"--swap {part}: this meeting has no {part} to redraw" in res.stderr
    res = run("agenda", "--plan", pid, "--swap", "")
    assert res.exit_code == 2 and "--swap : choose one of" in res.stderr, res


def test_a_first_meeting_is_forming_whatever_the_profile_says(run: Run, tree: Tree) -> None:
    tree({"facilitate.yaml": PROFILE + "stage: performing\n"})
    res = run("agenda", "--first-meeting", "--seed", "1", "--no-record")
    ok(res)
    assert ":s=forming:first:" in plan_id(res.stderr)


def test_swap_check_in_changes_only_the_check_in(run: Run) -> None:
    first = run(*BASE)
    ok(first)
    pid = plan_id(first.stderr)
    swapped = run("agenda", "--plan", pid, "--swap", "check-in")
    ok(swapped)
    new = plan_id(swapped.stderr)
    changed = [(a, b) for a, b in zip(pid.split(":"), new.split(":"), strict=True) if a != b]
    assert len(changed) == 1 and changed[0][0].startswith("ci=")
    q_old = re.findall(r"^Question: (.+)$", first.stdout, re.MULTILINE)
    q_new = re.findall(r"^Question: (.+)$", swapped.stdout, re.MULTILINE)
    assert q_old[0] != q_new[0] and q_old[1] == q_new[1]
    line = refused(run("agenda", "--plan", pid, "--swap", "close"))
    assert "--swap close" in line


def test_a_plan_naming_a_prompt_that_is_gone_notes_it_and_redraws(run: Run, tmp_path: Path) -> None:
    first = run(*BASE)
    ok(first)
    pid = plan_id(first.stderr)
    gone = pid.split(":d=")[1].split(":")[0].split(",")[0]
    # a user catalog whose 'boundaries' has that prompt reworded
    data = yaml.safe_load((REPO / "data" / "topics.yaml").read_text(encoding="utf-8"))
    topic = next(t for t in data["topics"] if t["id"] == "boundaries")
    for item in topic["discussion"]:
        if text_key(item["prompt"])[1:6] == gone:
            item["prompt"] = "What is one small limit you kept this month?"
            break
    else:
        pytest.fail(f"no prompt with token {gone}")
    user = tmp_path / "mycatalog"
    user.mkdir()
    (user / "topics.yaml").write_text(
        yaml.safe_dump({"version": 1, "topics": [topic]}, sort_keys=False), encoding="utf-8"
    )
    res = run("--catalog", str(user), "agenda", "--plan", pid)
    ok(res)
    note = f"note: the discussion prompt '{gone}' is no longer in the catalog; another was drawn"
    assert note in res.stderr
    new = plan_id(res.stderr)
    assert new != pid
    assert gone not in new.split(":d=")[1].split(":")[0]

    def others(p: str) -> list[str]:
        return [x for x in p.split(":") if not x.startswith("d=")]

    assert others(new) == others(pid)


def test_a_bad_plan_id_is_one_line(run: Run) -> None:
    assert "is not a plan id" in refused(run("agenda", "--plan", "hello"))


# -- templates ------------------------------------------------------------------------------------


OVERRIDE = """\
{% extends "builtin:agenda.j2.md" %}
{% block footer %}

Printed for our group of {{ options.size }}.
{% endblock %}
"""


def test_templates_option_overrides_and_extends_the_builtin(run: Run, tree: Tree) -> None:
    tree({"mine/agenda.j2.md": OVERRIDE})
    res = run(*BASE, "--templates", "mine")
    ok(res)
    assert res.stdout.endswith("\nPrinted for our group of 8.\n")
    assert "## Timeline" in res.stdout and "## Crisis plan" in res.stdout
    assert markdown_lint(res.stdout) == []
    plain = run(*BASE)
    assert "Printed for our group" not in plain.stdout


def test_a_workspace_templates_folder_is_used(run: Run, tree: Tree) -> None:
    tree({"facilitate.yaml": PROFILE, "templates/agenda.j2.md": OVERRIDE})
    res = run(*BASE, "--no-record")
    ok(res)
    assert "Printed for our group of 5." in res.stdout


@pytest.mark.parametrize(
    ("content", "where", "message"),
    [
        ("# Mine\n\n{% if %}\n", "agenda.j2.md:3", "Expected an expression"),
        (
            '{% extends "builtin:agenda.j2.md" %}\n{% block footer %}\n\n{{ nope }}\n'
            "{% endblock %}\n",
            "agenda.j2.md:4",
            "'nope' is undefined",
        ),
    ],
)
def test_a_broken_user_template_is_one_line_with_its_place(
    run: Run, tree: Tree, content: str, where: str, message: str
) -> None:
    tree({"broken/agenda.j2.md": content})
    line = refused(run(*BASE, "--templates", "broken"))
    assert re.fullmatch(rf"facilitate: \S*{re.escape(where)}: .*{re.escape(message)}.*", line), line


def test_a_sandboxed_template_cannot_reach_python(run: Run, tree: Tree) -> None:
    tree({"evil/agenda.j2.md": "{{ options.__class__.__init__.__globals__ }}\n"})
    res = run(*BASE, "--templates", "evil")
    assert res.exit_code == 2, res
    assert "__globals__" not in res.stdout


EVIL_TOPIC = """\
version: 1
topics:
  - id: tricky
    title: <script>alert("title")</script> Tricky text
    summary: "[Click here](https://evil.example) and <b>bold</b> & more."
    groups: [general]
    stages: [norming]
    depth: light
    introduction: "# Not a heading"
    check_in:
      - text: "<img src=x onerror=alert(1)> How are you?"
        depth: light
    discussion:
      - prompt: "## Also not a heading?"
        depth: light
        follow_ups: ["[link](javascript:alert(1))", "| a | b |"]
      - prompt: "What helps? <script>alert(2)</script>"
        depth: light
    activities:
      - title: "<script>x</script> Draw"
        minutes: 10
        steps: ["- not a list", "1. not numbered", "---"]
    check_out:
      - text: "`code` and *stars* and _under_?"
        depth: light
    facilitator_notes:
      do: ["![img](https://evil.example/x.png)"]
      avoid: ["<a href='https://evil.example'>link</a>"]
    watch_for: ["=== not an underline"]
"""


def test_catalog_text_cannot_inject_markup(run: Run, tree: Tree) -> None:
    tree({"cat/topics.yaml": EVIL_TOPIC})
    args = ("--catalog", "cat", "agenda", "--topic", "tricky", "--seed", "1", "--stage", "norming")
    html = run(*args, "--format", "html")
    ok(html)
    lowered = html.stdout.lower()
    for bad in ("<script", "<img", "<b>", "<a href='", 'href="javascript', 'href="https://evil'):
        assert bad not in lowered, bad
    assert "&lt;script&gt;alert(&#34;title&#34;)&lt;/script&gt; tricky text" in lowered
    for audience in ("facilitator", "members"):
        res = run(*args, "--audience", audience)
        ok(res)
        # The crisis plan's own link to the helpline directory is the template's, not the catalog's.
        doc = re.sub(r"\n- \[Find A Helpline[^\n]*", "", res.stdout)
        assert "](" not in doc.replace("\\](", ""), "a Markdown link or image got through"
        assert not re.search(r"(?<!\\)<", doc), "raw HTML got through"  # no autolinks here
        headings = [ln for ln in doc.splitlines() if re.match(r"^\s*(\d+\.\s+)?#", ln)]
        assert all(not re.search(r"#\s*(Not|Also) ", h) for h in headings), headings
        for line in doc.splitlines():
            assert not re.match(r"^\s*(\d+\. )?(- not a list|1\. not numbered|---|===)", line), line
        assert markdown_lint(doc) == []
    assert "\\# Not a heading" in run(*args).stdout


# -- files ----------------------------------------------------------------------------------------


def test_output_file_is_never_silently_replaced(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "agenda.md"
    target.write_text("my notes\n", encoding="utf-8")
    line = refused(run(*BASE, "-o", "agenda.md"))
    assert "--force" in line
    assert target.read_text(encoding="utf-8") == "my notes\n"
    res = run(*BASE, "-o", "agenda.md", "--force")
    ok(res)
    assert res.stdout == ""
    assert target.read_text(encoding="utf-8").startswith("# Setting boundaries")
    assert (tmp_path / "agenda.md.bak").read_text(encoding="utf-8") == "my notes\n"
    assert "wrote agenda.md" in res.stderr


def test_format_from_the_extension_and_the_option(run: Run, tmp_path: Path) -> None:
    ok(run(*BASE, "-o", "agenda.html"))
    assert (tmp_path / "agenda.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    res = run(*BASE, "--format", "html")
    ok(res)
    assert res.stdout.startswith("<!DOCTYPE html>")


def test_pdf(run: Run, tmp_path: Path) -> None:
    res = run(*BASE, "--format", "pdf", "-o", "agenda.pdf", "--paper", "letter")
    ok(res)
    data = (tmp_path / "agenda.pdf").read_bytes()
    assert data.startswith(b"%PDF")
    reader = PdfReader(tmp_path / "agenda.pdf")
    assert len(reader.pages) > 1
    box = reader.pages[0].mediabox
    assert abs(float(box.width) - 612) <= 2 and abs(float(box.height) - 792) <= 2
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert "Setting boundaries that fit you" in text and "Crisis plan" in text


# -- golden files -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "extra"),
    [
        ("agenda-boundaries-seed7-1830-facilitator.md", ()),
        ("agenda-boundaries-seed7-1830-members.md", ("--audience", "members")),
        ("agenda-boundaries-seed7-1830-facilitator.html", ("--format", "html")),
        ("agenda-boundaries-seed7-1830-members.html", ("--audience", "members", "-f", "html")),
        ("agenda-boundaries-seed7-1830-glance.md", ("--layout", "glance")),
        ("agenda-boundaries-seed7-1830-glance.html", ("--layout", "glance", "-f", "html")),
    ],
)
def test_golden(
    run: Run, golden: Callable[[str, str], None], name: str, extra: tuple[str, ...]
) -> None:
    res = run(*BASE, "--start", "18:30", *extra)
    ok(res)
    golden(name, res.stdout)


# -- every topic, every format --------------------------------------------------------------------


REGIONS = ["GB", "US", None, "IE", "AU", "JP", "NZ", "CA"]
STAGES = [None, *(s.value for s in Stage)]
# The walk over every topic is cut in shards, so that pytest's workers share it: each shard
# renders its topics in every format and checks them with one pymarkdown and one Nu run.
SHARDS = 4


def shard_topics(shard: int) -> list[tuple[int, str]]:
    """The topics of one shard, each with its place in the whole walk (it picks the options)."""
    return [(i, t) for i, t in enumerate(TOPICS) if i % SHARDS == shard]


def test_the_shards_take_every_topic_once() -> None:
    walked = [pair for k in range(SHARDS) for pair in shard_topics(k)]
    assert sorted(walked) == list(enumerate(TOPICS))
    assert all(shard_topics(k) for k in range(SHARDS))


@pytest.mark.slow
@pytest.mark.parametrize("shard", range(SHARDS))
def test_every_topic_renders_in_every_format(run: Run, tmp_path: Path, shard: int) -> None:
    out = tmp_path / "out"
    out.mkdir()
    markdown: list[Path] = []
    html: list[Path] = []
    mine = shard_topics(shard)
    for i, topic_id in mine:
        topic = catalog().topic(topic_id)
        # vary the options from topic to topic so the walk covers them too
        args = ["agenda", "--topic", topic_id, "--seed", str(i), "--no-record"]
        if region := REGIONS[i % len(REGIONS)]:
            args += ["--region", region]
        if stage := STAGES[i % len(STAGES)]:
            args += ["--stage", stage]
        if i % 3 == 1:
            args += ["--online", "--start", "09:15"]
        if i % 4 == 2:
            args += ["--minutes", "150", "--size", "14"]
        for fmt in ("md", "html"):
            # both copies from one run, as a facilitator prints them: NAME.fmt, NAME-members.fmt
            path = out / f"{topic_id}.{fmt}"
            res = run(*args, "--audience", "both", "-o", str(path))
            assert res.exit_code == 0, (topic_id, fmt, res)
            for copy in (path, out / f"{topic_id}-members.{fmt}"):
                text = copy.read_text(encoding="utf-8")
                assert topic.title.split()[0] in text
                (markdown if fmt == "md" else html).append(copy)
            assert "Crisis plan" in path.read_text(encoding="utf-8")
            assert "Crisis plan" not in text and "Say:" not in text  # the members' copy
        # The PDF: the facilitator's copy for one topic, the members' for the next, on A4 and
        # Letter in turn (every second pair), so both copies and both papers are walked.
        paper = "a4" if i // 2 % 2 == 0 else "letter"
        audience = "facilitator" if i % 2 == 0 else "members"
        pdf = out / f"{topic_id}.pdf"
        res = run(*args, "--paper", paper, "--audience", audience, "-o", str(pdf))
        assert res.exit_code == 0, (topic_id, "pdf", res)
        reader = PdfReader(pdf)
        assert len(reader.pages) > 0
        width, height = PAGE_SIZES[paper]
        for page in reader.pages:
            box = page.mediabox
            assert abs(float(box.width) - width) <= 2, (topic_id, paper, box)
            assert abs(float(box.height) - height) <= 2, (topic_id, paper, box)
        # The first page opens with the title; the facilitator's goes on to the crisis plan,
        # where it is found at once. The members' copy holds no script.
        text = " ".join(pdftext.first_page_text(pdf).split())
        assert topic.title in text, topic_id
        if audience == "facilitator":
            assert "Crisis plan" in text, topic_id
        else:
            assert "member handout" in text and "Say:" not in text, topic_id
    assert len(markdown) == len(html) == 2 * len(mine)
    assert markdown_lint_files(markdown) == []
    assert nu_validate(html) == []


GROUP_TOPICS = [
    ("bereavement", "grief-first-weeks"),
    ("recovery", "cravings-and-triggers"),
    ("chronic-illness", "pacing-and-energy"),
    ("mental-health", "early-warning-signs"),
]


@pytest.mark.parametrize(("group", "topic"), GROUP_TOPICS)
@pytest.mark.parametrize("fmt", ["md", "html"])
def test_golden_for_each_group_type(
    run: Run, tree: Tree, golden: Callable[[str, str], None], group: str, topic: str, fmt: str
) -> None:
    tree(
        {"facilitate.yaml": f"version: 1\nname: Thursday group\nregion: GB\ngroup_type: {group}\n"}
    )
    res = run("agenda", "--topic", topic, "--seed", "7", "--start", "18:30", "--format", fmt)
    ok(res)
    assert f"'{topic}'" not in res.stderr  # written for the group: no warning
    golden(f"agenda-{topic}-{group}-seed7-1830.{fmt}", res.stdout)
    if fmt == "md":
        match = PLAN_ID.search(res.stderr)
        assert match and f":g={group}:" in match.group(1)
        again = run("agenda", "--plan", match.group(1))
        ok(again)
        assert again.stdout == res.stdout  # the plan id rebuilds the same agenda
        rules = open_catalog().preset(group).rules  # the group type's own ground rules
        assert " ".join(rules[0].text.split()[:4]) in " ".join(res.stdout.split())


def test_a_topic_from_another_groups_world_is_named(run: Run, tree: Tree) -> None:
    tree({"facilitate.yaml": "version: 1\nname: G\ngroup_type: bereavement\n"})
    res = run("agenda", "--topic", "cravings-and-triggers", "--seed", "7")
    ok(res)
    assert "'cravings-and-triggers' was not written for a bereavement group" in res.stderr
    assert "planned as for a recovery group" in res.stderr


# -- the meeting of a date: history, plan last, both copies, chosen questions -----------------


def _plan_id(res: object) -> str:
    return str(getattr(res, "stderr", "")).split("plan id: ")[1].split()[0]


def test_a_new_group_stays_new_until_it_has_met(run: Run, tmp_path: Path) -> None:
    write_tree(tmp_path, {"facilitate.yaml": "version: 1\nname: New group\nregion: GB\n"})
    for day in ("2027-01-04", "2027-01-05", "2027-01-06"):  # looking, on three days
        assert run("checkin", "--fresh").exit_code == 0
        assert run("agenda", "--topic", "boundaries", "--date", day, "--no-record").exit_code == 0
    res = run("agenda", "--topic", "boundaries", "--date", "2027-01-12")
    assert res.exit_code == 0, res
    assert "history.yaml has no meeting before 2027-01-12" in res.stderr
    assert ":s=forming" in _plan_id(res)
    # Planned meetings whose date has passed count as held, unless cancelled.
    for day in ("2027-01-19", "2027-01-26"):
        assert run("agenda", "--topic", "boundaries", "--date", day).exit_code == 0
    assert run("log", "--date", "2027-01-19", "--cancelled").exit_code == 0
    later = run("agenda", "--topic", "boundaries", "--date", "2027-02-02", "--no-record")
    assert "history.yaml has 2 meetings before 2027-02-02" in later.stderr


def test_plan_last_and_both_audiences(run: Run, tmp_path: Path) -> None:
    write_tree(tmp_path, {"facilitate.yaml": "version: 1\nname: Test group\nregion: GB\n"})
    none_yet = run("agenda", "--plan", "last")
    assert none_yet.exit_code == 2 and none_yet.stdout == ""
    assert none_yet.stderr == (
        "facilitate: --plan last: history.yaml has none yet; print an agenda in the group's "
        "folder first\n"
    )
    first = run("agenda", "--topic", "boundaries", "--date", "2027-03-02")
    again = run("agenda", "--plan", "last", "--audience", "both", "-o", "a.html")
    assert again.exit_code == 0, again
    assert _plan_id(again) == _plan_id(first)
    facilitator = (tmp_path / "a.html").read_text("utf-8")
    members = (tmp_path / "a-members.html").read_text("utf-8")
    assert "Say:" in facilitator and "Say:" not in members
    refused = run("agenda", "--plan", "last", "--audience", "both", "-o", "a.html")
    assert refused.exit_code == 2 and "already exists" in refused.stderr
    assert (tmp_path / "a-members.html").read_text("utf-8") == members
    # only the members' copy is there: the facilitator's is not written either
    (tmp_path / "b-members.html").write_text("mine\n")
    half = run("agenda", "--plan", "last", "--audience", "both", "-o", "b.html")
    assert half.exit_code == 2
    assert half.stderr == (
        "facilitate: b-members.html: already exists; use --force to replace (a backup is kept)\n"
    )
    assert not (tmp_path / "b.html").exists()
    pdf = run("agenda", "--plan", "last", "--audience", "both", "--format", "html")
    assert pdf.exit_code == 2 and "goes to files" in pdf.stderr


def test_a_chosen_check_in_question_is_used_and_a_typo_is_one_line(run: Run) -> None:
    topic = open_catalog().topic("boundaries")
    chosen = topic.check_in[-1]
    res = run(*BASE, "--check-in", chosen.key)
    assert res.exit_code == 0, res
    assert chosen.text in res.stdout
    bad = run(*BASE, "--check-in", chosen.key + "zz")
    assert (bad.exit_code, bad.stdout) == (2, "")
    assert bad.stderr.startswith("facilitate: --check-in: no check-in question for this meeting")
    assert len(bad.stderr.splitlines()) == 1


@pytest.mark.parametrize("part", ["ci=NOT AN ID", "t=Boundaries!", "d=ok,,bad id"])
def test_a_damaged_plan_id_is_one_line(run: Run, part: str) -> None:
    res = run("agenda", "--plan", f"v1:t=boundaries:m=90:n=8:{part}")
    assert (res.exit_code, res.stdout) == (2, "")
    assert "is not a plan id" in res.stderr and len(res.stderr.splitlines()) == 1


# -- print: the date, the place, the clock's words and the page at a glance ----------------------


def test_wording_follows_the_clock(run: Run) -> None:
    morning = run(*BASE, "--start", "10:00")
    ok(morning)
    assert "Today we finish at 11:30." in morning.stdout
    assert "tonight" not in morning.stdout.lower()
    evening = run(*BASE, "--start", "19:00")
    ok(evening)
    assert "Tonight we finish at 20:30." in evening.stdout


def test_the_date_venue_and_access_notes_reach_the_member_handout(
    run: Run, tree: Tree, tmp_path: Path
) -> None:
    tree(
        {
            "facilitate.yaml": PROFILE
            + "venue: Room 2, Harbour Library\n"
            + "access:\n  - Step-free access by the side door\n  - Hearing loop in the room\n"
        }
    )
    res = run(*BASE, "--audience", "members", "--date", "2027-01-12", "--no-record")
    ok(res)
    doc = res.stdout
    assert "Thursday circle, Tuesday 12 January 2027, 120 minutes" in doc
    assert "## Where we meet\n\nRoom 2, Harbour Library\n\n- Step-free access by the side" in doc
    assert "- Hearing loop in the room" in doc
    assert markdown_lint(doc) == []
    assert refused(run(*BASE, "--date", "12/01/2027")).startswith("facilitate: --date 12/01/2027")


def test_the_page_at_a_glance(run: Run, tmp_path: Path) -> None:
    res = run(*BASE, "--start", "18:30", "--layout", "glance")
    ok(res)
    doc = res.stdout
    assert doc.startswith("# Setting boundaries that fit you, at a glance\n")
    rows = re.findall(r"^\| (\d\d:\d\d)–(\d\d:\d\d) \| (.+?) \((\d+) min\) \| (.+) \|$", doc, re.M)
    assert rows[0][0] == "18:30" and rows[-1][1] == "20:00"
    assert sum(int(r[3]) for r in rows) == 90
    assert "## Ground rules in short" in doc and "## Crisis numbers" in doc
    assert plan_id(res.stderr) in doc
    assert markdown_lint(doc) == []
    line = refused(run(*BASE, "--layout", "glance", "--audience", "members"))
    assert "--layout glance is the facilitator's page" in line
    assert refused(run(*BASE, "--layout", "poster")) == (
        "facilitate: --layout poster: choose full or glance"
    )
