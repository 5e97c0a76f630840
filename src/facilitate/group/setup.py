"""Create a group workspace: build the profile from the answers and write facilitate.yaml."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import yaml
from pydantic import ValidationError

from facilitate.errors import UserError, field_ref
from facilitate.group.workspace import PROFILE
from facilitate.models.workspace import Profile
from facilitate.storage.atomic import atomic_write

if TYPE_CHECKING:
    from facilitate.catalog.layers import Catalog

HEADER = """\
# facilitate.yaml: this group's settings. Every facilitate command run in this folder (or a
# folder inside it) uses them as defaults; an option on the command line wins.
# Keep member names and stories out of this file. Edit it freely, or change one setting with
# 'facilitate config set KEY VALUE' (see 'facilitate config list'); 'facilitate doctor' checks it.
#
#   name            The group's name, printed on its papers.
#   group_type      general, workplace-bullying, mental-health, recovery, bereavement or
#                   chronic-illness. Picks the topics and ground rules that fit.
#   region          A two-letter country code (US, CA, GB, IE, AU, NZ) for the crisis lines
#                   printed on every agenda. Leave it out and add local_contacts instead.
#   minutes         How long a meeting usually lasts (20 to 300).
#   start           Optional: when meetings start, a 24-hour time in quotes such as "18:30".
#                   The season's calendar then has timed events; agendas show clock times.
#   size            How many members usually come (1 to 60).
#   online          true when the group meets online, false when it meets in a room.
#   stage           Optional: forming, storming, norming, performing or adjourning. Agendas
#                   are planned for it; left out, a group with under three meetings on record
#                   is taken to be forming (light questions only).
#   preset          Optional: the ground-rules preset to start from (see 'facilitate groundrules').
#   paper           a4 or letter, for printed pages.
#   venue           Optional: where the group meets, printed on the member handout and in
#                   the crisis plan. Online: say how members join, never the link itself.
#   access          Optional: access notes for the member handout, one a line, such as
#                     access:
#                       - Step-free access by the side door
#                       - Hearing loop in the room
#                       - A quiet room next door if you need a break
#   local_contacts  Local numbers for the crisis plan: each has a label, and a phone and/or
#                   details. Add your local crisis team or emergency number here, for example:
#                     local_contacts:
#                       - label: Local crisis team
#                         phone: "555 0100"
#                         details: Open every day, 9am to 9pm
#   backup          The facilitator's back-up person (a label, and a phone and/or details),
#                   who can step in or be called if something goes wrong.
#   meeting_format  discussion, sharing-circle or psychoeducational: how meetings run.
#   share_minutes   In a sharing circle, the minutes each person has for a share (1 to 15).
#   purpose         Optional: the group's purpose in one or two sentences, as the group
#                   agreed it. Printed on handouts and the welcome sheet.
#   facilitator_role  Optional: involvement, between_meetings and contact_instead, in your
#                   words: how involved you are, contact between meetings, who to call instead.
#   meets           Optional: when the group meets, such as "Tuesdays, 18:30 to 20:00".
#
"""

# Where Letter paper is the usual size; everywhere else prints on A4.
LETTER_REGIONS = frozenset({"US", "CA"})

# The answer each profile field is made from, where the names differ (see Answers).
FIELD_ANSWERS = {"backup": "backup_name", "local_contacts": "emergency_phone"}


@dataclass(frozen=True)
class Answers:
    """What the facilitator gave, by option or by answering a question; None means not given."""

    name: str | None = None
    region: str | None = None
    minutes: int | None = None
    size: int | None = None
    online: bool | None = None
    group_type: str | None = None
    backup_name: str | None = None
    backup_phone: str | None = None
    emergency_phone: str | None = None


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    value = " ".join(value.split())
    return value or None


def normalise_region(value: str | None) -> str | None:
    """'us' becomes 'US'; 'uk' becomes 'GB'; empty means no region; others are refused."""
    from facilitate.models.region import parse_region

    return parse_region(_clean(value))


LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")
"""Where a computer says its language and country, in the order POSIX reads them."""
NO_REGION = frozenset({"none", "-", "no"})
"""Answers to the region question that mean: no region (when Enter takes a suggestion)."""


def locale_region(environ: Mapping[str, str]) -> str | None:
    """The country of the user's locale (``en_GB.UTF-8`` gives GB), or None (``C``, ``POSIX``).

    Only a suggestion for a person at a terminal: nothing is ever set from it unasked.
    """
    from facilitate.models.region import canonical

    value = next((environ[v] for v in LOCALE_VARIABLES if environ.get(v)), "")
    name = value.split(".")[0].split("@")[0]
    _, sep, country = name.replace("-", "_").partition("_")
    if not sep or len(country) != 2 or not country.isalpha():
        return None
    return canonical(country)


def build_profile(folder: Path, answers: Answers) -> Profile:
    """The profile from the answers, with the defaults for what was not given."""
    data: dict[str, object] = {"name": _clean(answers.name) or folder.resolve().name or "group"}
    region = normalise_region(answers.region)
    if region is not None:
        data["region"] = region
        if region in LETTER_REGIONS:
            data["paper"] = "letter"
    if answers.group_type:
        data["group_type"] = answers.group_type.strip().lower()
    for key in ("minutes", "size", "online"):
        value = getattr(answers, key)
        if value is not None:
            data[key] = value
    emergency = _clean(answers.emergency_phone)
    if emergency:
        data["local_contacts"] = [{"label": "Local emergency number", "phone": emergency}]
    backup_name, backup_phone = _clean(answers.backup_name), _clean(answers.backup_phone)
    if backup_name or backup_phone:
        backup: dict[str, str] = {"label": backup_name or "Back-up facilitator"}
        if backup_phone:
            backup["phone"] = backup_phone
        data["backup"] = backup
    try:
        return Profile.model_validate(data)
    except ValidationError as exc:
        raise UserError(_first_problem(exc, data)) from None


def _first_problem(exc: ValidationError, given: dict[str, object]) -> str:
    from facilitate.catalog.messages import validation_issues
    from facilitate.storage.yaml import Document

    issue = validation_issues(exc, Document(PROFILE, None, None), Profile)[0]
    name = issue.path.split(".")[0].split("[")[0]
    message = issue.message
    if message.startswith("this value") and isinstance(given.get(name), str):
        message = f"'{given[name]}'" + message.removeprefix("this value")
    return f"{field_ref(FIELD_ANSWERS.get(name, name))}: {message}"


def check_answer(field: str, value: str) -> str | int | None:
    """One typed answer, converted and checked as facilitate.yaml would check it."""
    if field == "region":
        converted: str | int | None = (
            None if value.strip().lower() in NO_REGION else normalise_region(value)
        )
    elif field in ("minutes", "size"):
        try:
            converted = int(value.strip())
        except ValueError:
            raise UserError(f"{value!r} is not a whole number") from None
    else:
        converted = value.strip().lower()
    if converted is None:
        return None
    try:
        Profile.model_validate({"name": "check", field: converted})
    except ValidationError as exc:
        message = _first_problem(exc, {field: converted})
        raise UserError(message.split(": ", 1)[1]) from None
    return converted


def profile_text(profile: Profile) -> str:
    """facilitate.yaml's text: the explaining header, then the values."""
    data = profile.model_dump(mode="json", exclude_none=True)
    if not data.get("local_contacts"):
        data.pop("local_contacts", None)
    body = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    return HEADER + body


def ensure_free(folder: Path) -> None:
    """Refuse a folder that already holds a workspace (or is not a folder at all)."""
    path = folder / PROFILE
    if path.exists():
        raise UserError(
            f"{path}: a group workspace is already here; edit that file, or remove it to start over"
        )
    if folder.exists() and not folder.is_dir():
        raise UserError(f"{folder}: is a file, not a folder")


def init_workspace(folder: Path, profile: Profile) -> Path:
    """Write facilitate.yaml in folder (made if needed); never replace an existing one."""
    ensure_free(folder)
    path = folder / PROFILE
    atomic_write(path, profile_text(profile))
    return path


def missing_lines(catalog: Catalog, region: str | None) -> list[str]:
    """What the catalog lacks for this region: "emergency number", "crisis line", both or none."""
    from facilitate.group.safety import crisis_lines

    if not region:
        return ["emergency number", "crisis line"]
    crisis = crisis_lines(catalog, None, region)
    return [
        w
        for w, have in (("emergency number", crisis.emergency), ("crisis line", crisis.lines))
        if not have
    ]
