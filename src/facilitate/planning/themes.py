"""Recurring themes: log a meeting's themes, count them over time, and find topics that match.

Themes are short slugs the facilitator chooses ("sleep", "returning-to-work"). The note a
facilitator may add is checked for what looks like a name or contact details before it is
stored, because the history must never identify a member (``planning/privacy.py``). The
report as a document is ``documents/themes.py``.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from facilitate.errors import UserError, field_ref
from facilitate.models.catalog import Topic
from facilitate.models.workspace import HistoryEntry, HistoryFile
from facilitate.planning.privacy import (
    MAX_NOTE,
    Concern,
    base_vocabulary,
    describe_concerns,
    note_concerns,
)

MAX_THEME = 40
MAX_THEME_WORDS = 6
"""A theme is a few words; more is a story, which the history does not keep."""
RECURRING = 2
"""A theme is recurring once it came up at this many meetings."""

_SPLIT = re.compile(r"[,;\n]+")
_NON_SLUG = re.compile(r"[^a-z0-9]+")
_WORD = re.compile(r"[a-z0-9]+")
_STOP_WORDS = (
    "a an and are as at be by for from has have i in into is it its me my of on or our "
    "the their them they this to us we what when who with you your after before about "
    "beyond back going how"
)
_STOP = frozenset(_STOP_WORDS.split())


# -- themes as slugs ---------------------------------------------------------------------------


def normalise_theme(raw: str) -> str:
    """One theme as a short slug: "Returning to work" -> "returning-to-work"."""
    text = unicodedata.normalize("NFKD", raw).encode("ascii", "ignore").decode().lower()
    slug = _NON_SLUG.sub("-", text).strip("-")
    if len(slug) > MAX_THEME:
        slug = slug[: MAX_THEME + 1].rsplit("-", 1)[0] if "-" in slug[:MAX_THEME] else slug
        slug = slug[:MAX_THEME].strip("-")
    return slug


def normalise_themes(text: str) -> list[str]:
    """Comma-separated themes as slugs, in order, without repeats."""
    themes: list[str] = []
    for part in _SPLIT.split(text):
        if not part.strip():
            continue
        slug = normalise_theme(part)
        if not slug:
            raise UserError(
                f"{field_ref('themes')}: '{part.strip()}' has no letters or digits to keep"
            )
        if slug not in themes:
            themes.append(slug)
    return themes


# -- logging a meeting -------------------------------------------------------------------------


class NamesFound(UserError):
    """A note or theme holds words that may be names; the facilitator may confirm they are not."""

    def __init__(self, concerns: Sequence[Concern]) -> None:
        self.concerns = list(concerns)
        super().__init__(
            f"the note or themes hold {describe_concerns(self.concerns)}; nothing was written. "
            "Reword it without names, or confirm that these words are not names"
        )


@dataclass(frozen=True)
class LogResult:
    entry: HistoryEntry
    concerns: list[Concern]


def make_log_entry(
    *,
    date: dt.date,
    themes: str | None = None,
    topic: str | None = None,
    attendance: int | None = None,
    note: str | None = None,
    vocabulary: set[str] | None = None,
    names_confirmed: bool = False,
    cancelled: bool = False,
) -> LogResult:
    """Check and build one history entry, keeping names and contact details out of it.

    Contact details (an email address, a phone number, a handle) are always refused. A word
    that may be a name is refused unless ``names_confirmed`` (the facilitator has said that the
    words flagged are not names). Themes are checked like the note, and each is a few words
    (a longer one is a story, and refused).
    """
    if note is not None and len(note) > MAX_NOTE:
        raise UserError(
            f"note: {len(note):,} characters; a note is at most {MAX_NOTE} (a line or two, "
            "never a story). Nothing was written"
        )
    parts = [p.strip() for p in _SPLIT.split(themes or "") if p.strip()]
    for n, part in enumerate(parts, 1):
        words = len(part.split())
        if words > MAX_THEME_WORDS:
            raise UserError(
                f"{field_ref('themes')}: theme {n} has {words} words; a theme is a few "
                "words, such as "
                "'returning to work' (keep stories and names out of the history). "
                "Nothing was written"
            )
    slugs = normalise_themes(themes) if themes is not None else []
    if themes is not None and not slugs:
        raise UserError(
            f"{field_ref('themes')}: give at least one theme, such as {field_ref('themes')} "
            f'"sleep, anger"'
        )
    if attendance is not None and not 0 <= attendance <= 500:
        raise UserError(f"{field_ref('attendance')} {attendance}: give a number from 0 to 500")
    text = " ".join(note.split()) if note else None
    words_ok = vocabulary or base_vocabulary()
    found = [c for part in parts for c in note_concerns(part, words_ok)]
    found += note_concerns(text, words_ok) if text else []
    concerns = list(dict.fromkeys(found))
    contacts = [c for c in concerns if c.kind == "contact"]
    if contacts:
        raise UserError(
            f"the note or themes hold {describe_concerns(contacts)}; nothing was written. "
            "Contact details never go in the history: reword it without them"
        )
    if concerns and not names_confirmed:
        raise NamesFound(concerns)
    entry = HistoryEntry(
        date=date,
        kind="cancelled" if cancelled else "held",
        topic=topic,
        themes=slugs,
        attendance=attendance,
        note=text,
    )
    return LogResult(entry, concerns)


def log_meeting(history_path: Path, result: LogResult) -> None:
    """Record the meeting as held (or cancelled), merged with what was planned for its date."""
    from facilitate.group.history import record_held

    record_held(history_path, result.entry)


# -- counting and matching ---------------------------------------------------------------------


@dataclass(frozen=True)
class ThemeCount:
    theme: str
    count: int
    first: dt.date
    last: dt.date

    @property
    def recurring(self) -> bool:
        return self.count >= RECURRING


@dataclass(frozen=True)
class TopicMatch:
    topic: Topic
    themes: tuple[str, ...]
    score: float


@dataclass
class ThemeReport:
    since: dt.date | None
    meetings: int
    """Meetings counted (those with at least one theme)."""
    counts: list[ThemeCount]
    months: list[str]
    by_month: dict[str, dict[str, int]]
    matches: list[TopicMatch] = field(default_factory=list)

    @property
    def recurring(self) -> list[ThemeCount]:
        return [c for c in self.counts if c.recurring]


def count_themes(history: HistoryFile, since: dt.date | None = None) -> ThemeReport:
    """How many meetings each theme came up at, in total and per month.

    A meeting is a day: two notes logged for the same day (a correction, or one from each
    co-facilitator) count as one meeting, so a theme is not made "recurring" by them.
    """
    days: dict[dt.date, dict[str, None]] = {}
    for m in history.meetings:
        if m.themes and (since is None or m.date >= since):
            days.setdefault(m.date, {}).update(dict.fromkeys(m.themes))
    totals: Counter[str] = Counter()
    first: dict[str, dt.date] = {}
    last: dict[str, dt.date] = {}
    by_month: dict[str, Counter[str]] = {}
    for day in sorted(days):
        month = f"{day:%Y-%m}"
        for theme in days[day]:
            totals[theme] += 1
            first[theme] = min(first.get(theme, day), day)
            last[theme] = max(last.get(theme, day), day)
            by_month.setdefault(month, Counter())[theme] += 1
    counts = [
        ThemeCount(theme, n, first[theme], last[theme])
        for theme, n in sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))
    ]
    months = sorted(by_month)
    return ThemeReport(
        since=since,
        meetings=len(days),
        counts=counts,
        months=months,
        by_month={m: dict(by_month[m]) for m in months},
    )


def stem(word: str) -> str:
    """A rough stem so "returning", "returned" and "return" meet."""
    for suffix in ("ing", "ies", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)]
            return word + "y" if suffix == "ies" else word
    return word


def words(text: str) -> set[str]:
    return {stem(w) for w in _WORD.findall(text.lower()) if w not in _STOP and len(w) > 2}


def theme_strength(theme: str, topic: Topic) -> float:
    """2 when the theme is one of the topic's tags, 1 when they share a word, else 0."""
    if theme in topic.tags or theme == topic.id:
        return 2.0
    topic_words = words(topic.title) | {w for tag in topic.tags for w in words(tag)}
    return 1.0 if words(theme) & topic_words else 0.0


