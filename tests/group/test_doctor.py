"""The doctor's findings: what is essential for a safe meeting, and what is advice."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

from facilitate.catalog.layers import open_catalog
from facilitate.group.doctor import Report, Severity, diagnose
from facilitate.group.group import Group
from tests.conftest import Run

TODAY = dt.date(2026, 11, 21)
Tree = Callable[[Mapping[str, str | bytes]], Path]

RULES = """
version: 1
rules:
  - id: confidential
    text: What is shared here stays here, unless someone is at risk of serious harm.
    category: confidentiality
"""
NO_LIMITS = (
    "version: 1\nrules:\n  - id: c\n    text: It stays here.\n    category: confidentiality\n"
)
NO_CONFIDENTIALITY = (
    "version: 1\nrules:\n  - id: kind\n    text: We are kind, and no one comes to harm.\n"
)


def check(folder: Path | None, *, region: str | None = None, today: dt.date = TODAY) -> Report:
    """The doctor's report, with the group loaded as the command loads it."""
    group = Group.load(open_catalog(None, folder), folder, today=today, lenient=True)
    return diagnose(group, region=region)


def by_area(report: Report, area: str) -> list[tuple[Severity, str]]:
    return [(f.severity, f.message) for f in report.findings if f.area == area]


def test_no_workspace_is_essential(tmp_path: Path) -> None:
    report = check(None)
    assert not report.ready
    assert [s for s, _ in by_area(report, "workspace")] == [Severity.ESSENTIAL]
    assert by_area(report, "catalog")[0][0] is Severity.OK


def test_a_region_with_lines_is_ready_with_advice(tree: Tree) -> None:
    root = tree({"facilitate.yaml": "name: Harbour\nregion: GB\n"})
    report = check(root)
    assert report.ready
    crisis = by_area(report, "crisis numbers")
    assert crisis[0][0] is Severity.OK and "GB" in crisis[0][1]
    details = next(f.details for f in report.findings if f.area == "crisis numbers")
    assert any("999" in d for d in details)
    assert [s for s, _ in by_area(report, "ground rules")] == [Severity.ADVICE]
    assert [s for s, _ in by_area(report, "back-up")] == [Severity.ADVICE]


PURPOSE_AND_ROLE = """\
purpose: A place to be heard by people who have been bullied at work too.
facilitator_role:
  involvement: I keep time and share as a peer.
  between_meetings: I am not on call between meetings.
  contact_instead: Acas or your union for work questions; the crisis lines for urgent help.
"""


def test_everything_in_place_gives_no_advice(tree: Tree) -> None:
    root = tree(
        {
            "facilitate.yaml": "name: Harbour\nregion: GB\nbackup:\n  label: Co-facilitator\n"
            "  phone: '021 000 000'\n" + PURPOSE_AND_ROLE,
            "groundrules.yaml": RULES,
        }
    )
    report = check(root)
    assert report.ready and report.advice == []


def test_a_region_without_lines_and_no_local_contact_is_essential(tree: Tree) -> None:
    root = tree({"facilitate.yaml": "name: Osaka\nregion: JP\n"})
    report = check(root)
    assert not report.ready
    (finding,) = report.essential
    assert finding.area == "crisis numbers"
    assert "JP" in finding.message
    assert "add local numbers with 'facilitate config add-contact" in finding.message


def test_a_region_without_lines_is_allowed_with_local_contacts_but_warned(tree: Tree) -> None:
    root = tree(
        {
            "facilitate.yaml": "name: Osaka\nregion: JP\nlocal_contacts:\n"
            "  - label: Emergency\n    phone: '112'\n",
        }
    )
    report = check(root)
    assert report.ready
    warned = [m for s, m in by_area(report, "crisis numbers") if s is Severity.ADVICE]
    assert any("add local numbers with 'facilitate config add-contact" in m for m in warned)


def test_no_region_and_no_contacts_is_essential_but_contacts_alone_will_do(tree: Tree) -> None:
    root = tree({"a/facilitate.yaml": "name: A\n", "b/facilitate.yaml": RULES_B})
    assert [f.area for f in check(root / "a").essential] == ["crisis numbers"]
    report = check(root / "b")
    assert report.ready
    assert [s for s, _ in by_area(report, "crisis numbers")] == [Severity.OK, Severity.ADVICE]


RULES_B = "name: B\nlocal_contacts:\n  - label: Local crisis team\n    phone: '555 0100'\n"


def test_the_region_option_wins_over_the_profile(tree: Tree) -> None:
    root = tree({"facilitate.yaml": "name: Osaka\nregion: JP\n"})
    assert check(root, region="US").ready
    assert not check(root).ready


def test_an_emergency_number_without_a_crisis_line_is_advice(tree: Tree) -> None:
    root = tree({"facilitate.yaml": "name: Europe\nregion: EU\n"})
    report = check(root)
    assert report.ready
    assert any(
        s is Severity.ADVICE and "crisis line" in m for s, m in by_area(report, "crisis numbers")
    )


def test_old_numbers_get_a_reminder(tree: Tree) -> None:
    root = tree({"facilitate.yaml": "name: Harbour\nregion: GB\n"})
    later = check(root, today=TODAY + dt.timedelta(days=3 * 365))
    assert any("last checked" in m for _, m in by_area(later, "crisis numbers"))
    assert not any("last checked" in m for _, m in by_area(check(root), "crisis numbers"))


