"""`facilitate init`: make a group workspace, asking for what the options leave out."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from facilitate.cli._app import settings
from facilitate.cli._console import echo, note

if TYPE_CHECKING:
    from facilitate.catalog.layers import Catalog
    from facilitate.group.setup import Answers
    from facilitate.models.workspace import Profile

GROUP_TYPES = "general, workplace-bullying, mental-health, recovery, bereavement, chronic-illness"


def stdin_is_terminal() -> bool:
    """Whether init may ask questions (tests replace this to act as a person at a terminal)."""
    return sys.stdin.isatty()


def init(
    ctx: typer.Context,
    folder: Annotated[
        Path,
        typer.Argument(
            metavar="DIR",
            show_default=False,
            help="The group's folder (made if needed; default: here).",
        ),
    ] = Path(),
    name: Annotated[
        str | None, typer.Option("--name", help="The group's name (default: the folder's name).")
    ] = None,
    region: Annotated[
        str | None,
        typer.Option("--region", help="Country code for crisis lines: US, CA, GB, IE, AU, NZ."),
    ] = None,
    minutes: Annotated[
        int | None, typer.Option("--minutes", help="Usual meeting length in minutes (90).")
    ] = None,
    size: Annotated[int | None, typer.Option("--size", help="Usual number of members (8).")] = None,
    online: Annotated[
        bool | None,
        typer.Option("--online/--in-person", help="How the group meets (default: in person)."),
    ] = None,
    group_type: Annotated[
        str | None, typer.Option("--group-type", help=f"One of: {GROUP_TYPES}.")
    ] = None,
    backup_name: Annotated[
        str | None,
        typer.Option("--backup-name", help="Who backs the facilitator up (a co-facilitator)."),
    ] = None,
    backup_phone: Annotated[
        str | None, typer.Option("--backup-phone", help="The back-up person's phone.")
    ] = None,
    emergency_phone: Annotated[
        str | None,
        typer.Option(
            "--emergency-phone",
            help="A local emergency number, for a region the catalog does not cover.",
        ),
    ] = None,
) -> None:
    """Make a group workspace: facilitate.yaml with the group's settings.

    Asks for what the options leave out, on a terminal only. Never replaces a facilitate.yaml.
    """
    from facilitate.group.setup import (
        Answers,
        build_profile,
        ensure_free,
        init_workspace,
        missing_lines,
    )
    from facilitate.group.workspace import find_workspace

    answers = Answers(
        name=name,
        region=region,
        minutes=minutes,
        size=size,
        online=online,
        group_type=group_type,
        backup_name=backup_name,
        backup_phone=backup_phone,
        emergency_phone=emergency_phone,
    )
    ensure_free(folder)  # before any question, so nobody answers them for nothing
    outer = find_workspace(None, folder.resolve().parent)
    if outer is not None:
        note(f"{outer} holds a workspace too; commands run inside {folder} will use the new one")
    if stdin_is_terminal():
        answers = _ask(ctx, folder, answers)
    profile = build_profile(folder, answers)
    path = init_workspace(folder, profile)
    note(f"wrote {path}")
    catalog = settings(ctx).open()
    missing = missing_lines(catalog, profile.region)
    _next_steps(folder, profile, missing, _group_line(catalog, profile))


def _ask(ctx: typer.Context, folder: Path, given: Answers) -> Answers:
    """Ask, one question at a time, for each value the options left out; re-ask a bad answer."""
    from dataclasses import replace

    from facilitate.errors import UserError
    from facilitate.group.setup import (
        check_answer,
        locale_region,
        missing_lines,
        normalise_region,
    )

    def ask(question: str, field: str, default: str, show: bool = True) -> Any:
        def convert(value: str) -> Any:
            try:
                return check_answer(field, value)
            except UserError as exc:
                raise typer.BadParameter(str(exc)) from None

        return typer.prompt(question, default=default, show_default=show, value_proc=convert)

    a = given
    typer.echo("A few questions about the group (press Enter to keep the suggestion).", err=True)
    if a.name is None:
        a = replace(a, name=typer.prompt("Group name", default=folder.resolve().name))
    if a.group_type is None:
        a = replace(a, group_type=ask(f"Group type ({GROUP_TYPES})", "group_type", "general"))
    if a.region is None:
        suggested = locale_region(os.environ)
        if suggested:
            question = (
                f"Country code for crisis lines ({suggested} from this computer's language "
                "settings; US, CA, GB, IE, AU, NZ; 'none' to skip)"
            )
            a = replace(a, region=ask(question, "region", suggested) or "")
        else:
            question = "Country code for crisis lines (US, CA, GB, IE, AU, NZ; Enter to skip)"
            a = replace(a, region=ask(question, "region", "", show=False))
    if a.minutes is None:
        a = replace(a, minutes=ask("Usual meeting length in minutes", "minutes", "90"))
    if a.size is None:
        a = replace(a, size=ask("Usual number of members", "size", "8"))
    if a.online is None:
        a = replace(a, online=typer.confirm("Does the group meet online?", default=False))
    if a.emergency_phone is None and "emergency number" in missing_lines(
        settings(ctx).open(), normalise_region(a.region)
    ):
        answer = typer.prompt(
            "Local emergency number (Enter to add it later)", default="", show_default=False
        )
        a = replace(a, emergency_phone=answer or None)
    if a.backup_name is None and a.backup_phone is None:
        who = typer.prompt(
            "Back-up person, such as a co-facilitator (Enter to skip)",
            default="",
            show_default=False,
        )
        phone = (
            typer.prompt("Their phone (Enter to skip)", default="", show_default=False)
            if who
            else ""
        )
        a = replace(a, backup_name=who or None, backup_phone=phone or None)
    return a


def _group_line(catalog: Catalog, profile: Profile) -> str:
    """What the group type changes, in one sentence."""
    from facilitate.group.groundrules import default_preset_id
    from facilitate.planning.groups import what_it_changes

    preset = default_preset_id(profile, catalog.presets.items)
    return what_it_changes(catalog, profile.group_type, preset)


def _next_steps(folder: Path, profile: Profile, missing: list[str], group_line: str) -> None:
    from facilitate.group.doctor import ADD_CONTACT

    where = "" if folder.resolve() == Path.cwd().resolve() else f"cd {folder}, then "
    lacks = " or ".join(missing)
    lines = [
        f"Group '{profile.name}': {profile.group_type.value}, {profile.minutes} minutes, "
        f"about {profile.size} members, {'online' if profile.online else 'in person'}, "
        + (
            f"crisis lines for {profile.region}."
            if profile.region and not missing
            else f"region {profile.region}, with your local numbers (the catalog has no {lacks} "
            "for it)."
            if profile.region and profile.local_contacts
            else f"region {profile.region}, for which the catalog has no {lacks}: add "
            f"local numbers with {ADD_CONTACT}."
            if profile.region
            else "no region yet: set one with 'facilitate config set region XX', or add local "
            f"numbers with {ADD_CONTACT}."
        ),
        group_line,
        "",
        f"Next steps ({where}run these in the group's folder):",
        "  facilitate groundrules init     start the group's ground rules",
        "  facilitate doctor               check what is still missing for a safe meeting",
        "  facilitate agenda --topic ID    the agenda for a meeting (facilitate topics list)",
        "  facilitate checkin --fresh      check-in prompts the group has not heard lately",
    ]
    echo("\n".join(lines))
