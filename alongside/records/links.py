"""Which tables hold something about a person, found from the models themselves.

A table is about her when it has a foreign key to her record, or to a row that is about her
(a rating of a goal of her peer support, say). Reading the foreign keys rather than keeping a
list means a new model is in the subject access export and the erasure the day it is added.
Foreign keys to staff (accounts.User) and to services are not followed: a peer worker's own
records are not about the mothers she supports.
"""

from collections import deque
from functools import cache

from django.apps import apps
from django.db import models

from alongside.people.models import Person

MAX_DEPTH = 6  # no record is further than this from her; it bounds the walk


def _foreign_keys(model: type[models.Model]) -> list[models.ForeignKey]:  # type: ignore[type-arg]
    return [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, models.ForeignKey) and f.related_model is not None
    ]


@cache
def person_paths() -> dict[type[models.Model], tuple[str, ...]]:
    """Every model about a person, with the lookups from it to her (`goal__peer_support__person`).

    A model reached by more than one path (an alert of her visit, or of a concern naming her)
    keeps each, so a row found by any of them is hers. Person itself has the path ""; a
    foreign key of a model to itself (a goal that replaces another) is not followed."""
    paths: dict[type[models.Model], list[str]] = {Person: [""]}
    queue: deque[type[models.Model]] = deque([Person])
    while queue:
        target = queue.popleft()
        for model in apps.get_models():
            if model is Person or model is target and target is not Person:
                continue
            for field in _foreign_keys(model):
                if field.related_model is not target or field.related_model is model:
                    continue
                known = paths.setdefault(model, [])
                new = [
                    f"{field.name}__{tail}" if tail else field.name
                    for tail in paths[target]
                    if tail.count("__") < MAX_DEPTH
                ]
                new = [p for p in new if p not in known]
                if new:
                    known.extend(new)
                    queue.append(model)
    return {model: tuple(found) for model, found in paths.items()}


def rows_about(person: Person, model: type[models.Model]) -> "models.QuerySet[models.Model]":
    """Every row of `model` about her, by any of its paths to her."""
    query = models.Q()
    for path in person_paths()[model]:
        query |= models.Q(**{path or "pk": person.pk})
    return model._default_manager.filter(query).distinct().order_by("pk")  # type: ignore[no-any-return]
