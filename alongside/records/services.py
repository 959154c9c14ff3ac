"""Writes of the data-protection lifecycle: erasure (on request or past retention) and the audit
of a subject access export. Each runs in one transaction and writes its own audit row (ADR 0024).

Erasure anonymises rather than deletes: her record and everything linked to it stay as rows,
so every figure already reported for a past period (contacts, hours, people reached by ethnic
category, language, age band and area) is the same afterwards, but nothing in them names her.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models, transaction

from alongside.accounts.models import User
from alongside.audit import services as audit
from alongside.equity.groups import age_band, age_on
from alongside.lib import postcode
from alongside.organisations.models import Membership
from alongside.people.models import Person
from alongside.records import retention
from alongside.records.links import person_paths, rows_about
from alongside.records.models import Erasure
from alongside.reports.models import ReportQuote
from alongside.support.models import OPEN_STATUSES
from alongside.transitions.models import PersonReference

ERASED = "[erased]"
# Rows that are nothing but an identifier of her, or her words chosen for a report: deleted.
DELETED = (PersonReference, ReportQuote)


def _years_before(day: dt.date, n: int) -> dt.date:
    try:
        return day.replace(year=day.year - n)
    except ValueError:  # 29 February
        return day.replace(year=day.year - n, day=28)


def generalised_birth_date(born: dt.date, referred: list[dt.date]) -> dt.date:
    """A date of birth that puts her in the same age band on each day she was referred (what
    equity and the report count) but says no more than about when she was born: 1 July of her
    birth year, or of the nearest year that keeps every band. Only if none does (referrals either
    side of a band's edge) a date that keeps her exact age on each of those days, the earliest."""
    bands = [age_band(born, day) for day in referred]
    for offset in (0, -1, 1, -2, 2, -3, 3):
        candidate = dt.date(born.year + offset, 7, 1)
        if [age_band(candidate, day) for day in referred] == bands:
            return candidate
    return max(_years_before(day, age_on(born, day) + 1) + dt.timedelta(days=1) for day in referred)


def _is_free_text(f: models.Field) -> bool:  # type: ignore[type-arg]
    return (
        isinstance(f, models.CharField | models.TextField)
        and not isinstance(f, models.EmailField)  # a colleague's address an email went to
        and not f.choices
        and not f.unique
        and not f.primary_key
    )


def _scrub(obj: models.Model) -> None:
    """Every free-text field emptied (or marked erased where it may not be empty)."""
    changed = []
    for f in obj._meta.concrete_fields:
        if _is_free_text(f) and getattr(obj, f.attname):
            setattr(obj, f.attname, "" if f.blank else ERASED)
            changed.append(f.attname)
    if changed:
        obj.save(update_fields=changed)


def _anonymise_person(person: Person) -> None:
    referred = sorted(person.peer_supports.values_list("referred_on", flat=True))
    person.given_name = "Erased"
    person.family_name = "record"
    person.preferred_name = ""
    person.nhs_number = ""
    person.phone = ""
    person.postcode = postcode.district(person.postcode) if person.postcode else ""
    if person.date_of_birth:
        person.date_of_birth = generalised_birth_date(person.date_of_birth, referred)
    person.due_date = None
    person.baby_date_of_birth = None
    person.save()
    person.conditions.clear()
    person.communities.clear()
    person.preferred_modes.clear()


def _anonymise(person: Person) -> None:
    for deleted in DELETED:
        rows_about(person, deleted).delete()
    for model in person_paths():
        if model is Person or model in DELETED:
            continue
        for obj in rows_about(person, model):
            _scrub(obj)
    _anonymise_person(person)


def person_erase(
    *, actor: User, membership: Membership, person: Person, ground: str, reference: str, confirmed: bool
) -> Erasure:
    """Erase her record on her valid request (UK GDPR Art 17), once confirmed.

    Refused while any of her peer support is open (end it first, so no one is left supporting an
    erased record) and when already erased. The audit row says that a record was erased, on
    which ground and case reference, never whose."""
    errors: dict[str, str] = {}
    if not confirmed:
        errors["confirmed"] = "Confirm that her request is valid and that you mean to erase her record"
    if ground not in Erasure.Ground.values:
        errors["ground"] = "Select the ground for erasing her record"
    reference = reference.strip()
    if not reference:
        errors["reference"] = "Enter the case reference of her request"
    elif _names_her(reference, person):
        errors["reference"] = "The case reference must not contain her name or NHS number"
    if Erasure.objects.filter(person=person).exists():
        errors["confirmed"] = "Her record has been erased already"
    elif person.peer_supports.filter(status__in=OPEN_STATUSES).exists():
        errors["confirmed"] = "End or close her peer support first: it is still open"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        _anonymise(person)
        erasure = Erasure.objects.create(
            person=person, kind=Erasure.Kind.REQUEST, ground=ground, reference=reference, erased_by=actor
        )
        audit.record(
            actor,
            "delete",
            person,
            membership=membership,
            summary=f"Record erased on her request ({Erasure.Ground(ground).label}; case {reference})",
        )
    return erasure


def _names_her(text: str, person: Person) -> bool:
    words = {w.lower() for w in (person.given_name, person.family_name, person.preferred_name) if len(w) > 1}
    lowered = text.lower()
    digits = "".join(c for c in text if c.isdigit())
    return any(w in lowered for w in words) or bool(person.nhs_number and person.nhs_number in digits)


def retention_apply(*, today: dt.date | None = None) -> tuple[int, int]:
    """Anonymise every record past its retention period, and delete sent emails past theirs.
    Returns (records anonymised, emails deleted). Each record in its own transaction, so a
    failure part way keeps what was done and the next run carries on."""
    anonymised = 0
    kept_for = retention.years(retention.CARE_RECORD)
    for due in list(retention.care_records_due(today)):
        with transaction.atomic():
            _anonymise(due.person)
            Erasure.objects.create(person=due.person, kind=Erasure.Kind.RETENTION)
            audit.record(
                None,
                "delete",
                due.person,
                summary=f"Record anonymised: past its retention period ({kept_for} years after last contact)",
            )
        anonymised += 1
    emails, _ = retention.sent_emails_due(today).delete()
    return anonymised, emails
