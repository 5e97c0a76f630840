"""Member feedback: an anonymous paper form, its ratings in the history, and a report over time.

Only four numbers per form are kept (feeling safe, being heard, usefulness, pace) with the
meeting's date: nothing a member writes in words, nothing that tells members apart.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from statistics import fmean
from typing import TYPE_CHECKING

from facilitate.errors import CatalogError, Issue, UserError, field_ref
from facilitate.models.workspace import RATINGS, FeedbackEntry, HistoryFile

if TYPE_CHECKING:
    from facilitate.group.group import Group

MEASURES: tuple[tuple[str, str], ...] = (
    ("safe", "Feeling safe"),
    ("heard", "Being heard"),
    ("useful", "Usefulness"),
    ("pace", "Pace"),
)
COLOURS = {"safe": "#1f4e79", "heard": "#2e6b3f", "useful": "#a0522d", "pace": "#4b3f72"}
"""Bar colours, each dark enough for white paper and told apart by the legend and the table."""
PACE_RIGHT = 3
"""On the pace scale 1 is much too slow, 3 about right and 5 much too fast."""
STEADY = 0.3
"""A change smaller than this, on a 1 to 5 scale, is read as no change."""
FEW_FORMS = 3
CHART_MEETINGS = 12


def make_entry(
    date: dt.date,
    *,
    safe: int | None = None,
    heard: int | None = None,
    useful: int | None = None,
    pace: int | None = None,
) -> FeedbackEntry:
    """One form's ratings, each a whole number from 1 to 5 or None for a question left blank."""
    values = {"safe": safe, "heard": heard, "useful": useful, "pace": pace}
    for name, value in values.items():
        if value is not None and not 1 <= value <= 5:
            raise UserError(f"{field_ref(name)} {value}: ratings go from 1 to 5")
    if all(v is None for v in values.values()):
        raise UserError(
            f"give at least one rating ({', '.join(field_ref(n) for n in RATINGS)}); a question "
            f"left blank is left out, and {field_ref('from_file')} FILE adds many forms at once"
        )
    return FeedbackEntry(date=date, **values)


def record_feedback(history_path: Path, entry: FeedbackEntry) -> int:
    """Append one form; return how many forms that meeting date now has."""
    from facilitate.group.history import append_feedback

    history = append_feedback(history_path, entry)
    return sum(1 for f in history.feedback if f.date == entry.date)


def record_forms(history_path: Path, entries: Sequence[FeedbackEntry]) -> None:
    """Append several forms in one change (all of them, or none if the write fails)."""
    from facilitate.group.history import update_history

    update_history(
        history_path, lambda h: h.model_copy(update={"feedback": [*h.feedback, *entries]})
    )


# -- a table of forms --------------------------------------------------------------------------

MAX_TABLE = 1_000_000
"""The largest table of forms read (a few thousand forms are a few tens of kilobytes)."""
DATE_COLUMN = "date"


def _cells(line: str, sep: str) -> list[tuple[int, str]]:
    """The cells of one line with the 1-based column each starts at; quotes are taken off."""
    cells: list[tuple[int, str]] = []
    start = 0
    for part in line.split(sep):
        text = part.strip()
        if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
            text = text[1:-1].strip()
        cells.append((start + len(part) - len(part.lstrip()) + 1, text))
        start += len(part) + len(sep)
    return cells


