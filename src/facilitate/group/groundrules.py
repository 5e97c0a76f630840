"""A group's own ground rules: start them from a preset, edit them safely, print the sheet.

The group's agreement lives in ``groundrules.yaml`` in the workspace (or the current folder when
there is no workspace). People edit it by hand, so every command here changes it through
ruamel.yaml's round-trip mode: comments, quoting, block scalars and key order survive. Each
change is validated with the same model and the same FILE:LINE:COL messages as the catalogs
before the file is replaced, and the file is replaced atomically.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from facilitate.catalog.layers import Catalog
from facilitate.catalog.messages import did_you_mean, validation_issues
from facilitate.catalog.query import parse_choice
from facilitate.errors import CatalogError, Issue, UserError
from facilitate.group.workspace import GROUNDRULES
from facilitate.models.base import GroupType
from facilitate.models.catalog import GroundRule, GroundRulePreset, RuleCategory
from facilitate.models.workspace import GroundRulesFile, Profile
from facilitate.render.formats import resolve_paper
from facilitate.storage.atomic import atomic_write, write_new
from facilitate.storage.locking import locking_first_argument
from facilitate.storage.yaml import Document, decode, parse

SCHEMA_FILE = "groundrules.schema.json"
MAX_CRISIS_LINES = 3
"""Crisis lines printed in the sheet's footer; more would push a 13-rule sheet onto page two."""
CONSENT_ROWS = 8
"""Spaces for initials and a date in the consent block when there is no profile."""
MAX_CONSENT_ROWS = 12
MAX_LOCAL = 2
"""Local contacts (with a phone) printed in the footer."""

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


def groundrules_path(workspace_dir: Path | None) -> Path:
    """``groundrules.yaml`` in the workspace, or in the current folder when there is none."""
    return (workspace_dir if workspace_dir is not None else Path.cwd()) / GROUNDRULES


def default_preset_id(profile: Profile | None) -> str:
    """The profile's preset; else one that follows the group type or online meetings."""
    if profile is None:
        return "general"
    if profile.preset:
        return profile.preset
    if profile.group_type == GroupType.WORKPLACE_BULLYING:
        return "workplace-bullying"
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


def current_rules(
    catalog: Catalog, workspace_dir: Path | None, profile: Profile | None
) -> tuple[list[GroundRule], str]:
    """The group's rules from groundrules.yaml when there is one, else its default preset's.

    The label says which, for people: ``groundrules.yaml`` (as a path) or ``the 'general'
    preset``. The file is looked for where ``groundrules init`` writes it: the workspace, or
    the current folder when there is no workspace.
    """
    path = groundrules_path(workspace_dir)
    if path.is_file():
        return list(load_rules(path).rules), display(path)
    preset = catalog.preset(default_preset_id(profile))
    return list(preset.rules), f"the '{preset.id}' preset"


def sheet_order(rules: list[GroundRule]) -> list[GroundRule]:
    """Confidentiality and its limits first; everything else keeps the group's order."""
    first = [r for r in rules if r.category == RuleCategory.CONFIDENTIALITY]
    return first + [r for r in rules if r.category != RuleCategory.CONFIDENTIALITY]


# --- confidentiality, the rule a group must keep --------------------------------------------

_LIMIT_WORDS = re.compile(
    r"\b(?:harm|hurt|risk|danger|unsafe|emergenc|crisis|crises|suicid|abus)",
    re.IGNORECASE,
)
"""Words that say where confidentiality ends: 'if someone is at serious risk of harm'.

Not "limit" or "exception": "always, with no exceptions" denies the limits rather than stating
them."""


@dataclass(frozen=True)
class Confidentiality:
    """The ids of the rules that promise confidentiality, and of those that state its limits.

    A rule promises confidentiality when its category is ``confidentiality``: the group chose
    the category, and the sheet prints those rules first and in bold. A rule states the limits
    when it is such a rule and its words speak of harm, risk, danger or a crisis. That
    second test reads words, so it can miss limits put in other words; it is used for advice
    and for a refusal that ``--force`` overrides, never to block a group outright.
    """

    rules: tuple[str, ...]
    limits: tuple[str, ...]


def confidentiality(rules: Sequence[GroundRule]) -> Confidentiality:
    """Which of the rules promise confidentiality, and which of those say where it ends."""
    kept = [r for r in rules if r.category == RuleCategory.CONFIDENTIALITY]
    return Confidentiality(
        tuple(r.id for r in kept), tuple(r.id for r in kept if _LIMIT_WORDS.search(r.text))
    )


