"""The confidentiality guard: a change may not lose the last rule, or the words on its limits."""

from __future__ import annotations

import pytest

from facilitate.errors import UserError
from facilitate.group.confidentiality import confidentiality, guard
from facilitate.models.catalog import GroundRule

PROMISE = GroundRule(id="stays", text="What is said here stays here.", category="confidentiality")
LIMITS = GroundRule(
    id="limits",
    text="Unless someone is at serious risk of harm.",
    category="confidentiality",
)
RESPECT = GroundRule(id="listen", text="One voice at a time.", category="respect")


def test_rules_and_limits_are_found() -> None:
    found = confidentiality([PROMISE, LIMITS, RESPECT])
    assert found.rules == ("stays", "limits") and found.limits == ("limits",)


def test_losing_the_last_rule_is_refused_unless_forced() -> None:
    with pytest.raises(UserError, match="last confidentiality rule"):
        guard("g.yaml", "stays", [PROMISE, RESPECT], [RESPECT], removing=True, force=False)
    notice = guard("g.yaml", "stays", [PROMISE, RESPECT], [RESPECT], removing=True, force=True)
    assert notice is not None and "no confidentiality rule" in notice


def test_a_change_that_keeps_both_passes() -> None:
    rules = [PROMISE, LIMITS, RESPECT]
    assert guard("g.yaml", "listen", rules, rules[:2], removing=True, force=False) is None
