"""The group a command runs for: its catalog, its folder, its profile and the day.

Every core function that needs to know about the group takes one :class:`Group`, first, so
the pieces always come together and in one form. The command line builds it once per run
(``cli/_app.py: load_group``), and that is the only place that reads the clock; tests build
one with a fixed ``today``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from facilitate.errors import UserError
from facilitate.group.workspace import HISTORY

if TYPE_CHECKING:
    from facilitate.catalog.layers import Catalog
    from facilitate.models.base import GroupType
    from facilitate.models.workspace import HistoryFile, Profile


@dataclass(frozen=True, kw_only=True)
class Group:
    """The catalog, the group's folder and profile, and today's date, as one value."""

    catalog: Catalog
    """The layered catalog of this run (built-in, user catalog, workspace)."""
    today: dt.date
    """The day the command runs on: defaults and "before today" are counted from it."""
    folder: Path | None = None
    """The group's workspace (the folder with facilitate.yaml); None outside one."""
    profile: Profile | None = None
    """facilitate.yaml as read; None outside a workspace, or when it could not be read
    (``profile_error`` then says why)."""
    now: dt.datetime | None = None
    """The moment the command started, for time stamps (a calendar's DTSTAMP)."""
    profile_error: UserError | None = None
    """Why facilitate.yaml could not be read, when it was loaded with ``lenient``."""

    @classmethod
    def load(
        cls,
        catalog: Catalog,
        folder: Path | None,
        *,
        today: dt.date,
        now: dt.datetime | None = None,
        lenient: bool = False,
    ) -> Group:
        """The group of a workspace folder (or of none), with its profile read.

        A facilitate.yaml with problems stops here with them, unless ``lenient``: then the
        profile is None and the problems are kept in ``profile_error``, for a command that
        does not need the profile or, like the doctor, reports them.
        """
        from facilitate.group.workspace import Workspace

        profile = None
        error = None
        if folder is not None:
            try:
                profile = Workspace(folder).profile()
            except UserError as exc:
                if not lenient:
                    raise
                error = exc
        return cls(
            catalog=catalog,
            today=today,
            folder=folder,
            profile=profile,
            now=now,
            profile_error=error,
        )

    @property
    def stamp(self) -> dt.datetime:
        """When this run made its files, in UTC: ``now``, else midnight (UTC) of ``today``."""
        if self.now is not None:
            return self.now.astimezone(dt.UTC)
        return dt.datetime.combine(self.today, dt.time(), tzinfo=dt.UTC)

    @property
    def region(self) -> str | None:
        """The profile's country code (None without a profile or a region in it)."""
        return self.profile.region if self.profile is not None else None

    @property
    def group_type(self) -> GroupType:
        """The profile's group type (``general`` without a profile)."""
        from facilitate.models.base import GroupType

        return self.profile.group_type if self.profile is not None else GroupType.GENERAL

    @property
    def history_path(self) -> Path | None:
        """The group's history.yaml (None outside a workspace)."""
        return self.folder / HISTORY if self.folder is not None else None

    def history(self) -> HistoryFile | None:
        """The group's history (None outside a workspace; empty when there is no file yet)."""
        from facilitate.group.history import read_history

        return read_history(self.history_path) if self.history_path is not None else None

    @property
    def groundrules_path(self) -> Path:
        """Where the group's groundrules.yaml is: the workspace, else the current folder."""
        from facilitate.group.groundrules import groundrules_path

        return groundrules_path(self.folder)

    @property
    def templates(self) -> Path | None:
        """The group's own templates folder (``templates/`` in the workspace), when it has one."""
        if self.folder is None or not (self.folder / "templates").is_dir():
            return None
        return self.folder / "templates"
