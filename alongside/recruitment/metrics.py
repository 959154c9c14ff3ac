"""Recruitment figures, each defined once (ADR 0004)."""

from collections.abc import Iterable

from django.db.models import Count, Exists, OuterRef, QuerySet

from alongside.accounts.rules import PEER_SUPPORTER_ROLES
from alongside.recruitment.models import CandidateStep, PanelMember, Vacancy


def is_co_produced(panel_roles: Iterable[str]) -> bool:
    """A panel is co-produced when a co-ordinator or a peer worker sits on it."""
    return any(role in PEER_SUPPORTER_ROLES for role in panel_roles)


def with_co_production(vacancies: QuerySet[Vacancy]) -> QuerySet[Vacancy]:
    """Each vacancy annotated `co_produced` (the same rule as is_co_produced, in the database)
    and `candidate_count`."""
    co_producer = PanelMember.objects.filter(vacancy=OuterRef("pk"), role__in=PEER_SUPPORTER_ROLES)
    return vacancies.annotate(
        co_produced=Exists(co_producer), candidate_count=Count("candidates", distinct=True)
    )


def service_vacancies(service_id: int) -> QuerySet[Vacancy]:
    """A service's vacancies, annotated as with_co_production: for figures about the service as a
    whole (the recommendations), where no one's membership asks."""
    return with_co_production(Vacancy.objects.filter(service_id=service_id))


def latest_step(steps: Iterable[CandidateStep]) -> CandidateStep | None:
    """Where a candidate has got to: her latest step by date (the latest recorded on a tie)."""
    return max(steps, key=lambda s: (s.on, s.pk), default=None)
