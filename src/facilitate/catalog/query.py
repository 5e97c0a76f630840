"""Filters over the layered catalog, for the list commands and for completion."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from enum import StrEnum
from typing import Protocol, TypeVar

from facilitate.catalog.layers import Catalog
from facilitate.catalog.messages import closest
from facilitate.errors import UserError, field_ref
from facilitate.models.base import GroupType, Stage
from facilitate.models.catalog import Resource, ResourceKind, Topic

E = TypeVar("E", bound=StrEnum)


class Tagged(Protocol):
    @property
    def tags(self) -> Sequence[str]: ...


class Listed(Tagged, Protocol):
    """What the topic filters read: a whole topic, or its summary."""

    @property
    def groups(self) -> Sequence[str]: ...
    @property
    def stages(self) -> Sequence[str]: ...
    @property
    def flags(self) -> Sequence[str]: ...


L = TypeVar("L", bound=Listed)


def parse_choice(enum: type[E], value: str, option: str) -> E:
    """An enum member from user input, or one clear line listing the choices."""
    try:
        return enum(value.strip().lower())
    except ValueError:
        choices = [m.value for m in enum]
        near = closest(value.lower(), choices, n=1)
        hint = f"; did you mean '{near[0]}'?" if near else ""
        raise UserError(
            f"{option} '{value}' is not known{hint} (choose from: {', '.join(choices)})"
        ) from None


def _has_tag(tags: Iterable[str], tag: str) -> bool:
    return tag.strip().lower() in tags


def filter_topics(
    topics: Sequence[L],
    *,
    tag: str | None = None,
    group: str | None = None,
    stage: str | None = None,
    offered: Callable[[Sequence[str], Sequence[str], GroupType], bool] | None = None,
) -> list[L]:
    """The topics (or summaries) with the tag, group type and stage asked for.

    A group type keeps the topics whose ``groups`` name it or ``general``; ``offered``
    (``planning.groups.offered``: groups, flags, group type) can leave out more, so that the
    list shows what a season would offer the group.
    """
    topics = list(topics)
    if tag:
        topics = [t for t in topics if _has_tag(t.tags, tag)]
    if group:
        wanted_group = parse_choice(GroupType, group, field_ref("group"))
        topics = [
            t
            for t in topics
            if (wanted_group in t.groups or GroupType.GENERAL in t.groups)
            and (offered is None or offered(t.groups, t.flags, wanted_group))
        ]
    if stage:
        wanted_stage = parse_choice(Stage, stage, field_ref("stage"))
        topics = [t for t in topics if wanted_stage in t.stages]
    return topics


def filter_resources(
    catalog: Catalog,
    *,
    tag: str | None = None,
    kind: str | None = None,
    region: str | None = None,
    search: str | None = None,
) -> list[Resource]:
    found = catalog.resources.values()
    if tag:
        found = [r for r in found if _has_tag(r.tags, tag)]
    if kind:
        wanted = parse_choice(ResourceKind, kind, field_ref("kind"))
        found = [r for r in found if r.kind == wanted]
    if region:
        regions = serving(normalise_region(region))
        found = [r for r in found if r.region in regions]
    if search:
        words = search.lower().split()
        found = [r for r in found if all(w in _haystack(r) for w in words)]
    return found


LOCAL_EXTRA = 2
"""How many resources from the group's own country an agenda adds to a topic's list."""
_NOT_ADDED = frozenset({"law", "research"})  # listed when a topic names them, never added


def local_resources(
    resources: Iterable[Resource],
    topic: Topic,
    region: str | None,
    group_type: str | None = None,
    limit: int = LOCAL_EXTRA,
) -> list[Resource]:
    """Help from the group's own country that fits the topic and is not on its list already.

    A topic names resources from wherever its author knew them; a bullying group in Britain
    should also see Acas beside an American book. A resource fits when one of its tags is one
    of the topic's tags, or names the group's own type (workplace-bullying: workplace,
    bullying). Crisis lines are left out (the crisis plan prints them), as are laws and
    research, which a handout should not seem to recommend without a person choosing them.
    """
    if not region or region == "global":
        return []
    words = set(topic.tags)
    if group_type and group_type != "general":
        words.add(group_type)
        words.update(group_type.split("-"))
    found = [
        r
        for r in resources
        if r.region == region
        and r.id not in topic.resources
        and not r.is_contact_line
        and r.audience != "facilitators"
        and words & set(r.tags)
        and not _NOT_ADDED & set(r.tags)
    ]
    return found[:limit]


def serving(code: str) -> set[str]:
    """The regions whose resources serve people in ``code``.

    A country's list includes what serves everyone, and for a country of the EU or EEA what
    the catalog has for the whole EU; "global" alone means global only.
    """
    from facilitate.models.region import EU, EU_EEA, EVERYWHERE

    return {code, EVERYWHERE} | ({EU} if code in EU_EEA else set())


def normalise_region(region: str) -> str:
    """``global``, ``EU`` or a country code (UK means GB), or one clear line."""
    from facilitate.models.region import EU, EVERYWHERE, parse_region

    return parse_region(region, also=(EVERYWHERE, EU)) or EVERYWHERE


def _haystack(r: Resource) -> str:
    return " ".join(
        filter(None, [r.id, r.title, r.description, r.by or "", " ".join(r.tags), r.notes or ""])
    ).lower()


def all_tags(items: Iterable[Tagged]) -> list[str]:
    return sorted({tag for item in items for tag in item.tags})
