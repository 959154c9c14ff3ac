import datetime as dt

from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from alongside.accounts import scope
from alongside.accounts.decorators import requires
from alongside.accounts.rules import Perm
from alongside.accounts.scope import partners_for_user
from alongside.accounts.types import AuthedRequest, acting
from alongside.audit import services as audit
from alongside.lib.http import posted
from alongside.lib.nhsforms import saved
from alongside.people import tables
from alongside.people.forms import PersonForm
from alongside.support import access as support_access
from alongside.support import matching, metrics, services
from alongside.support.forms import (
    AllocationForm,
    ConsentWithdrawnForm,
    ContactForm,
    GroupSessionForm,
    ReferralForm,
    RegisterForm,
    StatusForm,
)
from alongside.support.models import GroupSession, PeerSupport


@requires(Perm.REFER)
@require_http_methods(["GET", "POST"])
def refer(request: AuthedRequest) -> HttpResponse:
    family_of = request.GET.get("family_of")
    relative = support_access.get_person_for_user(request.membership, int(family_of)) if family_of else None
    person_form = PersonForm(posted(request), initial={"family_role": "partner" if relative else "mother"})
    referral_form = ReferralForm(posted(request), initial={"consent_given_on": timezone.localdate()})
    # Two forms: the referral's must be valid too. The service's errors come from the person's
    # record (Person.full_clean), whose fields are all on person_form.
    if referral_form.is_valid() and (
        done := saved(
            request,
            person_form,
            lambda data: services.referral_create(
                **acting(request),
                person={k: v for k, v in data.items() if k not in PersonForm.MANY},
                needs=data["needs"],
                terms=[*data["conditions"], *data["communities"], *data["preferred_modes"]],
                consent_given_on=referral_form.cleaned_data["consent_given_on"],
                source=referral_form.cleaned_data["source"],
                reason=referral_form.cleaned_data["reason"],
                family=relative.family if relative else None,
            ),
            message=lambda peer_support: f"{peer_support.person.name} has been referred to peer support",
            then=lambda peer_support: reverse("people:detail", kwargs={"pk": peer_support.person_id}),
        )
    ):
        return done
    title = f"Refer a family member of {relative.name}" if relative else "Refer someone to peer support"
    return render(
        request,
        "support/refer.jinja",
        {"title": title, "form": person_form, "referral_form": referral_form, "relative": relative},
    )


@requires(Perm.ALLOCATE)
def unallocated(request: AuthedRequest) -> HttpResponse:
    today = timezone.localdate()
    page = Paginator(metrics.unallocated_referrals(request.membership.service), 50).get_page(
        request.GET.get("page")
    )
    rows = [(ps, metrics.days_waiting(ps, today)) for ps in page]
    audit.record_people_seen(request, (ps.person_id for ps, _ in rows), summary="Waiting for a peer worker")
    return render(
        request,
        "support/unallocated.jinja",
        {"title": "Referrals waiting for a peer worker", "rows": rows, "page": page, "table": tables.table},
    )


@requires(Perm.ALLOCATE)
@require_http_methods(["GET", "POST"])
def allocate(request: AuthedRequest, pk: int) -> HttpResponse:
    """Suggestions ranked by fit, with their reasons; the co-ordinator ticks whom she chooses."""
    peer_support = support_access.get_peer_support_for_user(request.membership, pk)
    candidates = scope.peer_workers_for_user(request.membership)
    form = AllocationForm(posted(request), memberships=candidates)
    if done := saved(
        request,
        form,
        lambda data: services.allocation_create(
            **acting(request),
            peer_support=peer_support,
            peer_workers=[m.user for m in data["peer_workers"]],
        ),
        message=f"Peer support for {peer_support.person.name} has been allocated",
        then=reverse("support:unallocated"),
    ):
        return done
    suggestions = matching.suggest(
        peer_support, candidates=candidates, partners=partners_for_user(request.membership)
    )
    if request.method == "GET":
        audit.record_for_request(request, "view", peer_support.person, summary="Suggestions for allocation")
    return render(
        request,
        "support/allocate.jinja",
        {
            "title": f"Allocate a peer worker to {peer_support.person.name}",
            "form": form,
            "peer_support": peer_support,
            "suggestions": suggestions,
            "chosen": {str(v) for v in form["peer_workers"].value() or []},
            "weights": [(matching.WEIGHTS[key], text) for key, text in matching.EXPLAINED.items()],
        },
    )