def _confidentiality_lost(before: Sequence[GroundRule], after: Sequence[GroundRule]) -> str | None:
    """'rules' when a change leaves no confidentiality rule, 'limits' when it loses the limits."""
    was, now = confidentiality(before), confidentiality(after)
    if was.rules and not now.rules:
        return "rules"
    if was.limits and not now.limits:
        return "limits"
    return None


def _guard(
    file: str,
    rule_id: str,
    before: Sequence[GroundRule],
    after: Sequence[GroundRule],
    *,
    removing: bool,
    force: bool,
) -> str | None:
    """Refuse a change that takes away confidentiality or its limits; forced, say what is gone."""
    lost = _confidentiality_lost(before, after)
    if lost is None:
        return None
    if force:
        return (
            "the group has no confidentiality rule now; add one before the next meeting"
            if lost == "rules"
            else "no rule says now where confidentiality ends (serious risk of harm); "
            "add that before the next meeting"
        )
    anyway = "use --force to remove it anyway" if removing else "use --force to change it anyway"
    if lost == "rules":
        first = (
            "add the group's own first with "
            "'facilitate groundrules add \"...\" --category confidentiality'"
            if removing
            else "keep its category"
        )
        raise UserError(
            f"{file}: '{rule_id}' is the group's last confidentiality rule, and members need "
            f"to hear that what they share stays in the group; {first}, or {anyway}"
        )
    first = (
        "say that in another confidentiality rule first"
        if removing
        else "keep words about harm or risk in it"
    )
    raise UserError(
        f"{file}: '{rule_id}' is the only rule that says where confidentiality ends (serious "
        f"risk of harm), so no one is surprised later; {first}, or {anyway}"
    )


# --- init ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Written:
    path: Path
    preset: str
    count: int
    backup: Path | None


def _yaml(indent: int = 4, offset: int = 2) -> Any:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap a rule; one line per value is easiest to edit by hand
    # A block scalar under a rule is indented by the mapping step: keys sit at the dash's offset
    # plus two, so that step is what the sequence indent leaves after the offset.
    yaml.indent(mapping=max(indent - offset, 2), sequence=indent, offset=offset)
    return yaml


def _dump(yaml: Any, data: Any) -> str:
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


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
    return HEADER + _dump(_yaml(), data)


def init_rules(
    catalog: Catalog,
    workspace_dir: Path | None,
    profile: Profile | None,
    preset_id: str | None = None,
    *,
    force: bool = False,
) -> Written:
    """Write groundrules.yaml from a preset; an existing file stays unless forced (then a .bak)."""
    preset = catalog.preset(preset_id or default_preset_id(profile))
    path = groundrules_path(workspace_dir)
    text = preset_text(preset)
    _, issues = _check(parse(text, display(path)))
    if issues:  # a preset from a user catalog that the group file would not accept
        raise CatalogError(issues)
    if path.exists() and not force:
        # Asked before writing, so that a failed write is never reported as this.
        raise UserError(
            f"{display(path)}: already exists, so it was left as it is; "
            "use --force to replace it (the old file is kept as a .bak copy)"
        )
    backup = write_new(path, text, force=force)
    return Written(path, preset.id, len(preset.rules), backup)


# --- editing, with comments kept ------------------------------------------------------------


@dataclass
class _Entry:
    """One rule in the file and the comment lines written above it.

    ``attached`` are the comment lines right above the rule (no blank line between): they are
    the rule's own and move with it. ``loose`` are the lines before those, up to and including
    the last blank line: a heading for a part of the list, which stays where it is.
    """

    item: Any
    loose: list[str] = field(default_factory=list)
    attached: list[str] = field(default_factory=list)
    seq_slot: Any = None


