"""The catalog a command sees: built-in data, then a user catalog folder, then the workspace.

Later layers replace items with the same id and add new ones. Each kind of item is read the
first time it is asked for, so a command that lists topics never reads the situations.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from facilitate.catalog.loader import KINDS, Kind, LoadedFile, TopicSummary, item_key
from facilitate.catalog.messages import did_you_mean, field_path
from facilitate.errors import CatalogError, Issue, NotFoundError, UserError
from facilitate.models.catalog import (
    GroundRulePreset,
    PoolPrompt,
    Resource,
    Situation,
    Topic,
)
from facilitate.storage.cache import load_file_cached, load_summaries_cached
from facilitate.storage.paths import data_dir

T = TypeVar("T")


@dataclass(frozen=True)
class Source:
    """One layer of the catalog: a label for people and the folder it reads."""

    label: str
    folder: Path


@dataclass
class Layered(Generic[T]):
    """The merged items of one kind, in order, with the file each one came from."""

    items: dict[str, T] = field(default_factory=dict)
    origins: dict[str, LoadedFile] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    indexes: dict[str, int] = field(default_factory=dict)
    checked: bool = False  # cross-references to other kinds verified

    def values(self) -> list[T]:
        return list(self.items.values())


class Catalog:
    """Every catalog item a command can use, layered and cross-checked."""

    def __init__(
        self, sources: Iterable[Source], on_note: Callable[[Issue], None] | None = None
    ) -> None:
        self.sources = list(sources)
        self._cache: dict[str, Layered[Any]] = {}
        self.on_note = on_note
        """Called once for each old name a file still uses (see ``loader.OLD_KEYS``)."""
        self._noted: set[Issue] = set()

    # -- loading -----------------------------------------------------------------------------

    def files(self, kind: Kind) -> list[tuple[Source, Path]]:
        """The file of this kind in each layer that has one.

        A folder, a pipe or a dangling link where the file should be is not skipped: reading
        it gives a clear error, so a typo in a shared catalog is never silently ignored.
        """
        found = []
        for src in self.sources:
            path = src.folder / kind.filename
            if path.is_symlink() or path.exists():
                found.append((src, path))
        return found

    def _layer(self, name: str, *, summary: bool = False) -> Layered[Any]:
        slot = f"{name}-summary" if summary else name
        if slot in self._cache:
            return self._cache[slot]
        kind = KINDS[name]
        load = load_summaries_cached if summary else load_file_cached
        merged: Layered[Any] = Layered()
        issues: list[Issue] = []
        for src, path in self.files(kind):
            try:
                loaded = load(path, kind)
            except CatalogError as exc:
                issues.extend(exc.issues)
                continue
            for issue in loaded.notes:
                if self.on_note is not None and issue not in self._noted:
                    self._noted.add(issue)
                    self.on_note(issue)
            for index, item in enumerate(loaded.items):
                key = item_key(item)
                merged.items.pop(key, None)  # a replaced item takes the new one's place in order
                merged.items[key] = item
                merged.origins[key] = loaded
                merged.labels[key] = src.label
                merged.indexes[key] = index
        if issues:
            raise CatalogError(issues)
        self._cache[slot] = merged
        return merged

    def _checked(self, name: str, *, summary: bool = False) -> Layered[Any]:
        """A layer whose references to resources are all known."""
        layer = self._layer(name, summary=summary)
        if not layer.checked:
            self._check_refs(name, layer, ("resources",))
            if name == "topics" and not summary:
                issues = [
                    issue
                    for key, item in layer.items.items()
                    for issue in source_issues(item, layer.origins[key], layer.indexes[key])
                ]
                if issues:
                    raise CatalogError(issues)
            layer.checked = True
        return layer

    @property
    def topics(self) -> Layered[Topic]:
        return self._checked("topics")

    @property
    def topic_summaries(self) -> Layered[TopicSummary]:
        """What lists show of each topic, checked like :attr:`topics`, without the topics."""
        return self._checked("topics", summary=True)

    @property
    def resources(self) -> Layered[Resource]:
        return self._layer("resources")

    @property
    def situations(self) -> Layered[Situation]:
        return self._checked("situations")

    @property
    def prompts(self) -> Layered[PoolPrompt]:
        return self._layer("prompts")

    @property
    def presets(self) -> Layered[GroundRulePreset]:
        return self._layer("presets")

    def _check_refs(self, name: str, layer: Layered[Any], fields: tuple[str, ...]) -> None:
        known = self.resources.items
        issues = []
        for key, item in layer.items.items():
            for fname in fields:
                for pos, ref in enumerate(getattr(item, fname)):
                    if ref in known:
                        continue
                    loaded = layer.origins[key]
                    loc = (name, layer.indexes[key], fname, pos)
                    line, column = loaded.doc.position(loc)
                    issues.append(
                        Issue(
                            loaded.display,
                            line,
                            column,
                            did_you_mean("resource", ref, list(known)),
                            field_path(loc),
                        )
                    )
        if issues:
            raise CatalogError(issues)

    def check(self) -> dict[str, int]:
        """Load and cross-check every kind; raise one CatalogError with all problems found."""
        issues: list[Issue] = []
        counts: dict[str, int] = {}
        for name in ("resources", "topics", "situations", "prompts", "presets"):
            try:
                counts[name] = len(getattr(self, name).items)
            except CatalogError as exc:
                issues.extend(exc.issues)
        if issues:
            # A broken resources file also stops the topics and situations that refer to it:
            # its problems are listed once.
            raise CatalogError(list(dict.fromkeys(issues)))
        return counts

    # -- look-ups ----------------------------------------------------------------------------

    def topic(self, topic_id: str) -> Topic:
        return _get(self.topics, "topic", topic_id)

    def resource(self, resource_id: str) -> Resource:
        return _get(self.resources, "resource", resource_id)

    def situation(self, situation_id: str) -> Situation:
        return _get(self.situations, "situation", situation_id)

    def preset(self, preset_id: str) -> GroundRulePreset:
        return _get(self.presets, "ground-rule preset", preset_id)

    def origin(self, kind: str, key: str) -> str:
        """Where an item came from, for people: ``built-in (…/topics.yaml)``."""
        layer = self._layer(kind)
        return f"{layer.labels[key]} ({layer.origins[key].display})"


def _get(layer: Layered[T], what: str, key: str) -> T:
    try:
        return layer.items[key]
    except KeyError:
        raise NotFoundError(did_you_mean(what, key, list(layer.items))) from None


def open_catalog(
    catalog_dir: Path | None = None,
    workspace_dir: Path | None = None,
    on_note: Callable[[Issue], None] | None = None,
) -> Catalog:
    """The layered catalog: built-in, then ``catalog_dir``, then the workspace folder.

    ``on_note`` hears of old names that still load (one :class:`Issue` each).
    """
    sources = [Source("built-in", data_dir())]
    if catalog_dir is not None:
        if not catalog_dir.is_dir():
            raise UserError(f"{catalog_dir}: the catalog folder does not exist")
        sources.append(Source("catalog", catalog_dir))
    if workspace_dir is not None:
        sources.append(Source("workspace", workspace_dir))
    return Catalog(sources, on_note)


def source_issues(topic: Any, loaded: Any, index: int) -> list[Issue]:
    """Information points that name a source the topic does not list, with their positions."""
    info = getattr(topic, "information", None)
    if info is None:
        return []
    known = [src.id for src in info.sources]
    issues = []
    for pos, point in enumerate(info.points):
        if point.source in known:
            continue
        loc = ("topics", index, "information", "points", pos, "source")
        line, column = loaded.doc.position(loc)
        message = did_you_mean("source in this topic's information", point.source, known)
        issues.append(Issue(loaded.display, line, column, message, field_path(loc)))
    return issues
