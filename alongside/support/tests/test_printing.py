"""Printing (issue 17, ADR 0046): a person's summary, the people list and a group's register on
paper, each showing no more than its page on screen to that role, each audited; and the print
stylesheet that hides what paper has no use for."""

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from alongside.audit.models import AuditLog
from alongside.support import services
from alongside.support.models import GroupSession, PeerSupport
from alongside.support.views import WALK_IN_LINES
from conftest import client_for, refer

STYLESHEET = Path(settings.BASE_DIR) / "alongside" / "static" / "nhsuk" / "alongside.css"
INIT_JS = Path(settings.BASE_DIR) / "alongside" / "static" / "alongside" / "init.js"


def allocate(coordinator: Any, peer_support: PeerSupport, peer_worker: Any) -> PeerSupport:
    services.allocation_create(
        actor=coordinator.user,
        membership=coordinator,
        peer_support=peer_support,
        peer_workers=[peer_worker.user],
    )
    return peer_support


def contact(peer_worker: Any, peer_support: PeerSupport, note: str) -> None:
    services.contact_log(
        actor=peer_worker.user,
        membership=peer_worker,
        peer_support=peer_support,
        occurred_at=timezone.now() - dt.timedelta(days=2),
        duration_minutes=45,
        mode="home",
        successful=True,
        note=note,
    )


def session(peer_worker: Any, *, hours_from_now: int, title: str = "Coffee morning") -> GroupSession:
    return services.group_session_create(
        actor=peer_worker.user,
        membership=peer_worker,
        kind="coffee_morning",
        title=title,
        starts_at=timezone.now() + dt.timedelta(hours=hours_from_now),
        duration_minutes=60,
        mode="community",
        repeats=True,
    )


def take(peer_worker: Any, group_session: GroupSession, *came: PeerSupport) -> None:
    services.group_register_take(
        actor=peer_worker.user, membership=peer_worker, session=group_session, attendees=list(came)
    )


def printed_rows(view: str, **where: Any) -> list[AuditLog]:
    return list(AuditLog.objects.filter(view=view, action="view", **where))


# Her summary ------------------------------------------------------------------------------------