class _RulesDocument:
    """groundrules.yaml loaded for a round trip, with the comments between rules held aside.

    ruamel.yaml hangs the comment lines above a list item on the last value of the item before
    it, so moving or removing items would take the wrong comments along. So the comment lines
    between rules are found from the positions of the parsed nodes, lifted out of the text
    before ruamel.yaml reads it, and put back as each rule's own comments when it is saved.
    Comments on the same line as a value, and comments inside a rule, are left to ruamel.yaml.
    """

    def __init__(self, path: Path) -> None:
        from ruamel.yaml.util import load_yaml_guess_indent

        self.path = path
        self.file = display(path)
        text = _read_text(path)
        doc = parse(text, self.file)  # also refuses alias bombs and YAML errors, with positions
        model, issues = _check(doc)
        if issues or model is None:
            raise CatalogError(issues)
        self.model = model
        _, indent, offset = load_yaml_guess_indent(text)
        self.yaml = _yaml(indent or 4, offset if offset is not None else 2)
        lines = [ln.removesuffix("\r") for ln in text.removesuffix("\n").split("\n")]
        gaps, tail = _comment_gaps(doc.root, lines)
        lifted = {n for gap in gaps for n in gap} | set(tail)
        self.data = self.yaml.load(
            "".join(ln + "\n" for n, ln in enumerate(lines) if n not in lifted)
        )
        if lifted and _as_model(self.data) != model:
            # Lines were not where the parser said (unusual line breaks): keep ruamel's own way.
            gaps, tail = [], []
            self.data = self.yaml.load(text)
        self.seq = self.data["rules"]
        self.entries: list[_Entry] = []
        for index, item in enumerate(self.seq):
            gap = [lines[n] for n in gaps[index]] if index < len(gaps) else []
            blanks = [n for n, ln in enumerate(gap) if not ln.strip()]
            cut = blanks[-1] + 1 if blanks else 0
            slot = self.seq.ca.items.pop(index, None)
            self.entries.append(_Entry(item, gap[:cut], gap[cut:], slot))
        self.tail = [lines[n] for n in tail]

    def _put_comments(self) -> None:
        from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString

        self.seq.clear()
        self.seq.ca.items.clear()
        for index, entry in enumerate(self.entries):
            self.seq.append(entry.item)
            slot = list(entry.seq_slot) if entry.seq_slot else [None, None, None, None]
            before = [_comment_token(ln) for ln in entry.loose + entry.attached]
            if before:
                slot[1] = (slot[1] or []) + before
            if any(part is not None for part in slot):
                self.seq.ca.items[index] = slot
        if not (self.tail and self.entries):
            return
        # Lines after the last rule hang on its last value, as ruamel.yaml itself reads them.
        item = self.entries[-1].item
        last = list(item.keys())[-1]
        joined = "".join(ln + "\n" for ln in self.tail)
        slot = item.ca.items.get(last)
        token = slot[2] if slot and len(slot) > 2 else None
        if token is not None:
            self._set_after(item, last, token.value + joined, token.column)
        elif isinstance(item[last], LiteralScalarString | FoldedScalarString):
            first = self.tail[0]
            indent = len(first) - len(first.lstrip())
            rest = "".join(ln + "\n" for ln in self.tail[1:])
            self._set_after(item, last, first.lstrip() + "\n" + rest, indent)
        else:
            self._set_after(item, last, "\n" + joined, 0)

    @staticmethod
    def _set_after(item: Any, key: str, text: str, column: int) -> None:
        from ruamel.yaml.error import CommentMark
        from ruamel.yaml.tokens import CommentToken

        slot = item.ca.items.setdefault(key, [None, None, None, None])
        while len(slot) < 4:
            slot.append(None)
        slot[2] = CommentToken(text, CommentMark(column))

    # -- look-ups ------------------------------------------------------------------------------

    def ids(self) -> list[str]:
        return [str(e.item.get("id")) for e in self.entries]

    def index(self, rule_id: str) -> int:
        ids = self.ids()
        if rule_id not in ids:
            raise UserError(f"{self.file}: {did_you_mean('rule', rule_id, ids)}")
        return ids.index(rule_id)

    def release(self, place: int) -> _Entry:
        """Take a rule out; lines that are not its own stay where they were."""
        entry = self.entries.pop(place)
        if place < len(self.entries):
            self.entries[place].loose[:0] = entry.loose
        else:
            self.tail[:0] = entry.loose
        entry.loose = []
        return entry

    # -- saving --------------------------------------------------------------------------------

    def save(self, expected: Callable[[list[GroundRule]], bool]) -> GroundRulesFile:
        """Check the changed file as a whole, then replace the old one in one step.

        ``expected`` says whether the rules read back from the new text are what the change
        meant; if not, nothing is written (a last guard against losing a group's words).
        """
        self._put_comments()
        text = _dump(self.yaml, self.data)
        model, issues = _check(parse(text, self.file))
        if issues or model is None:
            raise CatalogError(
                Issue(i.file, i.line, i.column, f"{i.message}; nothing was saved", i.path)
                for i in issues
            )
        if not expected(list(model.rules)):
            raise UserError(
                f"{self.file}: this change could not be made safely, so the file was left as "
                "it was; please make it in a text editor"
            )
        atomic_write(self.path, text)
        return model


def _as_model(data: Any) -> GroundRulesFile | None:
    import json

    try:
        return GroundRulesFile.model_validate(json.loads(json.dumps(data)))
    except (ValidationError, TypeError, ValueError):
        return None


