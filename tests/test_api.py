"""The public API: every name in facilitate.__all__ resolves, and importing it stays light."""

from __future__ import annotations

import subprocess
import sys

import facilitate


def test_every_public_name_resolves() -> None:
    for name in facilitate.__all__:
        assert getattr(facilitate, name) is not None, name


def test_the_catalog_and_errors_through_the_public_api() -> None:
    catalog = facilitate.open_catalog()
    assert isinstance(catalog, facilitate.Catalog)
    assert issubclass(facilitate.CatalogError, facilitate.UserError)


def test_importing_the_package_imports_no_heavy_library() -> None:
    code = (
        "import sys, facilitate; "
        "print([m for m in ('typer', 'pydantic', 'yaml', 'jinja2') if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
