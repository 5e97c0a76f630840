"""A group's own ground rules: where they are, start them from a preset, edit them safely.

The group's agreement lives in ``groundrules.yaml`` in the workspace (or the current folder when
there is no workspace). People edit it by hand, so every command here changes it through
ruamel.yaml's round-trip mode: comments, quoting, block scalars and key order survive. Each
change is validated with the same model and the same FILE:LINE:COL messages as the catalogs
before the file is replaced, and the file is replaced atomically. The round-trip editor is
``storage/editor.py``, the confidentiality guard ``group/confidentiality.py`` and the printed
sheet ``documents/groundrules.py``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from facilitate.catalog.messages import validation_issues
from facilitate.catalog.query import parse_choice
from facilitate.errors import CatalogError, Issue, UserError, field_ref
from facilitate.group.confidentiality import confidentiality, guard
from facilitate.group.workspace import GROUNDRULES
from facilitate.models.base import GroupType
from facilitate.models.catalog import GroundRule, GroundRulePreset, RuleCategory
from facilitate.models.workspace import GroundRulesFile, Profile
from facilitate.storage.atomic import write_new
from facilitate.storage.editor import Entry, ListDocument, dump, round_trip
from facilitate.storage.locking import locking_first_argument
from facilitate.storage.yaml import Document, decode, parse

if TYPE_CHECKING:
    from facilitate.group.group import Group

SCHEMA_FILE = "groundrules.schema.json"

HEADER = f"""\
# Our ground rules: the agreement this group made together.
#
# Change this file by hand, or with the commands
#   facilitate groundrules add | edit | remove | move | list
# Print it with: facilitate groundrules render -o groundrules.html
#
# Each rule has:
#   id        a short name for the rule: lowercase letters, digits and single hyphens.
#             The commands use it, as in: facilitate groundrules edit time --text "..."
#   text      the rule, in the group's own words
#   why       (optional) a short reason, for when the group talks the rules through
#   category  confidentiality, participation, respect, safety, logistics or online.
#             Rules marked confidentiality are printed first on the sheet.
# The rules print in the order they have here. Lines that start with # are notes for
# you; facilitate keeps them when it changes the file.
#
# To have your editor check this file as you type, run once in this folder:
#   facilitate catalog schema groundrules > {SCHEMA_FILE}
# yaml-language-server: $schema={SCHEMA_FILE}
"""


# --- where the file is, and which preset a group starts from -------------------------------


def groundrules_path(folder: Path | None) -> Path:
    """``groundrules.yaml`` in the workspace, or in the current folder when there is none."""
    return (folder if folder is not None else Path.cwd()) / GROUNDRULES


def default_preset_id(profile: Profile | None, presets: Collection[str] | None = None) -> str:
    """The profile's preset; else the group type's own preset, else one for online meetings.

    ``presets`` are the ids the catalog has: a group type whose id names no preset there
    falls back to today's rule (``virtual`` for online groups, else ``general``). Without
    ``presets`` the group type's preset is assumed to exist.
    """
    if profile is None:
        return "general"
    if profile.preset:
        return profile.preset
    own = profile.group_type.value
    if profile.group_type != GroupType.GENERAL and (presets is None or own in presets):
        return own
    if profile.online:
        return "virtual"
    return "general"


def display(path: Path) -> str:
    """A path as people typed it: relative to the current folder when it is inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


# --- reading, with the catalogs' FILE:LINE:COL messages -------------------------------------


def _check(doc: Document) -> tuple[GroundRulesFile | None, list[Issue]]:
    """The validated file and every problem in it, duplicate ids included."""
    if doc.data is None:
        return None, [Issue(doc.file, 1, 1, "the file is empty")]
    issues = _duplicate_ids(doc)
    try:
        model = GroundRulesFile.model_validate(doc.data)
    except ValidationError as exc:
        return None, validation_issues(exc, doc, GroundRulesFile) + issues
    return (None, issues) if issues else (model, [])


def _duplicate_ids(doc: Document) -> list[Issue]:
    rules = doc.data.get("rules") if isinstance(doc.data, dict) else None
    if not isinstance(rules, list):
        return []
    issues = []
    first: dict[str, int] = {}
    for index, rule in enumerate(rules):
        rule_id = rule.get("id") if isinstance(rule, dict) else None
        if not isinstance(rule_id, str):
            continue
        line, column = doc.position(("rules", index, "id"))
        if rule_id in first:
            issues.append(
                Issue(
                    doc.file,
                    line,
                    column,
                    f"the id '{rule_id}' is already used (line {first[rule_id]}); "
                    "each rule needs its own id",
                    f"rules[{index}].id",
                )
            )
        else:
            first[rule_id] = line
    return issues


