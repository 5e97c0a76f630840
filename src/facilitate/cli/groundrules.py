"""`facilitate groundrules` (being built)."""

from __future__ import annotations

from facilitate.cli._app import new_app

app = new_app("groundrules")
