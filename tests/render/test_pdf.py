"""HTML to PDF through WeasyPrint."""

from __future__ import annotations

import pytest

from facilitate.render.pdf import html_to_pdf, weasyprint_available


@pytest.mark.skipif(not weasyprint_available(), reason="WeasyPrint is not installed")
def test_a_pdf_is_made() -> None:
    assert html_to_pdf("<!doctype html><title>t</title><p>Hello</p>").startswith(b"%PDF")
