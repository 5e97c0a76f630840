"""The ground-rules core: presets, edits that keep comments, precise errors, safe writes."""

from __future__ import annotations

import datetime as dt
import os
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from facilitate.catalog import open_catalog
from facilitate.catalog.layers import Catalog
from facilitate.documents import groundrules as sheets
from facilitate.errors import CatalogError, NotFoundError, UserError
from facilitate.group import groundrules as gr
from facilitate.group.group import Group
from facilitate.models.base import GroupType
from facilitate.models.catalog import GroundRule, RuleCategory
from facilitate.models.workspace import Profile
from facilitate.storage.yaml import parse
from tests.conftest import write_tree

PRESETS = ("general", "workplace-bullying", "virtual")
PAGE_POINTS = {"a4": (595.28, 841.89), "letter": (612.0, 792.0)}


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return open_catalog()


def group(catalog: Catalog, folder: Path | None = None, profile: Profile | None = None) -> Group:
    return Group(catalog=catalog, folder=folder, profile=profile, today=dt.date(2026, 3, 2))


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def ids(path: Path) -> list[str]:
    return [r.id for r in gr.load_rules(path).rules]


def comment_lines(text: str) -> Counter[str]:
    return Counter(ln.strip() for ln in text.splitlines() if ln.strip().startswith("#"))


# -- which preset, which rules ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("profile", "expected"),
    [
        (None, "general"),
        (Profile(name="G"), "general"),
        (Profile(name="G", online=True), "virtual"),
        (Profile(name="G", group_type=GroupType.WORKPLACE_BULLYING), "workplace-bullying"),
        (
            Profile(name="G", group_type=GroupType.WORKPLACE_BULLYING, online=True),
            "workplace-bullying",
        ),
        (Profile(name="G", online=True, preset="general"), "general"),
    ],
)
def test_default_preset(profile: Profile | None, expected: str) -> None:
    assert gr.default_preset_id(profile) == expected


@pytest.mark.parametrize("group", list(GroupType))
def test_default_preset_follows_the_group_type(catalog: Catalog, group: GroupType) -> None:
    profile = Profile(name="G", group_type=group, online=True)
    expected = group.value if group != GroupType.GENERAL else "virtual"
    assert gr.default_preset_id(profile, catalog.presets.items) == expected
    assert expected in catalog.presets.items


def test_default_preset_without_the_group_types_own_falls_back() -> None:
    profile = Profile(name="G", group_type=GroupType.RECOVERY)
    assert gr.default_preset_id(profile, {"general", "virtual"}) == "general"
    online = Profile(name="G", group_type=GroupType.RECOVERY, online=True)
    assert gr.default_preset_id(online, {"general", "virtual"}) == "virtual"


def test_init_and_agenda_rules_use_the_group_types_preset(catalog: Catalog, folder: Path) -> None:
    profile = Profile(name="G", group_type=GroupType.BEREAVEMENT)
    rules, label = gr.current_rules(group(catalog, profile=profile))
    assert label == "the 'bereavement' preset"
    assert [r.id for r in rules] == [r.id for r in catalog.preset("bereavement").rules]
    written = gr.init_rules(group(catalog, profile=profile))
    assert written.preset == "bereavement"


def test_current_rules_from_preset_then_from_file(catalog: Catalog, folder: Path) -> None:
    rules, label = gr.current_rules(group(catalog, profile=Profile(name="G", online=True)))
    assert [r.id for r in rules] == [r.id for r in catalog.preset("virtual").rules]
    assert label == "the 'virtual' preset"

    gr.init_rules(group(catalog), "general")
    gr.add_rule(folder / "groundrules.yaml", "We bring our own tea.", rule_id="tea")
    rules, label = gr.current_rules(group(catalog, profile=Profile(name="G", online=True)))
    assert rules[-1] == GroundRule(id="tea", text="We bring our own tea.")
    assert len(rules) == len(catalog.preset("general").rules) + 1
    assert label == "groundrules.yaml"


