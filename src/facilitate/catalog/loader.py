"""Load one catalog file into validated models, with every problem at its YAML position."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, NamedTuple

from pydantic import BaseModel, ValidationError

from facilitate.catalog.messages import field_path, validation_issues
from facilitate.errors import CatalogError, Issue
from facilitate.models.base import text_key
from facilitate.models.catalog import (
    GroundRulePreset,
    GroundRulePresetsFile,
    PoolPrompt,
    PromptsFile,
    Resource,
    ResourcesFile,
    Situation,
    SituationsFile,
    Topic,
    TopicsFile,
)
from facilitate.storage.yaml import Document, read_document


class TopicSummary(NamedTuple):
    """What a list of topics shows and filters on, kept in the cache beside the topics.

    Listing 10,000 topics from their summaries costs a tenth of loading the whole topics.
    """

    id: str
    title: str
    depth: str
    stages: tuple[str, ...]
    tags: tuple[str, ...]
    groups: tuple[str, ...]
    resources: tuple[str, ...]
    flags: tuple[str, ...] = ()

    @classmethod
    def of(cls, topic: Topic) -> TopicSummary:
        return cls(
            topic.id,
            topic.title,
            str(topic.depth),
            tuple(map(str, topic.stages)),
            tuple(topic.tags),
            tuple(map(str, topic.groups)),
            tuple(topic.resources),
            tuple(map(str, topic.flags)),
        )


@dataclass(frozen=True)
class Kind:
    name: str
    filename: str
    model: type[BaseModel]
    item_model: type[BaseModel]
    keyed: bool  # items carry an explicit `id` that must be unique
    summary: type[TopicSummary] | None = None
    """A cheap summary of each item, for lists (see ``Catalog.summaries``)."""


KINDS: Final[dict[str, Kind]] = {
    k.name: k
    for k in (
        Kind("topics", "topics.yaml", TopicsFile, Topic, True, TopicSummary),
        Kind("resources", "resources.yaml", ResourcesFile, Resource, True),
        Kind("situations", "situations.yaml", SituationsFile, Situation, True),
        Kind("prompts", "prompts.yaml", PromptsFile, PoolPrompt, False),
        Kind("presets", "presets.yaml", GroundRulePresetsFile, GroundRulePreset, True),
    )
}


# Names that changed in 0.2: an old file still loads, with one note per place to update.
OLD_KEYS: Final[dict[str, dict[str, str]]] = {
    "resources": {"text": "sms"},
    "topics": {"intensity": "depth"},
}
OLD_WORDS: Final[dict[str, dict[str, dict[str, str]]]] = {
    "topics": {"depth": {"moderate": "medium"}},
}


@dataclass(frozen=True)
class LoadedFile:
    """A validated catalog file: its items in order, and the parsed document for positions."""

    path: Path
    display: str
    kind: Kind
    items: tuple[Any, ...]
    doc: Document
    notes: tuple[Issue, ...] = ()
    """Old names that still work, each at its position, for the user to update."""

    def position_of(self, index: int, *rest: str | int) -> tuple[int, int]:
        return self.doc.position((self.kind.name, index, *rest))


def item_key(item: Any) -> str:
    key = getattr(item, "key", None)
    return str(key if key is not None else item.id)


def _raw_key(raw: Any, kind: Kind) -> str | None:
    """The key an item not yet validated would have, when it can be told (as item_key)."""
    if not isinstance(raw, dict):
        return None
    ident = raw.get("id")
    if isinstance(ident, str) and ident:
        return ident
    text = raw.get("text")
    if not kind.keyed and isinstance(text, str) and text.strip():
        return text_key(text.strip())
    return None


def detect_kind(data: Any, path: Path) -> Kind | None:
    """Which catalog a file holds, from its top-level list (or its name)."""
    if isinstance(data, dict):
        for kind in KINDS.values():
            if kind.name in data:
                return kind
    for kind in KINDS.values():
        if path.name == kind.filename:
            return kind
    return None


def upgrade_names(doc: Document, kind: Kind) -> tuple[Any, tuple[Issue, ...]]:
    """The file's data with 0.1 names replaced by today's, and a note for each replacement.

    A key is renamed only when its new name is not there too; with both, the old key is
    left for validation to report as unknown, with its hint.
    """
    data = doc.data
    keys = OLD_KEYS.get(kind.name, {})
    words = OLD_WORDS.get(kind.name, {})
    raw = data.get(kind.name) if isinstance(data, dict) else None
    if not (keys or words) or not isinstance(raw, list):
        return data, ()
    notes: list[Issue] = []
    items: list[Any] = []
    for index, item in enumerate(raw):
        if isinstance(item, dict):
            item = dict(item)
            for old, new in keys.items():
                if old in item and new not in item:
                    item[new] = item.pop(old)
                    line, column = doc.position((kind.name, index, old), key=True)
                    notes.append(
                        Issue(
                            doc.file,
                            line,
                            column,
                            f"'{old}' is now called '{new}'; "
                            "rename the key (the old name still works for now)",
                            field_path((kind.name, index, old)),
                        )
                    )
            for fname, renames in words.items():
                value = item.get(fname)
                if isinstance(value, str) and value in renames:
                    item[fname] = renames[value]
                    loc = (kind.name, index, old_key(keys, fname, raw[index]))
                    line, column = doc.position(loc)
                    notes.append(
                        Issue(
                            doc.file,
                            line,
                            column,
                            f"'{value}' is now '{renames[value]}' "
                            "(the old word still works for now)",
                            field_path(loc),
                        )
                    )
        items.append(item)
    return {**data, kind.name: items}, tuple(notes)


def old_key(keys: dict[str, str], name: str, raw: Any) -> str:
    """The key ``name`` had in the file as written (its old name when that was used)."""
    old = next((o for o, n in keys.items() if n == name), None)
    return old if old is not None and isinstance(raw, dict) and old in raw else name


def validate_document(doc: Document, kind: Kind, path: Path) -> LoadedFile:
    if doc.data is None:
        raise CatalogError(
            [Issue(doc.file, 1, 1, f"the file is empty; it needs 'version: 1' and '{kind.name}:'")]
        )
    if not isinstance(doc.data, dict):
        raise CatalogError(
            [Issue(doc.file, 1, 1, f"expected 'version: 1' and a '{kind.name}:' list at the top")]
        )
    issues: list[Issue] = []
    items: tuple[Any, ...] = ()
    keys: list[str | None]
    data, notes = upgrade_names(doc, kind)
    try:
        parsed = kind.model.model_validate(data)
        items = tuple(getattr(parsed, kind.name))
        keys = [item_key(item) for item in items]
    except ValidationError as exc:
        issues.extend(validation_issues(exc, doc, kind.model))
        # Still report repeated ids, so that one run shows every problem in the file.
        raw = data.get(kind.name)
        keys = [_raw_key(r, kind) for r in raw] if isinstance(raw, list) else []
    seen: dict[str, int] = {}
    for index, key in enumerate(keys):
        if key is None:
            continue
        if key in seen:
            where = ("id",) if kind.keyed else ()
            line, column = doc.position((kind.name, index, *where))
            first_line, _ = doc.position((kind.name, seen[key]))
            what = f"duplicate id '{key}'" if kind.keyed else "the same prompt again"
            issues.append(
                Issue(
                    doc.file,
                    line,
                    column,
                    f"{what}: already used on line {first_line}",
                    field_path((kind.name, index, *where)),
                )
            )
        else:
            seen[key] = index
    if issues:
        raise CatalogError(issues)
    return LoadedFile(path, doc.file, kind, items, doc, notes)


def load_file(path: Path, kind: Kind | None = None, display: str | None = None) -> LoadedFile:
    """Read, parse and validate one catalog file; raise CatalogError listing every problem."""
    doc = read_document(path, display)
    if kind is None:
        kind = detect_kind(doc.data, path)
        if kind is None:
            names = ", ".join(f"'{k}:'" for k in KINDS)
            raise CatalogError(
                [Issue(doc.file, 1, 1, f"not a catalog file: expected one of {names} at the top")]
            )
    return validate_document(doc, kind, path)
