"""Suggestions when allocating: peer workers and partners ranked by fit, each with its reasons.

The co-ordinator decides: nothing here allocates anyone, and the allocation page ticks no box
for her (ADR 0015). The scoring is deliberately plain: each reason is worth the points in
WEIGHTS, a suggestion's score is the sum, and every point counted is a reason shown beside it.
Peer workers with the same score are listed smallest caseload first.

What is compared, in the shared vocabularies of the signposting directory (conditions,
communities and modes, alongside.directory.models):
- her side: her needs and barriers, preferred language, postcode district, family role, and the
  conditions, communities and ways of being supported on her record (alongside.people.models);
- a peer worker's side: her profile (alongside.workforce.models.Profile; none means nothing to
  match on), whether he is a man (Membership.male), and her caseload now;
- a partner's side: its remit (alongside.partners.models.Remit) and its peer workers here.
The queries are a fixed number whatever the number of peer workers and partners (no N+1).
"""

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from alongside.accounts.scope import hosted_peer_workers
from alongside.lib import postcode
from alongside.organisations.models import Membership, Organisation
from alongside.people.models import Person
from alongside.support.access import open_allocations_of
from alongside.support.metrics import FATHERS_AND_PARTNERS, open_caseload
from alongside.support.models import PeerSupport
from alongside.vocabularies.models import COMMUNITIES, CONDITIONS, MODES, TaxonomyTerm, term_id

# Points for each reason. Change them here and in docs/adr/0015-matching-suggestions.md together.
WEIGHTS = {
    "language": 3,  # speaks (offers support in) the language she prefers, when it is not English
    "fathers": 3,  # supports fathers and partners, for a father or partner
    "no_fathers": -2,  # does not, for a father or partner
    "male": 2,  # a man, where the service wants a male peer worker for fathers and partners
    "condition": 2,  # each condition she has given that the peer worker or partner shares
    "community": 2,  # each community of hers the peer worker or partner especially supports
    "area": 2,  # covers her postcode district
    "other_area": -1,  # names the districts covered, and hers is not one of them
    "offers": 1,  # each form of support (or mode, for a partner) she would value that is offered
    "room": 1,  # has room under her maximum caseload
    "full": -5,  # her caseload is at or over her maximum
}

# How each reason is explained on the allocation page, in the order of WEIGHTS.
EXPLAINED = {
    "language": "Speaks the language she prefers (not English)",
    "fathers": "Supports fathers and partners, for a father or partner",
    "no_fathers": "Does not support fathers and partners, for a father or partner",
    "male": "A man, where the service wants a male peer worker for fathers",
    "condition": "Shares an experience she has given (each)",
    "community": "Especially supports a community of hers (each)",
    "area": "Covers her postcode district",
    "other_area": "Covers other districts, not hers",
    "offers": "Offers a form of support she would value (each)",
    "room": "Has room under her maximum caseload",
    "full": "Her caseload is full",
}

# Forms of support (alongside.workforce SupportForm slugs) a need or a preferred mode makes useful.
NEED_FORMS = {
    "location-travel": ("home_visits",),
    "childcare": ("home_visits",),
    "cost": ("home_visits",),
    "disability": ("home_visits", "accompanying"),
}
MODE_FORMS = {
    "face-to-face": ("one_to_one", "home_visits"),
    "cafe-group": ("coffee_mornings", "groups", "drop_ins", "brunches"),
}

FATHERS = term_id(COMMUNITIES, "fathers")
BAME = term_id(COMMUNITIES, "bame")
LGBT = term_id(COMMUNITIES, "lgbt")
# Ethnic categories that are not Black, Asian or minority ethnic, or say nothing: the project's
# reading (docs/domain.md, "Ethnic categories").
NOT_BAME = {"A", "B", "C", "Z", "99"}


@dataclass(frozen=True)
class Reason:
    text: str
    points: int
    against: bool = False


@dataclass
class Wants:
    """What her record gives to match on."""

    language: str = ""  # her preferred language, when it is not English
    needs: list[str] = field(default_factory=list)  # her needs and barriers, as labels
    district: str = ""
    father_or_partner: bool = False
    conditions: dict[uuid.UUID, str] = field(default_factory=dict)
    communities: dict[uuid.UUID, str] = field(default_factory=dict)  # given, or implied by her record
    modes: dict[uuid.UUID, str] = field(default_factory=dict)
    forms: set[str] = field(default_factory=set)  # support-form slugs she would value


