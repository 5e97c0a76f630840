"""PNG snapshots of the first page of every document kind, for a person to look at.

    .venv/bin/python bench/snapshots.py OUTDIR          # A4, normal and large print
    .venv/bin/python bench/snapshots.py OUTDIR --all    # A4 and Letter

Each document is made through the command line (the list in tests/printing.py), laid out by
WeasyPrint as ``-o FILE.pdf`` does, and its first page turned into OUTDIR/NAME.png by
pdftoppm (poppler-utils) at 60 dpi. Compare two folders by eye, or with any image diff tool.
The test suite does not compare snapshots: the pixels move with the fonts, FreeType and
poppler builds of the machine, so a picture diff would fail on a machine that prints well.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.printing import make_documents, weasyprint_pdfs  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--all", action="store_true", help="Letter too, not only A4.")
    parser.add_argument("--dpi", type=int, default=60)
    args = parser.parse_args(argv)
    if shutil.which("pdftoppm") is None:
        print("snapshots: pdftoppm is missing (apt-get install poppler-utils)", file=sys.stderr)
        return 2
    args.outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        docs = make_documents(Path(work))
        if not args.all:
            docs = [d for d in docs if d.paper == "a4"]
        pdfs = weasyprint_pdfs(docs, Path(work))
        for doc in docs:
            target = args.outdir / doc.name
            subprocess.run(
                ["pdftoppm", "-png", "-r", str(args.dpi), "-f", "1", "-l", "1", "-singlefile",
                 str(pdfs[doc.html]), str(target)],
                check=True,
            )  # fmt: skip
            print(f"{target}.png")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
