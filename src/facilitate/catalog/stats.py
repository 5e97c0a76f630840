"""Figures on the catalog's health, for `facilitate catalog stats`."""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from facilitate.catalog.layers import Catalog
from facilitate.catalog.quality import grade, is_closed, member_fields


@dataclass
class Stats:
    topics: int = 0
    situations: int = 0
    presets: int = 0
    prompts_by_kind: dict[str, int] = field(default_factory=dict)
    prompts_by_depth: dict[str, int] = field(default_factory=dict)
    resources_by_kind: dict[str, int] = field(default_factory=dict)
    resources_by_region: dict[str, int] = field(default_factory=dict)
    grade_median: float = 0.0
    grade_worst: list[tuple[float, str]] = field(default_factory=list)
    fields_graded: int = 0
    fields_over_8: int = 0
    closed_prompts: list[str] = field(default_factory=list)
    by_group: dict[str, dict[str, int]] = field(default_factory=dict)
    """Group type -> topics written for it, topics that fit it, prompts left out for it."""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def catalog_stats(
    catalog: Catalog, coverage: Callable[[Catalog], dict[str, dict[str, int]]] | None = None
) -> Stats:
    """The figures; ``coverage`` (``planning.groups.coverage``) adds those per group type."""
    s = Stats()
    if coverage is not None:
        s.by_group = coverage(catalog)
    topics = catalog.topics.values()
    s.topics = len(topics)
    s.situations = len(catalog.situations.items)
    s.presets = len(catalog.presets.items)
    kinds: Counter[str] = Counter()
    depths: Counter[str] = Counter()
    for t in topics:
        kinds["check-in"] += len(t.check_in)
        kinds["discussion"] += len(t.discussion)
        kinds["follow-up"] += sum(len(d.follow_ups) for d in t.discussion)
        kinds["check-out"] += len(t.check_out)
        for depth in [p.depth for p in (*t.check_in, *t.check_out)] + [
            d.depth for d in t.discussion
        ]:
            depths[depth.value] += 1
    for p in catalog.prompts.values():
        kinds[f"pool {p.kind.value}"] += 1
        depths[p.depth.value] += 1
    s.prompts_by_kind = dict(kinds)
    s.prompts_by_depth = {d: depths[d] for d in ("light", "medium", "deep")}
    resources = catalog.resources.values()
    s.resources_by_kind = dict(Counter(r.kind.value for r in resources).most_common())
    s.resources_by_region = dict(Counter(r.region for r in resources).most_common())
    graded: list[tuple[float, str]] = []
    for f in member_fields(catalog):
        g = grade(f.text)
        if g is not None:
            graded.append((round(g, 1), f.where))
        if f.prompt and is_closed(f.text):
            s.closed_prompts.append(f.where)
    if graded:
        s.grade_median = round(statistics.median(g for g, _ in graded), 1)
        s.grade_worst = sorted(graded, reverse=True)[:5]
    s.fields_graded = len(graded)
    s.fields_over_8 = sum(1 for g, _ in graded if g > 8)
    return s
