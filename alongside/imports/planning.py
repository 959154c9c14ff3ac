"""The dry run: what importing the tables would do to each row, and why a row is refused.

`make_plan` reads every row of every table against its sheet (alongside/support/sheets.py), in
the sheets' order, so that a row may refer to a row of an earlier sheet in the same file or to
a record an earlier import made (alongside.imports.models.Reference). Each row becomes one of:
create, change (naming each field, old -> new), unchanged, or refused (with its reason). The plan
writes nothing; alongside.imports.applying writes it, all of it or none.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Model
from django.db.models.functions import Lower
from django.utils import timezone

from alongside.accounts.models import User
from alongside.accounts.rules import AGGREGATE_ONLY_ROLES, PEER_SUPPORTER_ROLES, ROLE_PERMISSIONS, Perm
from alongside.imports import access, values
from alongside.imports.models import Reference
from alongside.imports.reading import Table
from alongside.lib import dates, names, phone
from alongside.organisations.models import Employment, Membership, Organisation, Role, Service
from alongside.people.models import EthnicCategory, Person
from alongside.support.models import (
    Allocation,
    Contact,
    EndReason,
    Group,
    GroupKind,
    GroupSession,
    Mode,
    PeerSupport,
    Status,
    check_duration,
)
from alongside.support.sheets import BY_NAME, SHEETS, Column, Kind, Sheet

CREATE, CHANGE, UNCHANGED, REFUSED = "create", "change", "unchanged", "refused"
ACTIONS = (CREATE, CHANGE, UNCHANGED, REFUSED)
# What oversees the service and its people's records: an import may give a role that grants any
# of these only to an importer who holds it herself (a co-ordinator cannot make a service manager
# or an administrator; a service manager can). ADR 0050.
OVERSIGHT = frozenset({Perm.VIEW_AUDIT, Perm.ERASE_PERSON, Perm.EXPORT_PERSON, Perm.MANAGE_API_TOKENS})


def roles_given_by(role: str) -> tuple[str, ...]:
    """The roles an import by someone in `role` may give. Never a commissioner's or a national
    reviewer's: theirs name a service only to place them."""
    held = ROLE_PERMISSIONS.get(role, frozenset())
    return tuple(
        r
        for r in Role
        if r not in AGGREGATE_ONLY_ROLES and not (ROLE_PERMISSIONS.get(r, frozenset()) & OVERSIGHT) - held
    )


Progress = Callable[[str, int, int], None]


