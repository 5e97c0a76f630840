"""Helpers for hostile-input cases: one refusal line, no traceback, quick, nothing else touched."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.conftest import Result


def snapshot(root: Path) -> dict[str, tuple[int, int]]:
    """Every file under root with its size and modification time, to see what changed."""
    out: dict[str, tuple[int, int]] = {}
    for p in sorted(root.rglob("*")):
        if p.is_file() and not p.is_symlink():
            st = p.stat()
            out[str(p.relative_to(root))] = (st.st_size, st.st_mtime_ns)
    return out


def assert_refused(res: Result, *needles: str) -> str:
    """Exit 2, one line on stderr that names what was wrong, no traceback, nothing on stdout."""
    assert res.exit_code == 2, res
    assert res.exception is None or isinstance(res.exception, SystemExit), res.exception
    lines = res.stderr.splitlines()
    assert len(lines) == 1, res.stderr
    assert "Traceback" not in res.stderr
    for needle in needles:
        assert needle in lines[0], lines[0]
    return lines[0]


@contextmanager
def within(seconds: float) -> Iterator[None]:
    """The block finishes in time. The bounds are a few seconds, not fractions: they include
    starting the command and reading the catalog on a busy two-core machine, and what they
    catch (a pipe read for ever, a quadratic check, a render with no limit) takes minutes."""
    start = time.perf_counter()
    yield
    took = time.perf_counter() - start
    assert took < seconds, f"took {took:.2f} s (bound {seconds} s)"


Check = Callable[[Result], None]
