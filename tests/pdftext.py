"""The text of a PDF, read by poppler's pdftotext: each page's words, or each page's text.

pdftotext is a C program and reads a 17-page deck in a tenth of a second; pypdf's Python text
extraction takes one and a half seconds for the same file. The tests read many PDFs, so they
read them here. pypdf still counts pages, and reads font sizes where a test needs the exact
size (pdftotext gives each word's box, whose height depends on the font's ascent and descent).

pdftotext comes with poppler-utils; the README lists it beside Java, and `.ci/run` installs it.
"""

from __future__ import annotations

import functools
import re
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass
from html import unescape
from pathlib import Path

import pytest

_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)
_WORD = re.compile(
    r'<word xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)">(.*?)</word>'
)


@dataclass(frozen=True)
class Word:
    """One word and its box, in points, measured from the page's top left corner."""

    x0: float
    top: float
    x1: float
    bottom: float
    text: str


@dataclass(frozen=True)
class Page:
    width: float
    height: float
    words: tuple[Word, ...]


def _pdftotext(*args: str) -> str:
    exe = shutil.which("pdftotext")
    if exe is None:
        pytest.fail("pdftotext is missing: install poppler-utils (apt-get install poppler-utils)")
    return subprocess.run(
        [exe, "-enc", "UTF-8", *args, "-"], capture_output=True, text=True, check=True
    ).stdout


@functools.cache
def pages(pdf: Path) -> tuple[Page, ...]:
    """Every page with its words (kept for the run: a PDF is only read once it is made)."""
    found = []
    for width, height, body in _PAGE.findall(_pdftotext("-bbox", str(pdf))):
        words = tuple(
            Word(float(x0), float(top), float(x1), float(bottom), unescape(text))
            for x0, top, x1, bottom, text in _WORD.findall(body)
        )
        found.append(Page(float(width), float(height), words))
    return tuple(found)


@functools.cache
def page_texts(pdf: Path) -> tuple[str, ...]:
    """Each page's text as the PDF holds it, ligatures undone ("ﬁ" is "fi").

    ``-raw`` keeps the order of the PDF's own text and a hyphen that ends a line ("conflict-
    between-" then "members"); pdftotext's layout mode would join such words and drop it.
    """
    text = unicodedata.normalize("NFKC", _pdftotext("-raw", str(pdf)))
    found = text.split("\f")
    if found and not found[-1].strip():
        found.pop()  # pdftotext ends the last page with a form feed too
    return tuple(found)


def first_page_text(pdf: Path) -> str:
    """The first page only (cheaper than the whole file for a long document)."""
    return unicodedata.normalize("NFKC", _pdftotext("-raw", "-f", "1", "-l", "1", str(pdf)))