def _choices(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    found: dict[str, str] = {}
    for value, label in pairs:
        found[values.fold(str(label))] = value
        found[values.fold(value)] = value
    return found


STATIC_CHOICES: dict[tuple[str, str], dict[str, str]] = {
    ("people", "family_role"): _choices(Person.FamilyRole.choices),
    ("referrals", "source"): _choices(PeerSupport.Source.choices),
    ("referrals", "status"): _choices(Status.choices),
    ("referrals", "end_reason"): _choices(EndReason.choices),
    ("contacts", "contact_with"): _choices(Contact.With.choices),
    ("contacts", "mode"): _choices(Mode.choices),
    ("groups", "kind"): _choices(GroupKind.choices),
    ("sessions", "kind"): _choices(GroupKind.choices),
    ("sessions", "mode"): _choices(Mode.choices),
    ("staff", "role"): _choices(Role.choices),
    ("staff", "employment"): _choices(Employment.choices),
}
DEFAULTS: dict[tuple[str, str], Any] = {
    ("people", "preferred_language"): "English",
    ("people", "needs_interpreter"): False,
    ("referrals", "source"): PeerSupport.Source.CLINICIAN,
    ("contacts", "contact_with"): Contact.With.MOTHER,
    ("contacts", "successful"): True,
    ("groups", "active"): True,
    ("sessions", "mode"): Mode.COMMUNITY,
    ("sessions", "register_taken"): False,
    ("staff", "employment"): Employment.NHS,
    ("staff", "active"): True,
}


@dataclass
class Row:
    sheet: str
    source: str
    number: int
    cells: list[str]
    reference: str = ""
    action: str = CREATE
    values: dict[str, Any] = field(default_factory=dict)
    changes: list[tuple[str, str, str]] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    object_id: int | None = None  # the record it is, when it already exists
    person_id: int | None = None  # the person that record is about (for the audit of the dry run)

    @property
    def reason(self) -> str:
        return f"Row {self.number}: " + "; ".join(self.reasons) if self.reasons else ""

    def refuse(self, reason: str) -> None:
        self.action = REFUSED
        self.reasons.append(reason)


@dataclass
class Mapped:
    """A table with the sheet it is and, for each of its columns, the sheet column's key ("" for none)."""

    table: Table
    sheet: Sheet
    columns: dict[int, str]


@dataclass
class Plan:
    service: Service
    rows: dict[str, list[Row]] = field(default_factory=lambda: defaultdict(list))
    sources: dict[str, list[str]] = field(default_factory=dict)  # source -> its headings
    mapped_keys: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))

    def counts(self) -> dict[str, dict[str, int]]:
        counts = {}
        for sheet in SHEETS:
            if sheet.name in self.rows:
                row_actions = [row.action for row in self.rows[sheet.name]]
                counts[sheet.name] = {action: row_actions.count(action) for action in ACTIONS}
        return counts

    def refused(self) -> list[Row]:
        return [row for sheet in SHEETS for row in self.rows.get(sheet.name, []) if row.action == REFUSED]

    def total(self, action: str) -> int:
        return sum(c[action] for c in self.counts().values())

    def all_rows(self) -> list[Row]:
        return [row for sheet in SHEETS for row in self.rows.get(sheet.name, [])]

    def summary(self) -> dict[str, Any]:
        """What the dry run's pages show (kept on the import): counts, and every row it would
        create or change or refuses (an unchanged row is only counted)."""
        return {
            "counts": self.counts(),
            "sources": self.sources,
            "rows": [
                {
                    "sheet": row.sheet,
                    "source": row.source,
                    "number": row.number,
                    "reference": row.reference,
                    "action": row.action,
                    "changes": row.changes,
                    "reason": row.reason,
                    "cells": row.cells if row.action == REFUSED else [],
                    "object_id": row.object_id,
                    "person_id": row.person_id,
                }
                for row in self.all_rows()
                if row.action in (CREATE, CHANGE, REFUSED)
            ],
        }


# --- the column mapping -----------------------------------------------------------------------


def suggest(sheet: Sheet, headings: list[str], saved: dict[str, str] | None = None) -> dict[int, str]:
    """For each file column, the sheet column it is: the saved mapping's choice first, then the
    heading exactly, then the heading with case, spaces and punctuation left out."""
    saved = saved or {}
    taken: set[str] = set()
    found: dict[int, str] = {}
    keys = {column.key for column in sheet.columns}
    by_exact = {column.heading: column.key for column in sheet.columns}
    by_fold = {values.fold(column.heading): column.key for column in sheet.columns}
    by_fold.update({values.fold(column.key): column.key for column in sheet.columns})
    for matcher in (
        lambda h: saved.get(h) if saved.get(h) in keys else None,
        by_exact.get,
        lambda h: by_fold.get(values.fold(h)),
    ):
        for index, heading in enumerate(headings):
            if index in found or not heading:
                continue
            key = matcher(heading)
            if key and key not in taken:
                found[index] = key
                taken.add(key)
    return {index: found.get(index, "") for index in range(len(headings))}


def unmapped_required(mapped: Mapped) -> list[Column]:
    chosen = set(mapped.columns.values())
    return [c for c in mapped.sheet.columns if c.required and c.key not in chosen]


# --- reading one row --------------------------------------------------------------------------