def _read_text(path: Path) -> str:
    if not path.is_file():
        raise UserError(
            f"{display(path)}: no ground rules here yet; run 'facilitate groundrules init' first"
        )
    try:
        return decode(path.read_bytes(), display(path))
    except OSError as exc:
        raise UserError(f"{display(path)}: cannot be read ({exc.strerror})") from None


def load_rules(path: Path) -> GroundRulesFile:
    """Read and check a groundrules.yaml; problems come back as CatalogError at their place."""
    text = _read_text(path)
    model, issues = _check(parse(text, display(path)))
    if issues or model is None:
        raise CatalogError(issues)
    return model


def current_rules(group: Group) -> tuple[list[GroundRule], str]:
    """The group's rules from groundrules.yaml when there is one, else its default preset's.

    The label says which, for people: ``groundrules.yaml`` (as a path) or ``the 'general'
    preset``. The file is looked for where ``groundrules init`` writes it: the workspace, or
    the current folder when there is no workspace.
    """
    catalog, path = group.catalog, group.groundrules_path
    if path.is_file():
        return list(load_rules(path).rules), display(path)
    preset = catalog.preset(default_preset_id(group.profile, catalog.presets.items))
    return list(preset.rules), f"the '{preset.id}' preset"


def sheet_order(rules: list[GroundRule]) -> list[GroundRule]:
    """Confidentiality and its limits first; everything else keeps the group's order."""
    first = [r for r in rules if r.category == RuleCategory.CONFIDENTIALITY]
    return first + [r for r in rules if r.category != RuleCategory.CONFIDENTIALITY]


# --- confidentiality, the rule a group must keep --------------------------------------------


def _open(path: Path) -> ListDocument[GroundRulesFile]:
    """groundrules.yaml loaded for a round trip, checked as ``load_rules`` checks it."""
    return ListDocument(path, display(path), _read_text(path), _check, GroundRulesFile)


# --- init ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Written:
    path: Path
    preset: str
    count: int
    backup: Path | None


def preset_text(preset: GroundRulePreset) -> str:
    """A fresh groundrules.yaml from a preset: the explaining header, then the rules."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    rules = CommentedSeq()
    for rule in preset.rules:
        item = CommentedMap()
        item["id"] = rule.id
        item["text"] = rule.text
        if rule.why:
            item["why"] = rule.why
        item["category"] = rule.category.value
        rules.append(item)
    data = CommentedMap()
    data["version"] = 1
    data["preset"] = preset.id
    data["rules"] = rules
    return HEADER + dump(round_trip(), data)


def init_rules(group: Group, preset_id: str | None = None, *, force: bool = False) -> Written:
    """Write groundrules.yaml from a preset; an existing file stays unless forced (then a .bak)."""
    catalog = group.catalog
    preset = catalog.preset(preset_id or default_preset_id(group.profile, catalog.presets.items))
    path = group.groundrules_path
    text = preset_text(preset)
    _, issues = _check(parse(text, display(path)))
    if issues:  # a preset from a user catalog that the group file would not accept
        raise CatalogError(issues)
    if path.exists() and not force:
        # Asked before writing, so that a failed write is never reported as this.
        raise UserError(
            f"{display(path)}: already exists, so it was left as it is; "
            f"use {field_ref('force')} to replace it (the old file is kept as a .bak copy)"
        )
    backup = write_new(path, text, force=force)
    return Written(path, preset.id, len(preset.rules), backup)


# --- editing, with comments kept ------------------------------------------------------------


def _new_item(rule_id: str, text: str, why: str | None, category: str | None) -> Any:
    from ruamel.yaml.comments import CommentedMap

    item = CommentedMap()
    item["id"] = rule_id
    item["text"] = text
    if why and why.strip():
        item["why"] = why
    item["category"] = category if category is not None else RuleCategory.RESPECT.value
    return item


_STOP_WORDS = frozenset(
    {"a", "an", "and", "are", "at", "be", "by", "for", "from", "i", "in", "is", "it", "of"}
    | {"on", "or", "our", "so", "the", "to", "us", "we", "with", "you"}
)


def slug_from_text(text: str, taken: set[str] | list[str]) -> str:
    """A short id from a rule's first words, unique among ``taken``: 'phones-stay-silent'."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    words = re.findall(r"[a-z0-9]+", plain)
    kept = [w for w in words if w not in _STOP_WORDS] or words
    base = ""
    for word in kept[:3]:
        candidate = f"{base}-{word}" if base else word
        if len(candidate) > 40:
            break
        base = candidate
    base = base or "rule"
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug


