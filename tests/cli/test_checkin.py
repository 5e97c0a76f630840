"""`facilitate checkin`: prompts by topic, depth and stage; fresh from history; cards to print."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest
import yaml

from facilitate.catalog import open_catalog
from facilitate.models.base import Depth
from facilitate.planning.prompts import gather_candidates
from tests.conftest import Run, markdown_lint, nu_validate

Tree = Callable[[Mapping[str, str | bytes]], Path]
PROMPT_LINE = re.compile(r"^\d+\. (.+) \((light|medium|deep)\)$")
ID = re.compile(r"^(t[0-9a-f]{7}|[a-z0-9]+(-[a-z0-9]+)*)$")
TODAY = dt.date.today()


def prompts_of(markdown: str) -> list[str]:
    return [m.group(1) for ln in markdown.splitlines() if (m := PROMPT_LINE.match(ln))]


def deep_check_in_ids() -> set[str]:
    pool = gather_candidates(open_catalog().prompts.values(), "check-in")
    return {c.id for c in pool if c.depth == Depth.DEEP}


@pytest.fixture
def workspace(tree: Tree, tmp_path: Path) -> Path:
    tree({"facilitate.yaml": "name: Harbour\nregion: US\npaper: letter\n"})
    return tmp_path


def history(root: Path) -> dict[str, object]:
    data = yaml.safe_load((root / "history.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


# -- what gets printed ---------------------------------------------------------------------------


def test_golden_check_in(run: Run, golden: Callable[[str, str], None]) -> None:
    res = run("checkin", "--seed", "7", "--count", "3")
    assert res.exit_code == 0, res
    assert len(prompts_of(res.stdout)) == 3
    assert markdown_lint(res.stdout) == []
    golden("checkin-seed7.md", res.stdout)
    assert res.stderr == ""  # a given seed needs no note


def test_golden_topic_check_out(run: Run, golden: Callable[[str, str], None]) -> None:
    res = run("checkin", "--topic", "boundaries", "--kind", "check-out", "--seed", "11", "-n", "4")
    assert res.exit_code == 0, res
    assert res.stdout.startswith("# Check-out prompts\n\nTopic: Setting boundaries")
    assert markdown_lint(res.stdout) == []
    golden("checkin-topic-check-out.md", res.stdout)
    topic = open_catalog().topic("boundaries")
    allowed = {p.text for p in topic.check_out} | {
        p.text for p in open_catalog().prompts.values() if p.kind.value == "check-out"
    }
    assert set(prompts_of(res.stdout)) <= allowed


def test_one_prompt_by_default_and_the_seed_is_printed_to_repeat_it(run: Run) -> None:
    res = run("checkin")
    assert res.exit_code == 0, res
    assert len(prompts_of(res.stdout)) == 1
    seed = re.search(r"--seed (\d+)", res.stderr)
    assert seed is not None
    again = run("checkin", "--seed", seed.group(1))
    assert again.stdout == res.stdout


def test_same_seed_same_prompts_and_another_seed_differs_somewhere(run: Run) -> None:
    first = run("checkin", "--seed", "5", "-n", "4").stdout
    assert run("checkin", "--seed", "5", "-n", "4").stdout == first
    others = {
        tuple(prompts_of(run("checkin", "--seed", str(s), "-n", "4").stdout)) for s in range(6)
    }
    assert len(others) > 1


def test_depth_and_stage_filter(run: Run) -> None:
    res = run("checkin", "--depth", "deep", "-n", "50", "--seed", "1")
    assert res.exit_code == 0, res
    lines = [ln for ln in res.stdout.splitlines() if PROMPT_LINE.match(ln)]
    assert lines and all(ln.endswith("(deep)") for ln in lines)
    assert len(lines) == len(deep_check_in_ids())
    assert f"only {len(lines)} prompts match" in res.stderr
    adjourning = run("checkin", "--kind", "check-out", "--stage", "adjourning", "-n", "50")
    forming = run("checkin", "--kind", "check-out", "--stage", "forming", "-n", "50")
    assert set(prompts_of(adjourning.stdout)) != set(prompts_of(forming.stdout))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--depth", "heavy"), "--depth heavy: choose from light, medium, deep"),
        (("--kind", "middle"), "--kind middle: choose from check-in, check-out"),
        (("--stage", "ending"), "--stage ending: choose from forming, storming"),
        (("--topic", "boundary"), "no topic 'boundary'; did you mean 'boundaries'"),
        (("--card", "--format", "md"), "cards are printed from HTML or PDF"),
        (("--format", "pdf"), "PDF goes to a file"),
    ],
)
def test_bad_options_are_one_line_and_exit_2(run: Run, args: tuple[str, ...], message: str) -> None:
    res = run("checkin", *args)
    assert res.exit_code == 2
    assert message in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1


# -- history ------------------------------------------------------------------------------------


def test_looking_at_prompts_never_changes_the_history(run: Run, workspace: Path) -> None:
    for args in (("--topic", "boundaries", "-n", "3"), ("--fresh",), ("--card", "-o", "c.html")):
        res = run("checkin", *args, "--seed", "2")
        assert res.exit_code == 0, res
    assert run("checkin", "--list").exit_code == 0
    assert not (workspace / "history.yaml").exists()  # a draw of questions is not a meeting
    assert run("checkin", "--no-record").exit_code == 0  # old scripts still run


def test_list_shows_ids_to_choose_and_prompt_prints_the_chosen_ones(
    run: Run, workspace: Path
) -> None:
    listed = run("checkin", "--list", "--topic", "boundaries")
    assert listed.exit_code == 0, listed
    rows = [line.split("\t") for line in listed.stdout.splitlines()[1:]]
    assert listed.stdout.splitlines()[0] == "id\tdepth\tprompt"
    assert rows and all(ID.match(r[0]) and r[1] in ("light", "medium", "deep") for r in rows)
    first, second = rows[0], rows[1]
    res = run("checkin", "--topic", "boundaries", "--prompt", second[0], "--prompt", first[0])
    assert res.exit_code == 0, res
    assert prompts_of(res.stdout) == [second[2], first[2]]
    typo = run("checkin", "--prompt", first[0] + "x")
    assert typo.exit_code == 2 and typo.stdout == ""
    assert typo.stderr.startswith("facilitate: --prompt: no check-in prompt for this group")
    assert "did you mean" in typo.stderr and len(typo.stderr.splitlines()) == 1


def test_fresh_outside_a_workspace_says_it_has_no_history(run: Run, tmp_path: Path) -> None:
    res = run("checkin", "--fresh", "--seed", "1")
    assert res.exit_code == 0, res
    assert "--fresh: no group workspace here, so there is no history of prompts to avoid" in (
        res.stderr
    )
    assert not (tmp_path / "history.yaml").exists()


def test_fresh_avoids_prompts_heard_at_meetings_until_it_must_repeat(
    run: Run, workspace: Path
) -> None:
    pool = gather_candidates(open_catalog().prompts.values(), "check-in")
    texts = {c.id: c.text for c in pool}
    deep = sorted(deep_check_in_ids())
    held = [
        {"date": (TODAY - dt.timedelta(days=7 * (i + 1))).isoformat(), "kind": "held",
         "prompts": [p]}
        for i, p in enumerate(deep[:-1])
    ]  # fmt: skip
    (workspace / "history.yaml").write_text(
        yaml.safe_dump({"version": 2, "meetings": held}), encoding="utf-8"
    )
    for seed in range(6):
        res = run(
            "checkin", "--fresh", "--fresh-window", "99", "--depth", "deep", "--seed", str(seed)
        )
        assert res.exit_code == 0, res
        assert prompts_of(res.stdout) == [texts[deep[-1]]]  # the only one not heard
        assert "repeating" not in res.stderr
    held.append({"date": TODAY.isoformat(), "kind": "held", "prompts": [deep[-1]]})
    (workspace / "history.yaml").write_text(
        yaml.safe_dump({"version": 2, "meetings": held}), encoding="utf-8"
    )
    res = run("checkin", "--fresh", "--fresh-window", "99", "--depth", "deep", "--seed", "99")
    assert res.exit_code == 0, res
    assert "repeating 1 used in recent meetings" in res.stderr


def test_fresh_looks_back_only_over_the_window(run: Run, workspace: Path) -> None:
    pool = gather_candidates(open_catalog().prompts.values(), "check-in")
    deep = sorted((c for c in pool if c.depth == Depth.DEEP), key=lambda c: c.id)
    start = TODAY - dt.timedelta(days=70)
    meetings = [
        {"date": (start + dt.timedelta(days=7 * i)).isoformat(), "prompts": [c.id]}
        for i, c in enumerate(deep)
    ]
    (workspace / "history.yaml").write_text(
        yaml.safe_dump({"version": 2, "meetings": meetings}), encoding="utf-8"
    )

    def draw(window: int, seed: int) -> tuple[list[str], str]:
        res = run(
            "checkin", "--fresh", "--fresh-window", str(window), "--depth", "deep",
            "--seed", str(seed), "--no-record",
        )  # fmt: skip
        assert res.exit_code == 0, res
        return prompts_of(res.stdout), res.stderr

    # All but the oldest meeting are inside the window: the oldest one's prompt is the one left.
    for seed in range(8):
        drawn, notes = draw(len(deep) - 1, seed)
        assert drawn == [deep[0].text]
        assert "repeating" not in notes
    # A window over every meeting leaves nothing new, so a prompt repeats, and it says so.
    _, notes = draw(len(deep), 0)
    assert "repeating 1 used in recent meetings" in notes


def test_a_new_workspace_starts_with_light_prompts(run: Run, workspace: Path) -> None:
    res = run("checkin", "-n", "5", "--seed", "3", "--no-record", "--topic", "boundaries")
    assert "light prompts come first" in res.stderr
    assert "At a first meeting" in res.stdout
    assert "Topic: Setting boundaries that fit you. Group: Harbour" in res.stdout
    assert markdown_lint(res.stdout) == []
    (workspace / "history.yaml").write_text(
        yaml.safe_dump({"version": 2, "meetings": [{"date": "2020-01-01"}]}), encoding="utf-8"
    )
    res = run("checkin", "-n", "5", "--seed", "3", "--no-record")
    assert "light prompts come first" not in res.stderr
    assert "At a first meeting" not in res.stdout


def test_the_profiles_stage_is_where_the_group_is(run: Run, workspace: Path) -> None:
    profile = workspace / "facilitate.yaml"
    profile.write_text(profile.read_text("utf-8") + "stage: performing\n", "utf-8")
    res = run("checkin", "-n", "5", "--seed", "3", "--no-record")
    assert res.exit_code == 0, res
    assert "light prompts come first" not in res.stderr
    assert "At a first meeting" not in res.stdout


def test_fresh_ignores_meetings_still_to_come(run: Run, workspace: Path) -> None:
    ahead = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    deep = sorted(deep_check_in_ids())
    planned = [{"date": ahead, "kind": "planned", "prompts": deep}]
    (workspace / "history.yaml").write_text(
        yaml.safe_dump({"version": 2, "meetings": planned}), encoding="utf-8"
    )
    res = run("checkin", "--fresh", "--depth", "deep", "--seed", "4")
    assert res.exit_code == 0, res
    assert "repeating" not in res.stderr  # a meeting a month ahead has not been heard


# -- cards and HTML -----------------------------------------------------------------------------


def test_cards_html_pdf_and_paper(
    run: Run, workspace: Path, golden: Callable[[str, str], None]
) -> None:
    from pypdf import PdfReader

    res = run("checkin", "--card", "-o", "cards.html", "--seed", "8")
    assert res.exit_code == 0, res
    html = (workspace / "cards.html").read_text(encoding="utf-8")
    assert html.count('<li class="card">') == 16
    assert html.count('<ul class="sheet">') == 2
    assert "size: Letter" in html  # the profile's paper (a US group)
    golden("checkin-cards.html", html)
    res = run("checkin", "--card", "-n", "9", "--paper", "a4", "-o", "a4.html", "--seed", "8")
    a4 = (workspace / "a4.html").read_text(encoding="utf-8")
    assert "size: A4" in a4 and a4.count('<li class="card">') == 9  # the option wins
    res = run("checkin", "--card", "-n", "17", "-o", "cards.pdf", "--seed", "8")
    assert res.exit_code == 0, res
    assert len(PdfReader(workspace / "cards.pdf").pages) == 3
    res = run("checkin", "--card", "-n", "2", "--seed", "8")
    assert res.stdout.startswith("<!DOCTYPE html>")


def test_html_is_valid(run: Run, tmp_path: Path) -> None:
    files = {
        "cards-a4.html": ("--card", "--paper", "a4"),
        "cards-letter.html": ("--card", "--paper", "letter", "--kind", "check-out"),
        "prompts.html": ("--topic", "boundaries", "-n", "3"),
        "first.html": ("--first-meeting", "-n", "2"),
    }
    for name, args in files.items():
        res = run("checkin", *args, "--seed", "1", "-o", name)
        assert res.exit_code == 0, res
    assert nu_validate([tmp_path / name for name in files]) == []


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_new_bereavement_group_is_not_asked_what_it_looks_forward_to(
    run: Run, tree: Tree, seed: int
) -> None:
    tree({"facilitate.yaml": "name: Harbour\nregion: US\ngroup_type: bereavement\n"})
    ahead = {
        p.text
        for p in open_catalog().prompts.values()
        if "looking-ahead" in p.flags and p.kind == "check-out"
    }
    res = run("checkin", "--kind", "check-out", "--count", "20", "--seed", str(seed), "--no-record")
    assert res.exit_code == 0, res
    assert ahead and not any(text in res.stdout for text in ahead)
    tree({"facilitate.yaml": "name: Harbour\nregion: US\n"})
    general = run("checkin", "--kind", "check-out", "--count", "20", "--stage", "forming")
    assert any(text in general.stdout for text in ahead)
