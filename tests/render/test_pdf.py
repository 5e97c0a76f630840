"""HTML to PDF through WeasyPrint: what one process shares between PDFs, and the trimmed CSS."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from facilitate.render import pdf
from facilitate.render.pdf import html_to_pdf, weasyprint_available

pytestmark = pytest.mark.skipif(not weasyprint_available(), reason="WeasyPrint is not installed")

PAGE = (
    "<!DOCTYPE html><html><head><title>t</title><style>{css}</style></head>"
    "<body>{body}</body></html>"
)


def test_a_pdf_is_made() -> None:
    assert html_to_pdf("<!doctype html><title>t</title><p>Hello</p>").startswith(b"%PDF")


@pytest.fixture
def fresh() -> Iterator[None]:
    """Forget what this process has kept, before and after the test."""
    pdf.font_config.cache_clear()
    pdf._stylesheet.cache_clear()
    yield
    pdf.font_config.cache_clear()
    pdf._stylesheet.cache_clear()


def test_every_pdf_of_a_process_shares_one_font_configuration(
    fresh: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from weasyprint.text import fonts

    made: list[Any] = []

    class Counted(fonts.FontConfiguration):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__()
            made.append(self)

    # WeasyPrint makes one of its own for a document given none (document.py, css/).
    for module in ("weasyprint.text.fonts", "weasyprint.document", "weasyprint.css"):
        monkeypatch.setattr(f"{module}.FontConfiguration", Counted)
    for text in ("one", "two", "three"):
        html_to_pdf(PAGE.format(css="p { color: #333; }", body=f"<p>{text}</p>"))
    assert len(made) == 1
    assert pdf.font_config() is made[0]


def test_a_style_sheet_is_parsed_once_for_the_documents_that_share_it(fresh: None) -> None:
    for text in ("one", "two", "three"):
        html_to_pdf(PAGE.format(css="p { color: #333; }", body=f"<p>{text}</p>"))
    html_to_pdf(PAGE.format(css="p { color: #000; }", body="<p>four</p>"))
    info = pdf._stylesheet.cache_info()
    assert (info.misses, info.hits) == (2, 2)


def test_the_style_element_is_taken_out_only_in_the_shape_the_templates_write() -> None:
    one = PAGE.format(css="p { color: red }", body="<p>x</p>")
    body, css = pdf.split_style(one)
    assert css == "p { color: red }"
    assert "<style" not in body and "<p>x</p>" in body
    two = one.replace("</head>", "<style>p { margin: 0 }</style></head>")
    linked = one.replace("</head>", "<link rel='stylesheet' href='x.css'></head>")
    media = one.replace("<style>", "<style media='screen'>")
    in_body = "<!DOCTYPE html><title>t</title><body><svg><style>rect{}</style></svg></body>"
    for html in (two, linked, media, in_body):
        assert pdf.split_style(html) == (html, None)


def test_a_style_sheet_fetches_no_local_file(tmp_path: Path) -> None:
    from PIL import Image

    picture = tmp_path / "p.png"
    Image.new("RGB", (4, 4), "red").save(picture)
    css = f"body {{ background: url('file://{picture}'); }}"
    out = html_to_pdf(PAGE.format(css=css, body="<p>hello</p>"))
    assert b"/Image" not in out


def test_an_array_is_made_from_its_items_whatever_its_length() -> None:
    from weasyprint.text.ffi import ffi

    arrays = pdf._ArraysByLength(ffi)
    made = arrays.new("hb_codepoint_t[3]", [5, 6, 7])
    assert list(made) == [5, 6, 7]
    assert ffi.typeof(made) is ffi.typeof("hb_codepoint_t[]")
    # Bytes keep their fixed length: "char[]" would add a zero byte at the end.
    assert len(arrays.new("char[3]", b"abc")) == 3
    assert arrays.NULL is ffi.NULL


def test_subsetting_parses_no_array_type_per_length() -> None:
    from weasyprint.text.ffi import ffi

    parsed = getattr(ffi, "_parsed_types", None)
    if parsed is None:
        pytest.skip("this cffi keeps its parsed types elsewhere")
    html_to_pdf(PAGE.format(css="b { color: red }", body="<p>Plain <b>bold</b></p>"))
    before = set(parsed)  # the fixed-size types any first PDF needs are parsed by now
    # Other text, so other glyphs: each font's subset has new lengths.
    html_to_pdf(PAGE.format(css="b { color: red }", body="<p>Quite <b>other</b> words?</p>"))
    new = [k for k in set(parsed) - before if re.fullmatch(r"\w+\[\d+\]", str(k))]
    assert new == []


# -- the trimmed style sheet -----------------------------------------------------------------------


def test_a_rule_needing_a_class_the_document_lacks_is_dropped() -> None:
    css = (
        "@page { size: A4 }\n"
        "p { margin: 0 }\n"
        "html.large-print p { font-size: 16pt }\n"
        ".say::before, .note { content: '' }\n"
        "li:not(.done) { color: red }\n"
        ".a.b { color: blue }"
    )
    kept = pdf.trim_css(css, frozenset({"note", "a"}))
    assert "@page" in kept and "p { margin: 0 }" in kept
    assert "large-print" not in kept
    assert ".say::before, .note" in kept  # one selector of the list can match
    assert "li:not(.done)" in kept  # a class inside :not() is not needed
    assert ".a.b" not in kept  # needs both
    assert pdf.trim_css(css, None) == css


def test_the_classes_of_a_document_are_read_from_its_attributes() -> None:
    html = "<html class='Large-Print'><p class=\"say  note\">x</p><td class=time>"
    assert pdf.html_classes(html) == {"large-print", "say", "note", "time"}
    assert pdf.html_classes('<p class="&#97;">') is None


@cache
def _documents() -> dict[str, str]:
    import datetime as dt

    from facilitate.catalog import open_catalog
    from facilitate.documents.agenda import AgendaRequest, build_agenda, render_agenda
    from facilitate.group.group import Group

    group = Group(catalog=open_catalog(None, None), today=dt.date(2026, 12, 1))
    agenda = build_agenda(group, AgendaRequest(topic="boundaries", seed=7))
    first = build_agenda(group, AgendaRequest(first_meeting=True, seed=7))
    docs = {
        "agenda": render_agenda(group, agenda, "html"),
        "large print": render_agenda(group, agenda, "html", large_print=True),
        "handout": render_agenda(group, agenda, "html", audience="members"),
        "glance": render_agenda(group, agenda, "html", layout="glance"),
        "first meeting": render_agenda(group, first, "html"),
    }
    assert all(isinstance(d, str) for d in docs.values())
    return {k: str(v) for k, v in docs.items()}


@pytest.mark.parametrize("name", ["agenda", "large print", "handout", "glance", "first meeting"])
def test_the_trimmed_css_keeps_every_rule_the_document_uses(name: str) -> None:
    import cssselect2
    import tinycss2
    from weasyprint import HTML

    html = _documents()[name]
    body, css = pdf.split_style(html)
    assert css is not None
    kept = pdf.trim_css(css, pdf.html_classes(body))
    elements = list(HTML(string=html).wrapper_element.iter_subtree())
    dropped = 0
    for rule in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True):
        if rule.type != "qualified-rule":
            assert rule.serialize() in kept
            continue
        selectors = cssselect2.compile_selector_list(rule.prelude)
        used = any(s.test(e) for s in selectors for e in elements)
        if used:
            assert rule.serialize() in kept, rule.serialize()
        else:
            dropped += rule.serialize() not in kept
    assert dropped > 0  # and it does leave something out


@pytest.mark.parametrize("name", ["agenda", "large print"])
def test_the_trimmed_css_makes_the_same_pdf_as_the_whole_style_element(name: str) -> None:
    from weasyprint import HTML

    html = _documents()[name]
    whole = HTML(string=html, url_fetcher=pdf._fetcher()).render().write_pdf(hinting=True)
    assert html_to_pdf(html) == whole