@dataclass(frozen=True)
class Change:
    """What a command did, for its status line."""

    rule: GroundRule
    position: int
    """1-based place in the file after the change (for remove: where it was)."""
    path: Path
    count: int
    notice: str | None = None
    """A second line worth reading, such as which confidentiality rules are left."""


def _category(value: str | None) -> str | None:
    """A --category value as the file spells it, or one line naming the option."""
    return None if value is None else parse_choice(RuleCategory, value, field_ref("category")).value


def _checked_rule(values: dict[str, Any], labels: Mapping[str, str]) -> GroundRule:
    # labels: each field as messages name it (a field_ref of the command's own field).
    """The rule as it will be saved, or one line naming the option whose value is wrong.

    Checking here, before the file is touched, means a mistake in an option is reported as
    the option and not as a line of a file that was never written.
    """
    try:
        return GroundRule.model_validate(values)
    except ValidationError as exc:
        err = exc.errors(include_url=False)[0]
        field_name = str(err["loc"][0]) if err["loc"] else "text"
        label = labels.get(field_name, field_name)
        ctx = err.get("ctx") or {}
        if err["type"] == "string_pattern_mismatch":
            message = (
                f"{label} '{values.get(field_name)}' is not a valid id: use lowercase letters, "
                "digits and single hyphens, like 'phones-on-silent'"
            )
        elif err["type"] == "string_too_short":
            message = f"{label} must not be empty"
        elif err["type"] == "string_too_long":
            message = f"{label} is too long (at most {ctx.get('max_length')} characters)"
        else:
            message = f"{label}: {err['msg']}"
        raise UserError(message) from None


