"""PDF timings: an agenda's PDF against a WeasyPrint floor, and eight agendas in one process.

    .venv/bin/python bench/pdf.py [--rounds 5]

Every case runs as a new process, in turn (A B C A B C ...), and the medians are compared with
a floor measured in the same run: a Python that imports WeasyPrint and renders a one-paragraph
page. Budgets (issue 16): ``agenda -o agenda.pdf`` at most 1.5 times the floor, and
``season --agendas DIR`` writing eight agendas as PDF at most 3 times one agenda.

Bytecode is written once and reused, as after an install (pip compiles it), whatever
PYTHONDONTWRITEBYTECODE says (bench/run.py does the same): the floor's WeasyPrint has its
bytecode, and an editable checkout without it would compile facilitate's modules in every
process (about 0.1 s).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FLOOR = (
    "from weasyprint import HTML; "
    "HTML(string='<!doctype html><title>t</title><p>One paragraph.</p>').write_pdf()"
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    python = sys.executable
    exe = str(Path(python).parent / "facilitate")
    with tempfile.TemporaryDirectory() as work:
        env = {**os.environ, "XDG_CACHE_HOME": str(Path(work) / "cache"), "NO_COLOR": "1"}
        env = {k: v for k, v in env.items() if not k.startswith("FACILITATE_")}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        cases = {
            "floor: import WeasyPrint, one paragraph": [python, "-c", FLOOR],
            "agenda -o agenda.pdf": [exe, "agenda", "--topic", "boundaries", "--seed", "7",
                                     "-o", "agenda.pdf", "--force"],
            "season --agendas DIR -o season.pdf (8 agendas)": [
                exe, "season", "--sessions", "8", "--seed", "7", "--start", "2027-01-12",
                "-o", "season.pdf", "--force", "--agendas", "agendas"],
        }  # fmt: skip
        times: dict[str, list[float]] = {name: [] for name in cases}
        for index in range(args.rounds + 1):  # the first round warms up
            for name, argv_ in cases.items():
                start = time.perf_counter()
                subprocess.run(argv_, cwd=work, env=env, check=True, capture_output=True)
                if index:
                    times[name].append(time.perf_counter() - start)
                if "season" in name:
                    for f in (Path(work) / "agendas").glob("*"):
                        f.unlink()
    med = {name: statistics.median(t) * 1000 for name, t in times.items()}
    floor, agenda, season = med.values()
    for name, ms in med.items():
        print(f"{name:50s} {ms:8.0f} ms")
    print(f"agenda PDF / floor: {agenda / floor:.2f}x (budget 1.5x)")
    print(f"8 agendas (and the season) / one agenda: {season / agenda:.2f}x (budget 3x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
