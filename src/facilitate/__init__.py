"""facilitate: meeting material for peer support group facilitators.

The public API is the names in ``__all__``; everything else may change between releases.
They are imported when first used, so that ``import facilitate`` (which every run of the
command does, the Tab-completion shortcut included) stays cheap.
"""

from __future__ import annotations

# Not `from typing import TYPE_CHECKING`: typing (and contextlib with it) would add several
# milliseconds to every Tab, which imports this package.
TYPE_CHECKING = False

__version__ = "0.1.0"

if TYPE_CHECKING:
    from typing import Any

    from facilitate.catalog.layers import Catalog as Catalog
    from facilitate.catalog.layers import open_catalog as open_catalog
    from facilitate.documents.agenda import AgendaRequest as AgendaRequest
    from facilitate.documents.agenda import AgendaResult as AgendaResult
    from facilitate.documents.agenda import build_agenda as build_agenda
    from facilitate.documents.agenda import render_agenda as render_agenda
    from facilitate.errors import CatalogError as CatalogError
    from facilitate.errors import FacilitateError as FacilitateError
    from facilitate.errors import Issue as Issue
    from facilitate.errors import NotFoundError as NotFoundError
    from facilitate.errors import TemplateError as TemplateError
    from facilitate.errors import UserError as UserError
    from facilitate.group.group import Group as Group

_HOMES = {
    "Catalog": "facilitate.catalog.layers",
    "open_catalog": "facilitate.catalog.layers",
    "AgendaRequest": "facilitate.documents.agenda",
    "AgendaResult": "facilitate.documents.agenda",
    "build_agenda": "facilitate.documents.agenda",
    "render_agenda": "facilitate.documents.agenda",
    "CatalogError": "facilitate.errors",
    "FacilitateError": "facilitate.errors",
    "Issue": "facilitate.errors",
    "NotFoundError": "facilitate.errors",
    "TemplateError": "facilitate.errors",
    "UserError": "facilitate.errors",
    "Group": "facilitate.group.group",
}

__all__ = ["__version__", *_HOMES]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(home), name)