def test_current_rules_reads_the_workspace_not_the_current_folder(
    catalog: Catalog, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    space = folder / "group"
    space.mkdir()
    gr.init_rules(group(catalog, folder=space), "workplace-bullying")
    elsewhere = folder / "elsewhere"
    elsewhere.mkdir()
    gr.init_rules(group(catalog, folder=elsewhere), "virtual")
    monkeypatch.chdir(elsewhere)
    rules, label = gr.current_rules(group(catalog, folder=space))
    assert [r.id for r in rules] == [r.id for r in catalog.preset("workplace-bullying").rules]
    assert label.endswith("groundrules.yaml")


def test_sheet_order_puts_confidentiality_first_and_keeps_the_rest() -> None:
    rules = [
        GroundRule(id="a", text="A", category=RuleCategory.LOGISTICS),
        GroundRule(id="b", text="B", category=RuleCategory.CONFIDENTIALITY),
        GroundRule(id="c", text="C", category=RuleCategory.RESPECT),
        GroundRule(id="d", text="D", category=RuleCategory.CONFIDENTIALITY),
        GroundRule(id="e", text="E", category=RuleCategory.SAFETY),
    ]
    assert [r.id for r in gr.sheet_order(rules)] == ["b", "d", "a", "c", "e"]


@pytest.mark.parametrize(
    ("text", "taken", "expected"),
    [
        ("Phones stay on silent during the meeting", [], "phones-stay-silent"),
        ("We bring snacks in turns", ["bring-snacks-turns"], "bring-snacks-turns-2"),
        ("Café: on s'écoute!", [], "cafe-s-ecoute"),
        ("We are", [], "we-are"),
        ("!!!", ["rule"], "rule-2"),
    ],
)
def test_slug_from_text(text: str, taken: list[str], expected: str) -> None:
    slug = gr.slug_from_text(text, taken)
    assert slug == expected
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug)


# -- init ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("preset", PRESETS)
def test_preset_text_explains_itself_and_matches_the_preset(catalog: Catalog, preset: str) -> None:
    text = gr.preset_text(catalog.preset(preset))
    lines = text.splitlines()
    assert lines[0].startswith("# ")
    head = lines[: lines.index("version: 1")]
    assert all(ln.startswith("#") for ln in head)
    assert "# yaml-language-server: $schema=groundrules.schema.json" in head
    assert any(
        "facilitate catalog schema groundrules > groundrules.schema.json" in ln for ln in head
    )
    for field in ("id", "text", "why", "category"):
        assert any(re.match(rf"#\s+{field}\s{{2,}}", ln) for ln in head), field
    assert lines[lines.index("version: 1") + 1 :][:2] == [f"preset: {preset}", "rules:"]
    doc = parse(text, "groundrules.yaml")
    assert doc.data["rules"] == [
        r.model_dump(mode="json", exclude_none=True) for r in catalog.preset(preset).rules
    ]


def test_init_refuses_to_overwrite_and_force_keeps_a_backup(catalog: Catalog, folder: Path) -> None:
    path = folder / "groundrules.yaml"
    done = gr.init_rules(group(catalog))
    assert done.path == path and done.preset == "general" and done.backup is None
    path.write_text(path.read_text(encoding="utf-8") + "# our own note\n", encoding="utf-8")
    before = path.read_bytes()

    with pytest.raises(UserError) as err:
        gr.init_rules(group(catalog), "virtual")
    assert len(err.value.lines()) == 1
    assert "force" in str(err.value)
    assert path.read_bytes() == before
    assert not (folder / "groundrules.yaml.bak").exists()

    done = gr.init_rules(group(catalog), "virtual", force=True)
    assert done.backup == folder / "groundrules.yaml.bak"
    assert done.backup.read_bytes() == before
    assert gr.load_rules(path).preset == "virtual"
    again = gr.init_rules(group(catalog), "virtual", force=True)
    assert again.backup == folder / "groundrules.yaml.bak.2"


def test_init_unknown_preset_suggests_one(catalog: Catalog, folder: Path) -> None:
    with pytest.raises(NotFoundError, match="did you mean 'virtual'"):
        gr.init_rules(group(catalog), "virtaul")
    assert not (folder / "groundrules.yaml").exists()


# -- edits --------------------------------------------------------------------------------------


