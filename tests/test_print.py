"""Print as people print: every HTML document, on A4 and Letter, in WeasyPrint and in Chromium.

One session renders every document kind (tests/printing.py), lays each out with WeasyPrint (as
``-o FILE.pdf`` does) and prints each in one headless Chromium, which also runs axe-core. The
tests then read the PDFs: page counts within the limits, no page but the last under half full,
the same page count in both engines, large print never under 16 pt, nothing past the page's
margins, no heading at the foot of a page, and a part's words to say on its heading's page.

Chromium and axe-core are optional on a developer's machine (the tests that need them skip);
CI sets FACILITATE_PRINT_TESTS=require, so there they must run.
"""

from __future__ import annotations

import functools
import math
import os
import re
import unicodedata
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from tests import chromium, pdftext
from tests.printing import Document, make_documents

pytestmark = pytest.mark.slow
MM = 72 / 25.4
REQUIRE = os.environ.get("FACILITATE_PRINT_TESTS") == "require"


def _weasy(job: tuple[str, str]) -> None:
    from facilitate.render.pdf import html_to_pdf

    html, pdf = job
    Path(pdf).write_bytes(html_to_pdf(Path(html).read_text(encoding="utf-8")))


@dataclass
class Printed:
    docs: list[Document]
    weasy: dict[Path, Path]
    chrome: dict[Path, Path]
    axe: dict[Path, list[dict[str, Any]]]
    browser_error: str = ""


@pytest.fixture(scope="session")
def printed(tmp_path_factory: pytest.TempPathFactory) -> Printed:
    """Every document, printed by both engines, once per test run.

    The first pytest-xdist worker to need it prints into a folder every worker sees, holding
    that folder's lock (the product's own, storage/locking.py); the others wait and read it.
    """
    import json

    from facilitate.storage.locking import locked
    from tests.printing import KINDS

    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # the run's folder; each worker has its own below it
    folder = base / "print-shared"
    folder.mkdir(exist_ok=True)
    done = folder / "printed.json"
    with locked(folder / "printing", wait=900.0):
        if not done.is_file():
            done.write_text(json.dumps(_print_all(folder)), encoding="utf-8")
    data = json.loads(done.read_text(encoding="utf-8"))
    kinds = {k.name: k for k in KINDS}
    docs = [Document(kinds[k], paper, large, Path(h)) for k, paper, large, h in data["docs"]]
    weasy = {d.html: folder / "weasyprint" / f"{d.name}.pdf" for d in docs}
    error = data["error"]
    if error and REQUIRE:
        pytest.fail(error)
    chrome = {} if error else {d.html: folder / "chromium" / f"{d.name}.pdf" for d in docs}
    found = {Path(h): v for h, v in data["axe"].items()}
    return Printed(docs, weasy, chrome, found, error)


def _print_all(folder: Path) -> dict[str, Any]:
    docs = make_documents(folder)
    (folder / "weasyprint").mkdir(exist_ok=True)
    weasy = {d.html: folder / "weasyprint" / f"{d.name}.pdf" for d in docs}
    # WeasyPrint takes about a second a document: two processes halve the wait.
    with ProcessPoolExecutor(max_workers=2) as pool:
        list(pool.map(_weasy, [(str(h), str(p)) for h, p in weasy.items()]))
    (folder / "chromium").mkdir(exist_ok=True)
    chrome = {d.html: folder / "chromium" / f"{d.name}.pdf" for d in docs}
    axe_for = [d.html for d in docs if d.paper == "a4"]
    error, found = "", {}
    if chromium.chromium_path() is None:
        error = "no chromium on this machine (apt-get install chromium)"
    elif not chromium.AXE.is_file():
        error = "no axe-core (npm ci --prefix tests/browser)"
    else:
        found = chromium.print_all(chrome.items(), axe_for)
    return {
        "docs": [(d.kind.name, d.paper, d.large, str(d.html)) for d in docs],
        "axe": {str(h): v for h, v in found.items()},
        "error": error,
    }


def _browser(printed: Printed) -> None:
    if printed.browser_error:
        pytest.skip(printed.browser_error)


# -- reading a PDF ---------------------------------------------------------------------------------


@dataclass
class Run:
    x: float
    y: float
    size: float
    text: str


@functools.cache
def sized_runs(pdf: Path) -> list[list[Run]]:
    """Each page's text runs with their font sizes in points, read by pypdf.

    Only the large-print check needs exact sizes (pdftotext gives word boxes, whose height
    depends on the font's ascent and descent); everything else reads pdftotext's words.
    """
    pages = []
    for page in PdfReader(pdf).pages:
        found: list[Run] = []

        def visit(
            text: str,
            cm: list[float],
            tm: list[float],
            font: Any,
            size: float,
            found: list[Run] = found,
        ) -> None:
            if not text.strip():
                return
            x = cm[0] * tm[4] + cm[2] * tm[5] + cm[4]
            y = cm[1] * tm[4] + cm[3] * tm[5] + cm[5]
            det = (tm[0] * tm[3] - tm[1] * tm[2]) * (cm[0] * cm[3] - cm[1] * cm[2])
            found.append(Run(x, y, size * math.sqrt(abs(det)), text))

        page.extract_text(visitor_text=visit)
        pages.append(found)
    return pages


FOOTER = 16 * MM  # the page-number line sits in the bottom margin, lower than this


def body(page: pdftext.Page) -> list[pdftext.Word]:
    """The page's words above the footer line."""
    return [w for w in page.words if page.height - w.bottom > FOOTER]


