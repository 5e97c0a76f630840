"""`facilitate config`: see and change the group's settings in facilitate.yaml, no editor needed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from facilitate.cli import _complete
from facilitate.cli._app import new_app, require_workspace, settings
from facilitate.cli._console import echo, note, print_json, print_table

if TYPE_CHECKING:
    from facilitate.catalog.layers import Catalog

app = new_app(
    "The group's settings in facilitate.yaml: list them, and get, set or unset one, keeping "
    "the file's comments. Contact details of a back-up person or a local service belong here; "
    "member names never do."
)

_VALUES = {
    "group_type": (
        "general",
        "workplace-bullying",
        "mental-health",
        "recovery",
        "bereavement",
        "chronic-illness",
    ),
    "stage": ("forming", "storming", "norming", "performing", "adjourning"),
    "paper": ("a4", "letter"),
    "online": ("true", "false"),
    "region": ("US", "CA", "GB", "IE", "AU", "NZ"),
}


def _values(ctx: typer.Context, incomplete: str) -> Iterator[str]:
    key = str(ctx.params.get("key") or "").strip().lower().replace("-", "_")
    return (v for v in _VALUES.get(key, ()) if v.lower().startswith(incomplete.lower()))


def _labels(ctx: typer.Context, incomplete: str) -> Iterator[str]:
    try:
        from facilitate.group.workspace import Workspace, find_workspace

        folder = find_workspace(ctx.find_root().params.get("workspace"), Path.cwd())
        labels = [c.label for c in Workspace(folder).profile().local_contacts] if folder else []
    except Exception:  # completion must never print a traceback into the shell
        return iter(())
    return (label for label in labels if label.lower().startswith(incomplete.lower()))


KeyArg = Annotated[
    str,
    typer.Argument(
        metavar="KEY",
        help="A setting, such as region, venue or backup.phone (see 'facilitate config list').",
        autocompletion=_complete.config_keys,
    ),
]


def _profile_path(ctx: typer.Context) -> Path:
    from facilitate.group.workspace import PROFILE

    return require_workspace(ctx) / PROFILE


def _file(path: Path) -> str:
    from facilitate.group.groundrules import display

    return display(path)


@app.command("list")
def list_settings(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
) -> None:
    """Every setting: its key, its value and what it means."""
    from facilitate.group.config import settings as all_settings

    path = _profile_path(ctx)
    found = all_settings(path)
    if as_json:
        print_json([s.as_dict() for s in found])
        return
    rows = []
    for s in found:
        value = "(not set)" if s.value is None else s.value
        if s.value is not None and not s.in_file:
            value += " (default)"
        rows.append([s.key, value, s.meaning])
    print_table(f"settings in {_file(path)}", ["key", "value", "meaning"], rows)


@app.command("get")
def get(ctx: typer.Context, key: KeyArg) -> None:
    """Print one setting's value (nothing when it is not set)."""
    from facilitate.group.config import find_key, get

    path = _profile_path(ctx)
    lines = get(path, key)
    if lines:
        echo("\n".join(lines))
    else:
        note(f"{find_key(key).name} is not set in {_file(path)}")


@app.command("set")
def set_(
    ctx: typer.Context,
    key: KeyArg,
    value: Annotated[
        str,
        typer.Argument(
            metavar="VALUE",
            help="The new value, checked as the file is (UK means GB; quote words with spaces).",
            autocompletion=_values,
        ),
    ],
) -> None:
    """Change one setting, such as: facilitate config set backup.phone "0161 496 0000"."""
    from facilitate.group.config import set_value

    path = _profile_path(ctx)
    s = settings(ctx)
    catalog = s.open()
    done = set_value(path, key, value, presets=catalog.presets.items)
    if not done.changed:
        note(f"{done.key} is already {done.new} in {_file(path)}; nothing changed")
        return
    was = f" (it was {done.old})" if done.old is not None else ""
    note(f"set {done.key} to {done.new} in {_file(path)}{was}")
    if done.notice:
        note(f"note: {done.notice}")
    if done.key == "region":
        _region_gaps(catalog, done.new)


def _region_gaps(catalog: Catalog, region: str | None) -> None:
    from facilitate.group.setup import missing_lines

    missing = missing_lines(catalog, region)
    if missing:
        note(
            f"note: the catalog has no {' or '.join(missing)} for {region}; add a local one "
            "with 'facilitate config add-contact \"Local crisis line\" --phone NUMBER'"
        )


@app.command("unset")
def unset(ctx: typer.Context, key: KeyArg) -> None:
    """Remove one setting from the file, so its default applies again."""
    from facilitate.group.config import unset_value

    path = _profile_path(ctx)
    done = unset_value(path, key)
    default = f"; it is now the default, {done.new}" if done.new is not None else ""
    if not done.changed:
        note(f"{done.key} is not set in {_file(path)}; nothing changed{default}")
        return
    note(f"removed {done.key} from {_file(path)} (it was {done.old}){default}")


@app.command("add-contact")
def add_contact(
    ctx: typer.Context,
    label: Annotated[
        str,
        typer.Argument(
            metavar="LABEL",
            help='What it is, such as "Local crisis team" (a service or role, never a member).',
        ),
    ],
    phone: Annotated[str | None, typer.Option("--phone", help="The number to call.")] = None,
    details: Annotated[
        str | None, typer.Option("--details", help="Hours, an address or how to reach them.")
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace a contact that has the same label.")
    ] = False,
) -> None:
    """Add a local contact for the crisis plan, with its phone and/or details."""
    from facilitate.group.config import add_contact as add

    path = _profile_path(ctx)
    done = add(path, label, phone=phone, details=details, force=force)
    if done.old is not None:
        note(f"replaced the local contact {done.old} with {done.new} in {_file(path)}")
    else:
        note(f"added the local contact {done.new} to {_file(path)}")


@app.command("remove-contact")
def remove_contact(
    ctx: typer.Context,
    label: Annotated[
        str,
        typer.Argument(
            metavar="LABEL",
            help="The contact's label (any case), or its place in the list (1 is the first).",
            autocompletion=_labels,
        ),
    ],
) -> None:
    """Take a local contact out of the crisis plan."""
    from facilitate.group.config import remove_contact as remove

    path = _profile_path(ctx)
    done = remove(path, label)
    note(f"removed the local contact {done.old} from {_file(path)}")
