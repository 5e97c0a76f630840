"""Ids and tags for shell completion, cached on disk and rebuilt when a catalog file changes.

Completion runs a new process at every Tab, so it must not parse YAML or build models when the
catalog has not changed: the cache holds the values with the size and change time of every
file they came from.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from facilitate.storage.paths import cache_dir, data_dir

_FILES = ("topics.yaml", "resources.yaml", "situations.yaml", "presets.yaml")
# facilitate.group.workspace.PROFILE; repeated to keep this module light
PROFILE = "facilitate.yaml"
_CACHE_VERSION = 3


def _workspace_dir(workspace: Path | str | None) -> Path | None:
    # The same search as facilitate.group.workspace.find_workspace, without importing pydantic:
    # this runs at every Tab.
    named = workspace or os.environ.get("FACILITATE_WORKSPACE")
    if named:
        folder = Path(named)
        return folder if (folder / PROFILE).is_file() else None
    start = Path.cwd()
    for folder in (start, *start.parents):
        if (folder / PROFILE).is_file():
            return folder
    return None


def _folders(catalog: Path | str | None, workspace: Path | str | None) -> list[Path]:
    folders = [data_dir()]
    named = catalog or os.environ.get("FACILITATE_CATALOG")
    if named:
        folders.append(Path(named))
    ws = _workspace_dir(workspace)
    if ws is not None:
        folders.append(ws)
    return folders


def _stamp(folders: list[Path]) -> list[list[object]]:
    stamp: list[list[object]] = []
    for folder in folders:
        for name in _FILES:
            path = folder / name
            try:
                st = path.stat()
            except OSError:
                continue
            # The catalog cache's full key (size, modification and change time, inode): a
            # same-size edit in the same second still changes the change time or the inode.
            stamp.append(
                [str(path.resolve()), st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]
            )
    return stamp


def completion_values(
    what: str, catalog: Path | str | None = None, workspace: Path | str | None = None
) -> list[str]:
    """The ids or tags named by ``what``, from the cache when it is still fresh."""
    folders = _folders(catalog, workspace)
    stamp = _stamp(folders)
    key = hashlib.sha1("\0".join(str(f) for f in folders).encode()).hexdigest()[:12]
    cache_file = cache_dir() / f"completion-{key}.json"
    try:
        cached = json.loads(cache_file.read_text("utf-8"))
        if cached.get("version") == _CACHE_VERSION and cached.get("stamp") == stamp:
            return list(cached["values"].get(what, []))
    except (OSError, ValueError):
        pass
    values = _build(folders)
    from facilitate.errors import UserError  # here: a Tab must not pay for it

    try:
        from facilitate.storage.atomic import atomic_write

        payload = {"version": _CACHE_VERSION, "stamp": stamp, "values": values}
        atomic_write(cache_file, json.dumps(payload))
    except UserError:  # the file cannot be written
        pass  # a read-only home still completes, only slower
    return values.get(what, [])


def _build(folders: list[Path]) -> dict[str, list[str]]:
    from facilitate.catalog.layers import Catalog, Source
    from facilitate.catalog.query import all_tags

    catalog = Catalog(Source(str(f), f) for f in folders)
    values: dict[str, list[str]] = {}
    for kind in ("topics", "resources", "situations", "presets"):
        try:
            # Summaries for topics: a 10,000-topic catalog completes without loading them all.
            layer = catalog.topic_summaries if kind == "topics" else getattr(catalog, kind)
        except Exception:  # a broken file must not break the shell; validate reports it
            continue
        values[kind] = sorted(layer.items)
        if kind in ("topics", "resources", "situations"):
            values[f"{kind.rstrip('s')}-tags"] = all_tags(layer.values())
    from facilitate.group.config import key_names

    values["config-keys"] = key_names()  # the settings of facilitate.yaml, from its model
    return values
