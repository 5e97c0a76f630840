"""The check-in core: a seed draws the same prompts; picked prompts come as chosen."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from facilitate.catalog import open_catalog
from facilitate.documents.checkin import CheckinOptions, make_checkin, offered
from facilitate.errors import NotFoundError

DAY = dt.date(2026, 3, 3)


def test_a_seed_draws_the_same_prompts() -> None:
    catalog = open_catalog()
    one = make_checkin(catalog, None, None, CheckinOptions(seed=7), "md", today=DAY)
    two = make_checkin(catalog, None, None, CheckinOptions(seed=7), "md", today=DAY)
    assert one.selection.ids == two.selection.ids and one.document == two.document


def test_picked_prompts_are_printed_in_order_and_a_typo_gets_the_closest() -> None:
    catalog = open_catalog()
    ids = [c.id for c in offered(catalog, None, CheckinOptions())][:2]
    picked = CheckinOptions(picked=(ids[1], ids[0]))
    checkin = make_checkin(catalog, None, None, picked, "md", today=DAY)
    assert checkin.selection.ids == [ids[1], ids[0]]
    typo = CheckinOptions(picked=(ids[0][:-1] + "x",))
    with pytest.raises(NotFoundError, match="did you mean"):
        make_checkin(catalog, None, None, typo, "md", today=DAY)


def test_golden_html(golden: Callable[[str, str], None]) -> None:
    checkin = make_checkin(open_catalog(), None, None, CheckinOptions(seed=7), "html", today=DAY)
    assert isinstance(checkin.document, str)
    golden("checkin-seed7.html", checkin.document)