def fill(page: pdftext.Page) -> float:
    """How far down the page the text reaches, from 0 (empty) to 1 (full)."""
    text = body(page)
    if not text:
        return 0.0
    lowest = max(w.bottom for w in text)
    return (lowest - 10 * MM) / (page.height - 10 * MM - FOOTER)


def squash(text: str) -> str:
    """Text without tags, entities, spaces or ligatures (Chromium's PDF has "ﬁ" for "fi")."""
    plain = unescape(re.sub(r"<[^>]+>", " ", text))
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", plain))


def page_texts(pdf: Path) -> list[str]:
    return [squash(t) for t in pdftext.page_texts(pdf)]


def margins(html: str) -> tuple[float, float]:
    """The left and right page margins the document asks for (the last @page rule wins), pt."""
    found = re.findall(r"@page\s*\{[^}]*?margin:\s*([^;]+);", html)
    values = [float(v) for v in re.findall(r"([\d.]+)mm", found[-1])]
    side = values[1] if len(values) > 1 else values[0]
    return side * MM, side * MM


# -- the tests ------------------------------------------------------------------------------------


def test_every_document_fits_its_page_limit(printed: Printed) -> None:
    over = []
    for doc in printed.docs:
        pages = len(PdfReader(printed.weasy[doc.html]).pages)
        if pages > doc.limit:
            over.append(f"{doc.name}: {pages} pages, at most {doc.limit}")
    assert over == []


def test_no_page_but_the_last_is_less_than_half_full(printed: Printed) -> None:
    thin = []
    for doc in printed.docs:
        pages = pdftext.pages(printed.weasy[doc.html])
        for number, page in enumerate(pages[:-1], start=1):
            share = fill(page)
            if share < 0.5:
                thin.append(f"{doc.name} page {number}: {share:.0%} full")
    assert thin == []


def test_chromium_prints_as_many_pages_as_weasyprint(printed: Printed) -> None:
    _browser(printed)
    differ = []
    for doc in printed.docs:
        ours = len(PdfReader(printed.weasy[doc.html]).pages)
        theirs = len(PdfReader(printed.chrome[doc.html]).pages)
        if ours != theirs:
            differ.append(f"{doc.name}: WeasyPrint {ours}, Chromium {theirs}")
    assert differ == []


def test_axe_finds_no_serious_or_critical_violation(printed: Printed) -> None:
    _browser(printed)
    assert printed.axe, "axe ran on no document"
    bad = [
        f"{html.name}: {v['id']} ({v['impact']}): {v['help']} at {v['targets']}"
        for html, violations in printed.axe.items()
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]
    assert bad == []


def _engines(printed: Printed) -> list[tuple[str, dict[Path, Path]]]:
    engines = [("WeasyPrint", printed.weasy)]
    if printed.chrome:
        engines.append(("Chromium", printed.chrome))
    return engines


def test_large_print_is_never_smaller_than_16_points(printed: Printed) -> None:
    small = []
    for engine, pdfs in _engines(printed):
        for doc in printed.docs:
            if not doc.large:
                continue
            for number, found in enumerate(sized_runs(pdfs[doc.html]), start=1):
                sizes = [r for r in found if r.size < 15.9]
                if sizes:
                    low = min(sizes, key=lambda r: r.size)
                    small.append(f"{engine} {doc.name} p{number}: {low.size:.1f} pt {low.text!r}")
    assert small == []


def test_nothing_runs_past_the_page_margins(printed: Printed) -> None:
    out = []
    for engine, pdfs in _engines(printed):
        for doc in printed.docs:
            left, right = margins(doc.html.read_text(encoding="utf-8"))
            for page in pdftext.pages(pdfs[doc.html]):
                for w in page.words:
                    if w.x0 < left - 1.5 or w.x1 > page.width - right + 1.5:
                        out.append(f"{engine} {doc.name}: {w.text!r} at {w.x0:.1f}–{w.x1:.1f}")
    assert out[:20] == []


def _headings(html: str) -> list[str]:
    return [squash(h) for h in re.findall(r"<h[1-3][^>]*>(.*?)</h[1-3]>", html, flags=re.S)]


def test_a_heading_never_ends_a_page_and_the_words_to_say_stay_with_it(printed: Printed) -> None:
    problems = []
    for engine, pdfs in _engines(printed):
        for doc in printed.docs:
            html = doc.html.read_text(encoding="utf-8")
            headings = [h for h in _headings(html) if len(h) > 3]
            pages = pdftext.pages(pdfs[doc.html])
            for number, page in enumerate(pages[:-1], start=1):
                text = body(page)
                if not text:
                    continue
                low = max(w.bottom for w in text)
                line = sorted((w for w in text if abs(w.bottom - low) < 2), key=lambda w: w.x0)
                last = squash("".join(w.text for w in line))
                if last and any(h.startswith(last) or h == last for h in headings):
                    problems.append(f"{engine} {doc.name} page {number} ends with {last!r}")
            if not doc.kind.script:
                continue
            texts = page_texts(pdfs[doc.html])
            for section in re.findall(r'<section class="segment".*?</section>', html, re.S):
                heading = squash(re.search(r"<h2.*?</h2>", section, re.S).group(0))  # type: ignore[union-attr]
                says = re.findall(r'<li class="say">(.*?)</li>', section, re.S)
                if not says:
                    continue
                first = next((i for i, t in enumerate(texts) if heading[:40] in t), None)
                said = squash(says[-1])[:30]
                where = next((i for i, t in enumerate(texts) if said in t), None)
                if first is None or where is None or first != where:
                    problems.append(f"{engine} {doc.name}: {heading[:30]!r} {first} vs {where}")
    assert problems == []
