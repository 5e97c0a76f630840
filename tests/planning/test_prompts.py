"""Prompt selection: never more than asked, no repeat in a draw, fresh first, seed repeats."""

from __future__ import annotations

import random
from dataclasses import dataclass

from hypothesis import given, settings
from hypothesis import strategies as st

from facilitate.models.base import Depth, Stage
from facilitate.models.catalog import PoolPrompt, Prompt, Topic
from facilitate.planning.prompts import Candidate, Selection, gather_candidates, select_prompts

DEPTHS = list(Depth)
STAGES = list(Stage)


@st.composite
def candidate_lists(draw: st.DrawFn) -> list[Candidate]:
    n = draw(st.integers(min_value=0, max_value=25))
    out = []
    for i in range(n):
        stages = draw(st.lists(st.sampled_from(STAGES), unique=True, max_size=3))
        out.append(
            Candidate(
                id=f"p{i}",
                text=f"Prompt number {i}?",
                depth=draw(st.sampled_from(DEPTHS)),
                stages=tuple(stages),
                from_topic=draw(st.booleans()),
            )
        )
    return out


def eligible(cands: list[Candidate], depth: Depth | None, stage: Stage | None) -> list[Candidate]:
    """The documented filter: depth strictly, stage when any candidate suits it."""
    pool = [c for c in cands if depth is None or c.depth == depth]

    def suits(c: Candidate) -> bool:
        if not c.stages:
            return True
        if stage is None:
            return set(c.stages) != {Stage.ADJOURNING}
        return stage in c.stages

    suited = [c for c in pool if suits(c)]
    return suited or pool


@dataclass(frozen=True)
class Draw:
    cands: list[Candidate]
    count: int
    seed: int
    depth: Depth | None
    stage: Stage | None
    first: bool
    avoid_share: float

    @property
    def avoid(self) -> set[str]:
        return {c.id for c in self.cands[: int(len(self.cands) * self.avoid_share)]}

    @property
    def pool(self) -> list[Candidate]:
        stage = self.stage or (Stage.FORMING if self.first else None)
        return eligible(self.cands, self.depth, stage)

    def run(self, **how: object) -> Selection:
        chance = how or {"seed": self.seed}
        return select_prompts(
            self.cands,
            self.count,
            depth=self.depth,
            stage=self.stage,
            avoid_ids=self.avoid,
            first_meeting=self.first,
            **chance,  # type: ignore[arg-type]
        )


draws = st.builds(
    Draw,
    cands=candidate_lists(),
    count=st.integers(min_value=0, max_value=30),
    seed=st.integers(min_value=0, max_value=2**32),
    depth=st.none() | st.sampled_from(DEPTHS),
    stage=st.none() | st.sampled_from(STAGES),
    first=st.booleans(),
    avoid_share=st.floats(min_value=0, max_value=1),
)


@settings(max_examples=300)
@given(draws)
def test_never_more_than_asked_and_as_many_as_possible(d: Draw) -> None:
    sel = d.run()
    assert len(sel.prompts) <= d.count
    assert len(sel.prompts) == min(d.count, len(d.pool))
    assert set(sel.ids) <= {c.id for c in d.pool}


@settings(max_examples=300)
@given(draws)
def test_no_repeat_inside_one_draw(d: Draw) -> None:
    ids = d.run().ids
    assert len(ids) == len(set(ids))


@settings(max_examples=300)
@given(draws)
def test_recent_prompts_repeat_only_when_the_rest_are_used_up(d: Draw) -> None:
    sel = d.run()
    chosen = set(sel.ids)
    assert set(sel.repeated) == chosen & d.avoid
    if sel.repeated:
        assert {c.id for c in d.pool if c.id not in d.avoid} <= chosen
        assert any("repeating" in n for n in sel.notes)
    else:
        assert not chosen & d.avoid


@settings(max_examples=200)
@given(draws)
def test_same_seed_same_prompts(d: Draw) -> None:
    first = d.run()
    assert d.run().ids == first.ids
    assert d.run(rng=random.Random(d.seed)).ids == first.ids


@settings(max_examples=200)
@given(candidate_lists(), st.sampled_from(DEPTHS), st.integers(min_value=1, max_value=10))
def test_depth_filter_keeps_only_that_depth(
    cands: list[Candidate], depth: Depth, count: int
) -> None:
    sel = select_prompts(cands, count, seed=1, depth=depth)
    assert all(c.depth == depth for c in sel.prompts)
    if not any(c.depth == depth for c in cands):
        assert sel.prompts == [] and sel.notes


