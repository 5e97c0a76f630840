"""Choose check-in and check-out prompts: by depth and stage, fresh when asked, repeatable by seed.

This module is pure: it takes candidates and returns a selection. It reads no files and prints
nothing, so the ``checkin`` and ``agenda`` commands can share it::

    from facilitate.planning.prompts import gather_candidates, select_prompts

    pool = gather_candidates(catalog.prompts.values(), "check-in", topic)
    chosen = select_prompts(pool, 1, seed=7, stage="forming", avoid_ids=recent)
"""

from __future__ import annotations

import random
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field

from facilitate.models.base import Depth, GroupType, Stage
from facilitate.models.catalog import PoolPrompt, PromptKind, Topic
from facilitate.planning.groups import allowed, written_for

# How much more likely a prompt is to be drawn, by depth, at a forming stage or a first meeting.
LIGHT_FIRST_WEIGHTS = {Depth.LIGHT: 8.0, Depth.MEDIUM: 2.0, Depth.DEEP: 0.5}


@dataclass(frozen=True)
class Candidate:
    """A prompt that may be drawn: its id, words, depth and the stages it suits."""

    id: str
    text: str
    depth: Depth
    stages: tuple[Stage, ...] = ()
    """Stages it suits; empty means any stage."""
    from_topic: bool = False
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Selection:
    """The prompts drawn, which of them were used recently, and notes for the facilitator."""

    prompts: list[Candidate]
    repeated: list[str] = field(default_factory=list)
    """Ids drawn although they were in ``avoid_ids``, because too few others were left."""
    notes: list[str] = field(default_factory=list)
    seed: int | None = None

    @property
    def ids(self) -> list[str]:
        return [p.id for p in self.prompts]


def gather_candidates(
    pool: Iterable[PoolPrompt],
    kind: PromptKind | str,
    topic: Topic | None = None,
    *,
    online: bool | None = None,
    group: GroupType | str = GroupType.GENERAL,
    stage: Stage | str | None = None,
) -> list[Candidate]:
    """The topic's prompts of this kind (when a topic is given), then the general pool's.

    With ``online=False`` a pool prompt tagged ``online`` is left out; with ``online=True``
    one tagged ``in-person`` is. A prompt whose flags the group type leaves out at this
    stage (see :mod:`facilitate.planning.groups`) is left out too; pass the stage a first
    meeting counts as (forming).
    """
    wanted = PromptKind(kind)
    out: list[Candidate] = []
    if topic is not None:
        own = topic.check_in if wanted == PromptKind.CHECK_IN else topic.check_out
        mine = written_for(topic.groups, group)
        out.extend(
            Candidate(p.key, p.text, p.depth, from_topic=True)
            for p in own
            if allowed(p.flags, group, stage, own=mine)
        )
    skip_tag = {True: "in-person", False: "online"}.get(online) if online is not None else None
    for p in pool:
        if p.kind != wanted or (skip_tag is not None and skip_tag in p.tags):
            continue
        if not allowed(p.flags, group, stage):
            continue
        out.append(Candidate(p.key, p.text, p.depth, tuple(p.stages), tags=tuple(p.tags)))
    return out


def _suits(candidate: Candidate, stage: Stage | None) -> bool:
    if not candidate.stages:
        return True
    if stage is None:
        # A prompt written only for a group's last meetings waits for --stage adjourning.
        return set(candidate.stages) != {Stage.ADJOURNING}
    return stage in candidate.stages


def _weighted_sample(
    items: Sequence[Candidate], weights: Sequence[float], k: int, rng: random.Random
) -> list[Candidate]:
    """k distinct items, each drawn with probability in proportion to its weight.

    Efraimidis and Spirakis: every item gets the key u ** (1 / weight) for a uniform u, and the
    k largest keys win. One random number per item, in order, so a seed fixes the result.
    """
    if k <= 0 or not items:
        return []
    keyed = [(rng.random() ** (1.0 / w), i) for i, w in enumerate(weights)]
    keyed.sort(key=lambda pair: (-pair[0], pair[1]))
    return [items[i] for _, i in keyed[:k]]


def select_prompts(
    candidates: Iterable[Candidate],
    count: int,
    *,
    seed: int | None = None,
    rng: random.Random | None = None,
    depth: Depth | str | None = None,
    stage: Stage | str | None = None,
    avoid_ids: Collection[str] = (),
    first_meeting: bool = False,
) -> Selection:
    """Draw up to ``count`` different prompts.

    - ``depth`` keeps only prompts of that depth.
    - ``stage`` keeps prompts that suit the stage (a first meeting counts as forming); when none
      do, every prompt stays and a note says so.
    - At the forming stage and at a first meeting, light prompts are far more likely.
    - When a topic's own prompts are among the candidates, about half the chance goes to them.
    - ``avoid_ids`` (prompts used lately) are drawn only once every other prompt is taken; those
      drawn anyway are listed in ``repeated``.
    - The same candidates, options and seed (or a ``random.Random`` in the same state) give the
      same prompts.
    """
    if count < 0:
        raise ValueError("count must not be negative")
    if rng is None:
        rng = random.Random(seed)
    want_depth = Depth(depth) if depth is not None else None
    want_stage = Stage(stage) if stage is not None else None
    if want_stage is None and first_meeting:
        want_stage = Stage.FORMING
    notes: list[str] = []

    unique: dict[str, Candidate] = {}
    for c in candidates:
        unique.setdefault(c.id, c)
    pool = list(unique.values())
    if want_depth is not None:
        pool = [c for c in pool if c.depth == want_depth]
        if not pool:
            notes.append(f"no {want_depth.value} prompts to choose from")
            return Selection([], [], notes, seed)
    suited = [c for c in pool if _suits(c, want_stage)]
    if suited:
        pool = suited
    elif want_stage is not None:
        notes.append(f"no prompts are marked for the {want_stage.value} stage; using any stage")

    light_first = first_meeting or want_stage == Stage.FORMING
    topic_count = sum(c.from_topic for c in pool)
    # The topic's few prompts weigh as much, together, as the general pool's many.
    topic_weight = (len(pool) - topic_count) / topic_count if 0 < topic_count < len(pool) else 1.0

    def weight(c: Candidate) -> float:
        w = LIGHT_FIRST_WEIGHTS[c.depth] if light_first else 1.0
        return w * (max(topic_weight, 1.0) if c.from_topic else 1.0)

    if count > len(pool):
        notes.append(f"only {len(pool)} prompts match; showing all of them")
    avoid = set(avoid_ids)
    fresh = [c for c in pool if c.id not in avoid]
    stale = [c for c in pool if c.id in avoid]
    chosen = _weighted_sample(fresh, [weight(c) for c in fresh], min(count, len(fresh)), rng)
    again = _weighted_sample(
        stale, [weight(c) for c in stale], min(count - len(chosen), len(stale)), rng
    )
    repeated = [c.id for c in again]
    if repeated:
        notes.append(
            f"only {len(fresh)} prompts were not used lately; "
            f"repeating {len(repeated)} used in recent meetings"
        )
    return Selection(chosen + again, repeated, notes, seed)
