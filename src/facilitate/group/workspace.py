"""Find the group workspace, read its files with precise errors, and write them atomically."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from pydantic import BaseModel, ValidationError

from facilitate.errors import CatalogError, Issue, UserError
from facilitate.storage.yaml import read_document

PROFILE = "facilitate.yaml"
GROUNDRULES = "groundrules.yaml"
HISTORY = "history.yaml"

if TYPE_CHECKING:
    from facilitate.models.workspace import Profile

M = TypeVar("M", bound=BaseModel)


def find_workspace(explicit: Path | None, start: Path, *, required: bool = False) -> Path | None:
    """The folder holding facilitate.yaml: the one named, or the nearest one upwards."""
    if explicit is not None:
        if not (explicit / PROFILE).is_file():
            raise UserError(
                f"{explicit}: not a group workspace (no {PROFILE}); see 'facilitate init'"
            )
        return explicit
    for folder in (start, *start.parents):
        if (folder / PROFILE).is_file():
            return folder
    if required:
        raise UserError(
            f"no group workspace here or above ({PROFILE}); run 'facilitate init' first"
        )
    return None


Upgrade = Callable[[object], tuple[object, list[str]]]


def read_model(path: Path, model: type[M], upgrade: Upgrade | None = None) -> M:
    """Read a workspace YAML file into a model, with every problem at FILE:LINE:COL.

    ``upgrade`` turns an older form of the file's data into today's before it is checked.
    A file read before and unchanged since comes from the cache (see
    :mod:`facilitate.storage.cache`).
    """
    from facilitate.storage.cache import cached

    label = f"model:{model.__module__}.{model.__qualname__}{':up' if upgrade else ''}"
    return cached(
        path, label, lambda: _read_model(path, model, upgrade), lambda v: isinstance(v, model)
    )


def _read_model(path: Path, model: type[M], upgrade: Upgrade | None = None) -> M:
    from facilitate.catalog.messages import validation_issues

    doc = read_document(path)
    if doc.data is None:
        raise CatalogError([Issue(doc.file, 1, 1, "the file is empty")])
    data = upgrade(doc.data)[0] if upgrade else doc.data
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise CatalogError(validation_issues(exc, doc, model)) from None


@dataclass(frozen=True)
class Workspace:
    """A group folder and its files."""

    root: Path

    @property
    def profile_path(self) -> Path:
        return self.root / PROFILE

    @property
    def groundrules_path(self) -> Path:
        return self.root / GROUNDRULES

    @property
    def history_path(self) -> Path:
        return self.root / HISTORY

    def profile(self) -> Profile:
        from facilitate.models.workspace import Profile

        return read_model(self.profile_path, Profile)