def _comment_token(line: str) -> Any:
    from ruamel.yaml.error import CommentMark
    from ruamel.yaml.tokens import CommentToken

    body = line.strip()
    if not body:
        return CommentToken("\n", CommentMark(0))
    return CommentToken(body + "\n", CommentMark(len(line) - len(line.lstrip())))


def _comment_gaps(root: Any, lines: list[str]) -> tuple[list[list[int]], list[int]]:
    """Line numbers of the comment and blank lines above each rule, and after the last one."""
    import yaml

    if not isinstance(root, yaml.MappingNode):
        return [], []
    pairs = root.value
    at = next((n for n, (k, _) in enumerate(pairs) if getattr(k, "value", None) == "rules"), None)
    if at is None:
        return [], []
    key, seq = pairs[at]
    if not isinstance(seq, yaml.SequenceNode) or seq.flow_style or not seq.value:
        return [], []

    def comments(start: int, stop: int) -> list[int]:
        found = []
        for n in range(start, min(stop, len(lines))):
            body = lines[n].strip()
            if body and not body.startswith("#"):
                break  # e.g. a dash on a line of its own: leave the rest to ruamel.yaml
            found.append(n)
        return found

    gaps = []
    previous = key.start_mark.line
    for item in seq.value:
        gaps.append(comments(previous + 1, item.start_mark.line))
        previous = _last_line(item)
    stop = pairs[at + 1][0].start_mark.line if at + 1 < len(pairs) else len(lines)
    return gaps, comments(previous + 1, stop)


def _last_line(node: Any) -> int:
    """The last line that holds a rule's own text (0-based)."""
    import yaml

    last = node
    while isinstance(last, yaml.MappingNode | yaml.SequenceNode) and last.value:
        last = last.value[-1][1] if isinstance(last, yaml.MappingNode) else last.value[-1]
    end = last.end_mark
    line: int = end.line
    if end.column == 0 and line > last.start_mark.line:
        line -= 1  # a block scalar ends at the start of the line after it
    return line


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
    return None if value is None else parse_choice(RuleCategory, value, "--category").value


def _checked_rule(values: dict[str, Any], labels: Mapping[str, str]) -> GroundRule:
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
                f"'facilitate groundrules edit {rule.id}', or use --force to have it twice"
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
    doc = _RulesDocument(path)
    place = doc.index(after) + 1 if after is not None else len(doc.entries)
    new_id = rule_id if rule_id is not None else slug_from_text(text, doc.ids())
    _checked_rule(
        {"id": new_id, "text": text, "why": why if why and why.strip() else None},
        {"id": "--id", "text": "TEXT", "why": "--why"},
    )
    if new_id in doc.ids():
        raise UserError(
            f"--id '{new_id}' is already used by rule {doc.ids().index(new_id) + 1}; "
            "choose another id"
        )
    if not force:
        _refuse_repeat(doc.file, text, doc.model.rules)
    doc.entries.insert(place, _Entry(_new_item(new_id, text, why, category)))
    old = list(doc.model.rules)

    def added(rules: list[GroundRule]) -> bool:
        new = rules[place]
        return rules[:place] + rules[place + 1 :] == old and (new.id, new.text) == (
            new_id,
            text.strip(),
        )

    model = doc.save(added)
    return Change(model.rules[place], place + 1, path, len(model.rules))


