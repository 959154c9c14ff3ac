"""A service's own export (alongside/exports) imports into an empty service as the same records."""

import datetime as dt
import io
from typing import Any

import pytest
from django.utils import timezone

from alongside.exports.contents import CONTENTS
from alongside.exports.writers import Written, write_xlsx, write_zip
from alongside.imports.tests.helpers import run
from alongside.organisations.models import Membership, Role
from alongside.people.models import Person
from alongside.support import services as support
from alongside.support.models import Allocation, Contact, GroupSession, PeerSupport
from conftest import make_member, refer

SHEETS = ["staff", "people", "referrals", "allocations", "contacts", "groups", "sessions", "attendance"]


def _records(service: Any) -> dict[str, Any]:
    people = Person.objects.filter(service=service).order_by("given_name")
    supports = PeerSupport.objects.filter(service=service).order_by("person__given_name")
    return {
        "people": [
            (
                p.given_name,
                p.family_name,
                p.family_role,
                p.date_of_birth,
                p.postcode,
                p.phone,
                p.baby_date_of_birth,
            )
            for p in people
        ],
        "families": sorted(
            len({p.family_id for p in people if p.family_name == name}) for name in {"Khan", "Jones"}
        ),
        "consents": [(p.given_name, [c.given_on for c in p.consents.all()]) for p in people],
        "referrals": [
            (ps.person.given_name, ps.referred_on, ps.status, ps.status_changed_on, ps.reason, ps.source)
            for ps in supports
        ],
        "allocations": sorted(
            (a.peer_support.person.given_name, a.peer_worker.email, a.started_on, a.ended_on)
            for a in Allocation.objects.filter(peer_support__service=service)
        ),
        "contacts": sorted(
            (
                c.peer_support.person.given_name,
                c.peer_worker.email,
                c.occurred_at,
                c.duration_minutes,
                c.mode,
                c.note,
            )
            for c in Contact.objects.filter(peer_support__service=service)
        ),
        "sessions": [
            (
                s.title,
                s.kind,
                s.starts_at,
                s.duration_minutes,
                s.led_by.email,
                s.register_taken,
                s.group.name if s.group else "",
            )
            for s in GroupSession.objects.filter(service=service).order_by("starts_at")
        ],
        "last_contact": [ps.last_contact_at for ps in supports],
    }


@pytest.fixture
def caseload(coordinator: Membership, peer_worker: Membership) -> Membership:
    amira = refer(coordinator, postcode="LS1 4AP", phone="07700 900123", date_of_birth=dt.date(1990, 3, 1))
    partner = support.referral_create(
        actor=coordinator.user, membership=coordinator, needs=[], consent_given_on=timezone.localdate(),
        source="self", reason="", family=amira.person.family,
        person={"given_name": "Sam", "family_name": "Khan", "family_role": "partner"},
    )  # fmt: skip
    refer(coordinator, given_name="Beth", family_name="Jones")
    support.allocation_create(
        actor=coordinator.user, membership=coordinator, peer_support=amira, peer_workers=[peer_worker.user]
    )
    when = (timezone.now() - dt.timedelta(days=3)).replace(second=0, microsecond=0)  # exports keep minutes
    support.contact_log(
        actor=peer_worker.user, membership=peer_worker, peer_support=amira, occurred_at=when,
        duration_minutes=45, mode="home", note="=1+1 is not a formula",
    )  # fmt: skip
    session = support.group_session_create(
        actor=peer_worker.user, membership=peer_worker, repeats=True, title="Tuesday coffee",
        kind="coffee_morning", starts_at=when - dt.timedelta(days=1), duration_minutes=90,
    )  # fmt: skip
    support.group_register_take(
        actor=peer_worker.user, membership=peer_worker, session=session, attendees=[amira, partner]
    )
    return coordinator


@pytest.mark.parametrize("shape", ["zip", "xlsx"])
def test_a_services_export_imports_into_an_empty_service_as_the_same_records(
    caseload: Membership, other_service: Any, shape: str
) -> None:
    out = io.BytesIO()
    if shape == "zip":
        write_zip(out, SHEETS, caseload, Written(), stem="export")
    else:
        write_xlsx(out, SHEETS, caseload, Written())
    assert set(SHEETS) <= set(CONTENTS)
    manager = make_member(other_service, Role.SERVICE_MANAGER, "othermanager")
    outcome = run(manager, f"export.{shape}", data={f"export.{shape}": out.getvalue()})
    refused = [(row.sheet, row.reason) for row in outcome.plan.refused()]
    assert refused == [], "\n".join(map(str, refused))
    before, after = _records(caseload.service), _records(other_service)
    assert after == before
    again = run(manager, f"export.{shape}", data={f"export.{shape}": out.getvalue()}, dry_run=True)
    assert {row.action for row in again.plan.all_rows()} == {"unchanged"}
