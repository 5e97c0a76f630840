"""Validate the layered catalog, or named files and folders, reporting every problem at once."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel

from facilitate.catalog.layers import Catalog, Source, source_issues
from facilitate.catalog.loader import KINDS, LoadedFile, load_file
from facilitate.catalog.messages import did_you_mean, field_path
from facilitate.errors import CatalogError, Issue, UserError


@dataclass
class Summary:
    counts: dict[str, int] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)

    def line(self) -> str:
        parts = ", ".join(f"{n} {k}" for k, n in self.counts.items() if n)
        return f"ok: {len(self.files)} files, {parts or 'nothing to check'}; no problems found"


def validate_layers(catalog: Catalog) -> Summary:
    counts = catalog.check()
    files = [str(p) for kind in KINDS.values() for _, p in catalog.files(kind)]
    return Summary(counts, files)


def validate_paths(paths: Iterable[Path]) -> Summary:
    """Each file on its own (folders: their catalog files, cross-checked like a layer)."""
    summary = Summary()
    issues: list[Issue] = []
    for path in paths:
        if path.is_dir():
            catalog = Catalog([Source("built-in", _builtin()), Source(str(path), path)])
            present = [k for k in KINDS.values() if (path / k.filename).is_file()]
            if not present:
                raise UserError(f"{path}: no catalog files here ({', '.join(KINDS)} .yaml)")
            for kind in present:
                summary.files.append(str(path / kind.filename))
                try:
                    layer = getattr(catalog, kind.name)
                    own = sum(1 for k in layer.labels.values() if k == str(path))
                    summary.counts[kind.name] = summary.counts.get(kind.name, 0) + own
                except CatalogError as exc:
                    issues.extend(exc.issues)
            continue
        try:
            loaded = _load_any(path)
        except CatalogError as exc:
            issues.extend(exc.issues)
            continue
        summary.files.append(str(path))
        if loaded is not None:
            name, count = loaded
            summary.counts[name] = summary.counts.get(name, 0) + count
    if issues:
        raise CatalogError(dict.fromkeys(issues))  # a sibling file may be reported twice
    return summary


def _check_references(loaded: LoadedFile) -> None:
    """A topics or situations file on its own: its resource ids must exist in the built-in
    catalog or in a resources.yaml beside it, as they must when the folder is layered."""
    if loaded.kind.name not in ("topics", "situations"):
        return
    folder = loaded.path.parent
    known = Catalog([Source("built-in", _builtin()), Source(str(folder), folder)]).resources.items
    issues: list[Issue] = []
    for index, item in enumerate(loaded.items):
        for pos, ref in enumerate(item.resources):
            if ref in known:
                continue
            loc = (loaded.kind.name, index, "resources", pos)
            line, column = loaded.doc.position(loc)
            message = did_you_mean("resource", ref, list(known))
            issues.append(Issue(loaded.display, line, column, message, field_path(loc)))
    if loaded.kind.name == "topics":
        for index, item in enumerate(loaded.items):
            issues.extend(source_issues(item, loaded, index))
    if issues:
        raise CatalogError(issues)


def _builtin() -> Path:
    from facilitate.storage.paths import data_dir

    return data_dir()


def _load_any(path: Path) -> tuple[str, int] | None:
    """A catalog file, or one of the workspace's own files, by its name or top-level key."""
    from facilitate.group.workspace import GROUNDRULES, HISTORY, PROFILE, read_model
    from facilitate.models.workspace import GroundRulesFile, HistoryFile, Profile

    workspace_models: dict[str, type[BaseModel]] = {
        PROFILE: Profile,
        GROUNDRULES: GroundRulesFile,
        HISTORY: HistoryFile,
    }
    if path.name in workspace_models:
        read_model(path, workspace_models[path.name])
        return (path.stem, 1)
    loaded = load_file(path)
    _check_references(loaded)
    return (loaded.kind.name, len(loaded.items))
