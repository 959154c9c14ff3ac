"""Writing a plan: every row created or changed, with its history and its audit row.

Called only inside the transaction that made the plan (alongside.imports.services.run_import),
and only for a plan with no refused row, so a file lands whole or not at all (ADR 0050). Rows are
written sheet by sheet in bulk, with the checks the app's own services make already made by the
plan (alongside.imports.planning): model validation, consent, active peer workers.
"""

from collections.abc import Iterable
from typing import Any

from django.db.models import Model

from alongside.accounts.models import User
from alongside.audit import services as audit
from alongside.audit.models import AuditLog
from alongside.imports.models import Reference
from alongside.imports.planning import CHANGE, CREATE, PERSON_FIELDS, Known, Plan, Progress, Row
from alongside.organisations.models import Membership
from alongside.people.models import Consent, Family, Person
from alongside.support.models import (
    Allocation,
    Contact,
    Group,
    GroupSession,
    PeerSupport,
    Status,
    StatusChange,
)
from alongside.support.services import last_contact_refresh

BATCH = 2000


class Writer:
    def __init__(
        self,
        plan: Plan,
        *,
        actor: User,
        membership: Membership,
        job_id: int,
        progress: Progress | None,
    ) -> None:
        self.plan = plan
        self.service = plan.service
        self.actor = actor
        self.membership = membership
        self.job_id = job_id
        self.progress = progress
        self.known = Known(membership)
        self.audit: list[AuditLog] = []
        self.references: list[Reference] = []
        self.stale_references: list[tuple[str, str]] = []
        self.emails: dict[str, int] = {e: ms[0].user_id for e, ms in self.known.members.items()}
        self.written = 0
        self.total = sum(1 for row in plan.all_rows() if row.action in (CREATE, CHANGE))
        self.counts: dict[str, dict[str, int]] = {}

    # --- bookkeeping ---

    def ids(self, sheet: str) -> dict[str, int]:
        return self.known.refs[sheet]

    def remember(self, sheet: str, reference: str, object_id: int) -> None:
        if reference in self.known.refs[sheet]:
            self.stale_references.append((sheet, reference))
        self.known.refs[sheet][reference] = object_id
        self.references.append(
            Reference(service=self.service, sheet=sheet, reference=reference, object_id=object_id)
        )

    def note(
        self, action: str, obj: Model, row: Row | None, *, person_id: int | None, summary: str = ""
    ) -> None:
        where = f"{row.source} row {row.number}" if row else "the file"
        self.audit.append(
            audit.row(
                self.actor,
                action,
                obj,
                membership=self.membership,
                service_id=self.service.pk,
                person=person_id,
                summary=f"Import {self.job_id}, {where}" + (f": {summary}" if summary else ""),
                view="imports",
            )
        )

    def count(self, row: Row) -> None:
        self.counts.setdefault(row.sheet, {CREATE: 0, CHANGE: 0})[row.action] += 1
        self.written += 1
        if self.progress and (self.written % 500 == 0 or self.written == self.total):
            self.progress("written", self.written, self.total)

    def rows(self, sheet: str, action: str) -> list[Row]:
        return [row for row in self.plan.rows.get(sheet, []) if row.action == action]

    def flush(self) -> None:
        if self.stale_references:
            for sheet, reference in self.stale_references:
                Reference.objects.filter(service=self.service, sheet=sheet, reference=reference).delete()
            self.stale_references = []
        Reference.objects.bulk_create(self.references, batch_size=BATCH)
        audit.record_many(self.audit, batch_size=BATCH)
        self.references, self.audit = [], []

    @staticmethod
    def changed(row: Row) -> str:
        return "changed " + ", ".join(heading for heading, _, _ in row.changes)

    # --- the sheets, in the order they refer to each other ---

    def staff(self) -> None:
        for row in self.rows("staff", CREATE) + self.rows("staff", CHANGE):
            v = row.values
            user: User | None = User.objects.filter(email__iexact=row.reference).first()
            if user is None:
                # No usable password: she sets one through "forgot your password", or uses NHSmail.
                user = User(username=row.reference[:150], email=row.reference)
                user.set_unusable_password()
            # (Planning left out the names of someone who works in another service too.)
            user.first_name = v.get("first_name", user.first_name)
            user.last_name = v.get("last_name", user.last_name)
            user.save()
            if row.action == CREATE:
                membership = Membership(user=user, service=self.service, role=v["role"])
            else:
                membership = Membership.objects.get(pk=_id(row))
                membership.role = v.get("role", membership.role)
            membership.employment = v.get("employment", membership.employment)
            if "host_organisation" in v:
                membership.host_organisation_id = v.get("host_organisation_id")
            membership.active = v.get("active", membership.active)
            membership.save()
            self.emails[row.reference] = user.pk
            self.note(
                "create" if row.action == CREATE else "update",
                membership,
                row,
                person_id=None,
                summary=self.changed(row) if row.action == CHANGE else "",
            )
            self.count(row)
        self.flush()

    def people(self) -> None:
        creates, changes = self.rows("people", CREATE), self.rows("people", CHANGE)
        wanted = {
            row.values["family_reference"] for row in creates + changes if "family_reference" in row.values
        }
        new_families = sorted(ref for ref in wanted if ref not in self.ids("families"))
        families = Family.objects.bulk_create(
            [Family(service=self.service) for _ in new_families], batch_size=BATCH
        )
        for ref, family in zip(new_families, families, strict=True):
            self.remember("families", ref, family.pk)
        for start in range(0, len(creates), BATCH):
            chunk = creates[start : start + BATCH]
            people = Person.objects.bulk_create(
                [
                    Person(
                        service=self.service,
                        family_id=self.ids("families")[row.values["family_reference"]],
                        **_person_fields(row.values),
                    )
                    for row in chunk
                ]
            )
            consents = []
            for row, person in zip(chunk, people, strict=True):
                self.remember("people", row.reference, person.pk)
                self.note("create", person, row, person_id=person.pk)
                if row.values.get("consent_given_on"):
                    consents.append(
                        (
                            row,
                            Consent(
                                person=person, given_on=row.values["consent_given_on"], recorded_by=self.actor
                            ),
                        )
                    )
                self.count(row)
            Consent.objects.bulk_create([c for _, c in consents])
            for row, consent in consents:
                self.note("create", consent, row, person_id=consent.person_id)
            self.flush()
        for row in changes:
            person = Person.objects.get(pk=_id(row))
            fields = _person_fields(row.values, only=self.plan.mapped_keys["people"])
            for key, value in fields.items():
                setattr(person, key, value)
            if "family_reference" in row.values:
                person.family_id = self.ids("families")[row.values["family_reference"]]
                fields["family_id"] = person.family_id
            if fields:
                person.save(update_fields=list(fields))
            self.note("update", person, row, person_id=person.pk, summary=self.changed(row))
            if row.values.get("consent_given_on"):
                current = (
                    person.consents.filter(withdrawn_on__isnull=True).order_by("-given_on", "-pk").first()
                )
                if current is None:
                    given = Consent.objects.create(
                        person=person, given_on=row.values["consent_given_on"], recorded_by=self.actor
                    )
                    self.note("create", given, row, person_id=person.pk)
                elif current.given_on != row.values["consent_given_on"]:
                    current.given_on = row.values["consent_given_on"]
                    current.save(update_fields=["given_on"])
                    self.note("update", current, row, person_id=person.pk, summary="changed Consent given on")
            self.count(row)
        self.flush()

    def referrals(self) -> None:
        creates, changes = self.rows("referrals", CREATE), self.rows("referrals", CHANGE)
        people = self.ids("people")
        for start in range(0, len(creates), BATCH):
            chunk = creates[start : start + BATCH]
            supports = PeerSupport.objects.bulk_create(
                [
                    PeerSupport(
                        person_id=people[row.values["people_reference"]],
                        service=self.service,
                        referred_by=self.actor,
                        **_referral_fields(row.values),
                    )
                    for row in chunk
                ]
            )
            history = []
            for row, support in zip(chunk, supports, strict=True):
                self.remember("referrals", row.reference, support.pk)
                self.note("create", support, row, person_id=support.person_id)
                history.extend(_history(support, self.actor, created=True))
                self.count(row)
            StatusChange.objects.bulk_create(history)
            self.flush()
        for row in changes:
            support = PeerSupport.objects.get(pk=_id(row))
            fields = _referral_fields(row.values, only=self.plan.mapped_keys["referrals"])
            if "people_reference" in row.values:
                fields["person_id"] = people[row.values["people_reference"]]
            status_before = support.status
            for key, value in fields.items():
                setattr(support, key, value)
            support.save(update_fields=list(fields))
            if support.status != status_before:
                StatusChange.objects.bulk_create(_history(support, self.actor, created=False))
            self.note("update", support, row, person_id=support.person_id, summary=self.changed(row))
            self.count(row)
        self.flush()

    def allocations(self) -> None:
        referrals = self.ids("referrals")
        creates = self.rows("allocations", CREATE)
        made = Allocation.objects.bulk_create(
            [
                Allocation(
                    peer_support_id=referrals[row.values["referrals_reference"]],
                    peer_worker_id=self.emails[row.values["peer_worker_email"]],
                    allocated_by=self.actor,
                    started_on=row.values["started_on"],
                    ended_on=row.values.get("ended_on"),
                )
                for row in creates
            ],
            batch_size=BATCH,
        )
        person_of = _people_of(referrals.values())
        for row, allocation in zip(creates, made, strict=True):
            self.remember("allocations", row.reference, allocation.pk)
            self.note("create", allocation, row, person_id=person_of.get(allocation.peer_support_id))
            self.count(row)
        for row in self.rows("allocations", CHANGE):
            allocation = Allocation.objects.get(pk=_id(row))
            allocation.peer_support_id = referrals[row.values["referrals_reference"]]
            allocation.peer_worker_id = self.emails[row.values["peer_worker_email"]]
            allocation.started_on = row.values["started_on"]
            if "ended_on" in self.plan.mapped_keys["allocations"]:
                allocation.ended_on = row.values.get("ended_on")
            allocation.save()
            self.note(
                "update",
                allocation,
                row,
                person_id=person_of.get(allocation.peer_support_id),
                summary=self.changed(row),
            )
            self.count(row)
        self.flush()

    def contacts(self) -> set[int]:
        referrals = self.ids("referrals")
        keys = self.plan.mapped_keys["contacts"]
        touched: set[int] = set()
        creates = self.rows("contacts", CREATE)
        person_of = _people_of(referrals.values())
        for start in range(0, len(creates), BATCH):
            chunk = creates[start : start + BATCH]
            made = Contact.objects.bulk_create(
                [
                    Contact(
                        peer_support_id=referrals[row.values["referrals_reference"]],
                        peer_worker_id=self.emails[row.values["peer_worker_email"]],
                        **_contact_fields(row.values, keys=None),
                    )
                    for row in chunk
                ]
            )
            for row, contact in zip(chunk, made, strict=True):
                self.remember("contacts", row.reference, contact.pk)
                self.note("create", contact, row, person_id=person_of.get(contact.peer_support_id))
                touched.add(contact.peer_support_id)
                self.count(row)
            self.flush()
        for row in self.rows("contacts", CHANGE):
            contact = Contact.objects.get(pk=_id(row))
            touched.add(contact.peer_support_id)
            contact.peer_support_id = referrals[row.values["referrals_reference"]]
            contact.peer_worker_id = self.emails[row.values["peer_worker_email"]]
            for key, value in _contact_fields(row.values, keys=keys).items():
                setattr(contact, key, value)
            contact.save()
            touched.add(contact.peer_support_id)
            self.note(
                "update",
                contact,
                row,
                person_id=person_of.get(contact.peer_support_id),
                summary=self.changed(row),
            )
            self.count(row)
        self.flush()
        return touched

    def groups(self) -> None:
        creates = self.rows("groups", CREATE)
        made = Group.objects.bulk_create(
            [
                Group(
                    service=self.service,
                    name=row.values["name"],
                    kind=row.values["kind"],
                    active=row.values.get("active", True),
                )
                for row in creates
            ]
        )
        for row, group in zip(creates, made, strict=True):
            self.remember("groups", row.reference, group.pk)
            self.note("create", group, row, person_id=None)
            self.count(row)
        for row in self.rows("groups", CHANGE):
            group = Group.objects.get(pk=_id(row))
            group.name, group.kind = row.values["name"], row.values["kind"]
            if "active" in self.plan.mapped_keys["groups"]:
                group.active = row.values.get("active", True)
            group.save()
            self.note("update", group, row, person_id=None, summary=self.changed(row))
            self.count(row)
        self.flush()

    def sessions(self) -> None:
        keys = self.plan.mapped_keys["sessions"]
        groups = self.ids("groups")
        creates = self.rows("sessions", CREATE)
        made = GroupSession.objects.bulk_create(
            [
                GroupSession(
                    service=self.service,
                    group_id=groups[row.values["groups_reference"]]
                    if row.values.get("groups_reference")
                    else None,
                    led_by_id=self.emails[row.values["led_by_email"]],
                    **_session_fields(row.values, keys=None),
                )
                for row in creates
            ],
            batch_size=BATCH,
        )
        for row, session in zip(creates, made, strict=True):
            self.remember("sessions", row.reference, session.pk)
            self.note("create", session, row, person_id=None)
            self.count(row)
        for row in self.rows("sessions", CHANGE):
            session = GroupSession.objects.get(pk=_id(row))
            for key, value in _session_fields(row.values, keys=keys).items():
                setattr(session, key, value)
            if "groups_reference" in keys:
                ref = row.values.get("groups_reference")
                session.group_id = groups[ref] if ref else None
            session.led_by_id = self.emails[row.values["led_by_email"]]
            session.save()
            self.note("update", session, row, person_id=None, summary=self.changed(row))
            self.count(row)
        self.flush()

    def attendance(self) -> set[int]:
        """Each attendance is the contact a register makes (support.services.group_register_take)."""
        sessions_by_ref, referrals = self.ids("sessions"), self.ids("referrals")
        rows = self.rows("attendance", CREATE) + self.rows("attendance", CHANGE)
        session_ids = {sessions_by_ref[row.values["sessions_reference"]] for row in rows}
        sessions = GroupSession.objects.in_bulk(list(session_ids))
        support_ids = {referrals[row.values["referrals_reference"]] for row in rows}
        roles = dict(
            PeerSupport.objects.filter(pk__in=list(support_ids)).values_list("pk", "person__family_role")
        )
        person_of = _people_of(support_ids)
        touched: set[int] = set()

        def fields(row: Row) -> dict[str, Any]:
            session = sessions[sessions_by_ref[row.values["sessions_reference"]]]
            support_id = referrals[row.values["referrals_reference"]]
            return {
                "peer_support_id": support_id,
                "peer_worker_id": session.led_by_id,
                "contact_with": Contact.With.MOTHER
                if roles.get(support_id) == Person.FamilyRole.MOTHER
                else Contact.With.PARTNER,
                "occurred_at": session.starts_at,
                "duration_minutes": session.duration_minutes,
                "mode": session.mode,
                "successful": True,
                "group_session_id": session.pk,
                "note": f"Attended {session.title}",
            }

        creates = self.rows("attendance", CREATE)
        made = Contact.objects.bulk_create([Contact(**fields(row)) for row in creates], batch_size=BATCH)
        for row, contact in zip(creates, made, strict=True):
            self.remember("attendance", row.reference, contact.pk)
            self.note("create", contact, row, person_id=person_of.get(contact.peer_support_id))
            touched.add(contact.peer_support_id)
            self.count(row)
        for row in self.rows("attendance", CHANGE):
            contact = Contact.objects.get(pk=_id(row))
            touched.add(contact.peer_support_id)
            for key, value in fields(row).items():
                setattr(contact, key, value)
            contact.save()
            touched.add(contact.peer_support_id)
            self.note(
                "update",
                contact,
                row,
                person_id=person_of.get(contact.peer_support_id),
                summary=self.changed(row),
            )
            self.count(row)
        self.flush()
        return touched

    def write(self) -> dict[str, dict[str, int]]:
        self.staff()
        self.people()
        self.referrals()
        self.allocations()
        touched = self.contacts()
        self.groups()
        self.sessions()
        touched |= self.attendance()
        # Her last contact, as the app's own writers keep it (support.services.last_contact_refresh).
        touched_list = sorted(touched)
        for start in range(0, len(touched_list), 900):
            last_contact_refresh(touched_list[start : start + 900])
        return self.counts


