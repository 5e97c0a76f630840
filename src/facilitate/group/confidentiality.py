"""The guard that keeps a group's confidentiality rule, and the words that say where it ends."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from facilitate.errors import UserError, field_ref
from facilitate.models.catalog import GroundRule, RuleCategory

_LIMIT_WORDS = re.compile(
    r"\b(?:harm|hurt|risk|danger|unsafe|emergenc|crisis|crises|suicid|abus)",
    re.IGNORECASE,
)
"""Words that say where confidentiality ends: 'if someone is at serious risk of harm'.

Not "limit" or "exception": "always, with no exceptions" denies the limits rather than stating
them."""


@dataclass(frozen=True)
class Confidentiality:
    """The ids of the rules that promise confidentiality, and of those that state its limits.

    A rule promises confidentiality when its category is ``confidentiality``: the group chose
    the category, and the sheet prints those rules first and in bold. A rule states the limits
    when it is such a rule and its words speak of harm, risk, danger or a crisis. That
    second test reads words, so it can miss limits put in other words; it is used for advice
    and for a refusal that ``--force`` overrides, never to block a group outright.
    """

    rules: tuple[str, ...]
    limits: tuple[str, ...]


def confidentiality(rules: Sequence[GroundRule]) -> Confidentiality:
    """Which of the rules promise confidentiality, and which of those say where it ends."""
    kept = [r for r in rules if r.category == RuleCategory.CONFIDENTIALITY]
    return Confidentiality(
        tuple(r.id for r in kept), tuple(r.id for r in kept if _LIMIT_WORDS.search(r.text))
    )


def _confidentiality_lost(before: Sequence[GroundRule], after: Sequence[GroundRule]) -> str | None:
    """'rules' when a change leaves no confidentiality rule, 'limits' when it loses the limits."""
    was, now = confidentiality(before), confidentiality(after)
    if was.rules and not now.rules:
        return "rules"
    if was.limits and not now.limits:
        return "limits"
    return None


def guard(
    file: str,
    rule_id: str,
    before: Sequence[GroundRule],
    after: Sequence[GroundRule],
    *,
    removing: bool,
    force: bool,
) -> str | None:
    """Refuse a change that takes away confidentiality or its limits; forced, say what is gone."""
    lost = _confidentiality_lost(before, after)
    if lost is None:
        return None
    if force:
        return (
            "the group has no confidentiality rule now; add one before the next meeting"
            if lost == "rules"
            else "no rule says now where confidentiality ends (serious risk of harm); "
            "add that before the next meeting"
        )
    anyway = (
        f"use {field_ref('force')} to remove it anyway"
        if removing
        else f"use {field_ref('force')} to change it anyway"
    )
    if lost == "rules":
        first = (
            "add the group's own first with "
            "'facilitate groundrules add \"...\" --category confidentiality'"
            if removing
            else "keep its category"
        )
        raise UserError(
            f"{file}: '{rule_id}' is the group's last confidentiality rule, and members need "
            f"to hear that what they share stays in the group; {first}, or {anyway}"
        )
    first = (
        "say that in another confidentiality rule first"
        if removing
        else "keep words about harm or risk in it"
    )
    raise UserError(
        f"{file}: '{rule_id}' is the only rule that says where confidentiality ends (serious "
        f"risk of harm), so no one is surprised later; {first}, or {anyway}"
    )
