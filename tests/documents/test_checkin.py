"""The check-in core: a seed draws the same prompts; without a workspace nothing is recorded."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from facilitate.catalog import open_catalog
from facilitate.documents.checkin import CheckinOptions, make_checkin, record

DAY = dt.date(2026, 3, 3)


def test_a_seed_draws_the_same_prompts() -> None:
    catalog = open_catalog()
    one = make_checkin(catalog, None, None, CheckinOptions(seed=7), "md", today=DAY)
    two = make_checkin(catalog, None, None, CheckinOptions(seed=7), "md", today=DAY)
    assert one.selection.ids == two.selection.ids and one.document == two.document


def test_without_a_workspace_nothing_is_recorded() -> None:
    checkin = make_checkin(open_catalog(), None, None, CheckinOptions(seed=1), "md", today=DAY)
    assert checkin.entry is None and record(checkin) is None


def test_golden_html(golden: Callable[[str, str], None]) -> None:
    checkin = make_checkin(open_catalog(), None, None, CheckinOptions(seed=7), "html", today=DAY)
    assert isinstance(checkin.document, str)
    golden("checkin-seed7.html", checkin.document)
