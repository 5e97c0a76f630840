"""The check-in core: a seed draws the same prompts; picked prompts come as chosen."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from facilitate.catalog import open_catalog
from facilitate.documents.checkin import CheckinOptions, make_checkin, offered
from facilitate.errors import NotFoundError
from facilitate.group.group import Group
from facilitate.group.history import write_history
from facilitate.models.workspace import HistoryEntry, HistoryFile, Profile

DAY = dt.date(2026, 3, 3)


def test_a_seed_draws_the_same_prompts() -> None:
    group = Group(catalog=open_catalog(), today=DAY)
    one = make_checkin(group, CheckinOptions(seed=7), "md")
    two = make_checkin(group, CheckinOptions(seed=7), "md")
    assert one.selection.ids == two.selection.ids and one.document == two.document


def test_picked_prompts_are_printed_in_order_and_a_typo_gets_the_closest() -> None:
    group = Group(catalog=open_catalog(), today=DAY)
    ids = [c.id for c in offered(group, CheckinOptions())][:2]
    picked = CheckinOptions(picked=(ids[1], ids[0]))
    checkin = make_checkin(group, picked, "md")
    assert checkin.selection.ids == [ids[1], ids[0]]
    typo = CheckinOptions(picked=(ids[0][:-1] + "x",))
    with pytest.raises(NotFoundError, match="did you mean"):
        make_checkin(group, typo, "md")


def test_the_groups_today_decides_which_meetings_came_before(tmp_path: Path) -> None:
    write_history(tmp_path / "history.yaml", HistoryFile(meetings=[HistoryEntry(date=DAY)]))
    profile = Profile(name="Tuesday group")
    first = "no earlier meetings in history.yaml, so light prompts come first"
    on_the_day = Group(catalog=open_catalog(), folder=tmp_path, profile=profile, today=DAY)
    assert first in make_checkin(on_the_day, CheckinOptions(seed=1), "md").notes
    after = Group(
        catalog=open_catalog(), folder=tmp_path, profile=profile, today=DAY + dt.timedelta(1)
    )
    assert first not in make_checkin(after, CheckinOptions(seed=1), "md").notes


def test_golden_html(golden: Callable[[str, str], None]) -> None:
    group = Group(catalog=open_catalog(), today=DAY)
    checkin = make_checkin(group, CheckinOptions(seed=7), "html")
    assert isinstance(checkin.document, str)
    golden("checkin-seed7.html", checkin.document)