def _read_cell(sheet: Sheet, column: Column, cell: Any) -> Any:
    if column.kind in (Kind.TEXT, Kind.REFERENCE):
        value = values.text(cell)
        if reason := names.problem(value):
            raise values.Refusal(reason)
        return value
    if column.kind == Kind.DATE:
        day = values.date(cell)
        earliest = dates.EARLIEST_BIRTH if column.key == "date_of_birth" else dates.EARLIEST
        if reason := dates.problem(day, earliest=earliest):
            raise values.Refusal(f"is outside the dates Alongside takes ({reason.lower()})")
        return day
    if column.kind == Kind.MOMENT:
        at = values.moment(cell)
        if reason := dates.problem(at.astimezone(values.UK).date()):
            raise values.Refusal(f"is outside the dates Alongside takes ({reason.lower()})")
        return at
    if column.kind == Kind.WHOLE:
        return values.whole(cell)
    if column.kind == Kind.YES_NO:
        return values.yes_no(cell)
    if column.kind == Kind.NHS_NUMBER:
        return values.nhs(cell)
    if column.kind == Kind.EMAIL:
        return values.email(cell)
    if column.kind == Kind.CHOICE:
        return values.choice(cell, _choices_for(sheet.name, column.key))
    raise AssertionError(column.kind)


_ETHNIC: dict[str, str] = {}


def _choices_for(sheet: str, key: str) -> dict[str, str]:
    if (sheet, key) == ("people", "ethnic_category"):
        if not _ETHNIC:
            _ETHNIC.update(_choices(EthnicCategory.objects.values_list("code", "label")))
        return _ETHNIC
    return STATIC_CHOICES[(sheet, key)]


def _read_row(mapped: Mapped, number: int, cells: list[Any]) -> Row:
    sheet = mapped.sheet
    shown = [values.text(c) for c in cells]
    row = Row(sheet=sheet.name, source=mapped.table.source, number=number, cells=shown)
    by_key = {c.key: c for c in sheet.columns}
    for index, key in mapped.columns.items():
        if not key:
            continue
        column = by_key[key]
        cell = cells[index] if index < len(cells) else None
        if values.text(cell) == "":
            # A member of staff Alongside knows keeps her name when the file leaves it blank
            # (checked in _staff); only someone new needs one.
            if column.required and not (sheet.name == "staff" and key in ("first_name", "last_name")):
                row.refuse(f"{column.heading} is blank, and it is needed")
            continue
        try:
            row.values[key] = _read_cell(sheet, column, cell)
        except values.Refusal as refusal:
            row.refuse(f"{column.heading} '{values.text(cell)}' {refusal}")
    row.reference = str(row.values.get("email" if sheet.name == "staff" else "reference", ""))
    return row


# --- what is there already --------------------------------------------------------------------


class Known:
    """The service's references and staff, read once, and the rows of this file planned so far."""

    def __init__(self, membership: Membership) -> None:
        self.membership = membership
        self.service = service = membership.service
        self.may_give = roles_given_by(membership.role)
        self.refs: dict[str, dict[str, int]] = defaultdict(dict)
        self.back: dict[str, dict[int, str]] = defaultdict(dict)
        for sheet, reference, object_id in Reference.objects.filter(service=service).values_list(
            "sheet", "reference", "object_id"
        ):
            self.refs[sheet][reference] = object_id
            self.back[sheet][object_id] = reference
        self.members: dict[str, list[Membership]] = defaultdict(list)
        for membership in Membership.objects.filter(service=service).select_related(
            "user", "host_organisation"
        ):
            self.members[membership.user.email.lower()].append(membership)
        self.planned: dict[str, dict[str, Row]] = defaultdict(dict)
        self.refused: dict[str, dict[str, int]] = defaultdict(dict)
        self._supports: dict[int, int] | None = None

    def supports(self) -> dict[int, int]:
        """The service's peer support relationships: id -> the person's id."""
        if self._supports is None:
            self._supports = access.supported_people(self.membership)
        return self._supports

    def exists(self, sheet: str, reference: str) -> bool:
        return reference in self.refs[sheet] or reference in self.planned[sheet]

    def problem_with(self, sheet: str, reference: str, heading: str) -> str | None:
        """Why a row's reference to another sheet's row cannot be followed, or None."""
        if reference in self.planned[sheet] or reference in self.refs[sheet]:
            return None
        if reference in self.refused[sheet]:
            return f"{heading} {reference} is on row {self.refused[sheet][reference]}, which is refused"
        return f"{heading} {reference} is neither in this file nor already imported"


