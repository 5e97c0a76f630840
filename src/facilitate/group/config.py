"""Change the group's profile (facilitate.yaml) one setting at a time, without an editor.

Each setting has a key: the field's name in the file (``region``, ``minutes``), or a dotted
name for a part of one (``backup.phone``). A value is checked exactly as the file is checked
(the same model, the same words: ``UK`` means ``GB`` here too) before anything is written, and
the file is changed through the round-trip editor, so its comments and layout stay. Local
contacts are a list, so they are added and removed by their label. Every change holds the
workspace's lock from reading the file to replacing it.

A back-up person's or a local service's contact details belong here; member names never do.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from facilitate.errors import CatalogError, Issue, UserError, field_ref
from facilitate.models.workspace import LocalContact, Profile
from facilitate.storage.editor import MappingDocument
from facilitate.storage.locking import locking_first_argument
from facilitate.storage.yaml import Document, decode, parse

BACKUP = "backup"
CONTACTS = "local_contacts"
DEFAULT_BACKUP_LABEL = "Back-up facilitator"
"""The label a back-up person gets when only their phone or details are set (as ``init``)."""

_INTS = frozenset({"minutes", "size"})
_BOOLS = frozenset({"online"})
_CHOICES = frozenset({"group_type", "stage", "paper"})
_TRUE = frozenset({"true", "yes", "y", "on", "1"})
_FALSE = frozenset({"false", "no", "n", "off", "0"})
_BACKUP_PARTS = {"label": 'who they are, such as "Co-facilitator".'}
"""A part of the back-up person that reads better in its own words than a local contact's."""
_ALIASES = {"backup.name": "backup.label", "contacts": CONTACTS, "type": "group_type"}


@dataclass(frozen=True)
class Key:
    """One setting of facilitate.yaml."""

    name: str
    """As typed: ``region``, ``backup.phone``."""
    meaning: str
    """One line, from the model's docstring."""

    @property
    def path(self) -> tuple[str, ...]:
        return tuple(self.name.split("."))

    @property
    def settable(self) -> bool:
        """A single value (``config set`` takes it), not a group of them."""
        return self.name not in (BACKUP, CONTACTS)


def _first_sentence(text: str) -> str:
    line = " ".join(text.split())
    cut = line.find(". ")
    return line if cut < 0 else line[: cut + 1]


def keys() -> list[Key]:
    """Every setting, in the file's order; ``backup`` is followed by its parts."""
    from facilitate.catalog.schema import attribute_docs

    docs = attribute_docs(Profile)
    contact_docs = attribute_docs(LocalContact)
    found: list[Key] = []
    for name in Profile.model_fields:
        if name == "version":
            continue
        found.append(Key(name, _first_sentence(docs.get(name, ""))))
        if name == BACKUP:
            whose = _first_sentence(docs.get(name, "")).rstrip(".")
            for part in LocalContact.model_fields:
                own = _first_sentence(contact_docs.get(part, ""))
                own = own[:1].lower() + own[1:]
                found.append(Key(f"{BACKUP}.{part}", f"{whose}: {_BACKUP_PARTS.get(part, own)}"))
    return found


def key_names() -> list[str]:
    """The keys Tab offers, in the file's order."""
    return [k.name for k in keys()]


def find_key(typed: str) -> Key:
    """The setting someone typed (``backup-phone`` and ``Backup.Phone`` will do), or one line."""
    from facilitate.catalog.messages import did_you_mean

    name = typed.strip().lower().replace("-", "_")
    if name.startswith(f"{BACKUP}_"):
        name = f"{BACKUP}." + name.removeprefix(f"{BACKUP}_")
    name = _ALIASES.get(name, name)
    by_name = {k.name: k for k in keys()}
    if name not in by_name:
        raise UserError(
            f"{did_you_mean('setting', typed, list(by_name))} "
            "(see 'facilitate config list' for every setting)"
        )
    return by_name[name]


# --- reading ---------------------------------------------------------------------------------


def _check(doc: Document) -> tuple[Profile | None, list[Issue]]:
    from facilitate.catalog.messages import validation_issues

    if doc.data is None:
        return None, [Issue(doc.file, 1, 1, "the file is empty")]
    try:
        return Profile.model_validate(doc.data), []
    except ValidationError as exc:
        return None, validation_issues(exc, doc, Profile)


