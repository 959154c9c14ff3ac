from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
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
PRINTED_MOST = 500  # the printed list: a caseload, not the service's thousands (ADR 0046)
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


def _list_filters(request: AuthedRequest) -> tuple[str, str, str, Any]:
    """The list's status, search and order from its address, and the ids they pick, in order:
    the same for the page on screen and the printed list."""
    status = request.GET.get("status", "open")
    query = request.GET.get("q", "").strip()
    order = request.GET.get("order", "name")
    order = order if order in ORDERS else "name"
    supports = _matching(
        support_access.peer_supports_for_user(request.membership), request.membership, status, query
    )
    return status, query, order, supports.order_by(*ORDERS[order]).values_list("pk", flat=True)


def _statuses(membership: Membership) -> list[tuple[str, str]]:
    return [
        *Status.choices,
        (QUIET, f"No successful contact for {membership.service.no_contact_days} days"),
    ]


def _list_title(membership: Membership) -> str:
    return "My people" if membership.role == "peer_worker" else "People"


@requires(Perm.VIEW_PEOPLE)
def person_list(request: AuthedRequest) -> HttpResponse:
    """Cut the page on the ids alone (one count, one narrow sorted query), then fetch its rows."""
    status, query, order, ids = _list_filters(request)
    page = Paginator(ids, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = _rows_shown(request.membership, list(page))
    audit.record_people_seen(request, (ps.person_id for ps in rows), summary="Listed on the people list")
    context = {
        "title": _list_title(request.membership),
        "page": page,
        "rows": rows,
        "status": status,
        "query": query,
        "order": order,
        "statuses": _statuses(request.membership),
        "table": tables.table,
    }
    return render(request, "people/list.jinja", context)


@requires(Perm.VIEW_PEOPLE)
def person_list_print(request: AuthedRequest) -> HttpResponse:
    """The list on paper: the same people, filters and order as on screen, not cut into pages
    (up to PRINTED_MOST), each with her status, peer worker and last successful contact."""
    status, query, order, ids = _list_filters(request)
    chosen = list(ids[: PRINTED_MOST + 1])
    rows = _rows_shown(request.membership, chosen[:PRINTED_MOST])
    audit.record_people_seen(request, (ps.person_id for ps in rows), summary="Printed the people list")
    status_text = {"open": "Not ended", "all": "All"} | dict(_statuses(request.membership))
    context = {
        "title": _list_title(request.membership),
        "rows": rows,
        "more": len(chosen) > PRINTED_MOST,
        "most": PRINTED_MOST,
        "status": status_text.get(status, "Not ended"),
        "query": query,
        "by_contact": order == "contact",
        "back_href": reverse("people:list") + ("?" + request.GET.urlencode() if request.GET else ""),
        "table": tables.table,
    }
    return render(request, "people/list_print.jinja", context)


def _person_context(request: AuthedRequest, pk: int) -> dict[str, Any]:
    """What her record shows to the role she is acting in: her page and its printed summary
    start from the same scoped queries."""
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
    role = request.membership.role
    return {
        "title": person.name,
        "person": person,
        "supports": supports,
        "contacts": contacts[:CONTACTS_SHOWN],
        "older_contacts": len(contacts) > CONTACTS_SHOWN,
        "consent": person.consents.first(),
        "needs": person.needs.all(),
        "organisations": organisation_labels(supports),  # runs the query; the page reuses it
        "can": {p.name: has_perm(role, p) for p in Perm},
        "table": tables.table,
    }


@requires(Perm.VIEW_PEOPLE)
def person_print(request: AuthedRequest, pk: int) -> HttpResponse:
    """Her summary on paper, for a home visit or a ward: her details, her peer support and her
    latest contacts (when, how, with whom; not their notes). Her family and signposting stay on
    screen."""
    context = _person_context(request, pk)
    audit.record_for_request(request, "view", context["person"], summary="Printed")
    context["back_href"] = reverse("people:detail", kwargs={"pk": context["person"].pk})
    return render(request, "people/print.jinja", context)


@requires(Perm.VIEW_PEOPLE)
def person_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    context = _person_context(request, pk)
    person = context["person"]
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
    context |= {"family": family, "signpostings": signpostings}
    return render(request, "people/detail.jinja", context)


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