def test_her_summary_shows_her_details_support_and_contacts_but_not_the_notes(
    clinician: Any, coordinator: Any, peer_worker: Any
) -> None:
    hers = allocate(coordinator, refer(clinician, given_name="Hana", postcode="B1 1AA"), peer_worker)
    contact(peer_worker, hers, note="Talked about her sleep at length")
    client = client_for(peer_worker)
    on_screen = client.get(reverse("people:detail", args=[hers.person_id])).content.decode()
    page = client.get(reverse("people:print", args=[hers.person_id]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Hana Khan" in html and "B1 1AA" in html and "Date of birth" in html
    assert "Peer support at this service" in html and str(peer_worker.user) in html
    assert "45 min" in html  # her contact, when and how
    assert "Talked about her sleep" in on_screen and "Talked about her sleep" not in html
    assert 'data-alongside-print=""' in html and "Print this page" in html
    assert "<script>" not in html.split("<body", 1)[1]  # the policy allows no inline script


def test_her_summary_is_audited_as_printed(clinician: Any, coordinator: Any, peer_worker: Any) -> None:
    hers = allocate(coordinator, refer(clinician), peer_worker)
    client_for(peer_worker).get(reverse("people:print", args=[hers.person_id]))
    (row,) = printed_rows("people:print")
    assert row.person_id == hers.person_id and row.summary == "Printed"
    assert row.actor == peer_worker.user and row.role == "peer_worker"


def test_her_summary_shows_no_family_the_record_would(clinician: Any, coordinator: Any) -> None:
    mother = refer(clinician, given_name="Mum")
    services.referral_create(
        actor=clinician.user,
        membership=clinician,
        person={
            "given_name": "Partner",
            "family_name": "Khan",
            "family_role": "partner",
            "preferred_language": "English",
        },
        needs=[],
        consent_given_on=timezone.localdate(),
        source="clinician",
        reason="",
        family=mother.person.family,
    )
    client = client_for(coordinator)
    assert "Partner Khan" in client.get(reverse("people:detail", args=[mother.person_id])).content.decode()
    assert "Partner Khan" not in client.get(reverse("people:print", args=[mother.person_id])).content.decode()


@pytest.mark.parametrize("who", ["peer_worker", "peer_worker_other", "coordinator_other"])
def test_her_summary_is_refused_to_anyone_who_may_not_see_her_record(
    who: str, clinician: Any, request: pytest.FixtureRequest
) -> None:
    not_hers = refer(clinician)  # allocated to no one: not on the peer worker's list
    response = client_for(request.getfixturevalue(who)).get(
        reverse("people:print", args=[not_hers.person_id])
    )
    assert response.status_code == 404
    assert not printed_rows("people:print")


def test_her_summary_is_refused_to_a_commissioner(clinician: Any, commissioner: Any) -> None:
    someone = refer(clinician)
    response = client_for(commissioner).get(reverse("people:print", args=[someone.person_id]))
    assert response.status_code in (403, 404)


# The people list --------------------------------------------------------------------------------


def test_a_peer_workers_printed_list_has_only_her_people(
    clinician: Any, coordinator: Any, peer_worker: Any
) -> None:
    allocate(coordinator, refer(clinician, given_name="Mine"), peer_worker)
    refer(clinician, given_name="Notmine")
    html = client_for(peer_worker).get(reverse("people:list_print")).content.decode()
    assert "<h1>My people</h1>" in html
    assert "Mine Khan" in html and "Notmine" not in html
    assert "Print this page" in html


def test_a_coordinators_printed_list_has_everyone_and_follows_the_lists_search(
    clinician: Any, coordinator: Any, peer_worker: Any
) -> None:
    allocate(coordinator, refer(clinician, given_name="Mine"), peer_worker)
    refer(clinician, given_name="Notmine")
    client = client_for(coordinator)
    everyone = client.get(reverse("people:list_print")).content.decode()
    assert "Mine Khan" in everyone and "Notmine Khan" in everyone
    found = client.get(reverse("people:list_print") + "?q=notmine").content.decode()
    assert "Notmine Khan" in found and "Mine Khan" not in found


def test_the_printed_list_is_audited_for_each_person_on_it(
    clinician: Any, coordinator: Any, peer_worker: Any
) -> None:
    mine = allocate(coordinator, refer(clinician, given_name="Mine"), peer_worker)
    refer(clinician, given_name="Notmine")
    client_for(peer_worker).get(reverse("people:list_print"))
    rows = printed_rows("people:list_print")
    assert [r.person_id for r in rows] == [mine.person_id]
    assert rows[0].summary == "Printed the people list"


def test_the_printed_list_is_refused_to_a_role_without_people(clinician: Any, commissioner: Any) -> None:
    refer(clinician, given_name="Someone")
    response = client_for(commissioner).get(reverse("people:list_print"))
    assert response.status_code in (403, 404)
    assert "Someone" not in response.content.decode()


def test_the_list_links_to_its_printed_self_with_its_filters(clinician: Any, coordinator: Any) -> None:
    refer(clinician)
    html = client_for(coordinator).get(reverse("people:list") + "?q=khan&page=1").content.decode()
    assert 'href="/people/print/?q=khan"' in html


# The group register -----------------------------------------------------------------------------


def test_a_blank_register_lists_the_groups_regulars_with_boxes_and_lines_for_walk_ins(
    clinician: Any, coordinator: Any, peer_worker: Any
) -> None:
    regular = refer(clinician, given_name="Regular")
    hers_only = allocate(coordinator, refer(clinician, given_name="Caseload"), peer_worker)
    refer(clinician, given_name="Stranger")
    last_week = session(peer_worker, hours_from_now=-24 * 7)
    take(peer_worker, last_week, regular)
    next_week = session(peer_worker, hours_from_now=24 * 7)
    client = client_for(peer_worker)
    on_screen = client.get(reverse("support:register", args=[next_week.pk])).content.decode()
    assert "Caseload Khan" in on_screen  # the register page offers her own people too...
    html = client.get(reverse("support:register_print", args=[next_week.pk])).content.decode()
    assert "Blank register" in html and "Regular Khan" in html
    assert "Caseload Khan" not in html  # ...the printed one lists only those expected at the group
    assert "Stranger" not in html
    assert html.count('class="alongside-tick-box"') == 1 + WALK_IN_LINES
    assert html.count('class="alongside-write-in"') == WALK_IN_LINES
    assert hers_only.person.name not in html


def test_a_taken_register_prints_who_came(clinician: Any, peer_worker: Any) -> None:
    came = refer(clinician, given_name="Came")
    stayed_away = refer(clinician, given_name="Away")
    earlier = session(peer_worker, hours_from_now=-24 * 7)
    take(peer_worker, earlier, came, stayed_away)
    today = session(peer_worker, hours_from_now=-1)
    take(peer_worker, today, came)
    html = client_for(peer_worker).get(reverse("support:register_print", args=[today.pk])).content.decode()
    assert "Came Khan" in html and "1 person came" in html
    assert "Away Khan" not in html and "alongside-tick-box" not in html


def test_the_printed_register_is_audited_for_each_name_on_it(clinician: Any, peer_worker: Any) -> None:
    regular = refer(clinician, given_name="Regular")
    take(peer_worker, session(peer_worker, hours_from_now=-24 * 7), regular)
    upcoming = session(peer_worker, hours_from_now=24)
    client_for(peer_worker).get(reverse("support:register_print", args=[upcoming.pk]))
    rows = printed_rows("support:register_print")
    assert [r.person_id for r in rows] == [regular.person_id]
    assert rows[0].summary == f"Printed a blank register for group session {upcoming.pk}"


@pytest.mark.parametrize(("who", "status"), [("clinician", 403), ("peer_worker_other", 404)])
def test_the_printed_register_is_refused_to_the_wrong_role_or_service(
    who: str, status: int, clinician: Any, peer_worker: Any, request: pytest.FixtureRequest
) -> None:
    regular = refer(clinician, given_name="Regular")
    take(peer_worker, session(peer_worker, hours_from_now=-24 * 7), regular)
    upcoming = session(peer_worker, hours_from_now=24)
    response = client_for(request.getfixturevalue(who)).get(
        reverse("support:register_print", args=[upcoming.pk])
    )
    assert response.status_code == status
    assert "Regular Khan" not in response.content.decode()
    assert not printed_rows("support:register_print")


def test_the_register_page_links_to_its_printed_self(peer_worker: Any) -> None:
    upcoming = session(peer_worker, hours_from_now=24)
    html = client_for(peer_worker).get(reverse("support:register", args=[upcoming.pk])).content.decode()
    assert reverse("support:register_print", args=[upcoming.pk]) in html and "Print a blank register" in html


# Every page on paper ----------------------------------------------------------------------------


def test_every_page_says_on_paper_who_printed_it_and_that_it_is_personal(peer_worker: Any) -> None:
    html = client_for(peer_worker).get(reverse("people:list")).content.decode()
    block = re.search(r'<div class="alongside-print-only[^"]*"[^>]*>(.*?)</div>', html, re.S)
    assert block is not None
    text = " ".join(block.group(1).split())
    assert f"Printed {timezone.localdate():%-d %B %Y}" in text
    assert f"by {peer_worker.user}: contains personal information, keep it safe" in text
    assert peer_worker.service.name in text


def test_the_print_button_is_wired_up_by_the_sites_own_script() -> None:
    script = INIT_JS.read_text()
    assert "[data-alongside-print]" in script and "window.print()" in script


def print_rules(css: str) -> str:
    """The text of every `@media print { ... }` block in the compiled stylesheet."""
    blocks = []
    for match in re.finditer(r"@media print\s*\{", css):
        depth, i = 1, match.end()
        while depth:
            depth += {"{": 1, "}": -1}.get(css[i], 0)
            i += 1
        blocks.append(css[match.end() : i - 1])
    return "\n".join(blocks)


def test_the_compiled_stylesheet_hides_the_navigation_and_more_on_paper() -> None:
    if not STYLESHEET.exists():
        pytest.fail(f"{STYLESHEET} is missing: run `make assets` first")
    css = STYLESHEET.read_text()
    rules = print_rules(css)
    hidden = re.search(
        r"([^{}]*)\{display:none ?!important\}", rules[rules.index(".nhsuk-header__navigation,") :]
    )
    assert hidden is not None
    for selector in [
        ".nhsuk-header__navigation",
        ".nhsuk-footer",
        ".nhsuk-button",
        ".nhsuk-back-link",
        ".nhsuk-skip-link",
        "button[type=submit]",
        ".alongside-no-print",
    ]:
        assert selector in hidden.group(1).split(","), selector
    assert re.search(r"\.alongside-print-only\{display:block\}", rules)
    assert ".alongside-print-only{display:none}" in css.replace(rules, "")  # hidden on screen
    assert re.search(
        r"tr,[^{]*\.nhsuk-summary-list__row\{break-inside:avoid;page-break-inside:avoid\}", rules
    )
