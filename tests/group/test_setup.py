"""Making a workspace: the profile from answers, facilitate.yaml's text, and never overwriting."""

from __future__ import annotations

from pathlib import Path

import pytest

from facilitate.errors import UserError
from facilitate.group.setup import (
    HEADER,
    Answers,
    build_profile,
    check_answer,
    init_workspace,
    locale_region,
    normalise_region,
    profile_text,
)
from facilitate.group.workspace import PROFILE, find_workspace, read_model
from facilitate.models.workspace import Paper, Profile


def test_defaults_name_the_group_after_its_folder(tmp_path: Path) -> None:
    folder = tmp_path / "harbour-group"
    profile = build_profile(folder, Answers())
    assert profile.name == "harbour-group"
    assert (profile.minutes, profile.size, profile.online) == (90, 8, False)
    assert profile.region is None and profile.backup is None and profile.local_contacts == []


def test_answers_fill_the_profile(tmp_path: Path) -> None:
    profile = build_profile(
        tmp_path,
        Answers(
            name="  Tuesday   circle ",
            region="uk",
            minutes=60,
            size=5,
            online=True,
            group_type="Workplace-Bullying",
            backup_name="Co-facilitator",
            backup_phone="555 0100",
            emergency_phone="999",
        ),
    )
    assert profile.name == "Tuesday circle"
    assert profile.region == "GB"
    assert profile.group_type.value == "workplace-bullying"
    assert (profile.minutes, profile.size, profile.online) == (60, 5, True)
    assert profile.backup is not None and profile.backup.phone == "555 0100"
    assert [c.phone for c in profile.local_contacts] == ["999"]


@pytest.mark.parametrize(
    ("region", "paper"), [("us", Paper.LETTER), ("CA", Paper.LETTER), ("ie", Paper.A4)]
)
def test_paper_follows_the_region(tmp_path: Path, region: str, paper: Paper) -> None:
    assert build_profile(tmp_path, Answers(region=region)).paper is paper


def test_region_codes_are_normalised() -> None:
    assert normalise_region(" nz ") == "NZ"
    assert normalise_region("UK") == "GB"
    assert normalise_region("") is None
    assert normalise_region(None) is None


@pytest.mark.parametrize(
    ("answers", "option"),
    [
        (Answers(minutes=5), "--minutes"),
        (Answers(size=0), "--size"),
        (Answers(region="usa"), "--region"),
        (Answers(group_type="book-club"), "--group-type"),
    ],
)
def test_bad_answers_name_the_option(tmp_path: Path, answers: Answers, option: str) -> None:
    with pytest.raises(UserError) as info:
        build_profile(tmp_path, answers)
    message = info.value.lines(lambda name: "--" + name.replace("_", "-"))[0]
    assert message.startswith(f"{option}"), message
    assert "\n" not in message


def test_group_type_error_shows_what_was_given(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="'book-club' is not allowed"):
        build_profile(tmp_path, Answers(group_type="book-club"))


def test_the_written_file_reads_back_as_the_same_profile(tmp_path: Path) -> None:
    profile = build_profile(
        tmp_path, Answers(name="Group: #1", region="AU", backup_phone="0400 000 000")
    )
    path = init_workspace(tmp_path / "new" / "folder", profile)
    assert path.name == PROFILE
    assert read_model(path, Profile) == profile
    assert find_workspace(None, path.parent / "deeper" / "still") == path.parent
    assert find_workspace(None, tmp_path) is None


def test_the_header_explains_every_field() -> None:
    for name in Profile.model_fields:
        if name != "version":
            assert f"#   {name} " in HEADER, name
    profile = Profile(name="x")
    text = profile_text(profile)
    assert text.startswith(HEADER)
    assert all(line.startswith("#") for line in HEADER.splitlines())


def test_an_existing_workspace_is_never_overwritten(tmp_path: Path) -> None:
    path = tmp_path / PROFILE
    path.write_text("name: ours\n", encoding="utf-8")
    with pytest.raises(UserError, match="already here"):
        init_workspace(tmp_path, Profile(name="theirs"))
    assert path.read_text(encoding="utf-8") == "name: ours\n"


def test_a_file_in_the_way_is_refused(tmp_path: Path) -> None:
    blocker = tmp_path / "group"
    blocker.write_text("", encoding="utf-8")
    with pytest.raises(UserError, match="not a folder"):
        init_workspace(blocker, Profile(name="x"))


def test_one_answer_is_checked_as_the_file_would_be() -> None:
    assert check_answer("minutes", " 45 ") == 45
    assert check_answer("region", "uk") == "GB"
    assert check_answer("region", "") is None
    assert check_answer("group_type", "Recovery") == "recovery"
    for field, value, words in [
        ("minutes", "ten", "not a whole number"),
        ("size", "99", "at most 60"),
        ("region", "france", "is not a country code"),
    ]:
        with pytest.raises(UserError, match=words):
            check_answer(field, value)


@pytest.mark.parametrize(
    ("environ", "region"),
    [
        ({"LANG": "en_GB.UTF-8"}, "GB"),
        ({"LANG": "en_IE.utf8@euro"}, "IE"),
        ({"LANG": "fr_CA"}, "CA"),
        ({"LANG": "en_UK.UTF-8"}, "GB"),  # UK means GB here too
        ({"LC_ALL": "en_AU.UTF-8", "LANG": "en_GB.UTF-8"}, "AU"),  # LC_ALL wins
        ({"LC_MESSAGES": "en_NZ.UTF-8", "LANG": "en_US.UTF-8"}, "NZ"),
        ({"LC_ALL": "", "LANG": "de_AT.UTF-8"}, "AT"),  # an empty variable does not count
        ({"LANG": "C.UTF-8"}, None),
        ({"LANG": "POSIX"}, None),
        ({"LANG": "C"}, None),
        ({"LANG": "en"}, None),
        ({"LANG": "xx_ZZ.UTF-8"}, None),  # not a country
        ({}, None),
    ],
)
def test_the_locale_suggests_a_country(environ: dict[str, str], region: str | None) -> None:
    assert locale_region(environ) == region
