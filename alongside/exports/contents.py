"""What each sheet of an export holds, row by row, in the headings and order of
alongside/support/sheets.py (the import reads them back), and the two workforce sheets of its
own (supervision and training), which no import reads.

Each sheet reads its rows through alongside/exports/access.py (one query, as plain values, read
in chunks) and turns them into cells: choices as their labels, yes/no as "Yes"/"No", references
as Alongside's own (P12, R40…), a family as F<its id>, staff by email; dates and moments are
left as dates and datetimes for the writer to put as each format wants them.
"""

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from alongside.exports import access
from alongside.lib import nhs_number
from alongside.organisations.models import Employment, Membership, Role
from alongside.people.models import Person
from alongside.support import sheets
from alongside.support.models import Contact, EndReason, GroupKind, Mode, PeerSupport, Status
from alongside.support.sheets import Column, Kind, Sheet
from alongside.training import metrics as training_metrics
from alongside.workforce import metrics as workforce_metrics

Cell = str | int | dt.date | dt.datetime | None
CHUNK = 2000  # rows read from the database at a time

# The workforce as its pages show it, in sheets of this module's own: no import reads them.
SUPERVISION = Sheet(
    "supervision",
    "Supervision",
    (
        Column("Email", "email", Kind.EMAIL, required=True),
        Column("Given name", "first_name"),
        Column("Family name", "last_name"),
        Column("Last NHS supervision", "nhs_last_on", Kind.DATE),
        Column("NHS supervision due", "nhs_due_on", Kind.DATE),
        Column("NHS supervision overdue", "nhs_overdue", Kind.YES_NO),
        Column("Last peer supervision", "peer_last_on", Kind.DATE),
        Column("Peer supervision due", "peer_due_on", Kind.DATE),
        Column("Peer supervision overdue", "peer_overdue", Kind.YES_NO),
        Column("Wellbeing not discussed at her last 3", "wellbeing_flag", Kind.YES_NO),
    ),
)
TRAINING = Sheet(
    "training",
    "Training",
    (
        Column("Email", "email", Kind.EMAIL, required=True),
        Column("Module", "module", required=True),
        Column("Completed on", "completed_on", Kind.DATE, required=True),
        Column("Provider", "provider"),
        Column("Accredited", "accredited", Kind.YES_NO),
        Column("Renewal due", "renewal_due_on", Kind.DATE),
    ),
)


def yes_no(value: bool | None) -> str:
    return "" if value is None else ("Yes" if value else "No")


def _labels(choices: list[tuple[str, str]]) -> Callable[[str | None], str]:
    labels = dict(choices)
    return lambda value: labels.get(value, value or "") if value else ""


def _ref(sheet: str) -> Callable[[int | None], str]:
    prefix = sheets.PREFIXES[sheet]
    return lambda pk: sheets.own_reference(prefix, pk) if pk is not None else ""


family_role = _labels(Person.FamilyRole.choices)
source = _labels(PeerSupport.Source.choices)
status = _labels(Status.choices)
end_reason = _labels(EndReason.choices)
contact_with = _labels(Contact.With.choices)
mode = _labels(Mode.choices)
group_kind = _labels(GroupKind.choices)
role = _labels(Role.choices)
employment = _labels(Employment.choices)
person_ref, family_ref, referral_ref = _ref("people"), _ref("families"), _ref("referrals")
allocation_ref, contact_ref, group_ref = _ref("allocations"), _ref("contacts"), _ref("groups")
session_ref, attendance_ref = _ref("sessions"), _ref("attendance")


@dataclass(frozen=True)
class Content:
    sheet: Sheet
    about_people: bool  # whether each row is about a person (her audit trail)
    read: Callable[[Membership], Iterator[tuple[list[Cell], int | None]]]  # cells, the person


def _each(qs: QuerySet[Any], fields: tuple[str, ...]) -> Iterator[tuple[Any, ...]]:
    return qs.order_by("pk").values_list(*fields).iterator(chunk_size=CHUNK)


def people(membership: Membership) -> Iterator[tuple[list[Cell], int | None]]:
    fields = (
        "pk", "family_id", "family_role", "given_name", "family_name", "preferred_name",
        "date_of_birth", "nhs_number", "postcode", "phone", "ethnic_category_id",
        "preferred_language", "needs_interpreter", "due_date", "baby_date_of_birth", "consent_given_on",
    )  # fmt: skip
    for row in _each(access.people_for_export(membership), fields):
        pk, family, fr, given, fam, pref, born, nhs, post, phone, eth, lang, interp, due, baby, consent = row
        cells: list[Cell] = [
            person_ref(pk), family_ref(family), family_role(fr), given, fam, pref, born,
            nhs_number.display(nhs) if nhs else "", post, phone, eth or "", lang, yes_no(interp),
            due, baby, consent,
        ]  # fmt: skip
        yield cells, pk


def referrals(membership: Membership) -> Iterator[tuple[list[Cell], int | None]]:
    fields = (
        "pk", "person_id", "referred_on", "source", "reason", "status", "status_changed_on",
        "end_reason", "review_on",
    )  # fmt: skip
    for pk, person, on, src, reason, st, changed, end, review in _each(
        access.peer_supports_for_export(membership), fields
    ):
        yield [
            referral_ref(pk), person_ref(person), on, source(src), reason, status(st), changed,
            end_reason(end), review,
        ], person  # fmt: skip