def _existing(model: type[Model], known: Known, sheet: str, rows: list[Row]) -> dict[int, Any]:
    """The records the rows' references name, of those the importer may see (imports.access)."""
    ids = [known.refs[sheet][row.reference] for row in rows if row.reference in known.refs[sheet]]
    return access.records_by_id(model, known.membership, ids, supported=known.supports())


def _compare(row: Row, sheet: Sheet, current: dict[str, Any], keys: set[str]) -> None:
    headings = {c.key: c.heading for c in sheet.columns}
    for key in [c.key for c in sheet.columns if c.key in keys and c.key not in ("reference", "email")]:
        new = row.values.get(key, DEFAULTS.get((sheet.name, key), None if "_on" in key else ""))
        old = current.get(key)
        if isinstance(new, dt.datetime) and isinstance(old, dt.datetime):
            same = new == old
        else:
            same = (old if old is not None else "") == (new if new is not None else "")
        if not same:
            row.changes.append((headings[key], values.shown(old), values.shown(new)))
    row.action = CHANGE if row.changes else UNCHANGED


# --- each sheet's own rules -------------------------------------------------------------------


def _staff(rows: list[Row], known: Known, keys: set[str]) -> None:
    organisations = {values.fold(o.name): o for o in Organisation.objects.all()}
    emails = [row.reference for row in rows if row.reference]
    users: set[str] = set()
    for start in range(0, len(emails), 900):
        users.update(
            User.objects.annotate(lower=Lower("email"))
            .filter(lower__in=emails[start : start + 900])
            .values_list("lower", flat=True)
        )
    # Someone who works in another service too keeps her name as her own account has it: an
    # import into one service never renames her in the others.
    elsewhere: set[str] = set()
    for start in range(0, len(emails), 900):
        elsewhere.update(
            Membership.objects.exclude(service=known.service)
            .annotate(lower=Lower("user__email"))
            .filter(lower__in=emails[start : start + 900])
            .values_list("lower", flat=True)
        )
    for row in rows:
        if row.action == REFUSED:
            continue
        v = row.values
        if row.reference in elsewhere:
            v.pop("first_name", None)
            v.pop("last_name", None)
        if row.reference not in users:
            for key, heading in (("first_name", "Given name"), ("last_name", "Family name")):
                if not v.get(key):
                    row.refuse(f"{heading} is blank, and it is needed for someone new to Alongside")
        memberships = known.members.get(row.reference, [])
        membership = next((m for m in memberships if m.role == v.get("role")), None)
        if membership is None and v["role"] not in known.may_give:
            label = Role(v["role"]).label
            row.refuse(f"Role '{label}' cannot be given by your import: ask your service manager")
        host = v.get("host_organisation", "")
        if host:
            organisation = organisations.get(values.fold(host))
            if organisation is None:
                row.refuse(
                    f"Host organisation '{host}' is not known to Alongside: ask for it to be added first"
                )
            else:
                v["host_organisation"] = organisation.name
                v["host_organisation_id"] = organisation.pk
        if v.get("employment") == Employment.HOSTED and not host:
            row.refuse("Employment is hosted, but Host organisation is blank")
        if row.action == REFUSED:
            continue
        if membership is None:
            row.action = CREATE
            continue
        row.object_id = membership.pk
        user = membership.user
        v.setdefault("first_name", user.first_name)
        v.setdefault("last_name", user.last_name)
        current = {
            "first_name": user.first_name,
            "last_name": user.last_name,
            "role": membership.role,
            "employment": membership.employment,
            "host_organisation": membership.host_organisation.name if membership.host_organisation else "",
            "active": membership.active,
        }
        _compare(row, BY_NAME["staff"], current, keys)


