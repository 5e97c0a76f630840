"""Every printed document the tool makes, on A4 and Letter, in normal and large print.

The print tests (tests/test_print.py) and the snapshot command (bench/snapshots.py) share this
list: each document is made through the real command line into a folder, as HTML, and laid out
as PDF by WeasyPrint. ``limit`` is the most pages it may take.
"""

from __future__ import annotations

import os
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

PAPERS = ("a4", "letter")

PROFILE = """\
version: 1
name: Harbour peers
group_type: workplace-bullying
region: GB
venue: Room 2, Harbour Library, 12 Quay Street
access:
  - Step-free access by the side door
  - Hearing loop in the room
  - A quiet room next door if you need a break
"""

HISTORY = """\
version: 1
meetings:
  - {date: 2026-09-01, kind: log, topic: boundaries, themes: [sleep, returning-to-work]}
  - {date: 2026-09-15, kind: log, topic: self-care, themes: [sleep, anger]}
  - {date: 2026-10-06, kind: log, topic: values, themes: [returning-to-work, sleep]}
  - {date: 2026-11-03, kind: log, topic: respite, themes: [anger]}
feedback:
  - {date: 2026-10-06, safe: 4, heard: 5, useful: 4, pace: 3}
  - {date: 2026-10-06, safe: 5, heard: 4, useful: 3, pace: 3}
  - {date: 2026-11-03, safe: 3, heard: 4, useful: 4, pace: 4}
"""

AGENDA = ("agenda", "--topic", "boundaries", "--seed", "7", "--start", "18:30", "--no-record")
FIRST = ("agenda", "--first-meeting", "--seed", "7", "--start", "18:30", "--no-record")
SEASON = ("season", "--sessions", "8", "--seed", "7", "--start", "2027-01-12", "--every", "1w")


@dataclass(frozen=True)
class Kind:
    """One kind of document: the command that makes it, and its page limits."""

    name: str
    args: tuple[str, ...]
    limit: int
    """The most pages in normal print."""
    large_limit: int | None = None
    """The most pages in large print; None when the document has no large print."""
    script: bool = False
    """A facilitator's script: its parts' headings and words to say are checked too."""


KINDS = (
    Kind("agenda-facilitator", AGENDA, 4, 8, script=True),
    Kind("agenda-members", (*AGENDA, "--audience", "members", "--date", "2027-01-12"), 2, 4),
    Kind("agenda-2h-facilitator", (*AGENDA, "--minutes", "120"), 5, None, script=True),
    Kind("agenda-glance", (*AGENDA, "--layout", "glance", "--date", "2027-01-12"), 1, 3),
    Kind("first-meeting-facilitator", FIRST, 4, 8, script=True),
    Kind("first-meeting-members", (*FIRST, "--audience", "members"), 2, 4),
    Kind("groundrules", ("groundrules", "render", "--consent"), 1, 2),
    Kind("situation-cards", ("situations", "cards"), 19),
    Kind("checkin-cards", ("checkin", "--card", "--seed", "7", "--no-record"), 2),
    Kind("feedback-form", ("feedback", "form", "--group-name"), 1, 2),
    Kind("feedback-report", ("feedback", "report"), 2),
    Kind("themes", ("themes",), 2),
    Kind("season", SEASON, 3),
    Kind("season-members", (*SEASON, "--audience", "members"), 2),
)


@dataclass(frozen=True)
class Document:
    kind: Kind
    paper: str
    large: bool
    html: Path

    @property
    def name(self) -> str:
        return self.html.stem

    @property
    def limit(self) -> int:
        limit = self.kind.large_limit if self.large else self.kind.limit
        assert limit is not None
        return limit


@contextmanager
def _in(folder: Path) -> Iterator[None]:
    before = Path.cwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(before)


def workspace(folder: Path) -> Path:
    """A group folder with a profile, ground rules and some history, as a group would have."""
    group = folder / "group"
    group.mkdir(parents=True, exist_ok=True)
    (group / "facilitate.yaml").write_text(PROFILE, encoding="utf-8")
    (group / "history.yaml").write_text(textwrap.dedent(HISTORY), encoding="utf-8")
    return group


def make_documents(folder: Path, kinds: tuple[Kind, ...] = KINDS) -> list[Document]:
    """Render every kind, paper and print size into ``folder`` as HTML, through the CLI."""
    from typer.testing import CliRunner

    from facilitate.cli import app

    group = workspace(folder)
    out = folder / "html"
    out.mkdir(exist_ok=True)
    env = {"NO_COLOR": "1", "COLUMNS": "100", "TERM": "dumb", "FACILITATE_WORKSPACE": str(group)}
    docs: list[Document] = []
    runner = CliRunner()
    with _in(group):
        for kind in kinds:
            sizes = (False, True) if kind.large_limit is not None else (False,)
            for paper in PAPERS:
                for large in sizes:
                    path = out / f"{kind.name}-{paper}{'-large' if large else ''}.html"
                    args = [*kind.args, "--paper", paper, "-o", str(path), "--force"]
                    if large:
                        args.append("--large-print")
                    res = runner.invoke(app, args, env=env, prog_name="facilitate")
                    if res.exit_code != 0:
                        raise RuntimeError(f"{' '.join(args)}: {res.stderr or res.exception!r}")
                    docs.append(Document(kind, paper, large, path))
    return docs


def weasyprint_pdfs(docs: list[Document], folder: Path) -> dict[Path, Path]:
    """Each document's PDF as facilitate makes it (WeasyPrint), by its HTML path."""
    from facilitate.render.pdf import html_to_pdf

    out = folder / "weasyprint"
    out.mkdir(exist_ok=True)
    pdfs = {}
    for doc in docs:
        pdf = out / f"{doc.name}.pdf"
        pdf.write_bytes(html_to_pdf(doc.html.read_text(encoding="utf-8")))
        pdfs[doc.html] = pdf
    return pdfs