@dataclass
class Suggestion:
    """A peer worker (membership) or a partner (organisation), with the reasons for its place."""

    label: str
    reasons: list[Reason]
    membership: Membership | None = None
    organisation: Organisation | None = None
    caseload: int = 0
    already: bool = False  # already allocated to her
    peer_workers: list[Membership] = field(default_factory=list)  # a partner's, in this service

    @property
    def score(self) -> int:
        return sum(r.points for r in self.reasons)

    @property
    def reasons_for(self) -> list[str]:
        return [r.text for r in self.reasons if not r.against]

    @property
    def reasons_against(self) -> list[str]:
        return [r.text for r in self.reasons if r.against]


@dataclass
class Suggestions:
    wants: Wants
    workers: list[Suggestion]
    partners: list[Suggestion]


def _for(key: str, text: str) -> Reason:
    return Reason(text, WEIGHTS[key])


def _against(text: str, key: str | None = None) -> Reason:
    return Reason(text, WEIGHTS[key] if key else 0, against=True)


def wants_of(person: Person) -> Wants:
    """Her side, in two queries: her needs, and the terms on her record or implied by it."""
    wants = Wants(father_or_partner=person.family_role in FATHERS_AND_PARTNERS)
    if person.preferred_language.strip().lower() not in ("", "english"):
        wants.language = person.preferred_language.strip()
    if person.postcode:
        wants.district = postcode.district(person.postcode)
    recorded = list(person.needs.all())
    wants.needs = [n.label for n in recorded]
    needs = {n.slug for n in recorded}
    implied = set()
    if wants.father_or_partner:
        implied.add(FATHERS)
    if person.ethnic_category_id and person.ethnic_category_id not in NOT_BAME:
        implied.add(BAME)
    if "lgbt-family" in needs:
        implied.add(LGBT)
    given = (
        Q(pk__in=person.conditions.values("pk"))
        | Q(pk__in=person.communities.values("pk"))
        | Q(pk__in=person.preferred_modes.values("pk"))
    )
    by_taxonomy = {CONDITIONS: wants.conditions, COMMUNITIES: wants.communities, MODES: wants.modes}
    for term in TaxonomyTerm.objects.filter(given | Q(pk__in=implied)).order_by("position"):
        if term.taxonomy_id in by_taxonomy:
            by_taxonomy[term.taxonomy_id][term.pk] = term.name
            if term.taxonomy_id == MODES:
                wants.forms.update(MODE_FORMS.get(term.code, ()))
    for need in needs:
        wants.forms.update(NEED_FORMS.get(need, ()))
    return wants


def suggest(
    peer_support: PeerSupport, *, candidates: QuerySet[Membership], partners: QuerySet[Organisation]
) -> Suggestions:
    """Rank the candidates (scoped peer workers of the service) and the service's partners for her."""
    wants = wants_of(peer_support.person)
    service = peer_support.service
    allocated = open_allocations_of(peer_support).filter(peer_worker_id=OuterRef("user_id"))
    members = (
        candidates.select_related("user", "host_organisation", "profile")
        .prefetch_related("profile__forms_of_support", "profile__conditions", "profile__communities")
        .annotate(caseload=open_caseload(service), already=Exists(allocated))
    )
    workers = [_worker(m, wants, wants_male=service.wants_male_peer_worker_for_fathers) for m in members]
    workers.sort(key=lambda s: (s.already, -s.score, s.caseload, s.label))
    hosted = hosted_peer_workers(service)
    organisations = partners.select_related("partner_remit").prefetch_related(
        "partner_remit__conditions",
        "partner_remit__communities",
        "partner_remit__modes",
        Prefetch("hosted_memberships", queryset=hosted, to_attr="here"),
    )
    ranked = [_partner(o, wants) for o in organisations]
    ranked.sort(key=lambda s: (-s.score, s.label))
    return Suggestions(wants=wants, workers=workers, partners=ranked)