def _same_words(text: str) -> str:
    """A rule's words for comparing: case, spaces and punctuation do not count."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(re.findall(r"\w+", folded)) or " ".join(folded.split())


def _refuse_repeat(file: str, text: str, rules: Sequence[GroundRule], skip: int = -1) -> None:
    key = _same_words(text)
    for n, rule in enumerate(rules):
        if n != skip and _same_words(rule.text) == key:
            raise UserError(
                f"{file}: rule {n + 1}, '{rule.id}', already says this; change that one with "
                f"'facilitate groundrules edit {rule.id}', or use {field_ref('force')} to have "
                "it twice"
            )


@locking_first_argument
def add_rule(
    path: Path,
    text: str,
    *,
    why: str | None = None,
    category: str | None = None,
    after: str | None = None,
    rule_id: str | None = None,
    force: bool = False,
) -> Change:
    """Add a rule at the end or after the rule ``after``; by default its id comes from the text.

    A rule with the same words as one already there (case, spaces and punctuation aside) is
    refused unless ``force``: the group most likely meant to change that one.
    """
    category = _category(category)
    doc = _open(path)
    place = doc.index(after) + 1 if after is not None else len(doc.entries)
    new_id = rule_id if rule_id is not None else slug_from_text(text, doc.ids())
    _checked_rule(
        {"id": new_id, "text": text, "why": why if why and why.strip() else None},
        {"id": field_ref("id"), "text": field_ref("text"), "why": field_ref("why")},
    )
    if new_id in doc.ids():
        raise UserError(
            f"{field_ref('id')} '{new_id}' is already used by rule {doc.ids().index(new_id) + 1}; "
            "choose another id"
        )
    if not force:
        _refuse_repeat(doc.file, text, doc.model.rules)
    doc.entries.insert(place, Entry(_new_item(new_id, text, why, category)))
    old = list(doc.model.rules)

    def added(rules: list[GroundRule]) -> bool:
        new = rules[place]
        return rules[:place] + rules[place + 1 :] == old and (new.id, new.text) == (
            new_id,
            text.strip(),
        )

    model = doc.save(lambda m: added(list(m.rules)))
    return Change(model.rules[place], place + 1, path, len(model.rules))


@locking_first_argument
def remove_rule(path: Path, rule_id: str, *, force: bool = False) -> Change:
    """Take a rule out; comment lines above it stay in the file.

    The group's last confidentiality rule, and the last one that says where confidentiality
    ends, stay unless ``force``.
    """
    doc = _open(path)
    place = doc.index(rule_id)
    removed = doc.model.rules[place]
    if len(doc.entries) == 1:
        raise UserError(
            f"{doc.file}: '{rule_id}' is the only rule left; a group needs at least one"
        )
    rest = [r for n, r in enumerate(doc.model.rules) if n != place]
    notice = guard(doc.file, rule_id, doc.model.rules, rest, removing=True, force=force)
    if notice is None and removed.category == RuleCategory.CONFIDENTIALITY:
        notice = f"confidentiality rules left: {', '.join(confidentiality(rest).rules)}"
    entry = doc.release(place)
    # The comments above a removed rule are kept: they may say more than the rule did.
    if place < len(doc.entries):
        doc.entries[place].loose[:0] = entry.attached
    else:
        doc.tail[:0] = entry.attached
    model = doc.save(lambda m: list(m.rules) == rest)
    return Change(removed, place + 1, path, len(model.rules), notice)


@locking_first_argument
def edit_rule(
    path: Path,
    rule_id: str,
    *,
    text: str | None = None,
    why: str | None = None,
    category: str | None = None,
    force: bool = False,
) -> Change:
    """Change a rule's words, reason or category; ``why=""`` removes the reason.

    Like ``remove_rule``, a change that would leave no confidentiality rule, or lose the words
    on its limits, is refused unless ``force``; so are words that repeat another rule.
    """
    from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString

    if text is None and why is None and category is None:
        raise UserError(
            f"nothing to change: give {field_ref('text')}, {field_ref('why')} or "
            f"{field_ref('category')}"
        )
    category = _category(category)
    doc = _open(path)
    place = doc.index(rule_id)
    old = doc.model.rules[place]
    wanted = _checked_rule(
        {
            "id": old.id,
            "text": old.text if text is None else text,
            "why": old.why if why is None else (why if why.strip() else None),
            "category": old.category if category is None else category,
        },
        {"text": field_ref("text"), "why": field_ref("why")},
    )
    others = [r for n, r in enumerate(doc.model.rules) if n != place]
    if text is not None and not force:
        _refuse_repeat(doc.file, text, doc.model.rules, skip=place)
    notice = guard(
        doc.file,
        rule_id,
        doc.model.rules,
        [*others[:place], wanted, *others[place:]],
        removing=False,
        force=force,
    )
    item = doc.entries[place].item

    def put(key: str, value: str, after: tuple[str, ...]) -> None:
        old = item.get(key)
        if isinstance(old, FoldedScalarString | LiteralScalarString):
            value = type(old)(value)  # keep the style the group wrote it in
        if key in item:
            item[key] = value
            return
        keys = list(item.keys())
        at = max((keys.index(k) + 1 for k in after if k in keys), default=len(keys))
        item.insert(at, key, value)

    if text is not None:
        put("text", text, ("id",))
    if why is not None:
        if why.strip():
            put("why", why, ("id", "text"))
        elif "why" in item:
            del item["why"]
    if category is not None:
        put("category", category, ("id", "text", "why"))

    def edited(rules: list[GroundRule]) -> bool:
        return [r for n, r in enumerate(rules) if n != place] == others and rules[place] == wanted

    model = doc.save(lambda m: edited(list(m.rules)))
    return Change(model.rules[place], place + 1, path, len(model.rules), notice)


@locking_first_argument
def move_rule(path: Path, rule_id: str, to: int) -> Change:
    """Move a rule to place ``to`` (1 is the top); the comment right above it goes along."""
    doc = _open(path)
    count = len(doc.entries)
    if not 1 <= to <= count:
        raise UserError(
            f"{field_ref('to')} {to} is not a place in the list; use a number from 1 to {count}"
        )
    place = doc.index(rule_id)
    if place == to - 1:
        return Change(doc.model.rules[place], to, path, count)
    entry = doc.release(place)
    if to == 1:  # a heading at the top of the list stays at the top
        entry.loose, doc.entries[0].loose = doc.entries[0].loose, []
    doc.entries.insert(to - 1, entry)
    order = list(doc.model.rules)
    order.insert(to - 1, order.pop(place))
    model = doc.save(lambda m: list(m.rules) == order)
    return Change(model.rules[to - 1], to, path, len(model.rules))


# --- the sheet -------------------------------------------------------------------------------