def match_topics(
    topics: Iterable[Topic], themes: Mapping[str, int], limit: int | None = None
) -> list[TopicMatch]:
    """Topics matching the given themes, strongest first (tag match, then how often)."""
    matches: list[TopicMatch] = []
    for topic in topics:
        hits = [(t, theme_strength(t, topic) * n) for t, n in themes.items()]
        hits = [(t, s) for t, s in hits if s > 0]
        if hits:
            hits.sort(key=lambda h: (-h[1], h[0]))
            matches.append(TopicMatch(topic, tuple(t for t, _ in hits), sum(s for _, s in hits)))
    matches.sort(key=lambda m: (-m.score, m.topic.id))
    return matches[:limit] if limit is not None else matches


def theme_pull(topics: Iterable[Topic], history: HistoryFile) -> dict[str, list[tuple[str, float]]]:
    """Topic id -> recurring themes it matches, each weighted by strength and frequency (0..2]."""
    report = count_themes(history)
    recurring = {c.theme: c.count for c in report.recurring}
    if not recurring:
        return {}
    top = max(recurring.values())
    pull: dict[str, list[tuple[str, float]]] = {}
    for topic in topics:
        for theme, n in recurring.items():
            strength = theme_strength(theme, topic)
            if strength:
                pull.setdefault(topic.id, []).append((theme, strength * n / top))
    return pull


def theme_report(
    history: HistoryFile, topics: Iterable[Topic], since: dt.date | None = None
) -> ThemeReport:
    report = count_themes(history, since)
    recurring = {c.theme: c.count for c in report.recurring}
    report.matches = match_topics(topics, recurring, limit=8)
    return report
