"""Which vacancies and candidates each user may see (ADR 0002). Views use only these.

Recruitment is the service's: its co-ordinators and service managers (Perm.MANAGE_RECRUITMENT)
see its vacancies and candidates, and nobody else does. "Missing" and "not yours" both 404.
"""

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404

from alongside.accounts.models import User
from alongside.accounts.rules import PANEL_ROLES, PEER_SUPPORTER_ROLES, Perm, has_perm
from alongside.organisations.models import Membership, Partnership, Role, Service
from alongside.recruitment.models import Candidate, CandidateStep, PanelMember, Vacancy


def _manages(membership: Membership | None) -> bool:
    return membership is not None and has_perm(membership.role, Perm.MANAGE_RECRUITMENT)


def vacancies_for_user(membership: Membership | None) -> QuerySet[Vacancy]:
    if not _manages(membership):
        return Vacancy.objects.none()
    assert membership is not None
    return Vacancy.objects.filter(service_id=membership.service_id)


def get_vacancy_for_user(membership: Membership | None, pk: int) -> Vacancy:
    found = vacancies_for_user(membership).select_related("service").filter(pk=pk).first()
    if found is None:
        raise Http404("No such vacancy")
    return found


def candidates_for_user(membership: Membership | None) -> QuerySet[Candidate]:
    return Candidate.objects.filter(vacancy__in=vacancies_for_user(membership))


def get_candidate_for_user(membership: Membership | None, pk: int) -> Candidate:
    found = candidates_for_user(membership).select_related("vacancy").filter(pk=pk).first()
    if found is None:
        raise Http404("No such candidate")
    return found


def candidates_of(vacancy: Vacancy) -> QuerySet[Candidate]:
    """A vacancy's candidates with their steps in order (the vacancy from get_vacancy_for_user)."""
    return vacancy.candidates.prefetch_related(
        Prefetch("steps", queryset=CandidateStep.objects.order_by("on", "pk"))
    )


def panel_members_for_user(membership: Membership | None) -> QuerySet[PanelMember]:
    return PanelMember.objects.filter(vacancy__in=vacancies_for_user(membership))


def get_panel_member_for_user(membership: Membership | None, pk: int) -> PanelMember:
    found = panel_members_for_user(membership).select_related("vacancy", "user").filter(pk=pk).first()
    if found is None:
        raise Http404("No such panel member")
    return found


def _eligible(service: Service) -> Q:
    """Memberships that make someone eligible for the service's panels."""
    partners = Partnership.objects.filter(service=service, ended_on__isnull=True).values("organisation")
    return Q(service=service, role__in=PANEL_ROLES) | Q(
        role__in=PEER_SUPPORTER_ROLES, host_organisation__in=partners
    )


def panel_role(user: User, service: Service) -> str | None:
    """The role that makes her eligible for the service's panels, or None if she is not.

    Co-ordinator first, then peer worker: the role that makes a panel co-produced wins."""
    roles = set(
        Membership.objects.filter(_eligible(service), user=user, active=True).values_list("role", flat=True)
    )
    # The peer supporters first, the co-ordinator before the peer worker, then the rest of the panel roles.
    preference = sorted(PANEL_ROLES, key=lambda r: (r not in PEER_SUPPORTER_ROLES, r != Role.COORDINATOR))
    return next((r for r in preference if r in roles), None)


def panel_candidates(vacancy: Vacancy) -> QuerySet[User]:
    """Who may be added to the panel: the team of the service, and peer workers hosted by its
    partner organisations; those already on it left out."""
    active = Membership.objects.filter(_eligible(vacancy.service), user=OuterRef("pk"), active=True)
    return (
        User.objects.filter(Exists(active))
        .exclude(panels__vacancy=vacancy)
        .order_by("first_name", "last_name", "pk")
    )
