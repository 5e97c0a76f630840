"""Recurring themes: log a meeting's themes, count them over time, and find topics that match.

Themes are short slugs the facilitator chooses ("sleep", "returning-to-work"). The note a
facilitator may add is checked for what looks like a name or contact details before it is
stored, because the history must never identify a member.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from facilitate.catalog.layers import Catalog
from facilitate.errors import UserError
from facilitate.models.catalog import Topic
from facilitate.models.workspace import HistoryEntry, HistoryFile

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
            raise UserError(f"--themes: '{part.strip()}' has no letters or digits to keep")
        if slug not in themes:
            themes.append(slug)
    return themes


# -- words that may identify someone -----------------------------------------------------------

_MONTHS_DAYS = (
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday "
    "friday saturday sunday mon tue tues wed thu thur thurs fri sat sun"
)
_COMMON = (
    "i i'm i've i'd i'll ok okay tv covid zoom teams christmas easter eid diwali hanukkah "
    "ramadan new year english french spanish internet wifi online today tonight tomorrow "
    "yesterday everyone everybody someone somebody nobody group week month"
)
MAX_NOTE = 500
"""A note is a line or two; the checks below read at most this much."""

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# "jane at example dot com", "jane (at) example [dot] org": an address spelled out.
_SPELLED_EMAIL = re.compile(
    r"\b[\w.+-]+\s*(?:\(at\)|\[at\]|\bat\b)\s*[\w-]+\s*(?:\(dot\)|\[dot\]|\bdot\b|\.)\s*"
    r"(?:com|org|net|edu|gov|info|io|co|uk|ie|au|nz|ca|us)\b",
    re.IGNORECASE,
)
_HANDLE = re.compile(r"(?<![\w.])@[A-Za-z0-9_]{2,}")
# Digits, and the letters people type for them ("o7700 9oo 123"), in a run with separators.
_PHONE = re.compile(r"\+?\(?[\doOlI][\doOlI \t().-]{5,30}[\doOlI]")
_LOOKALIKE = str.maketrans("oOlI", "0011")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_URL = re.compile(r"\bhttps?://\S+|\bwww\.\S+", re.IGNORECASE)
_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_SENTENCE_GAP = re.compile(r"[.!?:;\"“”]\s*$|\n\s*$|(?:^|\n)\s*[-•*]\s*$")


def base_vocabulary() -> set[str]:
    return set(_MONTHS_DAYS.split()) | set(_COMMON.split())


def catalog_vocabulary(texts: Iterable[str]) -> set[str]:
    """Lowercase words from catalog titles and tags, plus months, days and a few common words."""
    vocab = base_vocabulary()
    for text in texts:
        vocab.update(w.lower() for w in re.findall(r"[A-Za-z][A-Za-z']*", text))
        vocab.update(text.lower().split("-"))
    return vocab


def vocabulary_of(catalog: Catalog) -> set[str]:
    """The words a note may capitalise without looking like a name: the catalog's own."""
    topics = catalog.topics.values()
    texts = [t.title for t in topics] + [tag for t in topics for tag in t.tags]
    texts += [r.title for r in catalog.resources.values()]
    return catalog_vocabulary(texts)


