"""The format parts as the templates get them: plain data, numbered sources, rounds by clock."""

from __future__ import annotations

from functools import cache

from facilitate.catalog import open_catalog
from facilitate.catalog.layers import Catalog
from facilitate.documents.agenda import load_script
from facilitate.documents.formats import about_group, format_context, information, worksheet
from facilitate.models.base import MeetingFormat
from facilitate.models.workspace import FacilitatorRole, Profile
from facilitate.planning.agenda import AgendaOptions, compose


@cache
def catalog() -> Catalog:
    return open_catalog(None, None)


def test_about_is_none_until_a_purpose_or_a_role_is_written() -> None:
    assert about_group(None) is None
    assert about_group(Profile(name="G")) is None
    about = about_group(
        Profile(
            name="G",
            purpose="A place to be heard.",
            facilitator_role=FacilitatorRole(between_meetings="I am not on call."),
        )
    )
    assert about == {
        "purpose": "A place to be heard.",
        "role": [{"label": "Between meetings", "text": "I am not on call."}],
    }


def test_information_numbers_each_source_once_and_points_name_it() -> None:
    topic = catalog().topic("health-and-sleep")
    info = information(topic)
    assert info is not None
    numbers = [s["number"] for s in info["sources"]]
    assert numbers == list(range(1, len(numbers) + 1))
    assert {p["source"] for p in info["points"]} <= set(numbers)
    assert all(
        s["url"].startswith("http") and s["checked"] == "2026-12-01" for s in info["sources"]
    )
    assert information(catalog().topic("boundaries")) is None


def test_the_worksheet_carries_its_questions_and_writing_lines() -> None:
    sheet = worksheet(catalog().topic("pacing-and-energy"))
    assert sheet is not None
    assert sheet["topic"] == "Pacing and energy"
    assert all(q["lines"] >= 1 for q in sheet["questions"])
    assert worksheet(catalog().topic("boundaries")) is None


def test_a_circles_rounds_come_with_their_clock_times_and_questions() -> None:
    cat = catalog()
    options = AgendaOptions(
        topic="boundaries", meeting_format=MeetingFormat.SHARING_CIRCLE, start=18 * 60, seed=2
    )
    plan = compose(options, cat.topic("boundaries"), cat.prompts.values())
    context = format_context(plan, load_script(), None)
    circle = context["circle"]
    assert circle["round_count"] == len(circle["rounds"]) == 2
    first = circle["rounds"][0]
    round_slot = plan.slot("round")
    assert round_slot is not None
    assert first["clock"] == f"{18 + round_slot.start // 60:02d}:{round_slot.start % 60:02d}"
    assert first["prompt"] == plan.discussion[0].text
    assert context["information"] is None and context["worksheet"] is None
    assert context["meeting_format"]["id"] == "sharing-circle"


def test_a_skipped_worksheet_is_not_printed() -> None:
    cat = catalog()
    options = AgendaOptions(
        topic="health-and-sleep",
        meeting_format=MeetingFormat.PSYCHOEDUCATIONAL,
        skip=("worksheet",),
        seed=2,
    )
    plan = compose(options, cat.topic("health-and-sleep"), cat.prompts.values())
    context = format_context(plan, load_script(), None)
    assert context["worksheet"] is None and context["information"] is not None
    assert context["try_next"]
