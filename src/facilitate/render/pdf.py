"""PDF through WeasyPrint (the optional ``pdf`` extra), with no file or network access.

A process may make several PDFs (``season --agendas DIR`` makes eight agendas and the season's
own), so what does not depend on one document is made once per process and shared: the font
configuration (WeasyPrint's link to Fontconfig and Pango) and the parsed style sheets, keyed
by their text. Each PDF gets only the CSS rules that can apply to it (``trim_css``), and
font subsetting no longer parses a C type name per PDF (``_ArraysByLength``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache, lru_cache
from typing import Any

from facilitate.errors import UserError

INSTALL_HINT = (
    "PDF output needs WeasyPrint: pip install 'facilitate[pdf]' "
    "(or write HTML with -o FILE.html and print it from a browser)"
)


def weasyprint_available() -> bool:
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError):
        return False
    return True


def html_to_pdf(html: str) -> bytes:
    """Lay out a self-contained HTML document as PDF; nothing outside it is fetched."""
    try:
        # The fetcher's base class is in weasyprint.urls: a broken install fails here.
        import weasyprint.urls  # noqa: F401
        from weasyprint import HTML
    except (ImportError, OSError):
        raise UserError(INSTALL_HINT) from None
    from facilitate.render.sandbox import TemplateLimit, deadline

    _subset_without_reparsing()
    body, css = split_style(html)
    # Laying out is bounded too: a template can ask for any number of pages. Our documents
    # take a second or two; a document that takes minutes is refused, not waited for.
    try:
        with deadline(PDF_TIME_LIMIT, "laying out the PDF"):
            sheets = [] if css is None else [_stylesheet(trim_css(css, html_classes(body)))]
            document = HTML(string=body, url_fetcher=_fetcher()).render(
                font_config=font_config(), stylesheets=sheets
            )
            if len(document.pages) > MAX_PDF_PAGES:
                raise UserError(
                    f"the PDF would have {len(document.pages):,} pages; at most "
                    f"{MAX_PDF_PAGES} are made (check the template)"
                )
            # Keeping the fonts' hinting skips a slow step of subsetting (about 0.1 s a PDF).
            result = document.write_pdf(hinting=True)
    except TemplateLimit as exc:
        raise UserError(f"{exc}; check the template") from None
    assert isinstance(result, bytes)
    return result


PDF_TIME_LIMIT = 60.0
MAX_PDF_PAGES = 200


# -- what one process shares between its PDFs ------------------------------------------------------


@cache
def font_config() -> Any:
    """The one WeasyPrint font configuration of this process.

    Making one reads Fontconfig's configuration and font lists again, and its caches (text
    struts, font features) start empty; every PDF of the process shares this one instead.
    """
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


@cache
def _fetcher() -> Any:
    from weasyprint.urls import URLFetcher

    class _NoFetch(URLFetcher):  # type: ignore[misc]
        # Our documents carry their CSS inline; refusing every URL means catalog text can
        # never make the PDF embed a local file or reach the network.
        def fetch(self, url: str, *args: Any, **kwargs: Any) -> Any:
            raise ValueError(f"facilitate does not fetch {url!r} while making a PDF")

    try:
        return _NoFetch()
    except TypeError:  # older WeasyPrint takes a plain function
        return _refuse


def _refuse(url: str, *args: Any, **kwargs: Any) -> Any:
    raise ValueError(f"facilitate does not fetch {url!r} while making a PDF")


@lru_cache(maxsize=16)
def _stylesheet(css: str) -> Any:
    """The style sheet parsed once per process: a season's agendas share the same text."""
    from weasyprint import CSS

    return CSS(string=css, url_fetcher=_fetcher(), font_config=font_config())


# -- the document's style sheet, taken out and trimmed ------------------------------------------

_STYLE = re.compile(r"<style>(.*?)</style>", re.DOTALL)
_STYLE_OR_LINK = re.compile(r"<(?:style|link)\b", re.IGNORECASE)
_BODY = re.compile(r"<body\b", re.IGNORECASE)
_CLASS_ATTR = re.compile(r"\bclass\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s>]+)", re.IGNORECASE)


def split_style(html: str) -> tuple[str, str | None]:
    """The document without its style element, and that element's CSS.

    WeasyPrint then gets the CSS as a parsed style sheet it may reuse. Given that way it counts
    as the user's style sheet rather than the author's, which changes nothing here: it still
    wins over WeasyPrint's own defaults, and the only author styles left are ``style``
    attributes, which win over any rule either way. Only the shape our templates write is
    taken apart: exactly one ``<style>`` with no attributes and no
    ``<link>``. Anything else (a user's template with two style elements, a media attribute)
    is left whole, as its order and media would matter; so is a style element in the body
    (one inside an SVG picture belongs to the picture).
    """
    if len(_STYLE_OR_LINK.findall(html)) != 1:
        return html, None
    match = _STYLE.search(html)
    body = _BODY.search(html)
    if match is None or (body is not None and body.start() < match.start()):
        return html, None  # only a style element in the head, where ours is
    return html[: match.start()] + html[match.end() :], match.group(1)