def _id(row: Row) -> int:
    """The record a "change" row changes (the plan found it)."""
    assert row.object_id is not None  # noqa: S101  (the plan sets it on every change)
    return row.object_id


def _person_fields(v: dict[str, Any], only: set[str] | None = None) -> dict[str, Any]:
    fields = {
        k: v.get(k) for k in PERSON_FIELDS if (only is None and k in v) or (only is not None and k in only)
    }
    if "ethnic_category" in fields:
        fields["ethnic_category_id"] = fields.pop("ethnic_category") or None
    for key in ("preferred_name", "nhs_number", "postcode", "phone"):
        if key in fields and fields[key] is None:
            fields[key] = ""
    if "preferred_language" in fields and fields["preferred_language"] is None:
        fields["preferred_language"] = "English"
    if "needs_interpreter" in fields and fields["needs_interpreter"] is None:
        fields["needs_interpreter"] = False
    return fields


REFERRAL_FIELDS = (
    "referred_on",
    "source",
    "reason",
    "status",
    "status_changed_on",
    "end_reason",
    "review_on",
)


def _referral_fields(v: dict[str, Any], only: set[str] | None = None) -> dict[str, Any]:
    fields = {
        "referred_on": v["referred_on"],
        "source": v.get("source") or PeerSupport.Source.CLINICIAN,
        "reason": v.get("reason", ""),
        "status": v["status"],
        "status_changed_on": v.get("status_changed_on") or v["referred_on"],
        "end_reason": v.get("end_reason", ""),
        "review_on": v.get("review_on"),
        "status_note": "Imported" if v["status"] == Status.DEFERRED else "",
    }
    if only is not None:
        keep = (
            (only & set(REFERRAL_FIELDS)) | {"status_changed_on", "end_reason", "review_on"}
            if "status" in only
            else only
        )
        fields = {k: value for k, value in fields.items() if k in keep}
    return fields


