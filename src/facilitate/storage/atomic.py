"""Write files whole or not at all, never clobber one by surprise, and refuse what is not a file."""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Sequence
from pathlib import Path

from facilitate.errors import UserError, cannot, field_ref


def require_plain_file(path: Path, name: str | None = None) -> None:
    """Refuse a folder, a device, a FIFO (which would block for ever) or a dangling link."""
    shown = name or str(path)
    try:
        st = path.stat()
    except FileNotFoundError:
        if path.is_symlink():
            raise UserError(f"{shown}: a link to a file that does not exist") from None
        raise UserError(f"{shown}: no such file") from None
    except OSError as exc:
        raise UserError(f"{shown}: cannot be read ({cannot(exc)})") from None
    if stat.S_ISDIR(st.st_mode):
        raise UserError(f"{shown}: is a folder, not a file")
    if not stat.S_ISREG(st.st_mode):
        raise UserError(f"{shown}: not a plain file (a pipe or a device); give a YAML file")


def atomic_write(path: Path, content: str | bytes) -> None:
    """Write a file whole or not at all: a temporary file beside it, then a rename.

    A file that cannot be written (a read-only folder, a full disk, a folder where a file is
    expected) is one UserError naming it; whatever was there before is left as it was.
    """
    data = content.encode("utf-8") if isinstance(content, str) else content
    if path.is_symlink():
        # Write through a link (a history.yaml kept in a synced folder, say): the link stays.
        path = Path(os.path.realpath(path))
    tmp: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, path)
        tmp = None
    except OSError as exc:
        folder = next((p for p in path.parents if p.exists()), None)
        if folder is not None and not folder.is_dir():
            raise UserError(f"{path}: cannot write it ({folder} is a file, not a folder)") from None
        raise UserError(f"{path}: cannot write it ({cannot(exc)})") from None
    finally:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)


def check_free(paths: Sequence[Path], *, force: bool = False) -> None:
    """Refuse before anything is written when one of several files to write already exists.

    Commands that write a set of files (an agenda and its members' copy, a season's agendas)
    call this first, so a refusal never leaves half a set behind.
    """
    if force:
        return
    taken = [p for p in paths if p.exists()]
    if taken:
        more = f" and {len(taken) - 1} more" if len(taken) > 1 else ""
        raise UserError(
            f"{taken[0]}{more}: already exists; use {field_ref('force')} to replace "
            "(a backup is kept)"
        )


def write_new(path: Path, content: str | bytes, *, force: bool = False) -> Path | None:
    """Write a file that must not clobber one already there unless forced.

    With force, the old file is kept beside the new one as ``NAME.bak`` (or ``NAME.bak.N``), and
    that backup's path is returned.
    """
    from facilitate.storage.locking import locked

    if path.parent.exists() and not path.parent.is_dir():
        raise UserError(f"{path}: cannot write it ({path.parent} is a file, not a folder)")
    if not path.parent.is_dir():
        raise UserError(
            f"{path}: the folder {path.parent} does not exist; create it first, or check the name"
        )
    # Twenty commands writing one file with --force each keep their own backup: the check for
    # a free backup name and both writes happen under the folder's lock.
    with locked(path):
        return _write_new(path, content, force=force)


def _write_new(path: Path, content: str | bytes, *, force: bool) -> Path | None:
    backup: Path | None = None
    try:
        exists, regular = path.exists(), path.is_file()
    except OSError as exc:  # a name too long for the file system, say
        raise UserError(f"{path}: cannot write it ({cannot(exc)})") from None
    if exists and not regular:
        raise UserError(f"{path}: not a plain file (a folder or a device); give a file name")
    if path.parent.exists() and not path.parent.is_dir():
        raise UserError(f"{path}: cannot write it ({path.parent} is a file, not a folder)")
    if not path.parent.is_dir():
        raise UserError(
            f"{path}: the folder {path.parent} does not exist; create it first, or check the name"
        )
    if exists:
        if not force:
            raise UserError(
                f"{path}: already exists; use {field_ref('force')} to replace it (a backup is kept)"
            )
        backup = path.with_name(path.name + ".bak")
        n = 1
        while backup.exists():
            n += 1
            backup = path.with_name(f"{path.name}.bak.{n}")
        try:
            old = path.read_bytes()
        except OSError as exc:
            raise UserError(f"{path}: cannot read it to keep a backup ({cannot(exc)})") from None
        atomic_write(backup, old)
    atomic_write(path, content)
    return backup
