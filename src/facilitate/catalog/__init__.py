"""Reading, validating and layering the catalogs.

The names below are loaded when first used: ``storage/cache.py`` imports ``catalog.loader``,
and ``catalog.layers`` imports the cache, so importing the package must not import layers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from facilitate.catalog.layers import Catalog as Catalog
    from facilitate.catalog.layers import Source as Source
    from facilitate.catalog.layers import open_catalog as open_catalog

__all__ = ["Catalog", "Source", "open_catalog"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from facilitate.catalog import layers

        return getattr(layers, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
