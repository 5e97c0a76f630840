"""Run facilitate from a given source tree, for timing one tree against another side by side.

Standard library only. The tree's ``src`` folder goes first on ``sys.path``, so the same
interpreter and libraries run either tree, and both go through this same small script (a
fair start for each). The benchmark's ``--compare`` takes it as a command prefix:

    python bench/as_of.py SRC [--no-coerce] FACILITATE-ARGS...

``--no-coerce`` (for a tree that has ``cli/_coerce.py``, as before 0.2.0 did) turns its fast
option coercion off, so Typer coerces every option itself: the trick timed against its absence.
"""

from __future__ import annotations

import sys


def main(argv: list[str]) -> None:
    if not argv:
        raise SystemExit("usage: python bench/as_of.py SRC [--no-coerce] FACILITATE-ARGS...")
    src, rest = argv[0], argv[1:]
    sys.path.insert(0, src)
    if rest[:1] == ["--no-coerce"]:
        rest = rest[1:]
        import facilitate.cli._coerce as coerce  # fails loudly for a tree without it

        coerce.speed_up = lambda command, ctx: None  # before cli/_app.py imports the name
    sys.argv = ["facilitate", *rest]
    from facilitate.cli.entry import main as facilitate

    facilitate()


if __name__ == "__main__":
    main(sys.argv[1:])
