"""The benchmark harness runs end to end in its quick mode (figures are reported, never judged).

The quick mode runs every command once; the statistics of many rounds are checked on fixed
numbers, without starting a process.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from conftest import REPO


def _bench() -> Any:
    """bench/run.py as a module (it is a script, not a package)."""
    name = "facilitate_bench_run"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, REPO / "bench" / "run.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module  # its dataclasses look their module up while being made
        spec.loader.exec_module(module)
    return sys.modules[name]


EVERYDAY = [
    "--help",
    "Typer floor: bare command, agenda's options",
    "pydantic floor: import floor + BaseModel",
    "completion (topics show bou<Tab>)",
    "topics list",
    "agenda --topic boundaries (md)",
    "agenda --topic boundaries -o agenda.html",
    "groundrules render",
    "catalog validate",
]
AT_1K = [
    "topics list @1k",
    "catalog validate @1k",
    "catalog validate @1k (no cache)",
    "agenda --topic gen-topic-000500 @1k",
]
MUST_WORK = [
    "--help",
    "Typer floor: bare command, agenda's options",
    "pydantic floor: import floor + BaseModel",
    "agenda --topic boundaries -o agenda.html",
    "groundrules render",
    "completion (topics show bou<Tab>)",
    "topics list",
    "catalog validate",
    "topics list @1k",
    "catalog validate @1k",
    "catalog validate @1k (no cache)",
]


def test_quick_benchmark_reports_every_command_and_both_floors(tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    proc = subprocess.run(
        [sys.executable, str(REPO / "bench" / "run.py"), "--quick", "--json", str(out)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    report = json.loads(out.read_text("utf-8"))

    for floor in ("python -c pass", "import floor"):
        stats = report["floors"][floor]
        assert stats["n"] == 1
        assert stats["median_ms"] > 0
        assert stats["min_ms"] <= stats["median_ms"] <= stats["max_ms"]

    commands = report["commands"]
    assert sorted(commands) == sorted(EVERYDAY + AT_1K)
    for name, row in commands.items():
        assert row["n"] == 1, name
        assert row["median_ms"] > 0, name
        assert row["q1_ms"] <= row["median_ms"] <= row["q3_ms"], name
        assert isinstance(row["ratio_import"], float), name
        assert (row["verdict"] == "failed") == (not row["ok"]), name
        assert row["ok"] or row["error"], name
    for name in MUST_WORK:
        assert commands[name]["ok"], (name, commands[name]["error"])

    budgeted = {n for n, row in commands.items() if row["budget"] is not None}
    assert budgeted == {
        "--help",
        "completion (topics show bou<Tab>)",
        "agenda --topic boundaries -o agenda.html",
    }
    assert report["settings"] == {"warmup": 0, "rounds": 1, "scale_rounds": 1, "scales": [1000]}
    assert report["machine"]["nproc"] >= 1 and report["machine"]["python"]
    for name in EVERYDAY + AT_1K:
        assert name in proc.stdout
    assert "budgets" in proc.stdout


def test_the_figures_of_many_rounds() -> None:
    stats = _bench().summarize([0.004, 0.001, 0.003, 0.002])
    assert stats == {
        "n": 4,
        "median_ms": 2.5,
        "q1_ms": 1.75,
        "q3_ms": 3.25,
        "min_ms": 1.0,
        "max_ms": 4.0,
    }
    odd = _bench().summarize([0.010, 0.030, 0.020])
    assert (odd["q1_ms"], odd["median_ms"], odd["q3_ms"]) == (15.0, 20.0, 25.0)


@pytest.mark.parametrize(("times", "expected"), [([], None), ([0.0125], 12.5)])
def test_the_figures_of_one_round_or_none(times: list[float], expected: float | None) -> None:
    stats = _bench().summarize(times)
    assert stats["n"] == len(times)
    assert stats["median_ms"] == expected
    if times:
        assert stats["q1_ms"] == stats["q3_ms"] == stats["min_ms"] == stats["max_ms"] == 12.5


def test_compare_times_two_builds_side_by_side(tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    same = f"{sys.executable} {REPO / 'bench' / 'as_of.py'} {REPO / 'src'}"
    proc = subprocess.run(
        [
            sys.executable,
            str(REPO / "bench" / "run.py"),
            "--quick",
            "--rounds",
            "3",
            "--scales",
            "none",
            "--only",
            "topics list",
            "--compare",
            f"a={same}",
            "--compare",
            f"b={same}",
            "--json",
            str(out),
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    report = json.loads(out.read_text("utf-8"))
    assert sorted(report["commands"]) == [
        "import floor, again (A/A)",
        "topics list [a]",
        "topics list [b]",
    ]
    assert all(row["ok"] for row in report["commands"].values())
    [aa, row] = report["compare"]
    assert aa["command"].startswith("import floor, A/A") and aa["build"] == ""
    assert (row["command"], row["build"], row["against"]) == ("topics list", "b", "a")
    for side in ("wall", "cpu"):
        figures = row[side]
        assert figures["low_ms"] <= figures["high_ms"], side
        assert figures["verdict"] == "few rounds (3)"  # --quick: too few for a verdict
    assert "side by side" in proc.stdout