def _people(rows: list[Row], known: Known, keys: set[str]) -> None:
    service = known.service
    existing = _existing(Person, known, "people", rows)
    consents = access.consents_in_force(known.membership, existing)
    numbers = [row.values["nhs_number"] for row in rows if row.values.get("nhs_number")]
    holders = access.nhs_number_holders(numbers)
    in_file: dict[str, int] = {}
    for row in rows:
        if row.action == REFUSED:
            continue
        v = row.values
        person = existing.get(known.refs["people"].get(row.reference, -1))
        number = v.get("nhs_number")
        if number:
            shown = values.text(v["nhs_number"])
            display = f"{shown[:3]} {shown[3:6]} {shown[6:]}"
            if number in in_file:
                row.refuse(f"NHS number {display} is also on row {in_file[number]}")
            elif number in holders and (person is None or holders[number] != person.pk):
                row.refuse(f"NHS number {display} is already on someone else's record")
            in_file[number] = row.number
        if v.get("phone"):
            try:
                v["phone"] = phone.normalise(v["phone"])
            except ValidationError:
                row.refuse(f"Phone '{v['phone']}' is not a UK phone number")
        fields = {k: v[k] for k in PERSON_FIELDS if k in v}
        if "ethnic_category" in fields:
            fields["ethnic_category_id"] = fields.pop("ethnic_category")
        candidate = Person(service=service, **fields)
        try:
            candidate.full_clean(
                exclude=["service", "family"], validate_unique=False, validate_constraints=False
            )
        except ValidationError as error:
            for key, messages in error.message_dict.items():
                heading = next((c.heading for c in BY_NAME["people"].columns if c.key == key), "")
                for message in messages:
                    row.refuse(f"{heading}: {message}" if heading else message)
        if "postcode" in v and row.action != REFUSED:
            v["postcode"] = candidate.postcode
        if row.action == REFUSED:
            continue
        if person is None:
            row.action = CREATE
            continue
        row.object_id = row.person_id = person.pk
        current = {key: getattr(person, key) for key in PERSON_FIELDS}
        current["ethnic_category"] = person.ethnic_category_id or ""
        current["family_reference"] = known.back["families"].get(person.family_id, "")
        current["consent_given_on"] = consents.get(person.pk)
        _compare(row, BY_NAME["people"], current, keys)


PERSON_FIELDS = [
    "family_role",
    "given_name",
    "family_name",
    "preferred_name",
    "date_of_birth",
    "nhs_number",
    "postcode",
    "phone",
    "ethnic_category",
    "preferred_language",
    "needs_interpreter",
    "due_date",
    "baby_date_of_birth",
]


