"""The self-reflective grid page (ADR 0036)."""

from dataclasses import dataclass
from itertools import groupby

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from alongside.accounts.decorators import requires
from alongside.accounts.rules import Perm, has_perm
from alongside.accounts.types import AuthedRequest
from alongside.grid.evidence import EVIDENCE, Evidence, Sources
from alongside.grid.models import Practice, Principle


@dataclass(frozen=True)
class Row:
    practice: Practice
    shown: list[tuple[Evidence, str]]  # each figure she may see, with its words
    withheld: int  # figures from pages she may not open


def rows_for(practices: list[Practice], sources: Sources, role: str) -> list[Row]:
    rows = []
    for practice in practices:
        keys = [k for k in practice.evidence if k in EVIDENCE]
        mine = [EVIDENCE[k] for k in keys if has_perm(role, EVIDENCE[k].perm)]
        rows.append(Row(practice, [(e, e.figure(sources)) for e in mine], len(keys) - len(mine)))
    return rows


@requires(Perm.REFLECT_ON_GRID)
def grid(request: AuthedRequest) -> HttpResponse:
    """The five principles, practice by practice, with the service's own figures beside each.
    Figures only: no person is named, and each is shown only to those who may open its page."""
    service = request.membership.service
    sources = Sources(service, timezone.localdate())
    practices = list(Practice.objects.filter(active=True))
    principles = [
        (Principle(number), rows_for(list(group), sources, request.membership.role))
        for number, group in groupby(practices, key=lambda p: p.principle)
    ]
    context = {"title": "The principles, practice by practice", "service": service, "principles": principles}
    return render(request, "grid/grid.jinja", context)