def read_forms(path: Path, default_date: dt.date, shown: str | None = None) -> list[FeedbackEntry]:
    """The forms in a small table (CSV): a header line, then one line per form.

    The header names the columns: ``safe``, ``heard``, ``useful`` and ``pace`` (any of them,
    in any order and case) and, if the forms carry it, ``date``; a form without a date takes
    ``default_date``. Cells are separated by commas (or semicolons or tabs, as spreadsheets
    export them); an empty cell is a question left blank. Every bad cell is one issue at its
    FILE:LINE:COL, and nothing is returned unless every line is good.
    """
    from facilitate.catalog.messages import closest
    from facilitate.storage.atomic import require_plain_file
    from facilitate.storage.yaml import decode

    file = shown or str(path)
    require_plain_file(path, file)
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_TABLE + 1)
    except OSError as exc:
        raise UserError(f"{file}: cannot be read ({exc.strerror})") from None
    if len(raw) > MAX_TABLE:
        raise UserError(f"{file}: larger than {MAX_TABLE:,} bytes; is it the table of forms?")
    lines = decode(raw, file).removeprefix("\ufeff").splitlines()
    numbered = [(n, ln) for n, ln in enumerate(lines, 1) if ln.strip() and not ln.startswith("#")]
    if not numbered:
        raise CatalogError([Issue(file, 1, 1, "the table is empty: give a header line first")])
    head_no, head = numbered[0]
    sep = next((c for c in ("\t", ";") if c in head), ",")
    allowed = [DATE_COLUMN, *RATINGS]
    issues: list[Issue] = []
    columns: list[str | None] = []
    for column, name in _cells(head, sep):
        key = name.lower().replace(" ", "_")
        if key not in allowed:
            near = closest(key, allowed, n=1)
            hint = f"; did you mean '{near[0]}'?" if near else ""
            issues.append(
                Issue(
                    file,
                    head_no,
                    column,
                    f"unknown column '{name}'{hint} (the columns are {', '.join(allowed)})",
                )
            )
            columns.append(None)
        elif key in columns:
            issues.append(Issue(file, head_no, column, f"the column '{key}' comes twice"))
            columns.append(None)
        else:
            columns.append(key)
    if not issues and not any(c in RATINGS for c in columns):
        issues.append(
            Issue(file, head_no, 1, f"the header names no question ({', '.join(RATINGS)})")
        )
    if issues:
        raise CatalogError(issues)
    forms: list[FeedbackEntry] = []
    for line_no, line in numbered[1:]:
        cells = _cells(line, sep)
        values: dict[str, object] = {}
        day = default_date
        for (column, text), heading in zip(cells, columns, strict=False):
            if not text or heading is None:
                continue
            if heading == DATE_COLUMN:
                try:
                    day = dt.date.fromisoformat(text)
                except ValueError:
                    issues.append(
                        Issue(
                            file,
                            line_no,
                            column,
                            f"'{text}' must be a date written as YYYY-MM-DD, such as 2026-11-01",
                            heading,
                        )
                    )
                continue
            if not (text.isdigit() and 1 <= int(text) <= 5):
                issues.append(
                    Issue(
                        file,
                        line_no,
                        column,
                        f"'{text}' is not a rating: ratings go from 1 to 5 (leave the cell "
                        "empty for a question left blank)",
                        heading,
                    )
                )
                continue
            values[heading] = int(text)
        for column, text in cells[len(columns) :]:
            if text:
                issues.append(
                    Issue(file, line_no, column, f"'{text}' is past the last column of the header")
                )
        if not values and not any(i.line == line_no for i in issues):
            issues.append(Issue(file, line_no, 1, "this form answers no question; leave it out"))
            continue
        if values:
            forms.append(FeedbackEntry.model_validate({"date": day, **values}))
    if issues:
        raise CatalogError(issues)
    if not forms:
        raise CatalogError([Issue(file, head_no, 1, "the table has a header but no forms")])
    return forms


@dataclass(frozen=True)
class Averages:
    """Average ratings over some forms, each counting only the forms that answered it."""

    date: dt.date | None
    """The meeting's date; None for the overall row."""
    forms: int
    safe: float | None
    heard: float | None
    useful: float | None
    pace: float | None
    answered: dict[str, int]
    """How many of the forms answered each question."""

    def value(self, measure: str) -> float | None:
        value = getattr(self, measure)
        return None if value is None else float(value)

    @property
    def blanks(self) -> bool:
        """True when some form left some question blank."""
        return any(n < self.forms for n in self.answered.values())


@dataclass(frozen=True)
class Trend:
    measure: str
    label: str
    overall: float | None
    """None when no form answered the question."""
    latest: float | None
    earlier: float | None
    direction: str
    """up, down or steady; for pace: closer, further or steady (to "about right")."""
    answered: int = 0
    """How many forms answered the question, of all the forms."""

    @property
    def overall_words(self) -> str:
        """How the overall pace felt, in words (only meaningful for the pace measure)."""
        return pace_words(self.overall) if self.overall is not None else ""


