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
    result = HTML(string=html, url_fetcher=fetcher).write_pdf()
    assert isinstance(result, bytes)
    return result


def _refuse(url: str, *args: Any, **kwargs: Any) -> Any:
    raise ValueError(f"facilitate does not fetch {url!r} while making a PDF")
