"""The check-in command's core: read the history, draw prompts, render them, say what to record."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

from facilitate.errors import UserError, field_ref
from facilitate.models.base import Depth, Stage
from facilitate.models.catalog import PromptKind
from facilitate.models.workspace import HistoryFile
from facilitate.planning.groups import rules_group
from facilitate.planning.prompts import Candidate, Selection, gather_candidates, select_prompts
from facilitate.render.formats import resolve_paper

if TYPE_CHECKING:
    from facilitate.group.group import Group

DEFAULT_COUNT = 1
DEFAULT_CARDS = 16  # two sheets of eight
CARDS_PER_PAGE = 8
DEFAULT_FRESH_WINDOW = 6


def _choice(option: str, value: str | None, allowed: type[StrEnum]) -> str | None:
    if value is None:
        return None
    cleaned = value.strip().lower()
    names = [m.value for m in allowed]
    if cleaned not in names:
        raise UserError(f"{option} {value}: choose from {', '.join(names)}")
    return cleaned


@dataclass(frozen=True)
class CheckinOptions:
    topic: str | None = None
    count: int | None = None
    depth: str | None = None
    stage: str | None = None
    kind: str = PromptKind.CHECK_IN.value
    seed: int | None = None
    fresh: bool = False
    fresh_window: int = DEFAULT_FRESH_WINDOW
    first_meeting: bool = False
    card: bool = False
    paper: str | None = None
    picked: tuple[str, ...] = ()
    """Prompt ids chosen by the facilitator: these are printed, in this order, none drawn."""


@dataclass(frozen=True)
class Checkin:
    """What a run drew and the document to write. Nothing is recorded: a draw of questions
    is not a meeting, so it never counts as one or uses questions up."""

    selection: Selection
    seed: int
    fmt: str
    document: str | bytes
    notes: list[str] = field(default_factory=list)


def make_checkin(group: Group, options: CheckinOptions, fmt: str) -> Checkin:
    """Draw the prompts (or take the ones picked) and render them; nothing is written."""
    from facilitate.documents.catalog import render_document
    from facilitate.group.history import heard_prompt_ids, meeting_days

    catalog, profile, today = group.catalog, group.profile, group.today
    kind = _choice(field_ref("kind"), options.kind, PromptKind) or PromptKind.CHECK_IN.value
    depth = _choice(field_ref("depth"), options.depth, Depth)
    stage = _choice(field_ref("stage"), options.stage, Stage)
    if stage is None and profile is not None and profile.stage is not None:
        stage = profile.stage.value  # where the group is, as the agenda also takes it
    paper = resolve_paper(options.paper, profile)
    if options.fresh_window < 1:
        raise UserError(f"{field_ref('fresh_window')} must be at least 1")
    if options.card and fmt == "md":
        raise UserError("cards are printed from HTML or PDF: use -o cards.html or -o cards.pdf")
    topic = catalog.topic(options.topic) if options.topic else None

    in_workspace = group.folder is not None
    history = group.history() or HistoryFile()
    notes: list[str] = []
    first_meeting = options.first_meeting
    # A group with no earlier meeting on record is at its first: light prompts come first.
    if (
        in_workspace
        and not (first_meeting or options.card or stage or depth)
        and not meeting_days(history, before=today)
    ):
        first_meeting = True
        notes.append("no earlier meetings in history.yaml, so light prompts come first")
    avoid: set[str] = set()
    if options.fresh:
        avoid = heard_prompt_ids(history, options.fresh_window, before=today + dt.timedelta(1))
        if not in_workspace:
            notes.append(
                f"{field_ref('fresh')}: no group workspace here, so there is no history of "
                "prompts to avoid "
                "(see 'facilitate init')"
            )

    seed = options.seed
    if seed is None:
        seed = random.SystemRandom().randrange(1, 100_000)
        notes.append(f"seed {seed} (add {field_ref('seed')} {seed} to draw the same prompts again)")
    count = options.count or (DEFAULT_CARDS if options.card else DEFAULT_COUNT)
    candidates = gather_candidates(
        catalog.prompts.values(),
        kind,
        topic,
        online=profile.online if profile else None,
        group=rules_group(topic.groups if topic else (), group.group_type),
        stage=stage or ("forming" if first_meeting else None),
    )
    if options.picked:
        selection = Selection(pick(candidates, options.picked, kind), seed=seed)
    else:
        selection = select_prompts(
            candidates,
            count,
            seed=seed,
            depth=depth,
            stage=stage,
            avoid_ids=avoid,
            first_meeting=first_meeting,
        )
    notes.extend(selection.notes)
    if not selection.prompts:
        raise UserError(
            f"no {kind} prompts match these options; try without {field_ref('depth')} or "
            f"{field_ref('stage')}"
        )

    label = "Check-out" if kind == PromptKind.CHECK_OUT.value else "Check-in"
    context = {
        "kind": kind,
        "label": label,
        "topic": topic,
        "prompts": selection.prompts,
        "seed": seed,
        "group": profile.name if profile is not None else None,
        "first_meeting": first_meeting,
        "paper": paper,
        "large_print": False,
        "per_page": CARDS_PER_PAGE,
    }
    document = render_document("cards" if options.card else "checkin", context, fmt)

    return Checkin(selection=selection, seed=seed, fmt=fmt, document=document, notes=notes)


def pick(candidates: Sequence[Candidate], ids: Sequence[str], kind: str) -> list[Candidate]:
    """The candidates with these ids, in this order; one line with the closest for a typo."""
    from facilitate.catalog.messages import did_you_mean
    from facilitate.errors import NotFoundError

    by_id = {c.id: c for c in candidates}
    out = []
    for ident in ids:
        if ident not in by_id:
            raise NotFoundError(
                f"{field_ref('prompt')}: "
                + did_you_mean(f"{kind} prompt for this group", ident, list(by_id))
                + " (see 'facilitate checkin --list')"
            )
        out.append(by_id[ident])
    return out


def offered(group: Group, options: CheckinOptions) -> list[Candidate]:
    """Every prompt of the kind this group may be given, with its id, for choosing by hand."""
    catalog, profile = group.catalog, group.profile
    kind = _choice(field_ref("kind"), options.kind, PromptKind) or PromptKind.CHECK_IN.value
    topic = catalog.topic(options.topic) if options.topic else None
    return gather_candidates(
        catalog.prompts.values(),
        kind,
        topic,
        online=profile.online if profile else None,
        group=rules_group(topic.groups if topic else (), group.group_type),
        stage=options.stage or (profile.stage.value if profile and profile.stage else None),
    )
