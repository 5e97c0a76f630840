"""The themes report as a printed thing: a bar chart, a month-by-month table, matching topics."""

from __future__ import annotations

from typing import TYPE_CHECKING

from facilitate.planning.themes import RECURRING, ThemeReport

if TYPE_CHECKING:
    from facilitate.group.group import Group


def bar(count: int, top: int, width: int = 24) -> str:
    """A bar of block characters for the terminal chart."""
    if top <= 0 or count <= 0:
        return ""
    eighths = round(count / top * width * 8)
    full, rest = divmod(max(1, eighths), 8)
    return "█" * full + ("" if rest == 0 else " ▏▎▍▌▋▊▉"[rest])


MONTH_COLUMNS = 6


def themes_context(report: ThemeReport, paper: str = "a4") -> dict[str, object]:
    from facilitate.render.env import RawMarkdown

    top = report.counts[0].count if report.counts else 0
    width = max((len(c.theme) for c in report.counts), default=0)
    # Theme slugs hold only a-z, 0-9 and hyphens, so the chart is safe as raw Markdown.
    chart = RawMarkdown(
        "\n".join(f"{c.theme.ljust(width)}  {bar(c.count, top)} {c.count}" for c in report.counts)
    )
    columns = [c.theme for c in report.counts[:MONTH_COLUMNS]]
    label = min(330, round(7.6 * width) + 16)
    return {
        "report": report,
        "counts": report.counts,
        "recurring": report.recurring,
        "chart": chart,
        "top": top,
        "columns": columns,
        "months": [(m, [report.by_month[m].get(t, 0) for t in columns]) for m in report.months],
        "matches": report.matches,
        "svg": {"label": label, "bar": 300, "row": 22, "width": label + 300 + 40},
        "threshold": RECURRING,
        "paper": paper,
        "large_print": False,
    }


def render_themes(
    group: Group, report: ThemeReport, fmt: str, *, paper: str | None = None
) -> str | bytes:
    """The theme report as Markdown, HTML or PDF bytes (paper: the group's by default)."""
    from facilitate.documents.catalog import render_document
    from facilitate.render.formats import resolve_paper

    context = themes_context(report, resolve_paper(paper, group.profile))
    return render_document("themes", context, fmt)
