"""Person-level models say so on the model: the registry of them is derived, never kept by hand.

A model whose rows are about a person (a mother, her family, her peer support, or a member of
staff's own records: supervision, wellbeing, training) inherits `PersonLevel`. Such a model is read
only through the scoped helpers in its own app's `access.py` (ADR 0002): a test fails the build
when a module that answers a request queries one through `.objects`, and another when one is
registered in the Django admin.
"""

from django.apps import apps
from django.db.models import Model


class PersonLevel:
    """Marks a model as person-level. It adds no field, so no migration."""


def person_level_models() -> list[type[Model]]:
    """Every installed person-level model."""
    return [model for model in apps.get_models() if issubclass(model, PersonLevel)]