@functools.cache
def given_names() -> frozenset[str]:
    """Common given names (see ``data/given-names.txt``), to catch a name written in lowercase."""
    from facilitate.storage.paths import data_dir

    lines = (data_dir() / "given-names.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(ln.strip() for ln in lines if ln.strip() and not ln.startswith("#"))


@dataclass(frozen=True)
class Concern:
    kind: str
    """"name" or "contact"."""
    text: str


def note_concerns(note: str, vocabulary: set[str]) -> list[Concern]:
    """What in a note looks like a person's name or contact details (a heuristic, not a proof).

    A capitalised word that the catalog does not use counts as a possible name, except at the
    start of a sentence; a common given name counts wherever it stands, in any case. The work
    is linear in the note's length, and the note is cut to :data:`MAX_NOTE` first.
    """
    concerns: list[Concern] = []
    seen: set[str] = set()

    def add(kind: str, text: str) -> None:
        if text not in seen:
            seen.add(text)
            concerns.append(Concern(kind, text))

    text = note[:MAX_NOTE]
    if _EMAIL.search(text) or _SPELLED_EMAIL.search(text):
        add("contact", "an email address")
    scrubbed = _URL.sub(" ", _SPELLED_EMAIL.sub(" ", _EMAIL.sub(" ", text)))
    if _HANDLE.search(scrubbed):
        add("contact", "a social media handle")
    for match in _PHONE.finditer(scrubbed):
        run = match.group(0)
        digits = re.sub(r"\D", "", run.translate(_LOOKALIKE))
        real = sum(ch.isdigit() for ch in run)
        if len(digits) >= 7 and real >= 4 and not _ISO_DATE.match(run.strip()):
            add("contact", "a phone number")
    names = given_names()
    last_end = 0
    at_start = True
    for match in _TOKEN.finditer(scrubbed):
        gap = scrubbed[last_end : match.start()]
        starts_sentence = (at_start and not gap.strip()) or bool(_SENTENCE_GAP.search(gap))
        at_start = False
        last_end = match.end()
        word = match.group(0).strip("'’-")
        if not word:
            continue
        key = word.lower().replace("’", "'")
        stem = key.removesuffix("'s")
        if stem in names and stem not in vocabulary:
            add("name", re.sub(r"['’]s$", "", word))
            continue
        if not word[0].isupper():
            continue
        possessive = key != stem
        if starts_sentence and not possessive:
            continue  # a capital at the start of a sentence says nothing, "Dave's" does
        if key in vocabulary or stem in vocabulary:
            continue
        add("name", re.sub(r"['’]s$", "", word))
    return concerns


def describe_concerns(concerns: Sequence[Concern]) -> str:
    names = [c.text for c in concerns if c.kind == "name"]
    contacts = [c.text for c in concerns if c.kind == "contact"]
    parts = []
    if names:
        parts.append("what may be a name (" + ", ".join(names) + ")")
    if contacts:
        parts.append(" and ".join(dict.fromkeys(contacts)))
    return " and ".join(parts)


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
    themes: str,
    topic: str | None = None,
    attendance: int | None = None,
    note: str | None = None,
    vocabulary: set[str] | None = None,
    names_confirmed: bool = False,
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
    parts = [p.strip() for p in _SPLIT.split(themes) if p.strip()]
    for n, part in enumerate(parts, 1):
        words = len(part.split())
        if words > MAX_THEME_WORDS:
            raise UserError(
                f"--themes: theme {n} has {words} words; a theme is a few words, such as "
                "'returning to work' (keep stories and names out of the history). "
                "Nothing was written"
            )
    slugs = normalise_themes(themes)
    if not slugs:
        raise UserError('--themes: give at least one theme, such as --themes "sleep, anger"')
    if attendance is not None and not 0 <= attendance <= 500:
        raise UserError(f"--attendance {attendance}: give a number from 0 to 500")
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
        date=date, kind="log", topic=topic, themes=slugs, attendance=attendance, note=text
    )
    return LogResult(entry, concerns)


def log_meeting(history_path: Path, result: LogResult) -> None:
    from facilitate.group.history import append_meeting

    append_meeting(history_path, result.entry)


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


def bar(count: int, top: int, width: int = 24) -> str:
    """A bar of block characters for the terminal chart."""
    if top <= 0 or count <= 0:
        return ""
    eighths = round(count / top * width * 8)
    full, rest = divmod(max(1, eighths), 8)
    return "█" * full + ("" if rest == 0 else " ▏▎▍▌▋▊▉"[rest])


# -- the document ------------------------------------------------------------------------------

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


def render_themes(report: ThemeReport, fmt: str, *, paper: str = "a4") -> str:
    from facilitate.render.env import render

    return render("themes", themes_context(report, paper), fmt)