@requires(Perm.CHANGE_STATUS)
@require_http_methods(["GET", "POST"])
def change_status(request: AuthedRequest, pk: int) -> HttpResponse:
    peer_support = support_access.get_peer_support_for_user(request.membership, pk)
    form = StatusForm(
        posted(request), role=request.membership.role, initial={"effective_on": timezone.localdate()}
    )
    if done := saved(
        request,
        form,
        lambda data: services.status_change(**acting(request), peer_support=peer_support, **data),
        message=lambda changed: f"Peer support is now {changed.get_status_display().lower()}",
        then=reverse("people:detail", kwargs={"pk": peer_support.person_id}),
    ):
        return done
    if request.method == "GET":
        audit.record_for_request(request, "view", peer_support, summary="Opened the change of status")
    return render(
        request,
        "support/status.jinja",
        {
            "title": f"Change status for {peer_support.person.name}",
            "form": form,
            "peer_support": peer_support,
        },
    )


@requires(Perm.CHANGE_STATUS)
@require_http_methods(["GET", "POST"])
def withdraw_consent(request: AuthedRequest, pk: int) -> HttpResponse:
    person = support_access.get_person_for_user(request.membership, pk)
    form = ConsentWithdrawnForm(posted(request), initial={"withdrawn_on": timezone.localdate()})
    if done := saved(
        request,
        form,
        lambda data: services.consent_withdraw(**acting(request), person=person, **data),
        message=f"{person.name}'s consent has been recorded as withdrawn",
        then=reverse("people:detail", kwargs={"pk": person.pk}),
    ):
        return done
    if request.method == "GET":
        audit.record_for_request(request, "view", person, summary="Opened the withdrawal of consent")
    context = {"title": f"Record that {person.name} has withdrawn consent", "form": form, "person": person}
    return render(request, "support/withdraw_consent.jinja", context)


@requires(Perm.LOG_CONTACT)
@require_http_methods(["GET", "POST"])
def log_contact(request: AuthedRequest, pk: int) -> HttpResponse:
    peer_support = support_access.get_peer_support_for_user(request.membership, pk)
    now = timezone.localtime().replace(second=0, microsecond=0)
    # Most contacts with one person happen the same way: start from how she last met her.
    last_mode = (
        support_access.contacts_for_user(request.membership)
        .filter(peer_support=peer_support, peer_worker=request.user)
        .values_list("mode", flat=True)
        .first()
    )
    initial = {"occurred_at": now, "duration_minutes": 30, "successful": "yes", "mode": last_mode}
    form = ContactForm(posted(request), initial=initial)
    back = (
        reverse("people:detail", kwargs={"pk": peer_support.person_id})
        if request.GET.get("next") == "person"
        else reverse("home:today")
    )
    if done := saved(
        request,
        form,
        lambda data: services.contact_log(**acting(request), peer_support=peer_support, **data),
        message=f"Contact with {peer_support.person.name} saved",
        then=back,
    ):
        return done
    if request.method == "GET":
        audit.record_for_request(request, "view", peer_support, summary="Opened the contact form")
    return render(
        request,
        "support/contact.jinja",
        {
            "title": f"Log a contact with {peer_support.person.name}",
            "form": form,
            "peer_support": peer_support,
        },
    )


GROUPS_PAGE = 50


@requires(Perm.RUN_GROUPS)
def groups(request: AuthedRequest) -> HttpResponse:
    """Sessions newest first (those to come at the top), 50 a page; the table drawn once per page
    by alongside/people/tables.py rather than by the NHS.UK macro for every row."""
    qs = (
        support_access.group_sessions_for_user(request.membership)
        .select_related("led_by")
        .order_by("-starts_at", "-pk")
    )
    page = Paginator(qs, GROUPS_PAGE).get_page(request.GET.get("page"))
    recurring = support_access.groups_for_user(request.membership).filter(active=True)
    context = {"title": "Groups", "page": page, "recurring": recurring, "table": tables.table}
    return render(request, "support/groups.jinja", context)


@requires(Perm.RUN_GROUPS)
@require_http_methods(["GET", "POST"])
def group_new(request: AuthedRequest) -> HttpResponse:
    groups = support_access.groups_for_user(request.membership).filter(active=True)
    form = GroupSessionForm(posted(request), groups=groups, initial={"duration_minutes": 90})
    if done := saved(
        request,
        form,
        lambda data: services.group_session_create(**acting(request), **data),
        message=lambda session: f"{session.title} added",
        then=lambda session: reverse("support:register", kwargs={"pk": session.pk}),
    ):
        return done
    return render(request, "support/group_new.jinja", {"title": "Add a group session", "form": form})