def _history(support: PeerSupport, actor: User, *, created: bool) -> list[StatusChange]:
    """The status history an import gives her: referred on the day she was, then the status the
    file gives, on the day it gives (no step in between is invented)."""
    changes = []
    if created:
        changes.append(
            StatusChange(
                peer_support=support, status=Status.REFERRED, changed_on=support.referred_on, changed_by=actor
            )
        )
    if support.status != Status.REFERRED or not created:
        changes.append(
            StatusChange(
                peer_support=support,
                status=support.status,
                changed_on=support.status_changed_on,
                changed_by=actor,
                end_reason=support.end_reason,
                review_on=support.review_on,
                note="Imported",
            )
        )
    return changes


def _contact_fields(v: dict[str, Any], keys: set[str] | None) -> dict[str, Any]:
    fields = {
        "contact_with": v.get("contact_with") or Contact.With.MOTHER,
        "occurred_at": v["occurred_at"],
        "duration_minutes": v["duration_minutes"],
        "mode": v["mode"],
        "successful": v.get("successful", True),
        "note": v.get("note", ""),
    }
    return fields if keys is None else {k: value for k, value in fields.items() if k in keys}


def _session_fields(v: dict[str, Any], keys: set[str] | None) -> dict[str, Any]:
    fields = {
        "title": v["title"],
        "kind": v["kind"],
        "starts_at": v["starts_at"],
        "duration_minutes": v["duration_minutes"],
        "mode": v.get("mode") or "community",
        "register_taken": v.get("register_taken", False),
    }
    return fields if keys is None else {k: value for k, value in fields.items() if k in keys}


def _people_of(support_ids: Iterable[int]) -> dict[int, int]:
    ids = list(support_ids)
    found: dict[int, int] = {}
    for start in range(0, len(ids), 900):
        found.update(
            PeerSupport.objects.filter(pk__in=ids[start : start + 900]).values_list("pk", "person_id")
        )
    return found