def _referrals(rows: list[Row], known: Known, keys: set[str]) -> None:
    existing = _existing(PeerSupport, known, "referrals", rows)
    consented = set(access.consents_in_force(known.membership, known.refs["people"].values()))
    today = timezone.localdate()
    for row in rows:
        if row.action == REFUSED:
            continue
        v = row.values
        person_ref = v["people_reference"]
        if problem := known.problem_with("people", person_ref, "Person reference"):
            row.refuse(problem)
        elif person_ref in known.planned["people"]:
            planned = known.planned["people"][person_ref]
            has_consent = "consent_given_on" in planned.values or (
                planned.object_id is not None and planned.object_id in consented
            )
            if not has_consent:
                row.refuse(
                    f"Person reference {person_ref} has no 'Consent given on': peer support is recorded only "
                    "with her consent"
                )
        elif known.refs["people"][person_ref] not in consented:
            row.refuse(
                f"Person reference {person_ref} has no consent recorded: peer support needs her consent"
            )
        v.setdefault("status_changed_on", v.get("referred_on"))
        if v["referred_on"] > today:
            row.refuse("Referred on cannot be in the future")
        if v["status_changed_on"] and v["status_changed_on"] < v["referred_on"]:
            row.refuse("Status changed on cannot be before Referred on")
        if v["status_changed_on"] and v["status_changed_on"] > today:
            row.refuse("Status changed on cannot be in the future")
        if v.get("status") == Status.ENDED and not v.get("end_reason"):
            row.refuse("Status is ended, but End reason is blank")
        if v.get("status") == Status.DEFERRED and not v.get("review_on"):
            row.refuse("Status is deferred, but Review on is blank")
        if v.get("status") != Status.ENDED:
            v["end_reason"] = ""
        if v.get("status") != Status.DEFERRED:
            v["review_on"] = None
        if row.action == REFUSED:
            continue
        peer_support = existing.get(known.refs["referrals"].get(row.reference, -1))
        if peer_support is None:
            row.action = CREATE
            continue
        row.object_id, row.person_id = peer_support.pk, peer_support.person_id
        current = {
            key: getattr(peer_support, key)
            for key in (
                "referred_on",
                "source",
                "reason",
                "status",
                "status_changed_on",
                "end_reason",
                "review_on",
            )
        }
        current["people_reference"] = known.back["people"].get(peer_support.person_id, "")
        _compare(row, BY_NAME["referrals"], current, keys)


def _workers(known: Known, *, roles: Iterable[str] | None, active_only: bool) -> set[str]:
    """The emails of the service's staff who may be named (existing, or added by this file)."""
    wanted = set(roles) if roles is not None else None
    emails = {
        email
        for email, memberships in known.members.items()
        if any((wanted is None or m.role in wanted) and (m.active or not active_only) for m in memberships)
    }
    for row in known.planned["staff"].values():
        email = row.reference
        if (wanted is None or row.values.get("role") in wanted) and (
            row.values.get("active", True) or not active_only
        ):
            emails.add(email)
    return emails


def _referral_of(row: Row, known: Known) -> None:
    if problem := known.problem_with("referrals", row.values["referrals_reference"], "Referral reference"):
        row.refuse(problem)


def _allocations(rows: list[Row], known: Known, keys: set[str]) -> None:
    existing = _existing(Allocation, known, "allocations", rows)
    active = _workers(known, roles=PEER_SUPPORTER_ROLES, active_only=True)
    any_time = _workers(known, roles=PEER_SUPPORTER_ROLES, active_only=False)
    open_pairs: dict[tuple[str, str], int] = {}
    for row in rows:
        if row.action == REFUSED:
            continue
        v = row.values
        _referral_of(row, known)
        email = v["peer_worker_email"]
        if v.get("ended_on") is None and email not in active:
            row.refuse(f"Peer worker's email {email} is not an active peer worker of this service")
        elif email not in any_time:
            row.refuse(f"Peer worker's email {email} is not a peer worker of this service")
        if v.get("ended_on") and v["ended_on"] < v["started_on"]:
            row.refuse("Ended on cannot be before Started on")
        if v["started_on"] > timezone.localdate():
            row.refuse("Started on cannot be in the future")
        if v.get("ended_on") is None:
            pair = (v["referrals_reference"], email)
            if pair in open_pairs:
                row.refuse(f"{email} is already allocated to referral {pair[0]} on row {open_pairs[pair]}")
            open_pairs[pair] = row.number
        if row.action == REFUSED:
            continue
        allocation = existing.get(known.refs["allocations"].get(row.reference, -1))
        if allocation is None:
            row.action = CREATE
            continue
        row.object_id, row.person_id = allocation.pk, known.supports().get(allocation.peer_support_id)
        current = {
            "referrals_reference": known.back["referrals"].get(allocation.peer_support_id, ""),
            "peer_worker_email": _email_of(known, allocation.peer_worker_id),
            "started_on": allocation.started_on,
            "ended_on": allocation.ended_on,
        }
        _compare(row, BY_NAME["allocations"], current, keys)


