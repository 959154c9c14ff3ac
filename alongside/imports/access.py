"""What an import may read: only her own import, in the service she is acting in, and the records
it compares a file with, through the apps' scoped helpers (ADR 0002, ADR 0050)."""

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from django.db.models import QuerySet

from alongside.accounts.types import AuthedRequest
from alongside.imports.models import ColumnMapping, ImportJob
from alongside.organisations.models import Membership
from alongside.people.models import Consent, Person
from alongside.support import access as support_access
from alongside.support.models import Allocation, Contact, Group, GroupSession, PeerSupport

CHUNK = 900  # ids a query names at once (SQLite's limit on a query's parameters)


def current_job_for(request: AuthedRequest) -> ImportJob | None:
    """Her latest import in the acting service: the one the import pages are about."""
    return (
        ImportJob.objects.filter(service=request.membership.service, created_by=request.user)
        .order_by("-created_at", "-pk")
        .first()
    )


def mappings_for(request: AuthedRequest) -> list[ColumnMapping]:
    return list(ColumnMapping.objects.filter(service=request.membership.service))


SCOPES: dict[type[Any], Callable[[Membership], QuerySet[Any]]] = {
    Person: support_access.people_for_user,
    PeerSupport: support_access.peer_supports_for_user,
    Group: support_access.groups_for_user,
    GroupSession: support_access.group_sessions_for_user,
}
# Scoped by their peer support, which she may see (support_access.peer_supports_for_user): checked
# here against those ids rather than by the helper's subquery, which SQLite plans badly for
# thousands of ids (re-importing 50,000 unchanged rows took 53 s that way, 6 s this way).
VIA_PEER_SUPPORT = (Allocation, Contact)


def records_by_id(
    model: type[Any], membership: Membership, ids: list[int], *, supported: dict[int, int]
) -> dict[int, Any]:
    """The records of one kind a file's references name, of those the importer may see.
    `supported` is supported_people(membership), read once an import."""
    via = model in VIA_PEER_SUPPORT
    scoped = (model.objects if via else SCOPES[model](membership)).order_by()
    found: dict[int, Any] = {}
    for start in range(0, len(ids), CHUNK):
        found.update(scoped.filter(pk__in=ids[start : start + CHUNK]).in_bulk())
    if via:
        return {pk: record for pk, record in found.items() if record.peer_support_id in supported}
    return found


def supported_people(membership: Membership) -> dict[int, int]:
    """Her service's peer support relationships: id -> the person's id."""
    return dict(support_access.peer_supports_for_user(membership).values_list("pk", "person_id"))


def group_names(membership: Membership) -> dict[int, str]:
    return dict(support_access.groups_for_user(membership).values_list("pk", "name"))


def consents_in_force(membership: Membership, person_ids: Iterable[int]) -> dict[int, dt.date]:
    """For each of these people she may see who has a consent in force, its latest date."""
    ids = list(person_ids)
    people = support_access.people_for_user(membership)
    latest: dict[int, dt.date] = {}
    for start in range(0, len(ids), CHUNK):
        for person_id, given_on in (
            Consent.objects.filter(person_id__in=ids[start : start + CHUNK], withdrawn_on__isnull=True)
            .filter(person__in=people)
            .order_by("given_on", "pk")
            .values_list("person_id", "given_on")
        ):
            latest[person_id] = given_on
    return latest


def nhs_number_holders(numbers: list[str]) -> dict[str, int]:
    """Which of these NHS numbers are on a record already, anywhere: a number may be on one record
    only. Gives ids to compare, never the record; the row names no one else."""
    holders: dict[str, int] = {}
    for start in range(0, len(numbers), CHUNK):
        holders.update(
            Person.objects.filter(nhs_number__in=numbers[start : start + CHUNK]).values_list(
                "nhs_number", "pk"
            )
        )
    return holders
