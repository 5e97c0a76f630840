"""PDF through WeasyPrint (the optional ``pdf`` extra), with no file or network access."""

from __future__ import annotations

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
        from weasyprint import HTML
        from weasyprint.urls import URLFetcher
    except (ImportError, OSError):
        raise UserError(INSTALL_HINT) from None

    class _NoFetch(URLFetcher):  # type: ignore[misc]
        # Our documents carry their CSS inline; refusing every URL means catalog text can
        # never make the PDF embed a local file or reach the network.
        def fetch(self, url: str, *args: Any, **kwargs: Any) -> Any:
            raise ValueError(f"facilitate does not fetch {url!r} while making a PDF")

    try:
        fetcher: Any = _NoFetch()
    except TypeError:  # older WeasyPrint takes a plain function
        fetcher = _refuse
    from facilitate.render.sandbox import TemplateLimit, deadline

    # Laying out is bounded too: a template can ask for any number of pages. Our documents
    # take a second or two; a document that takes minutes is refused, not waited for.
    try:
        with deadline(PDF_TIME_LIMIT, "laying out the PDF"):
            document = HTML(string=html, url_fetcher=fetcher).render()
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


def _refuse(url: str, *args: Any, **kwargs: Any) -> Any:
    raise ValueError(f"facilitate does not fetch {url!r} while making a PDF")