def _file(path: Path) -> str:
    from facilitate.group.groundrules import display

    return display(path)


def _open(path: Path) -> MappingDocument[Profile]:
    try:
        text = decode(path.read_bytes(), _file(path))
    except OSError as exc:
        raise UserError(f"{_file(path)}: cannot be read ({exc.strerror})") from None
    return MappingDocument(path, _file(path), text, _check, Profile)


def _plain(data: Any) -> Any:
    return json.loads(json.dumps(data))


def shown(value: object) -> str:
    """A value as a person reads it: ``true``, ``GB``, ``90``."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, LocalContact):
        parts = [value.label, value.phone, value.details]
        return "; ".join(p for p in parts if p)
    return str(getattr(value, "value", value))


def _given(data: Any, key: Key) -> Any:
    """The value the file itself gives (None when the default applies)."""
    for part in key.path:
        data = data.get(part) if isinstance(data, dict) else None
    return data


def _value(profile: Profile, key: Key) -> Any:
    value: Any = profile
    for part in key.path:
        value = getattr(value, part, None) if value is not None else None
    return value


@dataclass(frozen=True)
class Setting:
    key: str
    value: str | None
    """As shown; None when the setting is not set."""
    meaning: str
    in_file: bool
    """False when the value is the default, because the file does not give it."""

    def as_dict(self) -> dict[str, object]:
        return {"key": self.key, "value": self.value, "set": self.in_file, "meaning": self.meaning}


def settings(path: Path) -> list[Setting]:
    """Every setting with its value (each local contact on its own line) and its meaning."""
    from facilitate.storage.yaml import read_document

    doc = read_document(path, _file(path))
    model, issues = _check(doc)
    if issues or model is None:
        raise CatalogError(issues)
    data = doc.data if isinstance(doc.data, dict) else {}
    out: list[Setting] = []
    for key in keys():
        if key.name == BACKUP:
            continue  # its parts follow, one line each
        if key.name == CONTACTS:
            contacts = model.local_contacts
            if not contacts:
                out.append(Setting(key.name, None, key.meaning, False))
            for contact in contacts:
                out.append(Setting(key.name, shown(contact), key.meaning, True))
            continue
        value = _value(model, key)
        given: Any = data
        for part in key.path:
            given = given.get(part) if isinstance(given, dict) else None
        out.append(
            Setting(
                key.name, None if value is None else shown(value), key.meaning, given is not None
            )
        )
    return out


def get(path: Path, typed: str) -> list[str]:
    """A setting's value as lines: one for a value, one per part or contact; none when unset."""
    key = find_key(typed)
    from facilitate.group.workspace import read_model

    profile = read_model(path, Profile)
    if key.name == CONTACTS:
        return [shown(c) for c in profile.local_contacts]
    value = _value(profile, key)
    if value is None:
        return []
    if isinstance(value, LocalContact):
        parts = value.model_dump(exclude_none=True)
        return [f"{BACKUP}.{k}: {v}" for k, v in parts.items()]
    return [shown(value)]


# --- changing --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """What a command did, for its status line."""

    key: str
    old: str | None
    new: str | None
    path: Path
    changed: bool = True
    """False when there was nothing to change (a setting that was not in the file)."""
    notice: str | None = None
    """A second line worth reading, such as a preset the catalog does not have."""


def _convert(key: Key, value: str) -> Any:
    """What was typed, as the file holds it; wrong types in the file's own words."""
    text = value.strip()
    if not text:
        raise UserError(
            f"{key.name}: give a value, or remove the setting with "
            f"'facilitate config unset {key.name}'"
        )
    if key.name in _INTS:
        try:
            return int(text)
        except ValueError:
            raise UserError(f"{key.name}: '{text}' must be a whole number") from None
    if key.name in _BOOLS:
        if text.lower() in _TRUE | _FALSE:
            return text.lower() in _TRUE
        raise UserError(f"{key.name}: '{text}' must be true or false")
    if key.name in _CHOICES:
        return text.lower()
    return value


