from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from alongside.accounts.decorators import requires
from alongside.accounts.rules import Perm, has_perm
from alongside.accounts.types import AuthedRequest
from alongside.audit import services as audit
from alongside.directory.access import signpostings_for_user
from alongside.lib.http import posted
from alongside.organisations.models import Membership
from alongside.partners.joint import organisation_labels
from alongside.people import tables
from alongside.people.forms import PersonForm
from alongside.support import access as support_access
from alongside.support import metrics
from alongside.support.models import Contact, PeerSupport, Status

PAGE_SIZE = 50
CONTACTS_SHOWN = 25  # on her record; the rest, 50 a page, on people:contacts
ORDERS: dict[str, tuple[Any, ...]] = {
    "name": ("person__family_name", "person__given_name", "pk"),
    "contact": metrics.LONGEST_WITHOUT_CONTACT,
}


QUIET = "quiet"  # the dashboard's "no successful contact for N days", as a filter on this list


def _matching(
    supports: QuerySet[PeerSupport], membership: Membership, status: str, query: str
) -> QuerySet[PeerSupport]:
    """The list's filters: a status ("open" is any not over, "all" every one, "quiet" gone quiet)
    and a name or NHS number."""
    if status == "open":
        supports = supports.exclude(status__in=[Status.ENDED, Status.DECLINED])
    elif status == QUIET:
        supports = supports.filter(metrics.gone_quiet(membership.service, timezone.localdate()))
    elif status in Status.values:
        supports = supports.filter(status=status)
    if query:
        supports = supports.filter(
            Q(person__given_name__icontains=query)
            | Q(person__family_name__icontains=query)
            | Q(person__nhs_number=query.replace(" ", ""))
        )
    return supports


def _rows_shown(membership: Membership, ids: list[int]) -> list[PeerSupport]:
    """The page's rows in full, fetched once the page is cut: its 50 ids, in their order."""
    found = {
        ps.pk: ps
        for ps in support_access.peer_supports_for_user(membership)
        .filter(pk__in=ids)
        .select_related("person")
        .prefetch_related(support_access.allocations_prefetch(open_only=True, to_attr="open_allocations"))
    }
    return [found[pk] for pk in ids if pk in found]


@requires(Perm.VIEW_PEOPLE)
def person_list(request: AuthedRequest) -> HttpResponse:
    """Cut the page on the ids alone (one count, one narrow sorted query), then fetch its rows."""
    status = request.GET.get("status", "open")
    query = request.GET.get("q", "").strip()
    order = request.GET.get("order", "name")
    order = order if order in ORDERS else "name"
    supports = _matching(
        support_access.peer_supports_for_user(request.membership), request.membership, status, query
    )
    ids = supports.order_by(*ORDERS[order]).values_list("pk", flat=True)
    page = Paginator(ids, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = _rows_shown(request.membership, list(page))
    audit.record_people_seen(request, (ps.person_id for ps in rows), summary="Listed on the people list")
    title = "My people" if request.membership.role == "peer_worker" else "People"
    context = {
        "title": title,
        "page": page,
        "rows": rows,
        "status": status,
        "query": query,
        "order": order,
        "statuses": [
            *Status.choices,
            (QUIET, f"No successful contact for {request.membership.service.no_contact_days} days"),
        ],
        "table": tables.table,
    }
    return render(request, "people/list.jinja", context)


@requires(Perm.VIEW_PEOPLE)
def person_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    person = support_access.get_person_for_user(request.membership, pk)
    supports = (
        support_access.peer_supports_for_user(request.membership)
        .filter(person=person)
        .prefetch_related(
            support_access.allocations_prefetch(open_only=False),
            "status_changes__changed_by",
        )
    )
    # One more than shown: whether to link to the older ones, with no count of her history.
    contacts = list(_her_contacts(request.membership, person.pk)[: CONTACTS_SHOWN + 1])
    family = (
        support_access.people_for_user(request.membership)
        .filter(family_id=person.family_id)
        .exclude(pk=person.pk)
    )
    signpostings = (
        signpostings_for_user(request.membership)
        .filter(peer_support__person=person)
        .select_related("service")
        .order_by("-pk")[:10]
    )
    audit.record_for_request(request, "view", person)
    audit.record_people_seen(request, (f.pk for f in family), summary=f"Family of {person.pk} on her record")
    role = request.membership.role
    return render(
        request,
        "people/detail.jinja",
        {
            "title": person.name,
            "person": person,
            "supports": supports,
            "contacts": contacts[:CONTACTS_SHOWN],
            "older_contacts": len(contacts) > CONTACTS_SHOWN,
            "family": family,
            "consent": person.consents.first(),
            "signpostings": signpostings,
            "needs": person.needs.all(),
            "organisations": organisation_labels(supports),  # runs the query; the page reuses it
            "can": {p.name: has_perm(role, p) for p in Perm},
            "table": tables.table,
        },
    )


def _her_contacts(membership: Membership, person_pk: int) -> QuerySet[Contact]:
    return (
        support_access.contacts_for_user(membership)
        .filter(peer_support__person_id=person_pk)
        .select_related("peer_worker", "group_session")
        .order_by("-occurred_at", "-pk")
    )


@requires(Perm.VIEW_PEOPLE)
def person_contacts(request: AuthedRequest, pk: int) -> HttpResponse:
    """Every contact on her record, newest first, 50 a page: her record shows the latest 25."""
    person = support_access.get_person_for_user(request.membership, pk)
    page = Paginator(_her_contacts(request.membership, person.pk), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    audit.record_for_request(request, "view", person, summary="Read her contacts")
    context = {"title": f"Contacts: {person.name}", "person": person, "page": page, "table": tables.table}
    return render(request, "people/contacts.jinja", context)


@requires(Perm.EDIT_PEOPLE)
@require_http_methods(["GET", "POST"])
def person_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    person = support_access.get_person_for_user(request.membership, pk)
    form = PersonForm(posted(request), instance=person)
    if request.method == "POST" and form.is_valid():
        form.save()
        audit.record_for_request(
            request, "update", person, summary="Details edited: " + ", ".join(form.changed_data)
        )
        messages.success(request, f"{person.name}'s details have been saved")
        return redirect("people:detail", pk=person.pk)
    if request.method == "GET":
        audit.record_for_request(request, "view", person, summary="Opened her details to edit")
    return render(
        request,
        "people/edit.jinja",
        {"title": f"Edit {person.name}'s details", "form": form, "person": person},
    )
