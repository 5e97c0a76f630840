"""The agenda core: options from the request and the profile, rebuilds, audiences, history."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from functools import cache
from html import unescape
from pathlib import Path

import pytest

from facilitate.catalog import open_catalog
from facilitate.catalog.layers import Catalog
from facilitate.documents.agenda import (
    AgendaRequest,
    AgendaResult,
    build_agenda,
    history_entry,
    parse_clock,
    render_agenda,
)
from facilitate.errors import UserError
from facilitate.group.group import Group
from facilitate.models.base import GroupType, Stage
from facilitate.models.workspace import LocalContact, Profile
from facilitate.render.env import md_escape
from tests.conftest import markdown_lint

TODAY = dt.date(2026, 3, 2)


@cache
def catalog() -> Catalog:
    return open_catalog(None, None)


def group(profile: Profile | None = None) -> Group:
    """A group outside any workspace (with this profile, if one), on a fixed day."""
    return Group(catalog=catalog(), profile=profile, today=TODAY)


def build(req: AgendaRequest, profile: Profile | None = None) -> AgendaResult:
    return build_agenda(group(profile), req)


def md(result: AgendaResult, audience: str = "facilitator") -> str:
    text = render_agenda(group(), result, "md", audience=audience)
    assert isinstance(text, str)
    return text


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # ground rules are looked for in the current folder when there is no workspace
    monkeypatch.chdir(tmp_path)


# -- clock times ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "minutes"),
    [("18:30", 1110), ("9:05", 545), ("1830", 1110), ("18.30", 1110), ("18h30", 1110), ("0:00", 0)],
)
def test_parse_clock(text: str, minutes: int) -> None:
    assert parse_clock(text) == minutes


@pytest.mark.parametrize("text", ["25:00", "18:75", "noon", "6pm", "", "18:3"])
def test_parse_clock_refuses_what_is_not_a_24_hour_time(text: str) -> None:
    with pytest.raises(UserError, match="24-hour time"):
        parse_clock(text)


# -- options: the request wins over the profile, the profile over the defaults ---------------------


def test_defaults_without_a_profile() -> None:
    o = build(AgendaRequest(topic="boundaries", seed=1)).plan.options
    assert (o.minutes, o.size, o.online, o.start, o.stage) == (90, 8, False, None, None)


def test_the_profile_gives_defaults_and_the_request_wins() -> None:
    profile = Profile(name="Thursday group", minutes=120, size=5, online=True, region="GB")
    from_profile = build(AgendaRequest(topic="boundaries", seed=1), profile)
    o = from_profile.plan.options
    assert (o.minutes, o.size, o.online) == (120, 5, True)
    assert from_profile.context["crisis"].region == "GB"
    assert from_profile.context["group_name"] == "Thursday group"

    asked = build(
        AgendaRequest(topic="boundaries", seed=1, minutes=60, size=10, online=False, region="US"),
        profile,
    )
    o = asked.plan.options
    assert (o.minutes, o.size, o.online) == (60, 10, False)
    assert asked.context["crisis"].region == "US"


@pytest.mark.parametrize(
    ("req", "message"),
    [
        (AgendaRequest(topic="boundaries", minutes=10), "between 20 and 300 minutes"),
        (AgendaRequest(topic="boundaries", minutes=301), "between 20 and 300 minutes"),
        (AgendaRequest(topic="boundaries", size=0), "between 1 and 60 members"),
        (AgendaRequest(topic="boundaries", size=61), "between 1 and 60 members"),
        (AgendaRequest(topic="boundaries", stage="forminng"), "<stage> 'forminng'"),
        (AgendaRequest(topic="boundaries", swap="check-in"), "<swap> needs <plan>"),
        (AgendaRequest(), "with <topic> ID"),
        (AgendaRequest(topic="boundaries", skip=("close",)), "cannot be skipped"),
    ],
)
def test_bad_requests_are_one_line_user_errors(req: AgendaRequest, message: str) -> None:
    with pytest.raises(UserError) as info:
        build(req)
    # The core names fields; the CLI words them as options (here: <field>).
    assert message in info.value.lines(lambda name: f"<{name}>")[0]
    assert "\n" not in str(info.value)


def test_a_bad_swap_part_is_refused() -> None:
    plan_id = build(AgendaRequest(topic="boundaries", seed=1)).plan_id
    with pytest.raises(UserError, match="swap welcome: choose one of check-in"):
        build(AgendaRequest(plan_id=plan_id, swap="welcome"))


def test_a_first_meeting_is_a_forming_group_unless_told_otherwise() -> None:
    assert build(AgendaRequest(first_meeting=True, seed=1)).plan.options.stage == Stage.FORMING
    told = build(AgendaRequest(first_meeting=True, seed=1, stage="norming"))
    assert told.plan.options.stage == Stage.NORMING


def test_no_seed_still_gives_a_plan_that_rebuilds() -> None:
    first = build(AgendaRequest(topic="boundaries"))
    again = build(AgendaRequest(plan_id=first.plan_id))
    assert again.plan_id == first.plan_id


# -- a plan id rebuilds the same document ---------------------------------------------------------


@pytest.mark.parametrize(
    "req",
    [
        AgendaRequest(topic="boundaries", seed=7, start="18:30"),
        AgendaRequest(topic="stress-and-coping", seed=3, minutes=150, size=12, online=True),
        AgendaRequest(topic="hope", seed=11, stage="forming", skip=("activity",)),
        AgendaRequest(first_meeting=True, seed=5, start="10:00"),
        AgendaRequest(first_meeting=True, topic="first-meeting", seed=2, minutes=120),
    ],
)
def test_a_plan_id_rebuilds_the_same_documents(req: AgendaRequest) -> None:
    original = build(req)
    rebuilt = build(AgendaRequest(plan_id=original.plan_id, seed=999))
    assert rebuilt.plan_id == original.plan_id
    assert [w for w in rebuilt.warnings if not w.startswith("no region")] == []
    for fmt in ("md", "html"):
        for audience in ("facilitator", "members"):
            assert render_agenda(group(), rebuilt, fmt, audience=audience) == render_agenda(
                group(), original, fmt, audience=audience
            )


def test_a_swap_is_reproducible_and_keeps_the_rest() -> None:
    original = build(AgendaRequest(topic="boundaries", seed=7))
    one = build(AgendaRequest(plan_id=original.plan_id, swap="check-out"))
    two = build(AgendaRequest(plan_id=original.plan_id, swap="check-out"))
    assert one.plan_id == two.plan_id != original.plan_id
    assert one.plan.check_out != original.plan.check_out
    assert one.plan.check_in == original.plan.check_in
    assert one.plan.discussion == original.plan.discussion


# -- the two audiences ----------------------------------------------------------------------------


def facilitator_only_text(result: AgendaResult) -> list[str]:
    """Catalog and script text that is meant for the facilitator only."""
    # The context's words: a meeting held by day says "today" where the catalog says "tonight".
    topic = result.context["topic"]
    out: list[str] = []
    if topic is not None:
        notes = topic.facilitator_notes
        out += [*notes.do, *notes.avoid, *topic.watch_for]
    for d in result.context["plan"].discussion:
        out += list(d.follow_ups)
    for seg in result.context["segments"]:
        out += seg["say"] + seg["tips"]
    guidance = result.context["stage_guidance"]
    if guidance is not None:
        out += [guidance.focus, *guidance.tips]
    out += [s.now[0] for s in result.context["situations"]]
    return out


@pytest.mark.parametrize("topic_id", sorted(open_catalog(None, None).topics.items))
def test_the_member_handout_holds_nothing_for_the_facilitator_only(topic_id: str) -> None:
    result = build(AgendaRequest(topic=topic_id, seed=4, stage="norming", region="GB"))
    handout = md(result, "members")
    html = render_agenda(group(), result, "html", audience="members")
    assert isinstance(html, str)
    for marker in ("Facilitator page", "Say:", "Tips:", "Crisis plan", "Plan id", "--plan"):
        assert marker not in handout
    for marker in ("Facilitator page", "Say:", "Tips:", "Crisis plan", 'class="say"'):
        assert marker not in html
    secret = facilitator_only_text(result)
    assert secret
    for text in secret:
        assert md_escape(text) not in handout, text
        assert text not in html, text
    # and the facilitator copy does hold them
    full = md(result)
    for text in secret:
        assert md_escape(text) in full, text


def test_the_handout_lists_only_resources_meant_for_members() -> None:
    result = build(AgendaRequest(topic="boundaries", seed=1))
    members = [r.title for r in result.context["resources_members"]]
    facilitators = [r.title for r in result.context["resources_all"] if r.title not in members]
    assert facilitators, "boundaries should list a resource for facilitators"
    handout = md(result, "members")
    for title in facilitators:
        assert md_escape(title) not in handout
    for title in members:
        assert md_escape(title) in handout


def test_render_refuses_an_unknown_audience_or_paper() -> None:
    result = build(AgendaRequest(topic="boundaries", seed=1))
    with pytest.raises(UserError, match="audience"):
        render_agenda(group(), result, "md", audience="everyone")
    with pytest.raises(UserError, match="paper"):
        render_agenda(group(), result, "html", paper="a5")


def test_paper_and_large_print_reach_the_html() -> None:
    result = build(AgendaRequest(topic="boundaries", seed=1))
    letter = render_agenda(group(), result, "html", paper="letter", large_print=True)
    a4 = render_agenda(group(Profile(name="G")), result, "html")
    assert isinstance(letter, str) and isinstance(a4, str)
    assert "size: Letter" in letter and 'class="large-print"' in letter
    assert "size: A4" in a4 and "large-print" not in a4.split("<style>")[0]


# -- the crisis plan ------------------------------------------------------------------------------


def test_the_crisis_plan_shows_local_contacts_backup_and_venue() -> None:
    profile = Profile(
        name="Riverside group",
        region="IE",
        venue="Community hall, back room",
        local_contacts=[
            LocalContact(label="Local crisis team", phone="01 234 5678", details="weekdays 9-5"),
            LocalContact(label="Duty doctor"),
        ],
        backup=LocalContact(label="Co-facilitator on call", phone="087 000 0000"),
    )
    result = build(AgendaRequest(topic="boundaries", seed=2), profile)
    full, handout = md(result), md(result, "members")
    for text in ("Local crisis team: 01 234 5678 (weekdays 9-5)", "Duty doctor", "Samaritans"):
        assert text in full and text in handout
    assert "Back-up person: Co-facilitator on call, 087 000 0000" in full
    assert "Where we meet: Community hall, back room" in full
    assert "## Where we meet\n\nCommunity hall, back room" in handout
    assert "Co-facilitator on call" not in handout
    assert "add it to local_contacts" not in full
    assert markdown_lint(full) == []
    assert markdown_lint(handout) == []


def test_a_local_emergency_number_fills_its_line_and_leaves_no_blank_for_it() -> None:
    profile = Profile(
        name="Gruppe",
        region="DE",
        local_contacts=[LocalContact(label="Local emergency number", phone="112")],
    )
    result = build(AgendaRequest(topic="boundaries", seed=2), profile)
    for audience in ("facilitator", "members"):
        text = md(result, audience)
        assert "- Local emergency number: 112" in text
        assert "Local emergency number: \\_" not in text  # no second, empty line for it
        assert "- Crisis line: \\_\\_" in text  # still unknown: a blank to fill
        html = render_agenda(group(), result, "html", audience=audience)
        assert isinstance(html, str)
        assert html.count("Local emergency number") == 1
    with_line = Profile(
        name="Gruppe",
        region="DE",
        local_contacts=[
            LocalContact(label="Local emergency number", phone="112"),
            LocalContact(label="Telefonseelsorge crisis line", phone="0800 111 0 111"),
        ],
    )
    text = md(build(AgendaRequest(topic="boundaries", seed=2), with_line), "members")
    assert "not known yet" not in text


def test_a_groups_own_country_adds_fitting_help_and_drops_other_countries_laws() -> None:
    bullying_gb = Profile(name="G", region="GB", group_type=GroupType.WORKPLACE_BULLYING)
    # stay-or-leave lists the (US) Workplace Bullying Institute and not Acas, and no tag of
    # its own calls for Acas; boundaries reaches every group, so it lists no bullying help.
    gb = build(AgendaRequest(topic="stay-or-leave", seed=2), bullying_gb)
    assert "acas" not in open_catalog().topic("stay-or-leave").resources
    handout = md(gb, "members")
    assert "- Acas, Advisory, Conciliation and Arbitration Service" in handout  # added, unmarked
    assert "Workplace Bullying Institute (WBI) (US)" in handout  # another country's: marked
    general_gb = build(AgendaRequest(topic="stay-or-leave", seed=2), Profile(name="G", region="GB"))
    assert "Acas" not in md(general_gb, "members")  # the topic's tags alone do not call for it
    named = build(AgendaRequest(topic="naming-what-happened", seed=2, region="GB"))
    facilitator, members = md(named), md(named, "members")
    irish_law = "Code of Practice for Employers and Employees on the Prevention"
    assert irish_law in facilitator and irish_law not in members
    assert "Samaritans" not in members.split("Resources and next steps")[1].split("##")[0]
    anywhere = build(AgendaRequest(topic="naming-what-happened", seed=2))
    assert irish_law in md(anywhere, "members")  # no country known: nothing left out


def test_local_resources_fit_the_topic_and_leave_out_crisis_lines_and_laws() -> None:
    from facilitate.catalog.query import LOCAL_EXTRA, local_resources

    catalog = open_catalog()
    for topic in catalog.topics.values():
        for region in ("US", "CA", "GB", "IE", "AU", "NZ"):
            found = local_resources(catalog.resources.values(), topic, region, "recovery")
            assert len(found) <= LOCAL_EXTRA
            for r in found:
                assert r.region == region and r.id not in topic.resources
                assert not r.is_contact_line and "law" not in r.tags
                assert str(r.audience) != "facilitators"
    assert local_resources(catalog.resources.values(), catalog.topic("boundaries"), None) == []


def test_uk_means_gb_for_the_crisis_plan() -> None:
    for region in ("UK", "uk", "GB", "gb"):
        text = md(build(AgendaRequest(topic="boundaries", seed=2, region=region)), "members")
        assert "Samaritans" in text and "not known yet" not in text, region


def test_no_region_is_one_note_that_names_the_field_to_give() -> None:
    result = build(AgendaRequest(topic="boundaries", seed=2))
    notes = [w for w in result.warnings if w.startswith("no region")]
    assert len(notes) == 1
    # The core names the field; the CLI words it as --region.
    assert "give region XX" in str(UserError(notes[0]))
    assert not [w for w in build(AgendaRequest(topic="boundaries", region="GB")).warnings]


def test_an_unknown_region_gets_a_marked_blank_and_a_note() -> None:
    result = build(AgendaRequest(topic="boundaries", seed=2, region="JP"))
    assert any("no crisis lines for region JP" in w for w in result.warnings)
    from facilitate.group.safety import BLANK_NOTES

    for audience in ("facilitator", "members"):
        text = md(result, audience)
        note = BLANK_NOTES[audience]["emergency"]
        blank = "\\_" * 10
        assert f"- Emergency number: {blank} ({md_escape(note)})" in text
        html = render_agenda(group(), result, "html", audience=audience)
        assert isinstance(html, str)
        assert 'class="fill"' in html and note in html
        # members are asked to ask; only the facilitator is told where numbers are kept
        assert ("facilitate.yaml" in text) == (audience == "facilitator")


# -- history --------------------------------------------------------------------------------------


def test_the_history_entry_holds_ids_only() -> None:
    result = build(AgendaRequest(topic="boundaries", seed=7, date=dt.date(2026, 3, 4)))
    entry = history_entry(result)
    assert entry.date == dt.date(2026, 3, 4)
    assert entry.kind == "planned" and entry.plan == result.plan_id
    assert entry.topic == "boundaries"
    assert entry.prompts == result.plan.prompt_ids
    assert len(entry.prompts) == 2 + len(result.plan.discussion)
    texts = [result.plan.check_in.text, result.plan.check_out.text]  # type: ignore[union-attr]
    texts += [d.text for d in result.plan.discussion]
    dumped = str(entry.model_dump())
    for text in texts:
        assert text not in dumped
    for key in entry.prompts:
        assert " " not in key and len(key) <= 64
    assert entry.note is None and entry.attendance is None
    undated = build(AgendaRequest(topic="boundaries", seed=7))
    assert history_entry(undated).date.isoformat() == undated.context["day"]
    assert history_entry(undated).date == TODAY  # the group's day, not the clock's


def test_the_timeline_shows_whole_labels_or_numbers_and_a_legend_for_the_rest() -> None:
    for minutes, size, large in ((60, 4, False), (90, 8, False), (150, 20, False), (90, 8, True)):
        result = build(
            AgendaRequest(topic="boundaries", seed=3, minutes=minutes, size=size, start="18:30")
        )
        html = render_agenda(group(), result, "html", large_print=large)
        assert isinstance(html, str)
        bar = html.split('<div class="timeline" aria-hidden="true">')[1].split("</div>")[0]
        labels = re.findall(r'<span class="label">([^<]*)</span>', bar)
        times = re.findall(r'<span class="at">([^<]*)</span>', bar)
        segments = result.context["segments"]
        assert len(labels) == len(times) == len(segments)
        legend = html.split('<p class="legend">')[1].split("</p>")[0] if "legend" in html else ""
        legend = re.sub(r"<[^>]+>", "", unescape(legend))
        for number, (label, at, seg) in enumerate(zip(labels, times, segments, strict=True), 1):
            assert label in (" ", seg["title"], str(number)), (label, seg["title"])
            assert at in (" ", seg["clock"])
            if seg["percent"] >= 30:
                assert label == seg["title"] and at == seg["clock"]
            if label != seg["title"] or at != seg["clock"]:
                # what the bar leaves out, the legend says: the part's name and its times
                assert f"{seg['title']} {seg['clock']}–{seg['clock_end']}" in legend


# -- golden files -------------------------------------------------------------------------------

GOLDEN_PROFILE = Profile(
    name="Riverside group",
    region="GB",
    online=True,
    local_contacts=[LocalContact(label="Local crisis team", phone="0300 123 4567")],
    backup=LocalContact(label="Co-facilitator on call", phone="07700 900123"),
)


@pytest.mark.parametrize("audience", ["facilitator", "members"])
def test_golden_html_of_an_online_group_for_both_audiences(
    golden: Callable[[str, str], None], audience: str
) -> None:
    request = AgendaRequest(topic="boundaries", seed=7, start="18:30")
    result = build(request, GOLDEN_PROFILE)
    html = render_agenda(group(GOLDEN_PROFILE), result, "html", audience=audience)
    assert isinstance(html, str)
    golden(f"agenda-boundaries-seed7-1830-online-GB-{audience}.html", html)