def _validated(doc: MappingDocument[Profile], plain: dict[str, Any], name: str) -> Profile:
    """The profile the change makes, or the first problem with it, named by its key."""
    import yaml

    text = yaml.safe_dump(plain, sort_keys=False, allow_unicode=True)
    model, issues = _check(parse(text, doc.file))
    if issues or model is None:
        issue = next((i for i in issues if i.path.startswith(name)), issues[0])
        where = issue.path.replace("[", ".").replace("]", "") or name
        raise UserError(f"{where}: {issue.message}; nothing was changed")
    return model


def _refuse_groups(key: Key) -> None:
    if key.name == CONTACTS:
        raise UserError(
            "local_contacts is a list: add one with 'facilitate config add-contact LABEL "
            "--phone NUMBER', take one out with 'facilitate config remove-contact LABEL'"
        )
    if key.name == BACKUP:
        raise UserError(
            "backup has parts: set backup.label, backup.phone or backup.details, such as "
            "'facilitate config set backup.phone \"0161 496 0000\"'"
        )


@locking_first_argument
def set_value(
    path: Path, typed: str, value: str, *, presets: Collection[str] | None = None
) -> Change:
    """Set one setting; ``presets`` (the catalog's) lets a preset it lacks be noted."""
    key = find_key(typed)
    _refuse_groups(key)
    converted = _convert(key, value)
    doc = _open(path)
    old = _value(doc.model, key)
    plain = _plain(doc.data)
    if len(key.path) == 1:
        plain[key.name] = converted
    else:
        part = key.path[1]
        backup = plain.get(BACKUP) or {"label": DEFAULT_BACKUP_LABEL}
        plain[BACKUP] = {**backup, part: converted}
    wanted = _validated(doc, plain, key.name)
    new = _value(wanted, key)
    if wanted == doc.model and _given(doc.data, key) is not None:
        return Change(key.name, shown(new), shown(new), path, changed=False)
    stored = new.value if hasattr(new, "value") else new
    order = list(Profile.model_fields)
    if len(key.path) == 1:
        doc.put(doc.data, key.name, stored, order)
    elif BACKUP in doc.data and doc.data[BACKUP] is not None:
        doc.put(doc.data[BACKUP], key.path[1], stored, list(LocalContact.model_fields))
    else:
        doc.put(
            doc.data,
            BACKUP,
            wanted.backup.model_dump(exclude_none=True) if wanted.backup else None,
            order,
        )
    doc.save(lambda m: m == wanted)
    notice = None
    if key.name == "preset" and presets is not None and stored not in presets:
        from facilitate.catalog.messages import closest

        near = closest(str(stored), sorted(presets), n=1)
        hint = f"; did you mean '{near[0]}'?" if near else ""
        notice = (
            f"the catalog has no preset '{stored}'{hint} ('facilitate groundrules init' needs "
            "one it has)"
        )
    return Change(key.name, None if old is None else shown(old), shown(new), path, notice=notice)


@locking_first_argument
def unset_value(path: Path, typed: str) -> Change:
    """Remove a setting from the file, so its default applies (or the back-up, or every contact)."""
    key = find_key(typed)
    if key.name == "name":
        raise UserError(
            "name: a group needs a name; change it with 'facilitate config set name \"...\"'"
        )
    if key.name == f"{BACKUP}.label":
        raise UserError(
            "backup.label: a back-up person needs a label; change it with 'facilitate config "
            "set backup.label ...', or remove the back-up person with 'facilitate config unset "
            "backup'"
        )
    doc = _open(path)
    old = _value(doc.model, key)
    container: Any = doc.data
    for part in key.path[:-1]:
        container = container.get(part) if container is not None else None
    last = key.path[-1]
    if container is None or last not in container:
        return Change(key.name, None, None if old is None else shown(old), path, changed=False)
    plain = _plain(doc.data)
    target = plain
    for part in key.path[:-1]:
        target = target[part]
    del target[last]
    wanted = _validated(doc, plain, key.name)
    doc.remove(container, last)
    doc.save(lambda m: m == wanted)
    shown_old: str | None
    if key.name == CONTACTS:
        labels = [c.label for c in old]
        shown_old = f"{len(labels)} contact{'s' if len(labels) != 1 else ''}: " + "; ".join(labels)
    else:
        shown_old = None if old is None else shown(old)
    new = _value(wanted, key)
    return Change(key.name, shown_old, None if new is None else shown(new), path)