@locking_first_argument
def remove_rule(path: Path, rule_id: str, *, force: bool = False) -> Change:
    """Take a rule out; comment lines above it stay in the file.

    The group's last confidentiality rule, and the last one that says where confidentiality
    ends, stay unless ``force``.
    """
    doc = _RulesDocument(path)
    place = doc.index(rule_id)
    removed = doc.model.rules[place]
    if len(doc.entries) == 1:
        raise UserError(
            f"{doc.file}: '{rule_id}' is the only rule left; a group needs at least one"
        )
    rest = [r for n, r in enumerate(doc.model.rules) if n != place]
    notice = _guard(doc.file, rule_id, doc.model.rules, rest, removing=True, force=force)
    if notice is None and removed.category == RuleCategory.CONFIDENTIALITY:
        notice = f"confidentiality rules left: {', '.join(confidentiality(rest).rules)}"
    entry = doc.release(place)
    # The comments above a removed rule are kept: they may say more than the rule did.
    if place < len(doc.entries):
        doc.entries[place].loose[:0] = entry.attached
    else:
        doc.tail[:0] = entry.attached
    model = doc.save(lambda rules: rules == rest)
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
        raise UserError("nothing to change: give --text, --why or --category")
    category = _category(category)
    doc = _RulesDocument(path)
    place = doc.index(rule_id)
    old = doc.model.rules[place]
    wanted = _checked_rule(
        {
            "id": old.id,
            "text": old.text if text is None else text,
            "why": old.why if why is None else (why if why.strip() else None),
            "category": old.category if category is None else category,
        },
        {"text": "--text", "why": "--why"},
    )
    others = [r for n, r in enumerate(doc.model.rules) if n != place]
    if text is not None and not force:
        _refuse_repeat(doc.file, text, doc.model.rules, skip=place)
    notice = _guard(
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

    model = doc.save(edited)
    return Change(model.rules[place], place + 1, path, len(model.rules), notice)


@locking_first_argument
def move_rule(path: Path, rule_id: str, to: int) -> Change:
    """Move a rule to place ``to`` (1 is the top); the comment right above it goes along."""
    doc = _RulesDocument(path)
    count = len(doc.entries)
    if not 1 <= to <= count:
        raise UserError(f"--to {to} is not a place in the list; use a number from 1 to {count}")
    place = doc.index(rule_id)
    if place == to - 1:
        return Change(doc.model.rules[place], to, path, count)
    entry = doc.release(place)
    if to == 1:  # a heading at the top of the list stays at the top
        entry.loose, doc.entries[0].loose = doc.entries[0].loose, []
    doc.entries.insert(to - 1, entry)
    order = list(doc.model.rules)
    order.insert(to - 1, order.pop(place))
    model = doc.save(lambda rules: rules == order)
    return Change(model.rules[to - 1], to, path, len(model.rules))


# --- the sheet -------------------------------------------------------------------------------


@dataclass(frozen=True)
class SheetOptions:
    consent: bool = False
    group_name: str | None = None
    date: str | None = None
    paper: str | None = None
    large_print: bool = False
    reasons: bool = False
    """Print each rule's why under it (a preset's sheet then needs more than one page)."""
    preset: str | None = None
    region: str | None = None


def sheet_context(
    catalog: Catalog,
    workspace_dir: Path | None,
    profile: Profile | None,
    options: SheetOptions,
) -> dict[str, Any]:
    """Everything the ground-rules templates need, chosen and ordered."""
    from facilitate.group.safety import crisis_plan

    if options.preset is not None:
        preset = catalog.preset(options.preset)
        rules, source = list(preset.rules), f"the '{preset.id}' preset"
    else:
        rules, source = current_rules(catalog, workspace_dir, profile)
    paper = resolve_paper(options.paper, profile)
    plan = crisis_plan(catalog, profile, options.region)
    lines = plan.lines[:MAX_CRISIS_LINES]
    signers = min(max(profile.size if profile else CONSENT_ROWS, 2), MAX_CONSENT_ROWS)
    name = (
        options.group_name
        if options.group_name is not None
        else (profile.name if profile else None)
    )
    return {
        "rules": sheet_order(rules),
        "source": source,
        "group_name": (name or "").strip() or None,
        "date": (options.date or "").strip() or None,
        "consent": options.consent,
        "reasons": options.reasons,
        "consent_rows": -(-signers // 3),  # each row has three places for initials and a date
        "emergency": plan.emergency,
        "emergency_numbers": " or ".join(plan.emergency_numbers),
        "emergency_known": plan.emergency_known,
        "crisis_lines": lines,
        "crisis_line_known": plan.crisis_line_known,
        "local": [c for c in plan.local if c.phone][:MAX_LOCAL],
        "blank_note": _blank_note(plan.emergency_known, plan.crisis_line_known),
        "region": plan.region,
        "paper": paper,
        "large_print": options.large_print,
    }


def _blank_note(emergency: bool, lines: bool) -> str:
    if emergency and lines:
        return ""
    what = "crisis line" if emergency else "emergency number" if lines else "numbers"
    return (
        f"This group has no {what} on file yet. Write {'them' if what == 'numbers' else 'it'} "
        "in before you print or pin up this sheet."
    )


def render_sheet(
    catalog: Catalog,
    workspace_dir: Path | None,
    profile: Profile | None,
    fmt: str,
    options: SheetOptions,
    template_dirs: tuple[Path, ...] = (),
) -> str | bytes:
    """The ground-rules sheet as Markdown, HTML or PDF bytes."""
    from facilitate.documents.catalog import render_document

    context: Mapping[str, Any] = sheet_context(catalog, workspace_dir, profile, options)
    return render_document("groundrules", context, fmt, template_dirs)
