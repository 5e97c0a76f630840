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

from facilitate.errors import UserError
from facilitate.models.workspace import FeedbackEntry, HistoryFile

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


def make_entry(date: dt.date, *, safe: int, heard: int, useful: int, pace: int) -> FeedbackEntry:
    """One form's ratings, each checked to be a whole number from 1 to 5."""
    values = {"safe": safe, "heard": heard, "useful": useful, "pace": pace}
    for name, value in values.items():
        if not 1 <= value <= 5:
            raise UserError(f"--{name} {value}: ratings go from 1 to 5")
    return FeedbackEntry(date=date, **values)


def record_feedback(history_path: Path, entry: FeedbackEntry) -> int:
    """Append one form; return how many forms that meeting date now has."""
    from facilitate.group.history import append_feedback

    history = append_feedback(history_path, entry)
    return sum(1 for f in history.feedback if f.date == entry.date)


@dataclass(frozen=True)
class Averages:
    date: dt.date | None
    """The meeting's date; None for the overall row."""
    forms: int
    safe: float
    heard: float
    useful: float
    pace: float

    def value(self, measure: str) -> float:
        return float(getattr(self, measure))


@dataclass(frozen=True)
class Trend:
    measure: str
    label: str
    overall: float
    latest: float | None
    earlier: float | None
    direction: str
    """up, down or steady; for pace: closer, further or steady (to "about right")."""

    @property
    def overall_words(self) -> str:
        """How the overall pace felt, in words (only meaningful for the pace measure)."""
        return pace_words(self.overall)


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


def _average(date: dt.date | None, forms: Sequence[FeedbackEntry]) -> Averages:
    return Averages(
        date,
        len(forms),
        *(round(fmean(getattr(f, m) for f in forms), 2) for m, _ in MEASURES),
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
    """Averages per meeting date and overall, and how the latest meeting compares."""
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
        if before:
            latest = meetings[-1].value(measure)
            earlier = round(fmean(getattr(f, measure) for f in before), 2)
            direction = _direction(measure, latest, earlier)
            trends.append(Trend(measure, label, overall.value(measure), latest, earlier, direction))
        else:
            trends.append(Trend(measure, label, overall.value(measure), None, None, "steady"))
    return FeedbackReport(meetings, overall, trends)


# -- documents ---------------------------------------------------------------------------------


def render_form(
    fmt: str,
    *,
    paper: str = "a4",
    group_name: str | None = None,
    large_print: bool = False,
) -> str | bytes:
    """The anonymous form as Markdown, HTML or PDF."""
    from facilitate.documents.catalog import render_document

    context = {"group_name": group_name, "paper": paper, "large_print": large_print}
    return render_document("feedback-form", context, fmt)


def render_report(report: FeedbackReport, fmt: str, *, paper: str = "a4") -> str | bytes:
    """The feedback report as Markdown, HTML or PDF bytes."""
    from facilitate.documents.catalog import render_document

    context = {
        "report": report,
        "measures": MEASURES,
        "trends": report.trends,
        "few": FEW_FORMS,
        "chart_meetings": CHART_MEETINGS,
        "colours": COLOURS,
        "paper": paper,
        "large_print": False,
    }
    return render_document("feedback-report", context, fmt)