def _labels(profile: Profile) -> list[str]:
    return [c.label for c in profile.local_contacts]


def _place(profile: Profile, label: str) -> int | None:
    folded = " ".join(label.split()).casefold()
    for n, contact in enumerate(profile.local_contacts):
        if contact.label.casefold() == folded:
            return n
    return None


@locking_first_argument
def add_contact(
    path: Path,
    label: str,
    *,
    phone: str | None = None,
    details: str | None = None,
    force: bool = False,
) -> Change:
    """Add a local contact for the crisis plan; one with the same label stays unless forced."""
    if not label.strip():
        raise UserError(f"{field_ref('label')}: give the contact a label, such as 'Crisis team'")
    phone = phone.strip() if phone and phone.strip() else None
    details = details.strip() if details and details.strip() else None
    if phone is None and details is None:
        raise UserError(
            f"give the contact's {field_ref('phone')} or {field_ref('details')} (or both), so "
            "the crisis plan says how to reach it"
        )
    doc = _open(path)
    item: dict[str, str] = {"label": " ".join(label.split())}
    if phone:
        item["phone"] = phone
    if details:
        item["details"] = details
    try:
        contact = LocalContact.model_validate(item)
    except ValidationError as exc:
        err = exc.errors(include_url=False)[0]
        name = str(err["loc"][0]) if err["loc"] else "label"
        raise UserError(f"{field_ref(name)}: {err['msg']}") from None
    place = _place(doc.model, contact.label)
    if place is not None and not force:
        old = doc.model.local_contacts[place]
        raise UserError(
            f"{doc.file}: a contact labelled '{old.label}' is already there ({shown(old)}); "
            f"use {field_ref('force')} to replace it"
        )
    plain = _plain(doc.data)
    contacts = list(plain.get(CONTACTS) or [])
    if place is None:
        contacts.append(item)
    else:
        contacts[place] = item
    plain[CONTACTS] = contacts
    wanted = _validated(doc, plain, CONTACTS)
    before = None if place is None else shown(doc.model.local_contacts[place])
    seq = doc.data.get(CONTACTS)
    if not isinstance(seq, list):
        doc.put(doc.data, CONTACTS, [item], list(Profile.model_fields))
    elif place is None:
        doc.append(seq, item)
    else:
        doc.put(seq[place], "label", item["label"], ["label"])
        for part in ("phone", "details"):
            if part in item:
                doc.put(seq[place], part, item[part], list(LocalContact.model_fields))
            elif part in seq[place]:
                doc.remove(seq[place], part)
    doc.save(lambda m: m == wanted)
    return Change(CONTACTS, before, shown(contact), path)


@locking_first_argument
def remove_contact(path: Path, label: str) -> Change:
    """Take a local contact out, by its label (any case) or its place in 'config list'."""
    from facilitate.catalog.messages import did_you_mean

    doc = _open(path)
    place = _place(doc.model, label)
    count = len(doc.model.local_contacts)
    if place is None and label.strip().isdigit() and 1 <= int(label) <= count:
        place = int(label) - 1
    if place is None:
        labels = _labels(doc.model)
        if not labels:
            raise UserError(f"{doc.file}: there are no local contacts to remove")
        raise UserError(f"{doc.file}: {did_you_mean('contact', label, labels)}")
    removed = doc.model.local_contacts[place]
    plain = _plain(doc.data)
    rest = [c for n, c in enumerate(plain[CONTACTS]) if n != place]
    if rest:
        plain[CONTACTS] = rest
    else:
        del plain[CONTACTS]
    wanted = _validated(doc, plain, CONTACTS)
    if rest:
        doc.remove(doc.data[CONTACTS], place)
    else:
        doc.remove(doc.data, CONTACTS)
    doc.save(lambda m: m == wanted)
    return Change(CONTACTS, shown(removed), None, path)