def test_a_broken_profile_is_essential_with_its_position(tree: Tree) -> None:
    root = tree({"facilitate.yaml": "name: Harbour\nminutes: 5\n"})
    report = check(root)
    broken = [f for f in report.essential if f.area == "workspace"]
    assert broken
    assert any(
        d.endswith("facilitate.yaml:2:10: must be at least 20 (minutes)") for d in broken[0].details
    )
    # Its region is unknown while it cannot be read: not "no region is set".
    [crisis] = [f for f in report.findings if f.area == "crisis numbers"]
    assert crisis.severity == Severity.ESSENTIAL
    assert crisis.message == "the crisis numbers cannot be checked until facilitate.yaml is fixed"


@pytest.mark.parametrize(
    ("files", "area", "severity"),
    [
        ({"groundrules.yaml": RULES}, "ground rules", Severity.OK),
        ({"groundrules.yaml": NO_LIMITS}, "ground rules", Severity.ADVICE),
        ({"groundrules.yaml": NO_CONFIDENTIALITY}, "ground rules", Severity.ESSENTIAL),
        ({"groundrules.yaml": "version: 1\nrules: []\n"}, "ground rules", Severity.ESSENTIAL),
        ({"history.yaml": "version: 1\nmeetings: nope\n"}, "history", Severity.ESSENTIAL),
    ],
)
def test_workspace_files_are_checked(
    tree: Tree, files: dict[str, str], area: str, severity: Severity
) -> None:
    root = tree({"facilitate.yaml": "name: Harbour\nregion: IE\n", **files})
    assert [s for s, _ in by_area(check(root), area)] == [severity]


def test_a_back_up_without_a_way_to_reach_them_is_advice(tree: Tree) -> None:
    root = tree({"facilitate.yaml": "name: H\nregion: AU\nbackup:\n  label: Co-facilitator\n"})
    assert [s for s, m in by_area(check(root), "back-up")] == [Severity.ADVICE]


def test_an_unknown_preset_is_advice(tree: Tree) -> None:
    root = tree({"facilitate.yaml": "name: H\nregion: AU\npreset: no-such-preset\n"})
    assert any("no-such-preset" in m for _, m in by_area(check(root), "ground rules"))


def test_broken_catalogs_are_essential(tree: Tree) -> None:
    root = tree(
        {
            "facilitate.yaml": "name: H\nregion: US\n",
            "topics.yaml": "version: 1\ntopics:\n  - id: Bad Id\n",
        }
    )
    report = check(root)
    areas = [f.area for f in report.essential]
    assert areas == ["catalog", "crisis numbers"]
    assert any("topics.yaml:3:" in d for d in report.essential[0].details)


def test_doctor_finds_confidentiality_and_its_limits_taken_out(run: Run, tmp_path: Path) -> None:
    assert run("init", "--name", "Test", "--region", "GB").exit_code == 0
    assert run("groundrules", "init").exit_code == 0
    res = run("doctor")
    assert res.exit_code == 0, res
    assert (
        "ok: ground rules: 13 ground rules, with confidentiality and its limits among them"
        in res.stdout.splitlines()
    )

    assert run("groundrules", "remove", "confidentiality-limits", "--force").exit_code == 0
    res = run("doctor")
    assert res.exit_code == 0, res
    lines = res.stdout.splitlines()
    at = lines.index(
        "advice: ground rules: 12 ground rules, but no confidentiality rule says where "
        "confidentiality ends (serious risk of harm); say so in one, so no one is surprised later"
    )
    assert lines[at + 1 : at + 3] == [
        "    confidentiality rule: confidentiality",
        "    confidentiality rule: outside-the-group",
    ]

    for rule_id in ("confidentiality", "outside-the-group"):
        assert run("groundrules", "remove", rule_id, "--force").exit_code == 0
    rules = (tmp_path / "groundrules.yaml").read_text(encoding="utf-8")
    assert "category: confidentiality" not in rules
    res = run("doctor")
    assert res.exit_code == 1, res
    assert (
        "missing: ground rules: 10 ground rules, but none on confidentiality: members need to "
        "hear that what they share stays in the group, and where that ends (serious risk of "
        "harm); add a rule with 'facilitate groundrules add \"...\" --category confidentiality'"
    ) in res.stdout.splitlines()
    assert "Not ready: 1 essential item missing for a safe meeting." in res.stdout

    res = run("doctor", "--json")
    assert res.exit_code == 1
    found = json.loads(res.stdout)
    assert found["ready"] is False
    assert [f["severity"] for f in found["findings"] if f["area"] == "ground rules"] == [
        "essential"
    ]


def test_a_missing_purpose_and_role_are_advice_that_names_what_to_add(tree: Tree) -> None:
    root = tree(
        {
            "facilitate.yaml": "name: Harbour\nregion: GB\nfacilitator_role:\n"
            "  involvement: I keep time.\n",
            "groundrules.yaml": RULES,
        }
    )
    report = check(root)
    assert report.ready  # advice never stops a meeting
    by_area = {f.area: f for f in report.advice}
    assert "purpose:" in by_area["purpose"].message
    role = by_area["facilitator role"].message
    assert "contact between meetings or who to contact instead" in role
    assert "how involved" not in role


def test_a_written_purpose_and_role_are_reported_ok(tree: Tree) -> None:
    root = tree({"facilitate.yaml": "name: Harbour\nregion: GB\n" + PURPOSE_AND_ROLE})
    ok = {f.area for f in check(root).findings if f.severity.value == "ok"}
    assert {"purpose", "facilitator role"} <= ok
