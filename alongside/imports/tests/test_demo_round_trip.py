"""Issue 17's "Done means": a co-ordinator imports the demo's own exported caseload into an empty
service and gets the same records.

The demo is built in a savepoint, its co-ordinator downloads her exports through the pages, the
records of her service are written down, and the savepoint is rolled back: the database is empty
again, as a new deployment's is (an NHS number may be on one record only, so the same people
cannot be imported beside themselves). Then the new service's manager brings the team (the staff
sheet) and the co-ordinator brings everything else, through the same engine the pages use.
"""

import datetime as dt
from typing import Any

from django.db import transaction
from django.test import Client
from django.urls import reverse

from alongside.accounts.models import User
from alongside.accounts.rules import AGGREGATE_ONLY_ROLES
from alongside.demo.builder import build
from alongside.demo.staff import DOMAIN
from alongside.imports import services
from alongside.imports.models import ImportJob
from alongside.organisations.models import ICB, Membership, Organisation, Region, Role, Service
from alongside.people.models import Consent, Person
from alongside.support import access as support_access
from alongside.support.models import Allocation, Contact, Group, GroupSession, PeerSupport


class _Undo(Exception):
    """Raised to roll the demo back once its exports are downloaded."""


def _download(client: Client, query: str) -> bytes:
    answer = client.get(f"{reverse('exports:download')}?{query}")
    assert answer.status_code == 200, answer
    return b"".join(answer.streaming_content)  # type: ignore[attr-defined]


def records(coordinator: Membership) -> dict[str, Any]:
    """What she sees of her service's records, as she would compare them: no database ids. (Her
    people include those whose record another service holds, whom her service supports.)"""
    service = coordinator.service

    def who(person: Person) -> tuple[str, str, dt.date | None]:
        return (person.given_name, person.family_name, person.date_of_birth)

    people = support_access.people_for_user(coordinator).select_related("ethnic_category")
    families: dict[int, list[Any]] = {}
    for p in people:
        families.setdefault(p.family_id, []).append(who(p))
    consents = Consent.objects.filter(person__in=people, withdrawn_on__isnull=True)
    supports = PeerSupport.objects.filter(service=service).select_related("person")
    contacts = Contact.objects.filter(peer_support__service=service).select_related(
        "peer_support__person", "peer_worker", "group_session"
    )
    sessions = GroupSession.objects.filter(service=service).select_related("group", "led_by")
    return {
        "people": sorted(
            (
                *who(p),
                p.family_role,
                p.preferred_name,
                p.nhs_number,
                p.postcode,
                p.phone,
                p.ethnic_category_id or "",
                p.preferred_language,
                p.needs_interpreter,
                p.due_date,
                p.baby_date_of_birth,
            )
            for p in people
        ),
        "families": sorted(sorted(members) for members in families.values()),
        "consents": sorted((*who(c.person), c.given_on) for c in consents.select_related("person")),
        "referrals": sorted(
            (
                *who(ps.person),
                ps.referred_on,
                ps.source,
                ps.reason,
                ps.status,
                ps.status_changed_on,
                ps.end_reason,
                ps.review_on,
            )
            for ps in supports
        ),
        "allocations": sorted(
            (*who(a.peer_support.person), a.peer_worker.email, a.started_on, a.ended_on)
            for a in Allocation.objects.filter(peer_support__service=service).select_related(
                "peer_support__person", "peer_worker"
            )
        ),
        "contacts": sorted(
            (
                *who(c.peer_support.person),
                c.peer_worker.email,
                c.contact_with,
                c.occurred_at.replace(second=0, microsecond=0),  # a sheet keeps minutes
                c.duration_minutes,
                c.mode,
                c.successful,
                c.note,
                c.group_session.title if c.group_session else "",
            )
            for c in contacts
        ),
        "groups": sorted(Group.objects.filter(service=service).values_list("name", "kind", "active")),
        "sessions": sorted(
            (
                s.title,
                s.kind,
                s.starts_at.replace(second=0, microsecond=0),
                s.duration_minutes,
                s.mode,
                s.led_by.email,
                s.register_taken,
                s.group.name if s.group else "",
            )
            for s in sessions
        ),
        # A commissioner's or national reviewer's role names a service but is not on its team:
        # no import gives one (ADR 0050).
        "staff": sorted(
            Membership.objects.filter(service=service)
            .exclude(role__in=AGGREGATE_ONLY_ROLES)
            .values_list("user__email", "role", "employment", "host_organisation__name", "active")
        ),
    }


def _import(membership: Membership, name: str, content: bytes) -> Any:
    job = ImportJob.objects.create(service=membership.service, created_by=membership.user, file_name=name)
    tables = services.tables_of(name, content)
    return services.run_import(
        service=membership.service,
        actor=membership.user,
        membership=membership,
        tables=services.mapped(tables, services.suggested_mapping(tables)),
        job_id=job.pk,
    )


def test_the_demos_exported_caseload_imports_into_an_empty_service_as_the_same_records(db: None) -> None:
    try:
        with transaction.atomic():
            build()
            coordinator = Membership.objects.get(user__email=f"coordinator@{DOMAIN}", role=Role.COORDINATOR)
            client = Client()
            client.force_login(coordinator.user)
            everything = _download(client, "format=xlsx")
            staff = _download(client, "sheet=staff&format=csv")
            before = records(coordinator)
            hosts = sorted(
                {o for (_, _, _, o, _) in before["staff"] if o}  # the charities that host her team
            )
            name, kind = coordinator.service.name, coordinator.service.kind
            raise _Undo
    except _Undo:
        pass
    assert not Person.objects.exists() and not User.objects.exists(), "the demo was not rolled back"
    assert len(before["people"]) > 100 and len(before["contacts"]) > 500, "the demo's caseload is small"

    icb = ICB.objects.create(name="An ICB", region=Region.objects.create(name="A region"))
    trust = Organisation.objects.create(name="A trust", kind=Organisation.Kind.NHS_TRUST)
    service = Service.objects.create(name=name, kind=kind, icb=icb, trust=trust)
    for host in hosts:
        Organisation.objects.create(name=host, kind=Organisation.Kind.THIRD_SECTOR)
    boss = User.objects.create_user(username="boss", email="boss@new.example", password="x")
    manager = Membership.objects.create(user=boss, service=service, role=Role.SERVICE_MANAGER)
    brought = _import(manager, "staff.csv", staff)
    assert [row.reason for row in brought.plan.refused()] == []

    her = Membership.objects.get(service=service, user__email=f"coordinator@{DOMAIN}", role=Role.COORDINATOR)
    outcome = _import(her, "everything.xlsx", everything)
    refused = [f"{row.sheet}: {row.reason}" for row in outcome.plan.refused()]
    assert refused == [], "\n".join(refused[:20])

    after = records(her)
    after["staff"] = [row for row in after["staff"] if row[0] != "boss@new.example"]
    for part in before:
        extra = [row for row in after[part] if row not in before[part]]
        missing = [row for row in before[part] if row not in after[part]]
        assert (extra, missing) == ([], []), part

    print("\nthe same records: " + ", ".join(f"{part} {len(rows)}" for part, rows in before.items()))
    again = _import(her, "everything.xlsx", everything)
    assert {row.action for row in again.plan.all_rows()} == {"unchanged"}
