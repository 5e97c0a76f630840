"""Reading, validating and layering the catalogs."""

from facilitate.catalog.layers import Catalog, Source, open_catalog

__all__ = ["Catalog", "Source", "open_catalog"]
