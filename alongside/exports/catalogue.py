"""What each role may export, in the parts the export page offers (ADR 0048).

A part is a few sheets that belong together (her caseload: people, referrals, allocations). Which
sheets a role gets follows from how far she reaches (alongside/exports/access.py); what each sheet
holds for her is decided there too, so a sheet offered is never wider than her reach.
"""

from dataclasses import dataclass

from alongside.exports.access import Reach

EVERYTHING = "everything"
FORMATS = ("csv", "xlsx")


@dataclass(frozen=True)
class Part:
    name: str
    title: str
    holds: str  # what it holds, in a sentence, for the role she is acting in
    sheets: tuple[str, ...]


_SERVICE = (
    Part(
        "caseload",
        "Caseload",
        "Everyone your service holds a record for or supports, with their family links and consent, "
        "their referrals and the peer workers allocated to them.",
        ("people", "referrals", "allocations"),
    ),
    Part(
        "contacts",
        "Contacts",
        "Every contact and attempted contact with the people your service supports, with its notes. "
        "Who came to a group is in groups and registers.",
        ("contacts",),
    ),
    Part(
        "groups",
        "Groups and registers",
        "Your service's groups, every group session and who came to each.",
        ("groups", "sessions", "attendance"),
    ),
    Part(
        "workforce",
        "Workforce",
        "Everyone who holds a role in your service; when each peer worker was last supervised and when "
        "she is next due (dates only, never notes); and the training the team has completed.",
        ("staff", "supervision", "training"),
    ),
)
_OWN = (
    Part(
        "caseload",
        "My caseload",
        "The people you support now, their referrals and your allocations to them.",
        ("people", "referrals", "allocations"),
    ),
    Part(
        "contacts", "My contacts", "The contacts you recorded with the people you support now.", ("contacts",)
    ),
    Part(
        "groups",
        "My groups",
        "The group sessions you led, their groups, and which of the people you support came to each.",
        ("groups", "sessions", "attendance"),
    ),
)
_REFERRED = (
    Part(
        "caseload",
        "People you referred",
        "The people you referred and their referrals.",
        ("people", "referrals"),
    ),
)
PARTS: dict[Reach, tuple[Part, ...]] = {
    Reach.SERVICE: _SERVICE,
    Reach.OWN: _OWN,
    Reach.REFERRED: _REFERRED,
    Reach.NONE: (),
}


def parts_for(reach: Reach) -> tuple[Part, ...]:
    return PARTS[reach]


def sheets_for(reach: Reach, *, part: str = "", sheet: str = "") -> list[str] | None:
    """The sheets of a part (or of everything she may export), or one sheet alone; None when
    there is no such part or sheet for her."""
    parts = PARTS[reach]
    everything = [name for p in parts for name in p.sheets]
    if sheet:
        return [sheet] if sheet in everything and not part else None
    if part == EVERYTHING:
        return everything or None
    return next((list(p.sheets) for p in parts if p.name == part), None)
