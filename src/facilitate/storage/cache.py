"""A cache of validated catalog files, so a command run again does not parse the YAML again.

Parsing YAML is most of the cost of reading a catalog (libyaml builds the node tree quickly;
turning it into Python objects, with positions kept, is slow), and validating it builds
pydantic's validators for every model, which costs more than the rest of a command. So once a
catalog file has been read and found valid, its validated items are pickled under
``$XDG_CACHE_HOME/facilitate/catalog/`` (or ``~/.cache/facilitate/catalog/``), and later runs
load them back as they were: no YAML, and no validator is built (the models are declared with
``defer_build``, so a run that only reads cached files never builds one).

Pickle runs code named in the file it loads, so an entry is unpickled only when it and its
folder belong to the user and nobody else can write to them (the folder is made 0700, entries
0600): the same trust Python gives the byte-code caches beside its modules. An entry that fails
to load for any reason is a miss.

An entry is used only when everything it was made from is the same: the file's absolute path,
size, modification and change times (nanoseconds) and inode; the versions of facilitate,
pydantic, PyYAML and Python; and a digest of every Python file of the package, its name and
its bytes (so a development checkout never sees values made by older code). Anything else is a
miss, and the file is read as if there were no cache:

- a changed file has a new size, time stamp or inode (a copy that keeps the modification
  time still has a new change time);
- a damaged entry fails the header check, the payload's checksum, or does not unpickle;
- a file that is not valid is never written to the cache, so its problems are reported with
  FILE:LINE:COL on every run;
- a file changed in the last two seconds is not cached, because a second change within the
  file system's time step could keep the same change time (git calls this "racy");
- a cache folder that cannot be written is ignored.

On a hit there is no node tree. Positions are still needed when a cross-check fails (a topic
names a resource that is gone), so the entry's ``doc`` is a :class:`LazyDocument` that parses
the file the first time a position is asked for.

Set ``FACILITATE_NO_CACHE=1`` to read every file from YAML (the benchmark's "no cache" rows).
"""

from __future__ import annotations

import dataclasses
import functools
import gc
import hashlib
import json
import os
import pickle
import sys
import tempfile
import time
import zlib
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any, Final, TypeVar, cast

from facilitate import __version__
from facilitate.catalog.loader import Kind, LoadedFile, load_file
from facilitate.errors import Issue, UserError
from facilitate.storage.paths import cache_dir, private
from facilitate.storage.yaml import Document, read_document

FORMAT: Final = 4
RACY_NS: Final = 2_000_000_000
"""A file changed less than this long before it is read is not cached."""
FREEZE_AFTER: Final = 200_000
"""Objects made during one load above which they are moved out of the collector's sight."""

_PACKAGE = Path(__file__).resolve().parents[1]


def cache_root() -> Path:
    """The folder for catalog entries."""
    return cache_dir() / "catalog"


def enabled() -> bool:
    return os.environ.get("FACILITATE_NO_CACHE", "").strip() in ("", "0")


@contextmanager
def no_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while many long-lived objects are made.

    A large catalog makes millions of objects that all stay alive; each collection would walk
    them again for nothing: reading 10,000 topics from YAML took 3.5 s instead of 10.7 s.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            if gc.get_count()[0] > FREEZE_AFTER:
                # Otherwise the first collection after this walks every new object at once
                # (0.9 s for 100,000 topics). Frozen objects are still freed when unused.
                gc.freeze()
            gc.enable()