@settings(max_examples=200)
@given(candidate_lists(), st.sampled_from(STAGES), st.integers(min_value=1, max_value=10))
def test_stage_filter_keeps_prompts_for_that_stage(
    cands: list[Candidate], stage: Stage, count: int
) -> None:
    sel = select_prompts(cands, count, seed=2, stage=stage)
    if any(not c.stages or stage in c.stages for c in cands):
        assert all(not c.stages or stage in c.stages for c in sel.prompts)
    elif cands:
        assert any(stage.value in n for n in sel.notes)


def _light_and_deep(n: int) -> list[Candidate]:
    return [
        Candidate(f"{depth.value}-{i}", f"A {depth.value} prompt {i}?", depth)
        for depth in (Depth.DEEP, Depth.LIGHT)
        for i in range(n)
    ]


def test_forming_and_first_meetings_favour_light_prompts() -> None:
    cands = _light_and_deep(10)
    forming = [select_prompts(cands, 1, seed=s, stage="forming").prompts[0] for s in range(400)]
    first = [select_prompts(cands, 1, seed=s, first_meeting=True).prompts[0] for s in range(400)]
    for picked in (forming, first):
        light = sum(c.depth == Depth.LIGHT for c in picked)
        assert light > 0.8 * len(picked)
    plain = [select_prompts(cands, 1, seed=s, stage="norming").prompts[0] for s in range(400)]
    light = sum(c.depth == Depth.LIGHT for c in plain)
    assert 0.35 * len(plain) < light < 0.65 * len(plain)


def test_topic_prompts_get_about_half_the_chance() -> None:
    cands = [
        Candidate(f"t{i}", f"Topic prompt {i}?", Depth.MEDIUM, from_topic=True) for i in range(2)
    ]
    cands += [Candidate(f"g{i}", f"General prompt {i}?", Depth.MEDIUM) for i in range(20)]
    picked = [select_prompts(cands, 1, seed=s).prompts[0] for s in range(400)]
    share = sum(c.from_topic for c in picked) / len(picked)
    assert 0.35 < share < 0.65


def test_adjourning_only_prompts_wait_for_that_stage() -> None:
    cands = [
        Candidate("last", "What will you take with you?", Depth.MEDIUM, (Stage.ADJOURNING,)),
        Candidate("any", "How are you arriving?", Depth.LIGHT),
    ]
    assert select_prompts(cands, 5, seed=1).ids == ["any"]
    assert "last" in select_prompts(cands, 5, seed=1, stage="adjourning").ids


def test_duplicate_ids_count_once() -> None:
    c = Candidate("same", "Same prompt?", Depth.LIGHT)
    assert select_prompts([c, c, c], 3, seed=4).ids == ["same"]


def _topic() -> Topic:
    return Topic.model_validate(
        {
            "id": "demo",
            "title": "Demo",
            "summary": "A demo topic.",
            "groups": ["general"],
            "stages": ["forming"],
            "depth": "light",
            "check_in": [{"text": "What brings you here?", "id": "demo-in"}],
            "discussion": [{"prompt": "What helps?"}],
            "check_out": ["What will you take away?"],
        }
    )


def test_gather_takes_the_topic_then_the_pool_of_the_right_kind() -> None:
    pool = [
        PoolPrompt.model_validate({"text": "How is your week?", "kind": "check-in", "id": "week"}),
        PoolPrompt.model_validate(
            {"text": "One word to close?", "kind": "check-out", "id": "close"}
        ),
        PoolPrompt.model_validate(
            {"text": "Where are you joining from?", "kind": "check-in", "tags": ["online"]}
        ),
    ]
    got = gather_candidates(pool, "check-in", _topic())
    assert [c.id for c in got][:2] == ["demo-in", "week"]
    assert got[0].from_topic and not got[1].from_topic
    assert len(got) == 3
    out = gather_candidates(pool, "check-out", _topic())
    assert out[0].id == Prompt(text="What will you take away?").key
    assert [c.id for c in out][1:] == ["close"]
    in_person = gather_candidates(pool, "check-in", None, online=False)
    assert [c.id for c in in_person] == ["week"]