def _email_of(known: Known, user_id: int) -> str:
    for email, memberships in known.members.items():
        if any(m.user_id == user_id for m in memberships):
            return email
    return ""


def _contacts(rows: list[Row], known: Known, keys: set[str]) -> None:
    existing = _existing(Contact, known, "contacts", rows)
    staff = _workers(known, roles=None, active_only=False)
    soon = timezone.now() + dt.timedelta(minutes=5)
    emails = {m.user_id: email for email, ms in known.members.items() for m in ms}
    for row in rows:
        if row.action == REFUSED:
            continue
        v = row.values
        _referral_of(row, known)
        if v["peer_worker_email"] not in staff:
            row.refuse(f"Peer worker's email {v['peer_worker_email']} is not on this service's staff")
        if v["occurred_at"] > soon:
            row.refuse("When cannot be in the future")
        if problem := check_duration(v["duration_minutes"]):
            row.refuse(f"Minutes: {problem}")
        if row.action == REFUSED:
            continue
        contact = existing.get(known.refs["contacts"].get(row.reference, -1))
        if contact is None:
            row.action = CREATE
            continue
        row.object_id, row.person_id = contact.pk, known.supports().get(contact.peer_support_id)
        current = {
            key: getattr(contact, key)
            for key in ("contact_with", "occurred_at", "duration_minutes", "mode", "successful", "note")
        }
        current["referrals_reference"] = known.back["referrals"].get(contact.peer_support_id, "")
        current["peer_worker_email"] = emails.get(contact.peer_worker_id, "")
        _compare(row, BY_NAME["contacts"], current, keys)


def _groups(rows: list[Row], known: Known, keys: set[str]) -> None:
    existing = _existing(Group, known, "groups", rows)
    by_name = {values.fold(name): pk for pk, name in access.group_names(known.membership).items()}
    in_file: dict[str, int] = {}
    for row in rows:
        if row.action == REFUSED:
            continue
        group = existing.get(known.refs["groups"].get(row.reference, -1))
        name = values.fold(row.values["name"])
        if name in in_file:
            row.refuse(f"Name '{row.values['name']}' is also the name of the group on row {in_file[name]}")
        elif name in by_name and (group is None or by_name[name] != group.pk):
            row.refuse(f"Name '{row.values['name']}' is already the name of another group at this service")
        in_file[name] = row.number
        if row.action == REFUSED:
            continue
        if group is None:
            row.action = CREATE
            continue
        row.object_id = group.pk
        _compare(row, BY_NAME["groups"], {k: getattr(group, k) for k in ("name", "kind", "active")}, keys)


def _sessions(rows: list[Row], known: Known, keys: set[str]) -> None:
    existing = _existing(GroupSession, known, "sessions", rows)
    staff = _workers(known, roles=None, active_only=False)
    emails = {m.user_id: email for email, ms in known.members.items() for m in ms}
    for row in rows:
        if row.action == REFUSED:
            continue
        v = row.values
        if v.get("groups_reference") and (
            problem := known.problem_with("groups", v["groups_reference"], "Group reference")
        ):
            row.refuse(problem)
        if v["led_by_email"] not in staff:
            row.refuse(f"Led by (email) {v['led_by_email']} is not on this service's staff")
        if problem := check_duration(v["duration_minutes"]):
            row.refuse(f"Minutes: {problem}")
        if row.action == REFUSED:
            continue
        session = existing.get(known.refs["sessions"].get(row.reference, -1))
        if session is None:
            row.action = CREATE
            continue
        row.object_id = session.pk
        current = {
            k: getattr(session, k)
            for k in ("title", "kind", "starts_at", "duration_minutes", "mode", "register_taken")
        }
        current["groups_reference"] = (
            known.back["groups"].get(session.group_id, "") if session.group_id else ""
        )
        current["led_by_email"] = emails.get(session.led_by_id, "")
        _compare(row, BY_NAME["sessions"], current, keys)