class LazyDocument(Document):
    """A :class:`Document` that parses the file only when data, nodes or positions are needed."""

    _path: Path

    def __init__(self, path: Path, file: str) -> None:  # no super(): data and root come later
        object.__setattr__(self, "file", file)
        object.__setattr__(self, "_path", path)

    def __getattr__(self, name: str) -> Any:
        # Only called for attributes not set yet: the parsed data and node tree.
        if name not in ("data", "root"):
            raise AttributeError(name)
        doc = read_document(self._path, self.file)
        object.__setattr__(self, "data", doc.data)
        object.__setattr__(self, "root", doc.root)
        return getattr(doc, name)

    @property
    def parsed(self) -> bool:
        """Whether the file has been parsed yet."""
        return "root" in self.__dict__

    def position(self, loc: Sequence[str | int], *, key: bool = False) -> tuple[int, int]:
        try:
            return super().position(loc, key=key)
        except UserError:  # the file changed or went away since it was cached
            return (1, 1)


T = TypeVar("T")


def cached(path: Path, label: str, load: Callable[[], T], accept: Callable[[object], bool]) -> T:
    """What ``load()`` makes of the file at ``path``, from the cache while the file is unchanged.

    ``label`` names what is made (one file may be read as different things); ``accept`` checks
    that a loaded entry is that thing. ``load`` raises when the file is not valid, and then
    nothing is cached.
    """
    if not enabled():
        with no_gc():
            return load()
    try:
        before = path.stat()
        absolute = path.absolute()
    except OSError:
        return load()  # the loader words the problem for people
    key = _key(absolute, label, before)
    entry = _entry(absolute, label)
    value = _read(entry, key)
    if value is not _MISS and accept(value):
        return cast(T, value)
    started = time.time_ns()
    with no_gc():
        made = load()
    if before.st_mtime_ns <= started - RACY_NS and _unchanged(path, before):
        _write(entry, key, made)
    return made


def load_file_cached(path: Path, kind: Kind, display: str | None = None) -> LoadedFile:
    """Like :func:`facilitate.catalog.loader.load_file`, from the cache when it is still valid."""
    fresh: list[LoadedFile] = []

    def load() -> tuple[tuple[Any, ...], tuple[Issue, ...]]:
        fresh.append(load_file(path, kind, display))
        return fresh[0].items, fresh[0].notes

    def accept(value: object) -> bool:
        return _pair_of(value, kind.item_model)

    items, notes = cached(path, kind.name, load, accept)
    if fresh:
        return fresh[0]
    name = display or str(path)
    # Notes name the file as the user asked for it this time, not as it was when cached.
    notes = tuple(dataclasses.replace(n, file=name) for n in notes)
    return LoadedFile(path, name, kind, items, LazyDocument(path, name), notes)


def load_summaries_cached(path: Path, kind: Kind, display: str | None = None) -> LoadedFile:
    """The file's items summarised (``kind.summary``), from their own cache entry.

    The summaries are made from the validated items (from the cache or the YAML), so a file
    that is not valid fails here just as it does for :func:`load_file_cached`.
    """
    summary = kind.summary
    if summary is None:
        raise ValueError(f"{kind.name} have no summary")
    full: list[LoadedFile] = []

    def load() -> tuple[tuple[Any, ...], tuple[Issue, ...]]:
        full.append(load_file_cached(path, kind, display))
        return tuple(summary.of(item) for item in full[0].items), full[0].notes

    def accept(value: object) -> bool:
        return _pair_of(value, summary)

    rows, notes = cached(path, f"{kind.name}-summary", load, accept)
    name = display or str(path)
    doc = full[0].doc if full else LazyDocument(path, name)
    notes = tuple(dataclasses.replace(n, file=name) for n in notes)
    return LoadedFile(path, name, kind, rows, doc, notes)


def _pair_of(value: object, item_type: type) -> bool:
    """Whether a cache entry is (items of ``item_type``, notes), as the loaders store them."""
    if not (isinstance(value, tuple) and len(value) == 2):
        return False
    items, notes = value
    return (
        isinstance(items, tuple)
        and all(isinstance(i, item_type) for i in items)
        and isinstance(notes, tuple)
        and all(isinstance(n, Issue) for n in notes)
    )


