"""The sheets a service's records move out (exports) and in (imports) as: one list of columns.

An export writes these headings, in this order; an import's column mapping offers them and
recognises them, so a service's own export imports again into an empty service as the same
records (issue 17). Each sheet's first column is the service's own reference for a row: an
import is keyed by it, so importing the same file twice changes nothing. Alongside's exports give
its own reference (P12 for a person, F3 for a family, R40 for a referral…); a spreadsheet kept by
hand gives whatever reference its service used.

Choices are written as their labels ("Peer support co-ordinator"), the words a co-ordinator
knows; an import takes the label or the stored value, in any case. Dates are written as ISO
dates (2026-03-01) and moments as ISO date and time in UK time (2026-03-01 14:30); yes or no
as "Yes" and "No".

Nothing here reads the database: it is the shared vocabulary of the export and import apps,
which sit side by side in the layers and do not import each other.
"""

from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    TEXT = "text"
    DATE = "date"  # a day
    MOMENT = "moment"  # a day and a time, UK time
    WHOLE = "whole"  # a whole number (minutes)
    YES_NO = "yes_no"
    CHOICE = "choice"  # one of the model field's choices, by label or value
    NHS_NUMBER = "nhs_number"
    EMAIL = "email"
    REFERENCE = "reference"  # the service's own reference for a row (of this sheet or another)


@dataclass(frozen=True)
class Column:
    heading: str
    key: str  # the model field (or, for a reference, what it refers to)
    kind: Kind = Kind.TEXT
    required: bool = False
    refers_to: str = ""  # for a reference to another sheet: that sheet's name


@dataclass(frozen=True)
class Sheet:
    name: str  # also the XLSX worksheet's name and the CSV file's stem
    title: str
    columns: tuple[Column, ...]

    @property
    def headings(self) -> list[str]:
        return [column.heading for column in self.columns]


def _ref(heading: str, sheet: str, *, required: bool = True) -> Column:
    return Column(heading, f"{sheet}_reference", Kind.REFERENCE, required=required, refers_to=sheet)


PEOPLE = Sheet(
    "people",
    "People and families",
    (
        Column("Reference", "reference", Kind.REFERENCE, required=True),
        Column("Family reference", "family_reference", Kind.REFERENCE, required=True),
        Column("Family role", "family_role", Kind.CHOICE, required=True),
        Column("Given name", "given_name", required=True),
        Column("Family name", "family_name", required=True),
        Column("Preferred name", "preferred_name"),
        Column("Date of birth", "date_of_birth", Kind.DATE),
        Column("NHS number", "nhs_number", Kind.NHS_NUMBER),
        Column("Postcode", "postcode"),
        Column("Phone", "phone"),
        Column("Ethnic category", "ethnic_category", Kind.CHOICE),
        Column("Preferred language", "preferred_language"),
        Column("Needs an interpreter", "needs_interpreter", Kind.YES_NO),
        Column("Due date", "due_date", Kind.DATE),
        Column("Baby's date of birth", "baby_date_of_birth", Kind.DATE),
        Column("Consent given on", "consent_given_on", Kind.DATE),
    ),
)

REFERRALS = Sheet(
    "referrals",
    "Referrals",
    (
        Column("Reference", "reference", Kind.REFERENCE, required=True),
        _ref("Person reference", "people"),
        Column("Referred on", "referred_on", Kind.DATE, required=True),
        Column("Source", "source", Kind.CHOICE),
        Column("Reason", "reason"),
        Column("Status", "status", Kind.CHOICE, required=True),
        Column("Status changed on", "status_changed_on", Kind.DATE),
        Column("End reason", "end_reason", Kind.CHOICE),
        Column("Review on", "review_on", Kind.DATE),
    ),
)

ALLOCATIONS = Sheet(
    "allocations",
    "Allocations",
    (
        Column("Reference", "reference", Kind.REFERENCE, required=True),
        _ref("Referral reference", "referrals"),
        Column("Peer worker's email", "peer_worker_email", Kind.EMAIL, required=True),
        Column("Started on", "started_on", Kind.DATE, required=True),
        Column("Ended on", "ended_on", Kind.DATE),
    ),
)

CONTACTS = Sheet(
    "contacts",
    "Contacts",
    (
        Column("Reference", "reference", Kind.REFERENCE, required=True),
        _ref("Referral reference", "referrals"),
        Column("Peer worker's email", "peer_worker_email", Kind.EMAIL, required=True),
        Column("With", "contact_with", Kind.CHOICE),
        Column("When", "occurred_at", Kind.MOMENT, required=True),
        Column("Minutes", "duration_minutes", Kind.WHOLE, required=True),
        Column("How", "mode", Kind.CHOICE, required=True),
        Column("Successful", "successful", Kind.YES_NO),
        Column("Note", "note"),
    ),
)

GROUPS = Sheet(
    "groups",
    "Groups",
    (
        Column("Reference", "reference", Kind.REFERENCE, required=True),
        Column("Name", "name", required=True),
        Column("Kind", "kind", Kind.CHOICE, required=True),
        Column("Active", "active", Kind.YES_NO),
    ),
)

SESSIONS = Sheet(
    "sessions",
    "Group sessions",
    (
        Column("Reference", "reference", Kind.REFERENCE, required=True),
        _ref("Group reference", "groups", required=False),
        Column("Title", "title", required=True),
        Column("Kind", "kind", Kind.CHOICE, required=True),
        Column("Starts", "starts_at", Kind.MOMENT, required=True),
        Column("Minutes", "duration_minutes", Kind.WHOLE, required=True),
        Column("How", "mode", Kind.CHOICE),
        Column("Led by (email)", "led_by_email", Kind.EMAIL, required=True),
        Column("Register taken", "register_taken", Kind.YES_NO),
    ),
)

ATTENDANCE = Sheet(
    "attendance",
    "Attendance",
    (
        Column("Reference", "reference", Kind.REFERENCE, required=True),
        _ref("Session reference", "sessions"),
        _ref("Referral reference", "referrals"),
    ),
)

STAFF = Sheet(
    "staff",
    "Staff",
    (
        Column("Email", "email", Kind.EMAIL, required=True),
        Column("Given name", "first_name", required=True),
        Column("Family name", "last_name", required=True),
        Column("Role", "role", Kind.CHOICE, required=True),
        Column("Employment", "employment", Kind.CHOICE),
        Column("Host organisation", "host_organisation"),
        Column("Active", "active", Kind.YES_NO),
    ),
)

# In the order an import reads them: a row refers only to sheets above it.
SHEETS: tuple[Sheet, ...] = (STAFF, PEOPLE, REFERRALS, ALLOCATIONS, CONTACTS, GROUPS, SESSIONS, ATTENDANCE)
BY_NAME = {sheet.name: sheet for sheet in SHEETS}


def own_reference(prefix: str, pk: int) -> str:
    """Alongside's own reference for a row it exports: P12, F3, R40…"""
    return f"{prefix}{pk}"


PREFIXES = {
    "people": "P",
    "families": "F",
    "referrals": "R",
    "allocations": "A",
    "contacts": "C",
    "groups": "G",
    "sessions": "S",
    "attendance": "T",
}