REGISTER_SHOWN = 50  # besides those already on it: hers, the group's regulars, whom she searched for
REGULARS_SINCE = dt.timedelta(days=90)


def _register_shown(
    request: AuthedRequest, session: GroupSession, query: str, *, hers: bool = True
) -> list[PeerSupport]:
    """The boxes on a register: everyone already on it (always, or saving would take them off), then
    up to 50 more by name: the people allocated to her (unless `hers` is False: the printed
    register lists those expected at the group, not her caseload), those who came to this group in
    the last 90 days, and anyone in open support at the service whose name matches her search."""
    candidates = support_access.register_candidates_for_user(request.membership).select_related("person")
    by_name = ("person__family_name", "person__given_name", "pk")
    on_it = list(candidates.filter(pk__in=session.attendances.values("peer_support_id")).order_by(*by_name))
    # Each subquery starts from the few rows it is about (her open allocations, this group's recent
    # sessions), not from the service's thousands of open cases.
    hers_open = request.user.allocations.filter(ended_on__isnull=True).values("peer_support_id")
    likely = Q(pk__in=hers_open) if hers else Q(pk__in=[])
    if session.group_id:
        recent = support_access.group_sessions_for_user(request.membership).filter(
            group_id=session.group_id, starts_at__gte=session.starts_at - REGULARS_SINCE
        )
        likely |= Q(pk__in=recent.filter(attendances__successful=True).values("attendances__peer_support_id"))
    if query:
        likely |= Q(person__given_name__icontains=query) | Q(person__family_name__icontains=query)
    more = candidates.filter(likely).exclude(pk__in=[ps.pk for ps in on_it]).order_by(*by_name)
    return on_it + list(more[:REGISTER_SHOWN])


@requires(Perm.RUN_GROUPS)
@require_http_methods(["GET", "POST"])
def register(request: AuthedRequest, pk: int) -> HttpResponse:
    session = support_access.get_group_session_for_user(request.membership, pk)
    candidates = support_access.register_candidates_for_user(request.membership)
    query = request.GET.get("q", "").strip()
    shown = _register_shown(request, session, query)
    initial = {"attendees": list(session.attendances.values_list("peer_support_id", flat=True))}
    form = RegisterForm(posted(request), candidates=candidates, shown=shown, initial=initial)
    if done := saved(
        request,
        form,
        lambda data: services.group_register_take(
            **acting(request), session=session, attendees=data["attendees"]
        ),
        message=lambda count: f"Register saved: {count} came to {session.title}",
        then=reverse("support:groups"),
    ):
        return done
    if request.method == "GET":
        audit.record_people_seen(
            request, (ps.person_id for ps in shown), summary=f"On the register for group session {session.pk}"
        )
    return render(
        request,
        "support/register.jinja",
        {"title": f"Register for {session}", "form": form, "session": session, "query": query},
    )


WALK_IN_LINES = 8  # blank lines on a printed register, for names to write in


@requires(Perm.RUN_GROUPS)
def register_print(request: AuthedRequest, pk: int) -> HttpResponse:
    """A session's register on paper. Once taken: who came. Before: a blank register, a box to
    tick for each person expected (anyone on it already and the group's regulars, as the register
    page lists them, not the peer worker's own caseload) and lines for those who walk in."""
    session = support_access.get_group_session_for_user(request.membership, pk)
    if session.register_taken:
        came = (
            support_access.register_candidates_for_user(request.membership)
            .filter(pk__in=session.attendances.values("peer_support_id"))
            .select_related("person")
            .order_by("person__family_name", "person__given_name", "pk")
        )
        rows, summary = list(came), f"Printed the register taken for group session {session.pk}"
    else:
        rows = _register_shown(request, session, "", hers=False)
        summary = f"Printed a blank register for group session {session.pk}"
    audit.record_people_seen(request, (ps.person_id for ps in rows), summary=summary)
    return render(
        request,
        "support/register_print.jinja",
        {
            "title": f"Register for {session}",
            "session": session,
            "rows": rows,
            "blank": not session.register_taken,
            "walk_ins": range(WALK_IN_LINES),
            "back_href": reverse("support:register", kwargs={"pk": session.pk}),
            "table": tables.table,
        },
    )
