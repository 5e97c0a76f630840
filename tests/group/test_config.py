"""Changing facilitate.yaml one setting at a time: the file's checks, comments and layout kept."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from facilitate.errors import CatalogError, UserError
from facilitate.group import config
from facilitate.group.setup import Answers, build_profile, init_workspace
from facilitate.group.workspace import read_model
from facilitate.models.workspace import Profile

HAND_WRITTEN = """\
# Our group's settings.
version: 1
name: Harbour peers   # as on the flyer
# The crisis lines come from here.
region: GB

# How long we meet.
minutes: 90
local_contacts:
# The team the GP surgery gave us.
- label: Crisis team
  phone: 0161 496 0000   # day and night
# Only in opening hours.
- label: Library desk
  details: Ask at the front desk
# Who steps in when I cannot.
backup:
  label: Co-facilitator
  phone: '07700 900123'
# End of the file.
"""


@pytest.fixture
def profile(tmp_path: Path) -> Path:
    path = tmp_path / "facilitate.yaml"
    path.write_text(HAND_WRITTEN, encoding="utf-8")
    return path


def changed_lines(before: str, after: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def test_setting_a_value_changes_only_its_line(profile: Path) -> None:
    done = config.set_value(profile, "minutes", "75")
    assert (done.key, done.old, done.new, done.changed) == ("minutes", "90", "75", True)
    after = profile.read_text(encoding="utf-8")
    assert changed_lines(HAND_WRITTEN, after) == ["-minutes: 90", "+minutes: 75"]
    config.set_value(profile, "name", "Harbour group")
    assert "name: Harbour group   # as on the flyer\n" in profile.read_text(encoding="utf-8")


def test_uk_means_gb_and_the_file_gets_the_code(profile: Path) -> None:
    config.set_value(profile, "region", "ie")
    done = config.set_value(profile, "region", "UK")
    assert (done.old, done.new) == ("IE", "GB")
    assert "region: GB\n" in profile.read_text(encoding="utf-8")
    again = config.set_value(profile, "region", "gb")
    assert not again.changed


def test_a_new_setting_goes_in_the_files_order_below_its_own_comments(profile: Path) -> None:
    config.set_value(profile, "size", "12")
    config.set_value(profile, "venue", "Library, room 2")
    after = profile.read_text(encoding="utf-8")
    assert after.index("minutes: 90") < after.index("size: 12") < after.index("local_contacts")
    # The comment above local_contacts still stands right above it, not above the new keys.
    assert "size: 12\n" in after and after.index("size: 12") < after.index("# The team the GP")
    assert "venue: Library, room 2\n# The team" not in after
    assert changed_lines(HAND_WRITTEN, after) == ["+size: 12", "+venue: Library, room 2"]
    assert read_model(profile, Profile).venue == "Library, room 2"


def test_unset_removes_a_setting_and_keeps_the_comments_around_it(profile: Path) -> None:
    done = config.unset_value(profile, "minutes")
    assert (done.old, done.new) == ("90", "90")  # the default
    after = profile.read_text(encoding="utf-8")
    assert changed_lines(HAND_WRITTEN, after) == ["-minutes: 90"]
    done = config.unset_value(profile, "region")
    after = profile.read_text(encoding="utf-8")
    assert "region" not in after.replace("# The crisis lines come from here.", "")
    assert "# How long we meet.\n" in after  # the next key's comment stays
    nothing = config.unset_value(profile, "region")
    assert not nothing.changed


def test_backup_parts_by_dotted_key(profile: Path) -> None:
    config.set_value(profile, "backup.details", "Evenings only")
    config.set_value(profile, "backup-phone", "0161 496 0001")
    after = profile.read_text(encoding="utf-8")
    assert changed_lines(HAND_WRITTEN, after) == [
        "-  phone: '07700 900123'",
        "+  phone: '0161 496 0001'",
        "+  details: Evenings only",
    ]
    assert after.endswith("  details: Evenings only\n# End of the file.\n")
    assert config.get(profile, "backup") == [
        "backup.label: Co-facilitator",
        "backup.phone: 0161 496 0001",
        "backup.details: Evenings only",
    ]
    config.unset_value(profile, "backup")
    after = profile.read_text(encoding="utf-8")
    assert "backup" not in after.replace("# Who steps in when I cannot.", "")
    assert after.endswith("# End of the file.\n")


def test_a_backup_phone_without_a_backup_gets_the_usual_label(tmp_path: Path) -> None:
    path = init_workspace(tmp_path, build_profile(tmp_path, Answers(name="New")))
    config.set_value(path, "backup.phone", "0161 496 0000")
    backup = read_model(path, Profile).backup
    assert backup is not None
    assert (backup.label, backup.phone) == ("Back-up facilitator", "0161 496 0000")


def test_text_that_yaml_would_read_otherwise_is_quoted(profile: Path) -> None:
    config.set_value(profile, "backup.phone", "0161")
    config.set_value(profile, "venue", "yes")
    config.set_value(profile, "region", "NO")
    model = read_model(profile, Profile)
    assert model.backup is not None and model.backup.phone == "0161"
    assert (model.venue, model.region) == ("yes", "NO")


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("region", "XX", "region: 'XX' is not a country code"),
        ("minutes", "5", "minutes: must be at least 20; nothing was changed"),
        ("minutes", "many", "minutes: 'many' must be a whole number"),
        ("online", "maybe", "online: 'maybe' must be true or false"),
        ("group_type", "grief", "group_type: 'grief' is not allowed here; use one of: general"),
        ("stage", "done", "stage: 'done' is not allowed here"),
        ("preset", "Not A Slug", "preset: 'Not A Slug' is not a valid id"),
        ("venue", "  ", "venue: give a value, or remove the setting with"),
        ("regoin", "GB", "no setting 'regoin'; did you mean 'region'"),
        ("local_contacts", "x", "local_contacts is a list: add one with"),
        ("backup", "x", "backup has parts: set backup.label"),
    ],
)
def test_bad_values_are_refused_and_nothing_is_written(
    profile: Path, key: str, value: str, message: str
) -> None:
    before = profile.read_bytes()
    with pytest.raises(UserError) as caught:
        config.set_value(profile, key, value)
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)
    assert profile.read_bytes() == before


def test_a_value_is_refused_in_the_same_words_as_the_file(tmp_path: Path) -> None:
    path = tmp_path / "facilitate.yaml"
    path.write_text("name: Harbour\nregion: XX\n", encoding="utf-8")
    with pytest.raises(CatalogError) as in_file:
        read_model(path, Profile)
    path.write_text("name: Harbour\n", encoding="utf-8")
    with pytest.raises(UserError) as typed:
        config.set_value(path, "region", "XX")
    file_message = in_file.value.issues[0].message
    assert str(typed.value) == f"region: {file_message}; nothing was changed"


def test_a_broken_file_is_named_at_its_line(tmp_path: Path) -> None:
    path = tmp_path / "facilitate.yaml"
    path.write_text("name: Harbour\nminutes: 5\n", encoding="utf-8")
    with pytest.raises(CatalogError) as caught:
        config.set_value(path, "region", "GB")
    assert caught.value.lines()[0].endswith("facilitate.yaml:2:10: must be at least 20 (minutes)")


def test_the_name_and_the_backup_label_cannot_be_unset(profile: Path) -> None:
    for key in ("name", "backup.label"):
        with pytest.raises(UserError, match="needs a"):
            config.unset_value(profile, key)
    assert profile.read_text(encoding="utf-8") == HAND_WRITTEN


def test_contacts_are_added_and_removed_by_label_with_their_comments_kept(profile: Path) -> None:
    config.add_contact(profile, "Samaritans branch", phone="0161 236 8000", details="24 hours")
    after = profile.read_text(encoding="utf-8")
    assert changed_lines(HAND_WRITTEN, after) == [
        "+- label: Samaritans branch",
        "+  phone: 0161 236 8000",
        "+  details: 24 hours",
    ]
    # The comment above backup still stands above it.
    assert "  details: 24 hours\n# Who steps in when I cannot.\nbackup:" in after
    with pytest.raises(UserError, match="already there"):
        config.add_contact(profile, "samaritans BRANCH", phone="1")
    config.add_contact(profile, "Samaritans branch", phone="116 123", force=True)
    contacts = read_model(profile, Profile).local_contacts
    assert [(c.label, c.phone, c.details) for c in contacts][-1] == (
        "Samaritans branch",
        "116 123",
        None,
    )
    done = config.remove_contact(profile, "crisis TEAM")
    assert done.old == "Crisis team; 0161 496 0000"
    after = profile.read_text(encoding="utf-8")
    assert "Crisis team" not in after
    # What stood above the next contact stays above it.
    assert "# Only in opening hours.\n- label: Library desk" in after
    config.remove_contact(profile, "2")  # by its place
    config.remove_contact(profile, "Library desk")
    after = profile.read_text(encoding="utf-8")
    assert "local_contacts" not in after
    assert "# Who steps in when I cannot.\nbackup:" in after
    with pytest.raises(UserError, match="no local contacts to remove"):
        config.remove_contact(profile, "Library desk")


def test_a_contact_needs_a_label_and_a_way_to_reach_it(profile: Path) -> None:
    with pytest.raises(UserError, match="give the contact's phone or details"):
        config.add_contact(profile, "Crisis team 2")
    with pytest.raises(UserError, match="label"):
        config.add_contact(profile, " ", phone="1")
    with pytest.raises(UserError, match="no contact 'Crisis tem'; did you mean 'Crisis team'"):
        config.remove_contact(profile, "Crisis tem")
    assert profile.read_text(encoding="utf-8") == HAND_WRITTEN


def test_the_first_contact_is_added_in_the_files_order(tmp_path: Path) -> None:
    path = init_workspace(tmp_path, build_profile(tmp_path, Answers(name="New", region="JP")))
    config.add_contact(path, "Local emergency number", phone="110")
    text = path.read_text(encoding="utf-8")
    # In the model's order: after the paper, before the meeting format that follows it.
    assert (
        'paper: a4\naccess: []\nlocal_contacts:\n- label: Local emergency number\n  phone: "110"\n'
        "meeting_format: discussion\n"
    ) in text


def test_every_setting_is_listed_with_a_meaning(profile: Path) -> None:
    found = config.settings(profile)
    keys = [s.key for s in found]
    assert keys[:3] == ["name", "group_type", "region"]
    assert keys.count("local_contacts") == 2
    at = keys.index("backup.label")
    assert keys[at : at + 3] == ["backup.label", "backup.phone", "backup.details"]
    assert all(s.meaning.endswith(".") and "\n" not in s.meaning for s in found)
    by_key = {s.key: s for s in found}
    assert by_key["size"].value == "8" and not by_key["size"].in_file  # the default
    assert by_key["minutes"].in_file and by_key["venue"].value is None
    # Every field of the profile has a key (version is the file's format, not a setting).
    fields = {f for f in Profile.model_fields if f != "version"}
    assert fields <= set(config.key_names())


def test_keys_are_forgiving_about_spelling(profile: Path) -> None:
    assert config.find_key("Backup-Phone").name == "backup.phone"
    assert config.find_key("backup.name").name == "backup.label"
    assert config.find_key("group-type").name == "group_type"
    assert config.get(profile, "local-contacts") == [
        "Crisis team; 0161 496 0000",
        "Library desk; Ask at the front desk",
    ]
    assert config.get(profile, "venue") == []