@dataclass(frozen=True)
class FeedbackReport:
    meetings: list[Averages]
    overall: Averages | None
    trends: list[Trend]

    @property
    def forms(self) -> int:
        return self.overall.forms if self.overall else 0

    @property
    def chart(self) -> list[Averages]:
        return self.meetings[-CHART_MEETINGS:]

    @property
    def few(self) -> bool:
        """True when some meeting has so few forms that one answer weighs a lot."""
        return any(m.forms < FEW_FORMS for m in self.meetings)

    @property
    def blanks(self) -> bool:
        """True when some form left a question blank (the report then says how many answered)."""
        return self.overall is not None and self.overall.blanks


def _mean(forms: Sequence[FeedbackEntry], measure: str) -> float | None:
    given = [v for f in forms if (v := getattr(f, measure)) is not None]
    return round(fmean(given), 2) if given else None


def _average(date: dt.date | None, forms: Sequence[FeedbackEntry]) -> Averages:
    answered = {m: sum(getattr(f, m) is not None for f in forms) for m, _ in MEASURES}
    return Averages(
        date,
        len(forms),
        safe=_mean(forms, "safe"),
        heard=_mean(forms, "heard"),
        useful=_mean(forms, "useful"),
        pace=_mean(forms, "pace"),
        answered=answered,
    )


def pace_words(value: float) -> str:
    if value < PACE_RIGHT - 0.5:
        return "felt slow"
    if value > PACE_RIGHT + 0.5:
        return "felt fast"
    return "about right"


def _direction(measure: str, latest: float, earlier: float) -> str:
    if measure == "pace":
        change = abs(earlier - PACE_RIGHT) - abs(latest - PACE_RIGHT)
        return "closer" if change >= STEADY else "further" if change <= -STEADY else "steady"
    change = latest - earlier
    return "up" if change >= STEADY else "down" if change <= -STEADY else "steady"


def feedback_report(history: HistoryFile, since: dt.date | None = None) -> FeedbackReport:
    """Averages per meeting date and overall, and how the latest meeting compares.

    A question a form left blank is not counted for that question: each average is over the
    forms that answered it, and the report says how many did.
    """
    forms = [f for f in history.feedback if since is None or f.date >= since]
    if not forms:
        return FeedbackReport([], None, [])
    dates = sorted({f.date for f in forms})
    meetings = [_average(d, [f for f in forms if f.date == d]) for d in dates]
    overall = _average(None, forms)
    trends: list[Trend] = []
    latest_date = dates[-1]
    before = [f for f in forms if f.date < latest_date]
    for measure, label in MEASURES:
        latest = meetings[-1].value(measure) if before else None
        earlier = _mean(before, measure) if before else None
        direction = (
            _direction(measure, latest, earlier)
            if latest is not None and earlier is not None
            else "steady"
        )
        trends.append(
            Trend(
                measure,
                label,
                overall.value(measure),
                latest,
                earlier,
                direction,
                overall.answered[measure],
            )
        )
    return FeedbackReport(meetings, overall, trends)


# -- documents ---------------------------------------------------------------------------------


def render_form(
    group: Group,
    fmt: str,
    *,
    paper: str | None = None,
    group_name: bool = False,
    large_print: bool = False,
) -> str | bytes:
    """The anonymous form as Markdown, HTML or PDF; ``group_name`` prints the profile's name."""
    from facilitate.documents.catalog import render_document
    from facilitate.render.formats import resolve_paper

    profile = group.profile
    context = {
        "group_name": profile.name if group_name and profile is not None else None,
        "paper": resolve_paper(paper, profile),
        "large_print": large_print,
    }
    return render_document("feedback-form", context, fmt)


def render_report(
    group: Group, report: FeedbackReport, fmt: str, *, paper: str | None = None
) -> str | bytes:
    """The feedback report as Markdown, HTML or PDF bytes (paper: the group's by default)."""
    from facilitate.documents.catalog import render_document
    from facilitate.render.formats import resolve_paper

    context = {
        "report": report,
        "measures": MEASURES,
        "trends": report.trends,
        "few": FEW_FORMS,
        "chart_meetings": CHART_MEETINGS,
        "colours": COLOURS,
        "paper": resolve_paper(paper, group.profile),
        "large_print": False,
    }
    return render_document("feedback-report", context, fmt)