def allocations(membership: Membership) -> Iterator[tuple[list[Cell], int | None]]:
    fields = (
        "pk",
        "peer_support_id",
        "peer_worker__email",
        "started_on",
        "ended_on",
        "peer_support__person_id",
    )
    for pk, referral, email, started, ended, person in _each(
        access.allocations_for_export(membership), fields
    ):
        yield [allocation_ref(pk), referral_ref(referral), email, started, ended], person


def contacts(membership: Membership) -> Iterator[tuple[list[Cell], int | None]]:
    fields = (
        "pk", "peer_support_id", "peer_worker__email", "contact_with", "occurred_at",
        "duration_minutes", "mode", "successful", "note", "peer_support__person_id",
    )  # fmt: skip
    for pk, referral, email, with_, at, minutes, how, ok, note, person in _each(
        access.contacts_for_export(membership), fields
    ):
        yield [
            contact_ref(pk), referral_ref(referral), email, contact_with(with_), at, minutes, mode(how),
            yes_no(ok), note,
        ], person  # fmt: skip


def groups(membership: Membership) -> Iterator[tuple[list[Cell], int | None]]:
    for pk, name, kind, active in _each(
        access.groups_for_export(membership), ("pk", "name", "kind", "active")
    ):
        yield [group_ref(pk), name, group_kind(kind), yes_no(active)], None


def sessions(membership: Membership) -> Iterator[tuple[list[Cell], int | None]]:
    fields = (
        "pk", "group_id", "title", "kind", "starts_at", "duration_minutes", "mode", "led_by__email",
        "register_taken",
    )  # fmt: skip
    for pk, group, title, kind, starts, minutes, how, email, taken in _each(
        access.sessions_for_export(membership), fields
    ):
        yield [
            session_ref(pk), group_ref(group), title, group_kind(kind), starts, minutes, mode(how), email,
            yes_no(taken),
        ], None  # fmt: skip


def attendance(membership: Membership) -> Iterator[tuple[list[Cell], int | None]]:
    fields = ("pk", "group_session_id", "peer_support_id", "peer_support__person_id")
    for pk, session, referral, person in _each(access.attendance_for_export(membership), fields):
        yield [attendance_ref(pk), session_ref(session), referral_ref(referral)], person


def staff(membership: Membership) -> Iterator[tuple[list[Cell], int | None]]:
    fields = (
        "user__email", "user__first_name", "user__last_name", "role", "employment",
        "host_organisation__name", "active",
    )  # fmt: skip
    rows = (
        access.staff_for_export(membership)
        .order_by("role", "user__first_name", "user__last_name", "pk")
        .values_list(*fields)
    )
    for email, first, last, r, emp, host, active in rows.iterator(chunk_size=CHUNK):
        yield [email, first, last, role(r), employment(emp), host or "", yes_no(active)], None


def supervision(membership: Membership) -> Iterator[tuple[list[Cell], int | None]]:
    """The co-ordinator's supervision page, a row a peer worker: dates and flags, never notes."""
    if access.reach_of(membership) != access.Reach.SERVICE:
        return
    rows, _share = workforce_metrics.team_supervision(membership.service, timezone.localdate())
    rows.sort(
        key=lambda row: (row.membership.user.first_name, row.membership.user.last_name, row.membership.pk)
    )
    for row in rows:
        user, due = row.membership.user, row.supervision
        yield [
            user.email, user.first_name, user.last_name,
            due.nhs.last_on, due.nhs.due_on, yes_no(due.nhs.overdue),
            due.peer.last_on, due.peer.due_on, yes_no(due.peer.overdue),
            yes_no(due.wellbeing_flag),
        ], None  # fmt: skip


def training(membership: Membership) -> Iterator[tuple[list[Cell], int | None]]:
    fields = (
        "user__email",
        "module__name",
        "completed_on",
        "provider",
        "accredited",
        "module__renewal_months",
    )
    rows = (
        access.training_for_export(membership)
        .order_by("user__email", "module__name", "completed_on", "pk")
        .values_list(*fields)
    )
    for email, module, completed, provider, accredited, months in rows.iterator(chunk_size=CHUNK):
        renewal = training_metrics.add_months(completed, months) if months else None
        yield [email, module, completed, provider, yes_no(accredited), renewal], None


CONTENTS: dict[str, Content] = {
    c.sheet.name: c
    for c in (
        Content(sheets.PEOPLE, True, people),
        Content(sheets.REFERRALS, True, referrals),
        Content(sheets.ALLOCATIONS, True, allocations),
        Content(sheets.CONTACTS, True, contacts),
        Content(sheets.GROUPS, False, groups),
        Content(sheets.SESSIONS, False, sessions),
        Content(sheets.ATTENDANCE, True, attendance),
        Content(sheets.STAFF, False, staff),
        Content(SUPERVISION, False, supervision),
        Content(TRAINING, False, training),
    )
}