def _attendance(rows: list[Row], known: Known, keys: set[str]) -> None:
    existing = _existing(Contact, known, "attendance", rows)
    pairs: dict[tuple[str, str], int] = {}
    for row in rows:
        if row.action == REFUSED:
            continue
        v = row.values
        if problem := known.problem_with("sessions", v["sessions_reference"], "Session reference"):
            row.refuse(problem)
        _referral_of(row, known)
        pair = (v["sessions_reference"], v["referrals_reference"])
        if pair in pairs:
            row.refuse(
                f"Referral {pair[1]} is already on the register of session {pair[0]}, on row {pairs[pair]}"
            )
        pairs[pair] = row.number
        if row.action == REFUSED:
            continue
        contact = existing.get(known.refs["attendance"].get(row.reference, -1))
        if contact is None:
            row.action = CREATE
            continue
        row.object_id, row.person_id = contact.pk, known.supports().get(contact.peer_support_id)
        current = {
            "sessions_reference": known.back["sessions"].get(contact.group_session_id or -1, ""),
            "referrals_reference": known.back["referrals"].get(contact.peer_support_id, ""),
        }
        _compare(row, BY_NAME["attendance"], current, keys)


SHEET_RULES: dict[str, Callable[[list[Row], Known, set[str]], None]] = {
    "staff": _staff,
    "people": _people,
    "referrals": _referrals,
    "allocations": _allocations,
    "contacts": _contacts,
    "groups": _groups,
    "sessions": _sessions,
    "attendance": _attendance,
}


def _key(row: Row) -> str:
    return f"{row.reference}|{row.values.get('role', '')}" if row.sheet == "staff" else row.reference


def make_plan(
    service: Service, tables: list[Mapped], *, membership: Membership, progress: Progress | None = None
) -> Plan:
    """What importing these tables would do, row by row. Reads the database, what the importer
    may see of it; writes nothing. Her role decides which staff roles it may give (roles_given_by)."""
    _ETHNIC.clear()
    plan = Plan(service=service)
    known = Known(membership)
    total = sum(len(m.table.rows) for m in tables)
    done = 0
    for sheet in SHEETS:
        rows: list[Row] = []
        for mapped in (m for m in tables if m.sheet.name == sheet.name):
            plan.sources[mapped.table.source] = mapped.table.headings
            plan.mapped_keys[sheet.name] |= {k for k in mapped.columns.values() if k}
            for number, cells in mapped.table.rows:
                rows.append(_read_row(mapped, number, cells))
                if progress and len(rows) % 1000 == 0:
                    # Reading a row is most of checking it: the bar moves as rows are read.
                    progress("planned", done + len(rows) // 2, total)
        if not rows:
            continue
        seen: dict[str, int] = {}
        for row in rows:
            # Staff are kept by email and role: one person may hold two roles in a service.
            key = _key(row)
            if row.reference and key in seen:
                what = (
                    f"Email {row.reference} with this role"
                    if sheet.name == "staff"
                    else f"Reference {row.reference}"
                )
                row.refuse(f"{what} is also on row {seen[key]}")
            elif row.reference:
                seen[key] = row.number
        SHEET_RULES[sheet.name](rows, known, plan.mapped_keys[sheet.name])
        for row in rows:
            if row.action == REFUSED:
                known.refused[sheet.name].setdefault(row.reference, row.number)
            elif row.reference:
                known.planned[sheet.name][_key(row)] = row
        plan.rows[sheet.name] = rows
        done += len(rows)
        if progress:
            progress("planned", done, total)
    return plan