def _shared(theirs: Iterable[TaxonomyTerm], wanted: dict[uuid.UUID, str]) -> list[str]:
    return [t.name for t in theirs if t.pk in wanted]


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def _worker(m: Membership, wants: Wants, *, wants_male: bool) -> Suggestion:
    caseload: int = m.caseload  # type: ignore[attr-defined]
    label = f"{m.user}, {caseload} people ({m.organisation_label})"
    suggestion = Suggestion(label=label, reasons=[], membership=m, caseload=caseload)
    if m.already:  # type: ignore[attr-defined]
        suggestion.already = True
        suggestion.reasons.append(_against("Already allocated to her"))
        return suggestion
    reasons = suggestion.reasons
    profile = getattr(m, "profile", None)
    conditions = list(profile.conditions.all()) if profile else []
    communities = list(profile.communities.all()) if profile else []
    if profile is None:
        reasons.append(_against("Nothing to match on in her profile yet"))
    if wants.language:
        spoken = {language.lower() for language in (profile.language_list if profile else [])}
        if wants.language.lower() in spoken:
            reasons.append(_for("language", f"Speaks {wants.language}"))
        else:
            reasons.append(_against(f"Does not speak {wants.language}"))
    if wants.father_or_partner:
        if (profile and profile.supports_fathers) or any(c.pk == FATHERS for c in communities):
            reasons.append(_for("fathers", "Supports fathers and partners"))
        else:
            reasons.append(_against("Does not support fathers and partners", "no_fathers"))
        if wants_male and m.male:
            reasons.append(_for("male", "A man, as the service wants for fathers and partners"))
        elif wants_male:
            reasons.append(_against("The service wants a male peer worker for fathers and partners"))
    for name in _shared(conditions, wants.conditions):
        reasons.append(_for("condition", f"Her own experience: {name}"))
    others = {pk: name for pk, name in wants.communities.items() if pk != FATHERS}
    for name in _shared(communities, others):
        reasons.append(_for("community", f"Especially supports: {name}"))
    areas = profile.area_list if profile else []
    if wants.district and areas:
        if wants.district in areas:
            reasons.append(_for("area", f"Covers {wants.district}"))
        else:
            reasons.append(_against(f"Does not cover {wants.district}", "other_area"))
    offered = {f.slug: f.label for f in profile.forms_of_support.all()} if profile else {}
    for slug in sorted(wants.forms & offered.keys(), key=list(offered).index):
        reasons.append(_for("offers", f"Offers {_lower_first(offered[slug])}"))
    limit = profile.max_caseload if profile else None
    if limit and caseload >= limit:
        reasons.append(_against(f"Caseload full: {caseload} of {limit}", "full"))
    elif limit:
        reasons.append(_for("room", f"Has room: {caseload} of {limit}"))
    return suggestion


def _partner(o: Organisation, wants: Wants) -> Suggestion:
    here: list[Membership] = o.here  # type: ignore[attr-defined]
    suggestion = Suggestion(label=o.name, reasons=[], organisation=o, peer_workers=here)
    reasons = suggestion.reasons
    remit = getattr(o, "partner_remit", None)
    if remit is None:
        reasons.append(_against("No remit recorded yet"))
    else:
        for name in _shared(remit.conditions.all(), wants.conditions):
            reasons.append(_for("condition", f"Remit: {name}"))
        for name in _shared(remit.communities.all(), wants.communities):
            reasons.append(_for("community", f"Remit: {name}"))
        if wants.language:
            if wants.language.lower() in {language.lower() for language in remit.language_list}:
                reasons.append(_for("language", f"Offers support in {wants.language}"))
            else:
                reasons.append(_against(f"Does not offer support in {wants.language}"))
        if wants.district and remit.area_list:
            if wants.district in remit.area_list:
                reasons.append(_for("area", f"Covers {wants.district}"))
            else:
                reasons.append(_against(f"Does not cover {wants.district}", "other_area"))
        for name in _shared(remit.modes.all(), wants.modes):
            reasons.append(_for("offers", f"Offers: {name}"))
    if not here:
        reasons.append(_against("None of its peer workers works in this service"))
    return suggestion