def test_round_trip_add_edit_move_remove_render(catalog: Catalog, folder: Path) -> None:
    path = folder / "groundrules.yaml"
    gr.init_rules(group(catalog), "general")
    start = ids(path)

    added = gr.add_rule(
        path,
        "Phones stay on silent.",
        why="Fewer interruptions.",
        category="logistics",
        after="time",
    )
    assert added.rule == GroundRule(
        id="phones-stay-silent",
        text="Phones stay on silent.",
        why="Fewer interruptions.",
        category=RuleCategory.LOGISTICS,
    )
    assert added.position == start.index("time") + 2
    assert ids(path)[added.position - 1] == "phones-stay-silent"

    edited = gr.edit_rule(
        path, "phones-stay-silent", text="Phones stay on silent or off.", category="respect"
    )
    assert (
        edited.rule.text == "Phones stay on silent or off."
        and edited.rule.category == RuleCategory.RESPECT
    )
    assert edited.rule.why == "Fewer interruptions."
    cleared = gr.edit_rule(path, "phones-stay-silent", why="")
    assert cleared.rule.why is None

    moved = gr.move_rule(path, "phones-stay-silent", 1)
    assert moved.position == 1 and ids(path)[0] == "phones-stay-silent"
    gr.move_rule(path, "phones-stay-silent", len(start) + 1)
    assert ids(path)[-1] == "phones-stay-silent"

    removed = gr.remove_rule(path, "time")
    assert removed.rule.id == "time"
    assert ids(path) == [i for i in start if i != "time"] + ["phones-stay-silent"]

    sheet = sheets.render_sheet(group(catalog), "md", sheets.SheetOptions())
    assert isinstance(sheet, str)
    assert "Phones stay on silent or off." in sheet
    assert "We start and end on time" not in sheet


def test_add_without_after_appends_and_ids_stay_unique(catalog: Catalog, folder: Path) -> None:
    path = folder / "groundrules.yaml"
    gr.init_rules(group(catalog), "general")
    first = gr.add_rule(path, "We bring snacks in turns.")
    second = gr.add_rule(path, "We bring snacks in turns, really.")
    assert (first.rule.id, second.rule.id) == ("bring-snacks-turns", "bring-snacks-turns-2")
    assert ids(path)[-2:] == ["bring-snacks-turns", "bring-snacks-turns-2"]
    assert first.rule.category == RuleCategory.RESPECT


COMMENTED = """\
# Our own header: the Tuesday group.
version: 1
preset: general
rules:  # agreed in March
  # Top of the list
  - id: confidentiality
    text: What is said here stays here.  # the words we chose
    category: confidentiality

  # Added at our second meeting
  - id: pass
    text: We can always pass.
    why: >-
      Nobody has to speak
      to belong here.
  # Quoted on purpose
  - id: phones
    text: 'Phones: on silent.'
    category: logistics  # revisit in June
  - id: kind
    text: We are kind.
# End of the file: keep this line.
"""


@pytest.fixture
def commented(folder: Path) -> Path:
    path = folder / "groundrules.yaml"
    path.write_text(COMMENTED, encoding="utf-8")
    return path


def test_an_edit_that_changes_nothing_rewrites_the_same_bytes(commented: Path) -> None:
    gr.edit_rule(commented, "phones", category="logistics")
    assert commented.read_text(encoding="utf-8") == COMMENTED


def test_comments_survive_every_kind_of_edit(commented: Path) -> None:
    expected = comment_lines(COMMENTED)
    gr.add_rule(commented, "We share the tea.", after="pass", rule_id="tea")
    gr.edit_rule(
        commented, "pass", text="We can always pass, no reason needed.", why="It is our choice."
    )
    gr.edit_rule(commented, "kind", why="It helps.", category="respect")
    gr.move_rule(commented, "phones", 1)
    gr.move_rule(commented, "confidentiality", 5)
    gr.remove_rule(commented, "tea")
    text = commented.read_text(encoding="utf-8")
    assert comment_lines(text) == expected
    assert text.startswith("# Our own header: the Tuesday group.\n")
    assert text.rstrip().endswith("# End of the file: keep this line.")
    # The style the group wrote a value in stays: a folded block stays folded.
    assert "    why: >-\n      It is our choice.\n" in text
    assert "text: 'Phones: on silent.'" in text
    assert ids(commented) == ["phones", "pass", "kind", "confidentiality"]


def test_a_comment_above_a_rule_moves_with_it(commented: Path) -> None:
    gr.move_rule(commented, "phones", 1)
    lines = commented.read_text(encoding="utf-8").splitlines()
    at = lines.index("  - id: phones")
    assert lines[at - 1] == "  # Quoted on purpose"
    assert "    category: logistics  # revisit in June" in lines
    gr.move_rule(commented, "pass", 4)
    lines = commented.read_text(encoding="utf-8").splitlines()
    at = lines.index("  - id: pass")
    assert lines[at - 1] == "  # Added at our second meeting"
    # A blank line marks the end of a rule's own comment: it stays where it was.
    assert lines[lines.index("  - id: kind") - 1] == ""
    assert lines[-1] == "# End of the file: keep this line."
    # Moving both back gives the file as it was.
    gr.move_rule(commented, "kind", 4)
    gr.move_rule(commented, "phones", 3)
    assert commented.read_text(encoding="utf-8") == COMMENTED


