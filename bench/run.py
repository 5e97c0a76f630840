"""Time whole `facilitate` commands as processes and compare them with two floors.

Standard library only. Every command runs as a new process, as it does at a shell prompt:
warm-up runs first, then rounds that take every command in turn (A B C A B C ...) so that
drift in the machine's speed touches all of them alike. For each command the table shows the
median, the spread (first to third quartile, and min to max), and the ratio to two floors
measured in the same run:

- ``python -c pass``: starting the interpreter;
- the import floor, ``python -c "import typer, pydantic, yaml, jinja2"``: loading the
  libraries the product is built on.

Generated user catalogs of 1,000, 10,000 and 100,000 topics (written to a temporary folder and
removed afterwards) show how ``topics list``, ``catalog validate`` and ``agenda`` grow.

This is a report, not a test: a missed budget is printed, never turned into a failing exit
status. The exit status is non-zero only when the harness itself cannot run (no ``facilitate``
to run, or the floors cannot be measured).

    python bench/run.py                  # full run (several minutes with the 100k catalog)
    python bench/run.py --quick          # smoke mode for CI: every command once, seconds
    python bench/run.py --scales 1k,10k --rounds 9 --json bench/out/latest.json

``--compare LABEL=COMMAND`` (twice or more) times several builds side by side in one run: each
command of the table once per build, in the same rounds, each build with its own cache and
working folder, and prints how every figure of the later builds differs from the first, with
a bootstrap interval for the difference and an A/A row (the import floor timed twice) that
shows the run's noise. ``bench/as_of.py`` runs any source tree (``--no-coerce``: a tree's
``cli/_coerce.py`` turned off):

    python bench/run.py --scales none --only agenda \
        --compare "with=python bench/as_of.py /tmp/old/src" \
        --compare "without=python bench/as_of.py /tmp/old/src --no-coerce"
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import os
import platform
import random
import resource
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from gen_catalog import topic_id, write_catalog

PASS_FLOOR = "python -c pass"
IMPORT_FLOOR = "import floor"
IMPORT_FLOOR_CODE = "import typer, pydantic, yaml, jinja2"
IMPORT_FLOOR_AGAIN = "import floor, again (A/A)"
TYPER_FLOOR = "Typer floor: bare command, agenda's options"
PYDANTIC_FLOOR = "pydantic floor: import floor + BaseModel"
ALONE = (PASS_FLOOR, IMPORT_FLOOR, TYPER_FLOOR, PYDANTIC_FLOOR)
"""The cases that run the interpreter without facilitate: timed once, whatever the builds."""
TIMEOUT_S = 900.0


@dataclass
class Case:
    """One command to time: its argument list, extra environment, and what it should print."""

    name: str
    argv: list[str]
    env: dict[str, str] = field(default_factory=dict)
    expect: str | None = None  # text stdout must contain (checked on every run)
    budget: float | None = None  # the most it may take, as a multiple of the import floor
    note: str = ""
    cwd: Path | None = None  # where it runs, when not the run's shared folder
    base: str = ""  # with --compare: the name of the command without its build
    build: str = ""  # with --compare: the label of the build it runs
    times: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)  # user + system seconds of the process
    failures: int = 0
    error: str = ""

    def stats(self) -> dict[str, Any]:
        return summarize(self.times)


def summarize(times: Sequence[float]) -> dict[str, Any]:
    """Median, quartiles, min and max of a list of seconds, in milliseconds."""
    if not times:
        return {"n": 0, "median_ms": None}
    ms = sorted(t * 1000.0 for t in times)
    if len(ms) >= 2:
        q1, _, q3 = statistics.quantiles(ms, n=4, method="inclusive")
    else:
        q1 = q3 = ms[0]
    return {
        "n": len(ms),
        "median_ms": round(statistics.median(ms), 2),
        "q1_ms": round(q1, 2),
        "q3_ms": round(q3, 2),
        "min_ms": round(ms[0], 2),
        "max_ms": round(ms[-1], 2),
    }


# -- running -----------------------------------------------------------------------------------


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_once(case: Case, base_env: dict[str, str], cwd: Path) -> float:
    """Run the case once; return the wall time in seconds and record any failure.

    The processor time the process used (user + system, read from the finished children's
    totals) goes to ``case.cpu``: on a busy machine it waits less on other work than the wall
    time does.
    """
    env = {**base_env, **case.env}
    capture = subprocess.PIPE if case.expect is not None else subprocess.DEVNULL
    cpu_before = _children_cpu()
    start = time.perf_counter()
    try:
        proc = subprocess.run(
            case.argv,
            stdin=subprocess.DEVNULL,
            stdout=capture,
            stderr=subprocess.PIPE,
            env=env,
            cwd=case.cwd or cwd,
            timeout=TIMEOUT_S,
            check=False,
        )
    except subprocess.TimeoutExpired:
        case.failures += 1
        case.error = case.error or f"timed out after {TIMEOUT_S:.0f} s"
        return time.perf_counter() - start
    except OSError as exc:
        case.failures += 1
        case.error = case.error or f"could not start: {exc}"
        return time.perf_counter() - start
    finally:
        case.cpu.append(_children_cpu() - cpu_before)  # one figure for every run, as times
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        case.failures += 1
        if not case.error:
            lines = proc.stderr.decode("utf-8", "replace").strip().splitlines()
            last = lines[-1] if lines else "(nothing on stderr)"
            case.error = f"exit {proc.returncode}: {last[:200]}"
    elif case.expect is not None and case.expect not in proc.stdout.decode("utf-8", "replace"):
        case.failures += 1
        case.error = case.error or f"output did not contain {case.expect!r}"
    return elapsed


def neighbours(cases: list[Case]) -> list[list[Case]]:
    """The cases in groups that run back to back: one command in every build (``--compare``)."""
    groups: list[list[Case]] = []
    for case in cases:
        if groups and case.base and groups[-1][0].base == case.base:
            groups[-1].append(case)
        else:
            groups.append([case])
    return groups


def measure(
    cases: list[Case], warmup: int, rounds: int, base_env: dict[str, str], cwd: Path, label: str
) -> None:
    """Warm-up runs, then ``rounds`` rounds that take every case in turn.

    Each round starts one command later, so no command always runs first, and every other
    round takes the order backwards. The builds of one command (``--compare``) always run back
    to back, first one and then the other, so that a change in the machine's load between
    rounds touches both.
    """
    for _ in range(warmup):
        for case in cases:
            run_once(case, base_env, cwd)
    for case in cases:  # failures in warm-up count too, but the error text is what matters
        case.failures = 1 if case.error else 0
        case.cpu.clear()
    groups = neighbours(cases)
    for index in range(rounds):
        start = index % len(groups)
        order = groups[start:] + groups[:start]
        if index % 2:
            order = [group[::-1] for group in reversed(order)]
        for group in order:
            for case in group:
                case.times.append(run_once(case, base_env, cwd))
        progress(f"  {label}: round {index + 1}/{rounds}")
    progress("")


def progress(message: str) -> None:
    if sys.stderr.isatty():
        sys.stderr.write("\r\033[K" + message)
        sys.stderr.flush()


# -- the commands --------------------------------------------------------------------------------


def base_cases(python: str, exe: Sequence[str]) -> list[Case]:
    """The everyday commands; ``exe`` is the command that starts facilitate (a prefix)."""
    complete_env = {
        "_FACILITATE_COMPLETE": "complete_bash",
        "COMP_WORDS": "facilitate topics show bou",
        "COMP_CWORD": "3",
    }
    return [
        Case(PASS_FLOOR, [python, "-c", "pass"]),
        Case(IMPORT_FLOOR, [python, "-c", IMPORT_FLOOR_CODE]),
        Case("--help", [*exe, "--help"], budget=0.7),
        Case(
            TYPER_FLOOR,
            [python, str(Path(__file__).with_name("typer_floor.py")), "--topic", "x", "-o", "a"],
            note="Typer's own parsing and coercion of 20 options",
        ),
        Case(
            PYDANTIC_FLOOR,
            [python, "-c", f"{IMPORT_FLOOR_CODE}; from pydantic import BaseModel"],
            note="what any program with one pydantic model pays beyond the import floor",
        ),
        Case(
            "completion (topics show bou<Tab>)",
            [*exe],
            env=complete_env,
            expect="boundaries",
            budget=0.7,
        ),
        Case("topics list", [*exe, "topics", "list"]),
        Case("agenda --topic boundaries (md)", [*exe, "agenda", "--topic", "boundaries"]),
        Case(
            "agenda --topic boundaries -o agenda.html",
            [*exe, "agenda", "--topic", "boundaries", "-o", "agenda.html", "--force"],
            budget=1.1,
        ),
        Case("groundrules render", [*exe, "groundrules", "render"]),
        Case("catalog validate", [*exe, "catalog", "validate"]),
    ]


def scale_cases(exe: Sequence[str], count: int, folder: Path) -> list[Case]:
    label = scale_label(count)
    cat = ["--catalog", str(folder)]
    one = topic_id(count // 2)
    return [
        Case(
            f"topics list @{label}",
            [*exe, *cat, "topics", "list"],
            expect=one,
            budget=2.0 if count == 10_000 else None,
        ),
        Case(f"catalog validate @{label}", [*exe, *cat, "catalog", "validate"]),
        Case(
            f"catalog validate @{label} (no cache)",
            [*exe, *cat, "catalog", "validate"],
            env={"FACILITATE_NO_CACHE": "1"},
            note="parses the YAML every time",
        ),
        Case(f"agenda --topic {one} @{label}", [*exe, *cat, "agenda", "--topic", one]),
    ]


@dataclass(frozen=True)
class Build:
    """One facilitate to time: a label and the command that starts it."""

    label: str
    argv: tuple[str, ...]


def parse_build(text: str) -> Build:
    label, sep, command = text.partition("=")
    argv = tuple(shlex.split(command))
    if not sep or not label.strip() or not argv or any(c in label for c in "[]"):
        raise argparse.ArgumentTypeError(f"expected LABEL=COMMAND, got {text!r}")
    return Build(label.strip(), argv)


def for_builds(make: Any, builds: Sequence[Build], root: Path) -> list[Case]:
    """The facilitate cases ``make(argv)`` gives, once per build, neighbours in the list.

    With one unnamed build the cases are returned as made. With ``--compare`` every case is
    named ``NAME [LABEL]``, and each build gets its own cache and working folder, so one
    build's cache entries never replace another's.
    """
    if len(builds) == 1 and not builds[0].label:
        made: list[Case] = make(list(builds[0].argv))
        return made
    per_build: list[list[Case]] = []
    for index, build in enumerate(builds):
        cwd = root / f"work-{index}"
        cwd.mkdir(exist_ok=True)
        cases = make(list(build.argv))
        for case in cases:
            case.base, case.build = case.name, build.label
            case.name = f"{case.name} [{build.label}]"
            case.env = {"XDG_CACHE_HOME": str(root / f"cache-{index}"), **case.env}
            case.cwd = cwd
        per_build.append(cases)
    return [case for same in zip(*per_build, strict=True) for case in same]


def scale_label(count: int) -> str:
    return f"{count // 1000}k" if count % 1000 == 0 and count >= 1000 else str(count)


def parse_scales(text: str) -> list[int]:
    if text.strip().lower() in ("none", "0"):
        return []
    scales: list[int] = []
    for part in text.split(","):
        part = part.strip().lower().replace("_", "")
        if not part:
            continue
        factor = 1000 if part.endswith("k") else 1
        number = part.removesuffix("k")
        if not number.isdigit() or int(number) == 0:
            raise argparse.ArgumentTypeError(f"not a number of topics: {part!r}")
        scales.append(int(number) * factor)
    return scales


# -- facts about the machine ------------------------------------------------------------------


def machine(python: str, exe: str) -> dict[str, Any]:
    probe = (
        "import json, sys, importlib.metadata as m\n"
        "v = {}\n"
        "for d in ('facilitate', 'typer', 'pydantic', 'PyYAML', 'Jinja2', 'rich'):\n"
        "    try: v[d] = m.version(d)\n"
        "    except Exception: v[d] = None\n"
        "import yaml\n"
        "print(json.dumps({'python': sys.version.split()[0], 'versions': v,\n"
        "                  'libyaml': bool(getattr(yaml, '__with_libyaml__', False))}))\n"
    )
    facts: dict[str, Any] = {
        "nproc": len(os.sched_getaffinity(0))
        if hasattr(os, "sched_getaffinity")
        else os.cpu_count(),
        "machine": platform.machine(),
        "system": f"{platform.system()} {platform.release()}",
        "python_executable": python,
        "facilitate_executable": exe,
    }
    try:
        out = subprocess.run(
            [python, "-c", probe], capture_output=True, text=True, timeout=60, check=True
        ).stdout
        facts.update(json.loads(out))
    except (OSError, subprocess.SubprocessError, ValueError) as exc:
        facts["probe_error"] = str(exc)
    return facts


def find_facilitate(given: str | None) -> str:
    if given:
        return given
    beside = Path(sys.executable).parent / "facilitate"
    if beside.is_file():
        return str(beside)
    found = shutil.which("facilitate")
    if found:
        return found
    raise SystemExit("bench: cannot find the facilitate command; install it or pass --facilitate")


def python_of(exe: str) -> str:
    """The interpreter a console script runs with (its #! line), else this one."""
    if Path(exe).name.startswith("python"):
        return exe  # a command that starts with the interpreter itself
    try:
        with Path(exe).open("rb") as handle:
            first = handle.readline().decode("utf-8", "replace").strip()
    except OSError:
        return sys.executable
    if first.startswith("#!"):
        parts = shlex.split(first[2:])
        if parts and Path(parts[0]).name.startswith("python") and Path(parts[0]).is_file():
            return parts[0]
    return sys.executable


# -- the report -----------------------------------------------------------------------------------


def ratio(case: Case, floor: float | None) -> float | None:
    median = case.stats()["median_ms"]
    if median is None or not floor:
        return None
    return float(median) / floor


def verdict(case: Case, import_ms: float | None) -> str:
    if case.error:
        return "failed"
    if case.budget is None:
        return ""
    r = ratio(case, import_ms)
    if r is None:
        return "n/a"
    return "ok" if r <= case.budget else "MISS"


# Rows whose growth from one catalog size to the next is reported; {n} is the size label.
GROWTH_ROWS = {
    "topics list": "topics list @{n}",
    "catalog validate": "catalog validate @{n}",
    "catalog validate (no cache)": "catalog validate @{n} (no cache)",
    "agenda": "agenda --topic {id} @{n}",
}


def _growth_named(
    by_name: dict[str, Case], pattern: str, scales: list[int]
) -> list[dict[str, Any]]:
    """The time ratio between consecutive catalog sizes for the rows named by ``pattern``."""
    rows = []
    for small, big in itertools.pairwise(scales):
        pair = [
            by_name.get(pattern.format(n=scale_label(count), id=topic_id(count // 2)))
            for count in (small, big)
        ]
        value = None
        if all(c is not None and not c.error for c in pair):
            ma, mb = (c.stats()["median_ms"] for c in pair if c is not None)
            value = round(mb / ma, 2) if ma and mb else None
        rows.append({"from": small, "to": big, "ratio": value, "size_ratio": big / small})
    return rows


def fmt_ms(value: float | None) -> str:
    return "-" if value is None else f"{value:,.0f}" if value >= 100 else f"{value:.1f}"


def table(cases: list[Case], pass_ms: float | None, import_ms: float | None) -> list[list[str]]:
    rows = []
    for case in cases:
        s = case.stats()
        r_imp = ratio(case, import_ms)
        r_pass = ratio(case, pass_ms)
        spread = f"{fmt_ms(s['q1_ms'])}–{fmt_ms(s['q3_ms'])}" if s["median_ms"] is not None else "-"
        extremes = (
            f"{fmt_ms(s['min_ms'])}–{fmt_ms(s['max_ms'])}" if s["median_ms"] is not None else "-"
        )
        budget = f"≤{case.budget:g}×" if case.budget is not None else ""
        rows.append(
            [
                case.name,
                fmt_ms(s["median_ms"]),
                spread,
                extremes,
                "-" if r_pass is None else f"{r_pass:.1f}×",
                "-" if r_imp is None else f"{r_imp:.2f}×",
                budget,
                verdict(case, import_ms),
            ]
        )
    return rows


def print_table(rows: list[list[str]]) -> None:
    head = ["command", "median ms", "IQR ms", "min–max ms", "× pass", "× import", "budget", ""]
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
    right = {1, 2, 3, 4, 5}

    def line(cells: list[str]) -> str:
        out = [
            c.rjust(w) if i in right else c.ljust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ]
        return "  ".join(out).rstrip()

    print(line(head))
    print(line(["-" * w for w in widths]))
    for r in rows:
        print(line(r))


# -- side by side (--compare) -------------------------------------------------------------------

BOOTSTRAP = 2000
FEW_ROUNDS = 8
"""Below this many rounds an interval spans little more than the differences themselves: all
of a handful can fall on one side by chance, so no verdict is given."""


def paired_difference(a: Sequence[float], b: Sequence[float]) -> tuple[float, float, float]:
    """The median of the round-by-round differences b - a, and a 95% bootstrap interval for it.

    ``a[i]`` and ``b[i]`` ran back to back in round ``i``, so each difference saw the same
    load; the rounds are resampled with replacement (seeded, so a report can be made again
    from the same figures) and the interval is the 2.5th to 97.5th percentile of the medians.
    """
    diffs = [y - x for x, y in zip(a, b, strict=True)]
    rng = random.Random(0)
    resampled = sorted(
        statistics.median(rng.choices(diffs, k=len(diffs))) for _ in range(BOOTSTRAP)
    )
    low = resampled[int(0.025 * (BOOTSTRAP - 1))]
    high = resampled[int(0.975 * (BOOTSTRAP - 1))]
    return statistics.median(diffs), low, high


def _side(case: Case, other: Case, cpu: bool) -> dict[str, Any] | None:
    a = [t * 1000 for t in (case.cpu if cpu else case.times)]
    b = [t * 1000 for t in (other.cpu if cpu else other.times)]
    if len(a) < 2 or len(a) != len(b):
        return None
    diff, low, high = paired_difference(a, b)
    base = statistics.median(a)
    return {
        "a_ms": round(base, 2),
        "b_ms": round(statistics.median(b), 2),
        "diff_ms": round(diff, 2),
        "diff_pct": round(100 * diff / base, 2) if base else None,
        "low_ms": round(low, 2),
        "high_ms": round(high, 2),
        "verdict": (
            f"few rounds ({len(a)})"
            if len(a) < FEW_ROUNDS
            else "slower"
            if low > 0
            else "faster"
            if high < 0
            else "same"
        ),
    }


def comparisons(every: Sequence[Case], builds: Sequence[Build]) -> list[dict[str, Any]]:
    """Each later build against the first, command by command; the A/A row first."""
    first = builds[0].label
    by_key = {(c.base, c.build): c for c in every if c.build}
    names = {c.name: c for c in every}
    pairs: list[tuple[str, str, Case, Case]] = []
    if IMPORT_FLOOR in names and IMPORT_FLOOR_AGAIN in names:
        pairs.append(
            (
                "import floor, A/A: the same command twice",
                "",
                *(names[IMPORT_FLOOR], names[IMPORT_FLOOR_AGAIN]),
            )
        )
    bases = list(dict.fromkeys(c.base for c in every if c.build))
    for build in builds[1:]:
        for base in bases:
            a, b = by_key.get((base, first)), by_key.get((base, build.label))
            if a is not None and b is not None:
                pairs.append((base, build.label, a, b))
    rows = []
    for base, label, a, b in pairs:
        ok = not a.error and not b.error
        rows.append(
            {
                "command": base,
                "build": label,
                "against": first if label else "",
                "ok": ok,
                "wall": _side(a, b, cpu=False) if ok else None,
                "cpu": _side(a, b, cpu=True) if ok else None,
            }
        )
    return rows


def print_comparisons(rows: Sequence[dict[str, Any]], builds: Sequence[Build]) -> None:
    first = builds[0].label
    print(
        f"side by side: each build against '{first}' (median ms; difference = median of the "
        "round-by-round differences, with its 95% bootstrap interval; cpu = user + system "
        "time of the process)"
    )
    head = ["command", "build", f"{first} ms", "ms", "difference", "95% interval", "",
            "cpu diff", "cpu 95% interval", ""]  # fmt: skip
    lines = []
    for row in rows:
        wall, cpu = row["wall"], row["cpu"]
        if wall is None:
            lines.append([row["command"], row["build"] or "A/A", "failed", *[""] * 7])
            continue
        pct = "" if wall["diff_pct"] is None else f" ({wall['diff_pct']:+.1f}%)"
        lines.append(
            [
                row["command"],
                row["build"] or "A/A",
                fmt_ms(wall["a_ms"]),
                fmt_ms(wall["b_ms"]),
                f"{wall['diff_ms']:+.1f}{pct}",
                f"{wall['low_ms']:+.1f} … {wall['high_ms']:+.1f}",
                wall["verdict"],
                "-" if cpu is None else f"{cpu['diff_ms']:+.1f}",
                "-" if cpu is None else f"{cpu['low_ms']:+.1f} … {cpu['high_ms']:+.1f}",
                "" if cpu is None else cpu["verdict"],
            ]
        )
    widths = [max(len(r[i]) for r in [head, *lines]) for i in range(len(head))]
    right = {2, 3, 4, 5, 7, 8}
    for cells in [head, ["-" * w for w in widths], *lines]:
        print(
            "  ".join(
                c.rjust(w) if i in right else c.ljust(w)
                for i, (c, w) in enumerate(zip(cells, widths, strict=True))
            ).rstrip()
        )


# -- main ---------------------------------------------------------------------------------------


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    p.add_argument(
        "--quick",
        action="store_true",
        help="smoke mode for CI: every command once (no warm-up, 1 round), the 1,000-topic "
        "catalog only; it shows that the harness runs, its figures are not for comparing",
    )
    p.add_argument("--rounds", type=int, help="timed rounds for the everyday commands (15)")
    p.add_argument(
        "--scale-rounds",
        type=int,
        help="timed rounds for the generated catalogs (5; the 100k runs are slow)",
    )
    p.add_argument("--warmup", type=int, help="untimed runs of every command first (2)")
    p.add_argument(
        "--scales",
        type=parse_scales,
        help="topic counts of the generated catalogs, e.g. 1k,10k,100k (the default)",
    )
    p.add_argument("--json", type=Path, metavar="FILE", help="also write the figures as JSON")
    p.add_argument(
        "--facilitate",
        help="the facilitate command to time (default: the one beside this Python, else on PATH)",
    )
    p.add_argument(
        "--python",
        help="the interpreter for the floors (default: the one the facilitate command runs with)",
    )
    p.add_argument(
        "--compare",
        type=parse_build,
        action="append",
        metavar="LABEL=COMMAND",
        help="time this build too, side by side (twice or more; the first is the reference), "
        "e.g. 'before=python bench/as_of.py /tmp/old/src'",
    )
    p.add_argument(
        "--only",
        action="append",
        metavar="TEXT",
        help="time only the commands whose name holds TEXT (and the floors); may be repeated",
    )
    args = p.parse_args(argv)
    if args.compare is not None:
        if len(args.compare) < 2:
            p.error("--compare needs two builds or more")
        if len({b.label for b in args.compare}) != len(args.compare):
            p.error("--compare labels must differ")
        if args.facilitate:
            p.error("--facilitate and --compare do not go together")
    quick = args.quick
    args.rounds = args.rounds or (1 if quick else 15)
    args.scale_rounds = args.scale_rounds or (1 if quick else min(args.rounds, 5))
    args.warmup = args.warmup if args.warmup is not None else (0 if quick else 2)
    if args.scales is None:
        args.scales = [1000] if quick else [1000, 10_000, 100_000]
    if args.rounds < 1 or args.scale_rounds < 1 or args.warmup < 0:
        p.error("rounds must be at least 1 and warm-up at least 0")
    return args


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    if args.compare:
        builds: list[Build] = args.compare
        python = args.python or python_of(builds[0].argv[0])
        exe = " | ".join(f"{b.label}={shlex.join(b.argv)}" for b in builds)
    else:
        exe = find_facilitate(args.facilitate)
        builds = [Build("", (exe,))]
        python = args.python or python_of(exe)
    facts = machine(python, exe)
    began = time.perf_counter()

    def wanted(case: Case) -> bool:
        return not args.only or any(text in (case.base or case.name) for text in args.only)

    with tempfile.TemporaryDirectory(prefix="facilitate-bench-") as tmp:
        root = Path(tmp)
        cwd = root / "work"
        cwd.mkdir()
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("FACILITATE_", "_FACILITATE_", "TYPER_", "COMP_"))
            # Byte-code is written once and reused, as after an install (pip compiles it).
            and k != "PYTHONDONTWRITEBYTECODE"
        }
        env.update(
            {
                "XDG_CACHE_HOME": str(root / "cache"),
                "NO_COLOR": "1",
                "TERM": "dumb",
                "COLUMNS": "100",
            }
        )

        print(f"facilitate bench: {exe}", file=sys.stderr)
        # The floors and the Typer and pydantic floors run the interpreter alone: once each.
        # The rest runs facilitate: once per build.
        alone = [c for c in base_cases(python, ["facilitate"]) if c.name in ALONE]
        floors = {c.name: c for c in alone[:2]}
        alone = alone[:2] + [c for c in alone[2:] if wanted(c)]
        if args.compare:  # beside the import floor, so the two run back to back
            floors[IMPORT_FLOOR].base = IMPORT_FLOOR
            again = Case(IMPORT_FLOOR_AGAIN, [python, "-c", IMPORT_FLOOR_CODE], base=IMPORT_FLOOR)
            alone.insert(2, again)
        product = [
            c
            for c in for_builds(
                lambda argv: [c for c in base_cases(python, argv) if c.name not in ALONE],
                builds,
                root,
            )
            if wanted(c)
        ]
        # The order of the table: the floors, --help, the Typer and pydantic floors, the rest.
        first = 3 if args.compare else 2
        cases = alone[:first] + [c for c in product if (c.base or c.name) == "--help"]
        cases += alone[first:] + [c for c in product if (c.base or c.name) != "--help"]
        measure(cases, args.warmup, args.rounds, env, cwd, "everyday commands")
        pass_ms = floors[PASS_FLOOR].stats()["median_ms"]
        import_ms = floors[IMPORT_FLOOR].stats()["median_ms"]
        broken = [c for c in floors.values() if c.error]
        if broken:
            for c in broken:
                print(f"bench: the floor '{c.name}' failed: {c.error}", file=sys.stderr)
            return 1

        scaled: list[Case] = []
        for count in args.scales:
            folder = root / f"catalog-{count}"

            def make(argv: list[str], count: int = count, folder: Path = folder) -> list[Case]:
                return scale_cases(argv, count, folder)

            group = [c for c in for_builds(make, builds, root) if wanted(c)]
            if not group:
                continue
            write_catalog(folder, count)
            # An old change time, as a catalog edited earlier has: a file changed in the last
            # moments is never cached (its next change could keep the same time stamp).
            old = time.time() - 60
            os.utime(folder / "topics.yaml", (old, old))
            measure(group, args.warmup, args.scale_rounds, env, cwd, f"{scale_label(count)} topics")
            scaled.extend(group)
            shutil.rmtree(folder, ignore_errors=True)

    every = cases + scaled
    by_name = {c.name: c for c in every}
    growths: dict[str, list[dict[str, Any]]] = {}
    for build in builds:
        suffix = f" [{build.label}]" if build.label else ""
        for name, pattern in GROWTH_ROWS.items():
            growths[name + suffix] = _growth_named(by_name, pattern + suffix, args.scales)

    rows = table(every, pass_ms, import_ms)
    print()
    print_table(rows)
    print()
    budget_lines = budgets(by_name, import_ms, growths)
    for line in budget_lines:
        print(line)
    compared = comparisons(every, builds) if args.compare else []
    if compared:
        print()
        print_comparisons(compared, builds)
    for c in every:
        if c.error:
            print(f"failed: {c.name}: {c.error}")
    elapsed = time.perf_counter() - began
    cmdline = "python bench/run.py" + ("" if not argv else " " + shlex.join(argv))
    print(
        f"\n{facts.get('machine')} · {facts.get('nproc')} CPUs · Python {facts.get('python')} · "
        f"libyaml {'yes' if facts.get('libyaml') else 'no'} · {args.warmup} warm-up, "
        f"{args.rounds} rounds ({args.scale_rounds} for generated catalogs) · {elapsed:.0f} s · "
        f"load average {os.getloadavg()[0]:.2f} at the end · `{cmdline}`"
    )

    if args.json:
        report = {
            "schema": 1,
            "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "command": cmdline,
            "machine": facts,
            "settings": {
                "warmup": args.warmup,
                "rounds": args.rounds,
                "scale_rounds": args.scale_rounds,
                "scales": args.scales,
            },
            "floors": {name: c.stats() for name, c in floors.items()},
            "commands": {
                c.name: {
                    **c.stats(),
                    "cpu_median_ms": _round(statistics.median(c.cpu) * 1000) if c.cpu else None,
                    "argv": [Path(a).name if i == 0 else a for i, a in enumerate(c.argv)],
                    "env": c.env,
                    "ok": not c.error,
                    "error": c.error or None,
                    "ratio_import": _round(ratio(c, import_ms)),
                    "ratio_pass": _round(ratio(c, pass_ms)),
                    "budget": c.budget,
                    "verdict": verdict(c, import_ms) or None,
                }
                for c in every
                if c.name not in floors
            },
            "growth": growths,
            "budgets": budget_lines,
        }
        if args.compare:
            report["builds"] = {b.label: list(b.argv) for b in builds}
            report["compare"] = compared
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", "utf-8")
    return 0


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def budgets(
    by_name: dict[str, Case], import_ms: float | None, growths: dict[str, list[dict[str, Any]]]
) -> list[str]:
    """One line per budget of issue 9: what it asks, the figure, and ok / MISS."""
    lines = ["budgets (ratios to the import floor, measured side by side):"]
    for case in by_name.values():
        if case.budget is None:
            continue
        r = ratio(case, import_ms)
        shown = "-" if r is None else f"{r:.2f}×"
        lines.append(
            f"  {verdict(case, import_ms):6} {case.name}: {shown} (budget ≤{case.budget:g}×)"
        )
    checked = ("catalog validate", "catalog validate (no cache)")
    for cmd in [g for g in growths if g.split(" [")[0] in checked]:
        step = next(
            (g for g in growths.get(cmd, []) if (g["from"], g["to"]) == (10_000, 100_000)), None
        )
        if step is None:
            lines.append(
                f"  n/a    {cmd} growth 10k→100k: not measured (needs --scales with 10k,100k)"
            )
        elif step["ratio"] is None:
            lines.append(f"  failed {cmd} growth 10k→100k: a run failed")
        else:
            ok = "ok" if step["ratio"] <= 12 else "MISS"
            lines.append(f"  {ok:6} {cmd} growth 10k→100k: {step['ratio']:.1f}× (budget ≤ ~12×)")
    for cmd, steps in growths.items():
        for g in steps:
            if g["ratio"] is not None:
                lines.append(
                    f"  growth {cmd}: {scale_label(g['from'])}→{scale_label(g['to'])} "
                    f"{g['ratio']:.1f}× for {g['size_ratio']:.0f}× the topics"
                )
    return lines


def _stop(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)  # so the temporary catalogs are removed on the way out


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, _stop)
    try:
        raise SystemExit(main(sys.argv[1:]))
    except KeyboardInterrupt:
        raise SystemExit(130) from None