def html_classes(html: str) -> frozenset[str] | None:
    """Every class name written in the document, in lower case; None if it cannot be told."""
    found: set[str] = set()
    for match in _CLASS_ATTR.finditer(html):
        value = match.group(1).strip("\"'")
        if "&" in value:  # a character reference could spell any name: keep every rule
            return None
        found.update(value.lower().split())
    return frozenset(found)


def trim_css(css: str, classes: frozenset[str] | None) -> str:
    """The CSS without the rules that cannot match an element of the document.

    A selector such as ``html.large-print .legend`` needs both classes on elements of the
    page; when the document has no element of one class, the selector matches nothing, and a
    rule whose selectors all match nothing is dropped. Classes inside ``:not()``, ``:is()``
    and other functions do not count as needed. Everything else is kept as written: at-rules
    (``@page``, ``@media``), and selectors with no class.
    """
    if classes is None:
        return css
    rules = _parsed_rules(css)
    if rules is None:
        return css
    kept = [text for text, needs in rules if any(n <= classes for n in needs)]
    return "\n".join(kept)


Rule = tuple[str, Sequence[frozenset[str]]]


@lru_cache(maxsize=16)
def _parsed_rules(css: str) -> list[Rule] | None:
    """Each top-level rule's text, with the classes each of its selectors needs.

    An at-rule, or a rule that cannot be read, needs nothing (it is always kept). None when
    tinycss2 (which WeasyPrint brings) cannot be imported.
    """
    try:
        import tinycss2
    except ImportError:
        return None
    rules: list[Rule] = []
    for node in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True):
        text = node.serialize()
        if node.type == "qualified-rule":
            rules.append((text, _selector_needs(node.prelude)))
        else:
            rules.append((text, [frozenset()]))
    return rules


def _selector_needs(prelude: list[Any]) -> list[frozenset[str]]:
    """The classes each selector of a rule needs (only those outside functions)."""
    needs: list[frozenset[str]] = []
    current: set[str] = set()
    after_dot = False
    for token in prelude:
        if token.type == "literal" and token.value == ",":
            needs.append(frozenset(current))
            current, after_dot = set(), False
            continue
        if after_dot and token.type == "ident":
            current.add(token.lower_value)
        after_dot = token.type == "literal" and token.value == "."
    needs.append(frozenset(current))
    return needs


# -- a faster font subset --------------------------------------------------------------------------

_FIXED_ARRAY = re.compile(r"([A-Za-z_][A-Za-z0-9_ ]*)\[(\d+)\]")


class _ArraysByLength:
    """WeasyPrint's cffi object, but an array of N items is made as ``type[]`` from its items.

    When WeasyPrint subsets a font it asks cffi for ``hb_codepoint_t[5039]``, with a length
    that changes from one PDF to the next. cffi parses each new C type name with pycparser,
    which takes about 3 ms here, and a PDF with four fonts asks for eight new lengths: some
    25 ms a PDF spent reading C declarations. ``hb_codepoint_t[]`` with the same items gives
    the same array and is parsed once per process. Only ``weasyprint.pdf.fonts`` sees this
    object; the PDFs are byte for byte the same.
    """

    def __init__(self, ffi: Any) -> None:
        self._ffi = ffi

    def new(self, cdecl: Any, init: Any = None) -> Any:
        if isinstance(cdecl, str) and init is not None:
            match = _FIXED_ARRAY.fullmatch(cdecl.strip())
            # Only a list or tuple: "char[]" from bytes would add a closing zero byte.
            if match and isinstance(init, list | tuple) and len(init) == int(match.group(2)):
                return self._ffi.new(f"{match.group(1).strip()}[]", init)
        return self._ffi.new(cdecl, init)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._ffi, name)


@cache
def _subset_without_reparsing() -> None:
    """Give WeasyPrint's font subsetting the array maker above, if its code is as expected."""
    try:
        from weasyprint.pdf import fonts
    except ImportError:
        return
    ffi = getattr(fonts, "ffi", None)
    if type(ffi).__module__ == "cffi.api" and type(ffi).__name__ == "FFI":
        fonts.ffi = _ArraysByLength(ffi)
