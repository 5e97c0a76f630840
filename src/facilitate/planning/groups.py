"""What each group type leaves out: the one table the check-ins, agendas and seasons follow.

Every topic and prompt in the catalog carries ``flags`` (what it touches: death, substances,
work ...). A group type leaves some of them out, at every stage or only at some::

    from facilitate.planning.groups import allowed

    allowed(prompt.flags, GroupType.BEREAVEMENT, Stage.FORMING)  # False for looking-ahead

Two kinds of rule:

- ``NEVER``: left out of everything the group gets, its own topics included.
- ``BORROWED``: left out of what was not written for the group: the general pool's prompts,
  and topics (with their prompts) that are not the group's own. A chronic-illness topic about
  illness and work keeps its work questions for that group; a general topic's work question
  does not reach it.

A rule limited to stages holds at those stages; a first meeting counts as forming. When the
stage is not known (``None``) only the rules for every stage apply.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from facilitate.models.base import ContentFlag, GroupType, Stage

if TYPE_CHECKING:
    from facilitate.catalog.layers import Catalog

ALL_STAGES: frozenset[Stage] = frozenset(Stage)
EARLY: frozenset[Stage] = frozenset({Stage.FORMING})

_NOT_WORKPLACE = tuple(g for g in GroupType if g != GroupType.WORKPLACE_BULLYING)
_NO_SUBSTANCES = (
    GroupType.GENERAL,
    GroupType.WORKPLACE_BULLYING,
    GroupType.BEREAVEMENT,
    GroupType.CHRONIC_ILLNESS,
)

NEVER: Mapping[GroupType, Mapping[ContentFlag, frozenset[Stage]]] = {
    # Talk of drinking and drugs is for the groups that meet about them.
    **{g: {ContentFlag.SUBSTANCES: ALL_STAGES} for g in _NO_SUBSTANCES},
    # "What are you looking forward to?" is not for people in their first weeks of grief.
    GroupType.BEREAVEMENT: {
        ContentFlag.SUBSTANCES: ALL_STAGES,
        ContentFlag.LOOKING_AHEAD: EARLY,
    },
}
"""Group type -> flag -> the stages at which nothing with that flag reaches the group."""

BORROWED: Mapping[GroupType, Mapping[ContentFlag, frozenset[Stage]]] = {
    # Jobs, HR and tribunals are the workplace groups' world; other groups get them only
    # from topics written for them (illness and work, returning to work).
    g: {ContentFlag.WORK: ALL_STAGES, ContentFlag.LEGAL: ALL_STAGES}
    for g in _NOT_WORKPLACE
}
"""Group type -> flag -> stages, for content not written for the group."""


def _hits(
    table: Mapping[GroupType, Mapping[ContentFlag, frozenset[Stage]]],
    flags: Iterable[ContentFlag | str],
    group: GroupType,
    stage: Stage | None,
) -> list[ContentFlag]:
    rules = table.get(group, {})
    out = []
    for flag in flags:
        stages = rules.get(ContentFlag(flag))
        if stages is not None and (stages == ALL_STAGES or (stage is not None and stage in stages)):
            out.append(ContentFlag(flag))
    return out


def allowed(
    flags: Iterable[ContentFlag | str],
    group: GroupType | str,
    stage: Stage | str | None,
    *,
    own: bool = False,
) -> bool:
    """Whether something with these flags may reach this group at this stage.

    ``own`` says the item was written for the group (see :func:`written_for`): then only the
    ``NEVER`` rules apply.
    """
    g = GroupType(group)
    s = Stage(stage) if stage is not None else None
    flags = list(flags)
    if _hits(NEVER, flags, g, s):
        return False
    return own or not _hits(BORROWED, flags, g, s)


def written_for(groups: Iterable[GroupType | str], group: GroupType | str) -> bool:
    """True when a topic's ``groups`` name this group type itself and not ``general``."""
    names = {GroupType(x) for x in groups}
    g = GroupType(group)
    return g != GroupType.GENERAL and g in names and GroupType.GENERAL not in names


def fits(groups: Iterable[GroupType | str], group: GroupType | str) -> bool:
    """True when a topic's ``groups`` name this group type, or ``general``."""
    names = {GroupType(x) for x in groups}
    return GroupType(group) in names or GroupType.GENERAL in names


def offered(
    groups: Iterable[GroupType | str], flags: Iterable[ContentFlag | str], group: GroupType | str
) -> bool:
    """Whether a topic is offered to this group type at all: it fits, and no flag of it is one
    the group leaves out at every stage. ``topics list --group`` and the season plan use it."""
    groups = list(groups)
    return fits(groups, group) and allowed(flags, group, None, own=written_for(groups, group))


