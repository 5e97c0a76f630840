"""Where the packaged templates and data live, in a wheel and in a source checkout."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parents[1]


@cache
def _locate(name: str) -> Path:
    # A wheel carries the folders inside the package (hatchling force-include). An editable
    # install or a plain checkout keeps them at the repository root, two levels above.
    packaged = _PACKAGE_DIR / name
    if packaged.is_dir():
        return packaged
    checkout = _PACKAGE_DIR.parents[1] / name
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"facilitate is installed without its {name}/ folder")


def cache_dir() -> Path:
    """Where facilitate keeps what it can rebuild: parsed catalogs, completion ids, templates."""
    # The XDG rules say a relative XDG_CACHE_HOME is invalid and must be ignored: it would put
    # the cache wherever the command happens to run, a shared folder among them.
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not base or not Path(base).is_absolute():
        base = str(Path.home() / ".cache")
    return Path(base) / "facilitate"


def data_dir() -> Path:
    """The built-in catalog folder."""
    return _locate("data")


def templates_dir() -> Path:
    """The built-in templates folder."""
    return _locate("templates")


def private(st: os.stat_result) -> bool:
    """Owned by this user and writable by nobody else (where the system has owners).

    Caches that hold code or pickles are read only from files and folders that pass this:
    whoever else could write them could make facilitate run what they wrote.
    """
    if not hasattr(os, "getuid"):
        return True
    return st.st_uid == os.getuid() and not st.st_mode & 0o022
