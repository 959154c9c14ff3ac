"""The curriculum is seeded from the list in docs/domain.md, "Curriculum", as data."""

import pytest

from alongside.training.models import Module
from alongside.training.tests.conftest import SAFEGUARDING, STAFF_SESSION

pytestmark = pytest.mark.django_db

PRINCIPLE_5 = [
    "Creating a safe and nurturing environment",
    "Listening skills",
    "Facilitation skills",
    "Communicating and negotiating boundaries",
    "Safeguarding",
    "When to share confidential information",
    "Feeding and sleep",
    "Postnatal depression",
    "Postpartum psychosis",
    "Perinatal OCD",
    "Baby loss",
    "Birth trauma",
    "Remit, limits and signposting in crisis",
    "Challenges and pitfalls",
    "A plan to protect her own mental health",
    "Making the most of supervision",
    "Using patient notes on NHS IT systems",
]


def test_the_seeded_curriculum_is_the_principles_list_in_order_then_the_staff_session() -> None:
    names = list(Module.objects.values_list("name", flat=True))
    assert names == [*PRINCIPLE_5, STAFF_SESSION]
    assert all(Module.objects.values_list("active", flat=True))


def test_only_safeguarding_needs_renewing_and_only_the_staff_session_is_for_staff() -> None:
    renewing = dict(Module.objects.filter(renewal_months__isnull=False).values_list("name", "renewal_months"))
    assert renewing == {SAFEGUARDING: 12}
    assert list(Module.objects.filter(for_staff=True).values_list("name", flat=True)) == [STAFF_SESSION]


def test_every_curriculum_module_has_a_description_and_most_have_competencies() -> None:
    modules = list(Module.objects.filter(for_staff=False))
    assert all(m.description for m in modules)
    assert sum(bool(m.competencies) for m in modules) == len(modules)