def rules_group(groups: Iterable[GroupType | str], group: GroupType | str) -> GroupType:
    """The group type whose rules a topic's prompts follow: the group's, when the topic fits it.

    A facilitator can still plan a topic written for other groups (an agenda warns): it is
    then planned as for the first group it was written for, so a recovery topic keeps its
    questions about cravings in a workspace that has not set its group type.
    """
    names = [GroupType(x) for x in groups]
    g = GroupType(group)
    return g if not names or fits(names, g) else names[0]


@dataclass(frozen=True)
class LeftOut:
    """One rule, for people: the flag, and the stages it holds at (empty: every stage)."""

    flag: ContentFlag
    stages: tuple[Stage, ...]
    borrowed_only: bool


def left_out(group: GroupType | str) -> list[LeftOut]:
    """Every rule for a group type, in the order of the flags."""
    g = GroupType(group)
    out = []
    for flag in ContentFlag:
        for table, borrowed in ((NEVER, False), (BORROWED, True)):
            stages = table.get(g, {}).get(flag)
            if stages is not None:
                shown = () if stages == ALL_STAGES else tuple(s for s in Stage if s in stages)
                out.append(LeftOut(flag, shown, borrowed))
    return out


WORDS: Mapping[ContentFlag, str] = {
    ContentFlag.DEATH: "death",
    ContentFlag.SUICIDE: "suicide",
    ContentFlag.SUBSTANCES: "drink and drugs",
    ContentFlag.HEALTH: "health",
    ContentFlag.WORK: "work",
    ContentFlag.FAMILY: "family",
    ContentFlag.LOOKING_AHEAD: "looking ahead",
    ContentFlag.LEGAL: "legal matters",
    ContentFlag.MONEY: "money",
}
"""Each flag as plain words, for ``init`` and the README."""


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def describe(group: GroupType | str) -> str:
    """What the group type leaves out, as a clause: ``it is never asked about drink and drugs``."""
    g = GroupType(group)
    never: list[str] = []
    borrowed: list[str] = []
    for rule in left_out(g):
        words = WORDS[rule.flag]
        if rule.stages == (Stage.FORMING,):
            words += " at its first meetings"
        elif rule.stages:
            words += " while it is " + " or ".join(s.value for s in rule.stages)
        # Nothing is written for "general" alone, so what it borrows it never gets.
        own_topics = rule.borrowed_only and g != GroupType.GENERAL
        (borrowed if own_topics else never).append(words)
    parts = []
    if never:
        parts.append("it is never asked about " + ", or about ".join(never))
    if borrowed:
        parts.append(f"it hears about {_and(borrowed)} only in topics written for it")
    return ", and ".join(parts) if parts else "it leaves nothing out"


def what_it_changes(catalog: Catalog, group: GroupType | str, preset: str) -> str:
    """One plain sentence on what a group type changes: its preset, its topics, what it leaves
    out. ``preset`` is the ground-rule preset the group starts from."""
    g = GroupType(group)
    topics = list(catalog.topics.values())
    fit = sum(fits(t.groups, g) for t in topics)
    own = sum(written_for(t.groups, g) for t in topics)
    written = f" ({own} written for it)" if g != GroupType.GENERAL else ""
    article = "An" if g.value[0] in "aeiou" else "A"
    return (
        f"{article} {g.value} group starts from the '{preset}' ground rules and gets {fit} "
        f"topics{written}; {describe(g)}."
    )


def _left_out_somewhere(flags: Iterable[ContentFlag], group: GroupType, own: bool) -> bool:
    flags = list(flags)
    return any(not allowed(flags, group, stage, own=own) for stage in Stage)


def coverage(catalog: Catalog) -> dict[str, dict[str, int]]:
    """Per group type: topics written for it, topics that fit it, prompts left out for it.

    A prompt counts as left out when the group would not get it at one stage or more; the
    prompts counted are the general pool's and those of the topics that fit the group.
    """
    topics = list(catalog.topics.values())
    pool = list(catalog.prompts.values())
    out: dict[str, dict[str, int]] = {}
    for group in GroupType:
        fitting = [t for t in topics if fits(t.groups, group)]
        dropped = sum(_left_out_somewhere(p.flags, group, False) for p in pool)
        for t in fitting:
            mine = written_for(t.groups, group)
            flag_lists = [p.flags for p in (*t.check_in, *t.check_out)]
            flag_lists += [d.flags for d in t.discussion]
            dropped += sum(_left_out_somewhere(f, group, mine) for f in flag_lists)
        out[group.value] = {
            "written_for": sum(written_for(t.groups, group) for t in topics),
            "fit": len(fitting),
            "prompts_left_out": dropped,
        }
    return out