def test_removing_a_rule_keeps_the_comment_above_it(commented: Path) -> None:
    gr.remove_rule(commented, "phones")
    text = commented.read_text(encoding="utf-8")
    assert "  # Quoted on purpose\n  - id: kind\n" in text
    gr.remove_rule(commented, "kind")
    text = commented.read_text(encoding="utf-8")
    assert comment_lines(text) == comment_lines(COMMENTED)
    assert text.endswith("  # Quoted on purpose\n# End of the file: keep this line.\n")
    assert ids(commented) == ["confidentiality", "pass"]


def test_the_last_rule_cannot_be_removed(folder: Path) -> None:
    path = (
        write_tree(
            folder, {"groundrules.yaml": "version: 1\nrules:\n  - id: only\n    text: One.\n"}
        )
        / "groundrules.yaml"
    )
    before = path.read_bytes()
    with pytest.raises(UserError, match="only rule left"):
        gr.remove_rule(path, "only")
    assert path.read_bytes() == before


def test_unknown_ids_suggest_the_closest(commented: Path) -> None:
    before = commented.read_bytes()
    calls: list[Callable[[], object]] = [
        lambda: gr.remove_rule(commented, "phone"),
        lambda: gr.edit_rule(commented, "phone", text="x"),
        lambda: gr.move_rule(commented, "phone", 1),
        lambda: gr.add_rule(commented, "x", after="phone"),
    ]
    for call in calls:
        with pytest.raises(UserError) as err:
            call()
        assert str(err.value) == "groundrules.yaml: no rule 'phone'; did you mean 'phones'?"
    assert commented.read_bytes() == before


def test_move_outside_the_list_is_refused(commented: Path) -> None:
    with pytest.raises(UserError, match="from 1 to 4"):
        gr.move_rule(commented, "kind", 5)
    with pytest.raises(UserError, match="from 1 to 4"):
        gr.move_rule(commented, "kind", 0)


def test_edit_needs_something_to_change(commented: Path) -> None:
    with pytest.raises(UserError, match="text, why or category"):
        gr.edit_rule(commented, "kind")


def test_missing_file_says_to_run_init(folder: Path) -> None:
    with pytest.raises(UserError) as err:
        gr.add_rule(folder / "groundrules.yaml", "x")
    assert str(err.value) == (
        "groundrules.yaml: no ground rules here yet; run 'facilitate groundrules init' first"
    )


# -- precise errors -----------------------------------------------------------------------------


def test_errors_in_a_hand_edited_file_point_at_line_and_column(folder: Path) -> None:
    path = folder / "groundrules.yaml"
    path.write_text(
        "version: 1\n"
        "rules:\n"
        "  - id: a\n"
        "    text: ''\n"
        "  - id: b\n"
        "    text: Fine.\n"
        "    category: food\n"
        "  - id: a\n"
        "    text: Again.\n",
        encoding="utf-8",
    )
    with pytest.raises(CatalogError) as err:
        gr.load_rules(path)
    assert err.value.lines() == [
        "groundrules.yaml:4:11: must not be empty (rules[0].text)",
        "groundrules.yaml:7:15: 'food' is not allowed here; use one of: confidentiality, "
        "participation, respect, safety, logistics or online (rules[1].category)",
        "groundrules.yaml:8:9: the id 'a' is already used (line 3); each rule needs its own id "
        "(rules[2].id)",
    ]
    before = path.read_bytes()
    with pytest.raises(CatalogError):
        gr.add_rule(path, "Something new.")
    assert path.read_bytes() == before


CHOICES = "(choose from: confidentiality, participation, respect, safety, logistics, online)"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda p: gr.add_rule(p, "   "), "text must not be empty"),
        (
            lambda p: gr.add_rule(p, "New.", rule_id="b"),
            "id 'b' is already used by rule 2; choose another id",
        ),
        (
            lambda p: gr.add_rule(p, "New.", rule_id="Bad Id"),
            "id 'Bad Id' is not a valid id: use lowercase letters, digits and single hyphens, "
            "like 'phones-on-silent'",
        ),
        (
            lambda p: gr.add_rule(p, "New.", category="food"),
            f"category 'food' is not known {CHOICES}",
        ),
        (lambda p: gr.edit_rule(p, "a", text=""), "text must not be empty"),
        (
            lambda p: gr.edit_rule(p, "b", category="safty"),
            f"category 'safty' is not known; did you mean 'safety'? {CHOICES}",
        ),
    ],
)
def test_a_bad_value_is_refused_naming_its_option(
    folder: Path, change: Callable[[Path], object], expected: str
) -> None:
    path = folder / "groundrules.yaml"
    path.write_text(
        "version: 1\nrules:\n  - id: a\n    text: First.\n"
        "  - id: b\n    text: Second.\n    category: safety\n",
        encoding="utf-8",
    )
    before = path.read_bytes()
    with pytest.raises(UserError) as err:
        change(path)
    assert not isinstance(err.value, CatalogError)
    assert err.value.lines() == [expected]
    assert path.read_bytes() == before