def _key(absolute: Path, label: str, st: os.stat_result) -> bytes:
    fields = [
        FORMAT,
        _code_stamp(),
        label,
        str(absolute),
        *_stat_key(st),
    ]
    return json.dumps(fields, ensure_ascii=True).encode("ascii")


def _stat_key(st: os.stat_result) -> tuple[int, ...]:
    # The change time too: copying with `cp -p` or `rsync -a` keeps size and modification
    # time, but the change time is always the moment of the copy.
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


@functools.cache
def _code_stamp() -> list[object]:
    """What the cached values depend on besides the file: versions, and the package's code."""
    import pydantic
    import yaml

    return [
        __version__,
        pydantic.VERSION,
        yaml.__version__,
        sys.version_info[:2],
        _code_digest(_PACKAGE),
    ]


def _code_digest(folder: Path) -> str:
    """A digest of every Python file under ``folder``: its path there and its bytes.

    Every file, not a list of the modules that read catalogs, so that no move, new module or
    edit anywhere can leave a stale entry in use. Their bytes, not their sizes and times, so
    an edit that keeps both (an archive unpacked or a copy made with times kept over the tree)
    still counts, and a file touched but unchanged keeps the entries. Reading the ~80 files
    costs under a millisecond, once in a run that reads a catalog.
    """
    digest = hashlib.sha256()
    for name, path in _package_files(folder):
        try:
            data = Path(path).read_bytes()
        except OSError:
            data = b"\0unreadable"  # (a module that cannot be read cannot be imported either)
        digest.update(f"{name}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


def _package_files(folder: Path, prefix: str = "") -> Iterator[tuple[str, str]]:
    """Every Python file under ``folder``, in a fixed order: (its path there, its full path)."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return
    for entry in entries:
        if entry.is_dir(follow_symlinks=False) and entry.name != "__pycache__":
            yield from _package_files(Path(entry.path), f"{prefix}{entry.name}/")
        elif entry.name.endswith(".py"):
            yield (prefix + entry.name, entry.path)


def _entry(absolute: Path, label: str) -> Path:
    digest = hashlib.sha256(f"{label}\0{absolute}".encode()).hexdigest()[:32]
    return cache_root() / f"{label.split(':')[0]}-{digest}.pickle"


def _unchanged(path: Path, before: os.stat_result) -> bool:
    try:
        after = path.stat()
    except OSError:
        return False
    return _stat_key(after) == _stat_key(before)


_MISS: Final = object()


def _read(entry: Path, key: bytes) -> object:
    """The cached value, or _MISS when the entry is missing, stale, damaged or not private."""
    try:
        with entry.open("rb") as handle:
            if not (private(os.fstat(handle.fileno())) and private(entry.parent.stat())):
                return _MISS  # somebody else could have written it: never unpickle that
            if handle.readline().rstrip(b"\n") != key:
                return _MISS
            check = handle.readline().rstrip(b"\n")
            payload = handle.read()
    except OSError:
        return _MISS
    if check != str(zlib.crc32(payload)).encode("ascii"):
        return _MISS
    try:
        with no_gc():
            return pickle.loads(payload)
    except Exception:  # any damage at all is a miss, never an error
        return _MISS


def _write(entry: Path, key: bytes, value: object) -> None:
    """Store a valid value; any failure leaves no entry behind and is not an error."""
    tmp: str | None = None
    try:
        payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        entry.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(prefix=f".{entry.name}.", suffix=".tmp", dir=entry.parent)
        with os.fdopen(fd, "wb") as handle:
            handle.write(key + b"\n")
            handle.write(str(zlib.crc32(payload)).encode("ascii") + b"\n")
            handle.write(payload)
        os.replace(tmp, entry)
        tmp = None
        for old in entry.parent.glob("*.json"):  # entries of facilitate 0.1.0 before pickles
            old.unlink(missing_ok=True)
    except Exception:  # a read-only or full disk only makes the next run slower
        pass
    finally:
        if tmp is not None:
            with suppress(OSError):
                Path(tmp).unlink()
