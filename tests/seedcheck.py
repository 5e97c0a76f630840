"""Shared by the seed-copy test and the script that refreshes its fingerprints.

The seed documents are other people's words. The repository keeps only one-way fingerprints of
their 8-word runs (never the text), so the test works on any machine, with or without the
seeds beside the checkout.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator

RUN = 8


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower().replace("’", "'"))


def runs(text: str, size: int = RUN) -> Iterator[tuple[str, ...]]:
    w = words(text)
    for i in range(len(w) - size + 1):
        yield tuple(w[i : i + size])


def fingerprint(run: Iterable[str]) -> str:
    return hashlib.sha1(" ".join(run).encode()).hexdigest()[:16]


def fingerprints(text: str) -> set[str]:
    return {fingerprint(r) for r in runs(text)}
