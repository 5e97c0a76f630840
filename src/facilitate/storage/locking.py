"""One small lock for every read-change-write of a workspace file.

Twenty facilitators' commands started at once (a shared folder, a script that logs several
meetings) must lose nothing: each command holds the file's lock from the moment it reads the
file until its new version has replaced the old one.

On POSIX systems the lock is an advisory ``flock`` on the folder that holds the file: the data
file itself is replaced on every write (so a lock on it would be a lock on the old version),
and a lock on the folder leaves no lock file behind in the group's folder. Windows cannot lock
a folder, so there a small ``.NAME.lock`` file beside the data file is locked instead. A
process that already holds the lock may take it again (the lock counts its holders).
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

from facilitate.errors import UserError, cannot

WAIT_SECONDS = 30.0
"""How long a command waits for another to finish writing before it gives up."""

P = ParamSpec("P")
R = TypeVar("R")


_held: dict[Path, int] = {}


def lock_path(path: Path) -> Path:
    """What is locked for ``path``; a link is followed, so every name for a file shares it."""
    target = Path(os.path.realpath(path))
    if sys.platform == "win32":  # pragma: no cover - Windows only
        return target.parent / f".{target.name}.lock"
    return target.parent


def _open(where: Path) -> int:
    if where.is_dir():
        return os.open(where, os.O_RDONLY)
    return os.open(where, os.O_RDWR | os.O_CREAT, 0o600)


@contextmanager
def locked(path: Path, wait: float | None = None) -> Iterator[None]:
    """Hold the lock of ``path`` (a workspace file) while the block reads and rewrites it."""
    where = lock_path(path)
    if _held.get(where):
        _held[where] += 1
        try:
            yield
        finally:
            _held[where] -= 1
        return
    try:
        fd = _open(where)
    except OSError as exc:
        raise UserError(f"{path}: cannot lock it for writing ({cannot(exc)})") from None
    try:
        _acquire(fd, path, WAIT_SECONDS if wait is None else wait)
        _held[where] = 1
        try:
            yield
        finally:
            _held.pop(where, None)
            _release(fd)
    finally:
        os.close(fd)


def _acquire(fd: int, path: Path, wait: float) -> None:
    deadline = time.monotonic() + wait
    delay = 0.005
    while True:
        if _try_lock(fd):
            return
        if time.monotonic() >= deadline:
            raise UserError(
                f"{path}: another facilitate command has been writing it for {wait:g} s; "
                "try again when it has finished"
            )
        time.sleep(delay)
        delay = min(delay * 2, 0.1)


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _release(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _release(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


def locking_first_argument(func: Callable[P, R]) -> Callable[P, R]:
    """Run ``func(path, ...)`` while holding the lock of ``path``."""

    @wraps(func)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        path: Any = args[0]
        with locked(Path(path)):
            return func(*args, **kwargs)

    return run
