"""How long each kind of record is kept, and what is past it (ADR 0025).

The defaults are our reading of the NHS England Records Management Code of Practice (2021,
updated 2023), Appendix II; each can be changed for a deployment with an environment variable
(ALONGSIDE_RETAIN_CARE_RECORD_YEARS, ALONGSIDE_RETAIN_SENT_EMAIL_YEARS), because the Trust's
records manager decides, not us.
"""

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import F, Max, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from alongside.lib import dates
from alongside.notifications.models import OutboundEmail
from alongside.people.models import Person
from alongside.support.models import OPEN_STATUSES, Contact, PeerSupport
from alongside.transitions.models import Transition


@dataclass(frozen=True)
class RecordType:
    key: str
    label: str
    default_years: int
    counted_from: str
    source: str


CARE_RECORD = RecordType(
    "care_record",
    "A person's record: her details, peer support, contacts, goals, stories and everything linked",
    20,
    "her last contact with any service (nothing open, nothing recorded since)",
    "Records Management Code of Practice 2021/2023, Appendix II, 'Mental health records': "
    "20 years after no further treatment is considered necessary, or 10 years after death "
    "(8 in the 2016 Code). Alongside does not record deaths, so only the first applies.",
)
SENT_EMAIL = RecordType(
    "sent_email",
    "Emails Alongside has sent (the outbox); they never name her, but say where",
    2,
    "when it was sent",
    "Local choice, not from the Code: an email here is a notification whose content is on the "
    "record itself; two years covers a complaint about a missed alert.",
)
SCHEDULE = (CARE_RECORD, SENT_EMAIL)


def years(record_type: RecordType) -> int:
    """settings.ALONGSIDE["RETAIN_<KEY>_YEARS"] (from ALONGSIDE_RETAIN_<KEY>_YEARS), else the default."""
    return int(settings.ALONGSIDE.get(f"RETAIN_{record_type.key.upper()}_YEARS", record_type.default_years))


def _years_before(day: dt.date, n: int) -> dt.date:
    try:
        return day.replace(year=day.year - n)
    except ValueError:  # 29 February
        return day.replace(year=day.year - n, day=28)


@dataclass(frozen=True)
class Due:
    person: Person
    last_activity: dt.date
    due_on: dt.date


def _latest(queryset: QuerySet[Any], field: str) -> Subquery:
    """The latest `field` of `queryset`'s rows for the person in the outer query."""
    return Subquery(
        queryset.filter(person=OuterRef("pk")).order_by().values("person").annotate(m=Max(field)).values("m")
    )


def care_records_due(today: dt.date | None = None) -> Iterator[Due]:
    """People whose last activity (referral, status change, contact, transition) is older than
    the retention period, with nothing still open, and not erased already: one query."""
    today = today or timezone.localdate()
    cutoff = _years_before(today, years(CARE_RECORD))
    before = dates.start_of(cutoff)
    contacts = Contact.objects.annotate(person=F("peer_support__person"))
    candidates = (
        Person.objects.filter(erasure__isnull=True, created_at__lt=before)
        .exclude(peer_supports__status__in=OPEN_STATUSES)
        .annotate(
            referred=_latest(PeerSupport.objects.all(), "referred_on"),
            changed=_latest(PeerSupport.objects.all(), "status_changed_on"),
            contacted=_latest(contacts, "occurred_at"),
            moved=_latest(Transition.objects.all(), "occurred_on"),
        )
        .filter(Q(referred__isnull=True) | Q(referred__lt=cutoff))
        .filter(Q(changed__isnull=True) | Q(changed__lt=cutoff))
        .filter(Q(contacted__isnull=True) | Q(contacted__lt=before))
        .filter(Q(moved__isnull=True) | Q(moved__lt=cutoff))
        .order_by("pk")
    )
    for person in candidates:
        last = max(
            timezone.localdate(person.created_at),
            *(d for d in (person.referred, person.changed, person.moved) if d),
            *([timezone.localdate(person.contacted)] if person.contacted else []),
        )
        yield Due(person, last, _years_before(last, -years(CARE_RECORD)))


def sent_emails_due(today: dt.date | None = None) -> QuerySet[OutboundEmail]:
    today = today or timezone.localdate()
    cutoff = _years_before(today, years(SENT_EMAIL))
    return OutboundEmail.objects.filter(sent_at__isnull=False, sent_at__lt=dates.start_of(cutoff))