def test_a_crash_while_writing_leaves_the_old_file(
    commented: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def power_cut(src: object, dst: object) -> None:
        raise OSError("the power went out")

    monkeypatch.setattr(os, "replace", power_cut)
    # atomic_write may pass the OSError on or turn it into a UserError naming the file.
    with pytest.raises((OSError, UserError), match="power went out"):
        gr.add_rule(commented, "We share the tea.")
    with pytest.raises((OSError, UserError), match="power went out"):
        gr.remove_rule(commented, "kind")
    assert commented.read_text(encoding="utf-8") == COMMENTED
    assert sorted(p.name for p in commented.parent.iterdir()) == ["groundrules.yaml"]


def test_a_crash_during_init_force_leaves_the_old_file(
    catalog: Catalog, commented: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = os.replace

    def fail_on_the_real_file(src: str, dst: str | Path) -> None:
        if Path(dst).name == "groundrules.yaml":
            raise OSError("disk full")
        real(src, dst)

    monkeypatch.setattr(os, "replace", fail_on_the_real_file)
    with pytest.raises((OSError, UserError), match="disk full") as err:
        gr.init_rules(group(catalog), "virtual", force=True)
    assert "already exists" not in str(err.value)
    assert commented.read_text(encoding="utf-8") == COMMENTED
    names = sorted(p.name for p in commented.parent.iterdir())
    assert names == ["groundrules.yaml", "groundrules.yaml.bak"]


def test_a_fresh_file_is_stable_under_a_change_that_changes_nothing(
    catalog: Catalog, folder: Path
) -> None:
    path = folder / "groundrules.yaml"
    for preset in PRESETS:
        gr.init_rules(group(catalog), preset, force=True)
        before = path.read_text(encoding="utf-8")
        gr.edit_rule(path, "time", category="logistics")
        assert path.read_text(encoding="utf-8") == before


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    moves=st.lists(
        st.tuples(
            st.sampled_from(["confidentiality", "pass", "phones", "kind"]), st.integers(1, 4)
        ),
        max_size=6,
    )
)
def test_any_series_of_moves_keeps_every_comment(
    commented: Path, moves: list[tuple[str, int]]
) -> None:
    commented.write_text(COMMENTED, encoding="utf-8")
    order = ["confidentiality", "pass", "phones", "kind"]
    for rule_id, to in moves:
        gr.move_rule(commented, rule_id, to)
        order.remove(rule_id)
        order.insert(to - 1, rule_id)
    text = commented.read_text(encoding="utf-8")
    assert ids(commented) == order
    assert comment_lines(text) == comment_lines(COMMENTED)
    lines = text.splitlines()
    # Each rule's own comment is still right above it, wherever it went.
    assert lines[lines.index("  - id: phones") - 1] == "  # Quoted on purpose"
    assert lines[lines.index("  - id: pass") - 1] == "  # Added at our second meeting"
    assert "    text: What is said here stays here.  # the words we chose" in lines
    assert lines[-1] == "# End of the file: keep this line."


def test_odd_line_breaks_never_cost_a_word(folder: Path) -> None:
    # U+2028 counts as a line break for the YAML parser but not for plain text, and a quoted
    # value may hold a line that looks like a comment: the rules must come through whole.
    path = folder / "groundrules.yaml"
    path.write_text(
        "version: 1\nrules:\n"
        '  - id: a\n    text: "One\u2028line"\n'
        "  # about b\n"
        '  - id: b\n    text: "Two\n\n      # not a comment\n      end"\n'
        "  # about c\n"
        "  - id: c\n    text: Three\n",
        encoding="utf-8",
    )
    before = gr.load_rules(path).rules
    gr.move_rule(path, "c", 1)
    after = gr.load_rules(path).rules
    assert list(after) == [before[2], before[0], before[1]]
    assert after[2].text == "Two\n# not a comment end"
    text = path.read_text(encoding="utf-8")
    assert text.count("# about b") == 1 and text.count("# about c") == 1
