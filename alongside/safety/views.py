import datetime as dt
from collections import Counter
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from alongside.accounts import scope
from alongside.accounts.decorators import requires
from alongside.accounts.rules import Perm, has_perm
from alongside.accounts.types import AuthedRequest
from alongside.audit import services as audit
from alongside.lib.http import posted
from alongside.lib.nhsforms import add_service_errors
from alongside.organisations.models import Membership, Role
from alongside.people import tables
from alongside.safety import access as safety_access
from alongside.safety import metrics, notify, services
from alongside.safety.forms import (
    AcknowledgeForm,
    BriefingForm,
    BriefingLineForm,
    ChecklistItemForm,
    DebriefForm,
    GroundRulesForm,
    ReadinessForm,
    SafeForm,
    ShiftStartForm,
    TeamAddForm,
    VisitForm,
    VisitTimeForm,
    WellbeingForm,
    WellbeingPlanForm,
    WellbeingShareForm,
)
from alongside.support import access as support_access
from alongside.support.models import OPEN_STATUSES

# Whom a peer worker may share a wellbeing check-in with.
SUPERVISORS = [Role.COORDINATOR, Role.CLINICIAN, Role.SERVICE_MANAGER]


def _on_the_ward(membership: Membership) -> Any:
    """Who a briefing covers: everyone in open peer support at the ward's service, including
    those referred but not yet allocated and those the clinical team has deferred.
    (When admissions are recorded, this becomes the mothers currently admitted.)"""
    return (
        support_access.peer_supports_for_user(membership)
        .filter(status__in=OPEN_STATUSES)
        .select_related("person")
        .order_by("person__given_name", "person__family_name")
    )


# Ward shifts ----------------------------------------------------------------------------


@requires(Perm.WORK_SHIFTS)
def shifts(request: AuthedRequest) -> HttpResponse:
    mine = safety_access.shifts_for_user(request.membership).filter(peer_worker=request.user)
    current = mine.filter(ended_at__isnull=True).select_related("briefing").first()
    raised = list(safety_access.escalations_for_user(request.membership).filter(raised_by=request.user)[:10])
    briefed = getattr(current, "briefing", None) if current else None
    shown = [e.person_id for e in raised]
    shown += list(briefed.entries.values_list("person_id", flat=True)) if briefed else []
    audit.record_people_seen(request, shown, summary="On her ward shift page")
    context = {
        "title": "Ward shifts",
        "current": current,
        "recent": mine.select_related("briefing", "debrief")[:20],
        "form": ShiftStartForm(),
        "raised": raised,
    }
    return render(request, "safety/shifts.jinja", context)


@requires(Perm.WORK_SHIFTS)
@require_POST
def shift_start(request: AuthedRequest) -> HttpResponse:
    form = ShiftStartForm(request.POST)
    if form.is_valid():
        try:
            services.shift_start(actor=request.user, membership=request.membership, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors([form], error)
        else:
            messages.success(request, "You are signed in. Ask the nurse in charge for your arrival briefing.")
            return redirect("safety:shifts")
    mine = safety_access.shifts_for_user(request.membership).filter(peer_worker=request.user)
    context: dict[str, Any] = {
        "title": "Ward shifts",
        "current": None,
        "recent": mine[:20],
        "form": form,
        "raised": [],
    }
    return render(request, "safety/shifts.jinja", context)


@requires(Perm.GIVE_BRIEFING)
def ward(request: AuthedRequest) -> HttpResponse:
    """For ward staff: who is on shift now, whether each has been briefed, and concerns open."""
    on_shift = (
        safety_access.shifts_for_user(request.membership)
        .filter(ended_at__isnull=True)
        .select_related("peer_worker", "briefing")
    )
    context: dict[str, Any] = {
        "title": "Peer workers on the ward",
        "on_shift": on_shift,
        "open_escalations": metrics.open_escalations(request.membership.service),
    }
    return render(request, "safety/ward.jinja", context)


@requires(Perm.GIVE_BRIEFING)
@require_http_methods(["GET", "POST"])
def briefing(request: AuthedRequest, pk: int) -> HttpResponse:
    shift = safety_access.get_shift_for_user(request.membership, pk)
    ward = list(_on_the_ward(request.membership))
    data = posted(request)
    form = BriefingForm(data)
    lines = [(ps.person, BriefingLineForm(data, prefix=f"p{ps.person_id}")) for ps in ward]
    if data is not None and form.is_valid() and all(f.is_valid() for _, f in lines):
        try:
            services.briefing_give(
                actor=request.user,
                membership=request.membership,
                shift=shift,
                lines=[services.BriefingLine(person=p, **f.cleaned_data) for p, f in lines],
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_service_errors([form], error)
        else:
            messages.success(request, f"Arrival briefing for {shift.peer_worker} saved")
            return redirect("safety:ward")
    all_forms = [form, *(f for _, f in lines)]
    if request.method == "GET":
        audit.record_people_seen(request, (ps.person_id for ps in ward), summary="On the arrival briefing")
    context = {
        "title": f"Arrival briefing for {shift.peer_worker}",
        "form": form,
        "lines": lines,
        "shift": shift,
        "all_forms": all_forms,
    }
    return render(request, "safety/briefing.jinja", context)


@requires(Perm.WORK_SHIFTS)
@require_http_methods(["GET", "POST"])
def debrief(request: AuthedRequest, pk: int) -> HttpResponse:
    shift = safety_access.get_own_shift_for_user(request.membership, pk)
    people = support_access.ward_people_for_user(request.membership).order_by("given_name", "family_name")
    supervisors = scope.colleagues_for_user(request.membership, SUPERVISORS).exclude(pk=request.user.pk)
    # Nobody is chosen for her: her wellbeing is hers unless she shares it, each time (issue 11).
    form = DebriefForm(
        posted(request),
        people=people,
        supervisors=supervisors,
        reads_all=safety_access.reading_all_my_checkins(request.user),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        concerns = (
            [services.Concern(text=data["concern"], person=data["concern_about"])] if data["concern"] else []
        )
        wellbeing = form.wellbeing
        try:
            services.shift_end(
                actor=request.user,
                membership=request.membership,
                shift=shift,
                concerns=concerns,
                no_concerns=data["no_concerns"],
                wellbeing=wellbeing,
                ended_at=data["ended_at"],
            )
        except ValidationError as error:
            add_service_errors([form], error)
        else:
            messages.success(request, "You are signed out. Thank you: leave work at work.")
            return redirect("safety:shifts")
    if request.method == "GET":
        # The mothers she may raise a concern about; nothing of her own wellbeing goes on their trail.
        audit.record_people_seen(
            request, people.values_list("pk", flat=True), summary="Named on the departure debrief"
        )
    return render(
        request,
        "safety/debrief.jinja",
        {"title": "Sign out: departure debrief", "form": form, "shift": shift},
    )


# Escalations ---------------------------------------------------------------------------


@requires(Perm.HANDLE_ESCALATIONS)
def escalations(request: AuthedRequest) -> HttpResponse:
    mine = safety_access.escalations_for_user(request.membership).select_related(
        "raised_by", "person", "acknowledged_by", "service"
    )
    still_open = list(mine.filter(acknowledged_at__isnull=True).order_by("raised_at"))
    done = list(mine.filter(acknowledged_at__isnull=False).order_by("-acknowledged_at")[:30])
    audit.record_people_seen(
        request, (e.person_id for e in [*still_open, *done]), summary="Named in a safety concern"
    )
    context = {
        "title": "Safety concerns",
        "open": still_open,
        "done": done,
        "is_overdue": metrics.is_overdue,
    }
    return render(request, "safety/escalations.jinja", context)


@requires(Perm.HANDLE_ESCALATIONS)
@require_http_methods(["GET", "POST"])
def acknowledge(request: AuthedRequest, pk: int) -> HttpResponse:
    escalation = safety_access.get_escalation_for_user(request.membership, pk)
    form = AcknowledgeForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.escalation_acknowledge(
                actor=request.user, membership=request.membership, escalation=escalation, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors([form], error)
        else:
            messages.success(request, "Concern acknowledged")
            return redirect("safety:escalations")
    if request.method == "GET":
        audit.record_for_request(request, "view", escalation, summary="Opened a safety concern")
    return render(
        request,
        "safety/acknowledge.jinja",
        {"title": "Acknowledge a safety concern", "form": form, "escalation": escalation},
    )


@requires(Perm.VIEW_HANDOVERS)
def handovers(request: AuthedRequest) -> HttpResponse:
    today = timezone.localdate()
    start, end, error = _period(request.GET, default_start=today - dt.timedelta(days=28), default_end=today)
    total, per_worker = metrics.handover_compliance(request.membership.service, start, end)
    missing = metrics.shifts_missing_a_handover(request.membership.service, start, end)
    still_open = (
        safety_access.shifts_for_user(request.membership)
        .filter(ended_at__isnull=True)
        .select_related("peer_worker")
    )
    context = {
        "title": "Handovers",
        "total": total,
        "rows": per_worker,
        "missing": missing,
        "still_open": still_open,
        "start": start,
        "end": end,
        "period_error": error,
    }
    return render(request, "safety/handovers.jinja", context)


@requires(Perm.VIEW_HANDOVERS)
@require_POST
def shift_close(request: AuthedRequest, pk: int) -> HttpResponse:
    shift = safety_access.get_shift_for_user(request.membership, pk)
    try:
        services.shift_close(actor=request.user, membership=request.membership, shift=shift)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{shift.peer_worker}'s shift closed, without a debrief")
    return redirect("safety:handovers")


def _period(params: Any, *, default_start: dt.date, default_end: dt.date) -> tuple[dt.date, dt.date, str]:
    """A reporting period from ?from=&to=; a bad one falls back to the default, with a message."""
    try:
        start = dt.date.fromisoformat(params.get("from") or default_start.isoformat())
        end = dt.date.fromisoformat(params.get("to") or default_end.isoformat())
    except ValueError:
        return default_start, default_end, "Enter dates like 2026-11-01"
    if end < start:
        return default_start, default_end, "The end of the period must be on or after its start"
    return start, end, ""


# Visits and lone working ---------------------------------------------------------------


@requires(Perm.PLAN_VISITS)
def visits(request: AuthedRequest) -> HttpResponse:
    """Her open visits (or the service's) and those ended in the last two weeks. The service's open
    ones are found from its own peer supports (the IN below: the same rows visits_for_user gives).
    Joined only, they were read from the partial index safety_visit_open (alongside/safety/
    models.py) for the whole nation, each then checked for its service; the IN probes that index
    for this service's peer supports alone. Hers are read through the index on her and her dates."""
    membership = request.membership
    scoped = safety_access.visits_for_user(membership)
    if membership.role == Role.PEER_WORKER:
        scoped = scoped.filter(peer_worker=request.user)
    shown = scoped.select_related("peer_support__person", "peer_worker", "companion")
    open_visits = shown.filter(
        cancelled_at__isnull=True, checked_out_at__isnull=True, safe_confirmed_at__isnull=True
    )
    if membership.role != Role.PEER_WORKER:
        open_visits = open_visits.filter(
            peer_support__in=support_access.peer_supports_for_user(membership).values("pk")
        )
    upcoming = list(open_visits.order_by("starts_at")[:50])
    since = timezone.now() - dt.timedelta(days=14)
    ended = (
        scoped.filter(starts_at__gte=since)
        .exclude(checked_out_at__isnull=True, cancelled_at__isnull=True, safe_confirmed_at__isnull=True)
        .order_by("-starts_at")
    )
    # The last 20 chosen before the joins for display: joined, each of the service's peer supports
    # had its person read before its visits were looked at.
    recent = list(shown.filter(pk__in=ended.values("pk")[:20]).order_by("-starts_at"))
    audit.record_people_seen(
        request, (v.peer_support.person_id for v in [*upcoming, *recent]), summary="On the visits page"
    )
    context = {
        "title": "Visits",
        "upcoming": upcoming,
        "recent": recent,
        "now": timezone.now(),
        "can_confirm": has_perm(membership.role, Perm.CONFIRM_SAFE),
        "table": tables.table,  # the NHS.UK table drawn once per page, not once per row
    }
    return render(request, "safety/visits.jinja", context)


@requires(Perm.PLAN_VISITS)
@require_http_methods(["GET", "POST"])
def visit_new(request: AuthedRequest, pk: int) -> HttpResponse:
    peer_support = support_access.get_peer_support_for_user(request.membership, pk)
    clinicians = scope.colleagues_for_user(request.membership, [Role.CLINICIAN, Role.SERVICE_MANAGER])
    contacts = scope.colleagues_for_user(
        request.membership, [Role.COORDINATOR, Role.PEER_WORKER, Role.CLINICIAN, Role.SERVICE_MANAGER]
    ).exclude(pk=request.user.pk)
    last = (
        safety_access.visits_for_user(request.membership)
        .filter(peer_worker=request.user)
        .order_by("-starts_at")
        .values_list("named_contact", flat=True)
        .first()
    )
    start = timezone.localtime().replace(minute=0, second=0, microsecond=0) + dt.timedelta(hours=1)
    initial = {"starts_at": start, "expected_end_at": start + dt.timedelta(hours=1), "named_contact": last}
    form = VisitForm(posted(request), clinicians=clinicians, contacts=contacts, initial=initial)
    reason = services.companion_needed_because(peer_worker=request.user, peer_support=peer_support)
    if request.method == "POST" and form.is_valid():
        try:
            services.visit_plan(
                actor=request.user,
                membership=request.membership,
                peer_support=peer_support,
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_service_errors([form], error)
        else:
            messages.success(request, f"Visit to {peer_support.person.name} planned")
            return redirect("safety:visits")
    if request.method == "GET":
        audit.record_for_request(request, "view", peer_support, summary="Opened a visit plan")
    context = {
        "title": f"Plan a visit to {peer_support.person.name}",
        "form": form,
        "peer_support": peer_support,
        "reason": reason,
    }
    return render(request, "safety/visit_new.jinja", context)


def _visit_action(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    visit = safety_access.get_visit_for_user(request.membership, pk)
    form = VisitTimeForm(posted(request))
    labels = {"check_in": "Check in", "check_out": "Check out", "cancel": "Cancel this visit"}
    if request.method == "POST" and form.is_valid():
        try:
            if action == "cancel":
                services.visit_cancel(actor=request.user, membership=request.membership, visit=visit)
            else:
                do = services.visit_check_in if action == "check_in" else services.visit_check_out
                do(actor=request.user, membership=request.membership, visit=visit, at=form.cleaned_data["at"])
        except ValidationError as error:
            add_service_errors([form], error)
        else:
            messages.success(
                request,
                {
                    "check_in": "Checked in. Remember to check out.",
                    "check_out": "Checked out. Glad you're safe.",
                    "cancel": "Visit cancelled",
                }[action],
            )
            return redirect("safety:visits")
    if request.method == "GET":
        audit.record_for_request(request, "view", visit, summary=f"Opened: {labels[action]}")
    context = {
        "title": f"{labels[action]}: {visit.peer_support.person.name}",
        "form": form,
        "visit": visit,
        "action": action,
        "button": labels[action],
    }
    return render(request, "safety/visit_action.jinja", context)


@requires(Perm.PLAN_VISITS)
@require_http_methods(["GET", "POST"])
def visit_check_in(request: AuthedRequest, pk: int) -> HttpResponse:
    return _visit_action(request, pk, "check_in")


@requires(Perm.PLAN_VISITS)
@require_http_methods(["GET", "POST"])
def visit_check_out(request: AuthedRequest, pk: int) -> HttpResponse:
    return _visit_action(request, pk, "check_out")


@requires(Perm.PLAN_VISITS)
@require_http_methods(["GET", "POST"])
def visit_cancel(request: AuthedRequest, pk: int) -> HttpResponse:
    return _visit_action(request, pk, "cancel")


@requires(Perm.CONFIRM_SAFE)
@require_http_methods(["GET", "POST"])
def visit_safe(request: AuthedRequest, pk: int) -> HttpResponse:
    visit = safety_access.get_visit_for_user(request.membership, pk)
    form = SafeForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.visit_confirm_safe(
                actor=request.user, membership=request.membership, visit=visit, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors([form], error)
        else:
            messages.success(request, f"Recorded that {visit.peer_worker} is safe")
            return redirect("safety:alerts")
    if request.method == "GET":
        audit.record_for_request(request, "view", visit, summary="Opened: record that she is safe")
    return render(
        request,
        "safety/visit_safe.jinja",
        {"title": f"Record that {visit.peer_worker} is safe", "form": form, "visit": visit},
    )


@requires(Perm.VIEW_PEOPLE)
def alerts(request: AuthedRequest) -> HttpResponse:
    context = {"title": "Alerts", "alerts": notify.open_alerts_for(request.user, request.membership)}
    return render(request, "safety/alerts.jinja", context)


# Her own: wellbeing and readiness --------------------------------------------------------


@require_http_methods(["GET", "POST"])
def wellbeing(request: AuthedRequest) -> HttpResponse:
    """Her wellbeing: her plan, her check-ins and whom she shares them with. Login only: no role
    reads them (ADR 0006, ADR 0010)."""
    supervisors = scope.colleagues_for_user(request.membership, SUPERVISORS).exclude(pk=request.user.pk)
    mine = safety_access.wellbeing_for_user(request.user).filter(peer_worker=request.user)
    reads_all = safety_access.reading_all_my_checkins(request.user)
    # Nobody is chosen for her: a check-in is hers unless she shares it, each time (issue 11).
    form = WellbeingForm(posted(request), supervisors=supervisors, reads_all=reads_all)
    if request.method == "POST" and form.is_valid():
        services.wellbeing_record(actor=request.user, **form.cleaned_data)
        readers = [str(p) for p in [form.cleaned_data["shared_with"]] if p] + reads_all
        who = f"You and {', '.join(readers)} can read it" if readers else "Only you can read it"
        messages.success(request, f"Saved. {who}.")
        return redirect("safety:wellbeing")
    single = Counter(
        str(c.shared_with) for c in mine.filter(shared_with__isnull=False).select_related("shared_with")
    )
    context = {
        "title": "My wellbeing",
        "form": form,
        "plan": safety_access.own_plan(request.user),
        "shares": safety_access.my_open_shares(request.user),
        "single_shares": sorted(single.items()),
        "reads_all": reads_all,
        "mine": mine.select_related("shared_with")[:30],
        "shared_with_me": safety_access.shares_with_me(request.user).count()
        + safety_access.wellbeing_for_user(request.user).filter(shared_with=request.user).count(),
    }
    return render(request, "safety/wellbeing.jinja", context)


def wellbeing_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    """One check-in, for her or someone she shares it with (whose reading is audited)."""
    record = safety_access.get_wellbeing_for_user(request.user, pk)
    own = record.peer_worker_id == request.user.pk
    if not own:
        audit.record_for_request(request, "view", record, summary="Read a check-in shared with them")
    back = "safety:wellbeing" if own else "safety:wellbeing_shared"
    context = {"title": "Wellbeing check-in", "record": record, "own": own, "back": back}
    return render(request, "safety/wellbeing_detail.jinja", context)


@require_http_methods(["GET", "POST"])
def wellbeing_plan(request: AuthedRequest) -> HttpResponse:
    """Her plan: what helps, early signs, who to contact. Hers alone to write."""
    plan = safety_access.own_plan(request.user)
    initial = {f: getattr(plan, f) for f in WellbeingPlanForm.base_fields} if plan else {}
    form = WellbeingPlanForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        services.wellbeing_plan_save(actor=request.user, **form.cleaned_data)
        readers = [str(s.shared_with) for s in safety_access.my_open_shares(request.user).filter(plan=True)]
        who = f"You and {', '.join(readers)} can read it" if readers else "Only you can read it"
        messages.success(request, f"Your plan is saved. {who}.")
        return redirect("safety:wellbeing")
    return render(request, "safety/wellbeing_plan.jinja", {"title": "My wellbeing plan", "form": form})


@require_http_methods(["GET", "POST"])
def wellbeing_sharing(request: AuthedRequest) -> HttpResponse:
    """Whom she shares her plan and check-ins with: share with more, or stop sharing."""
    colleagues = scope.colleagues_for_user(request.membership, safety_access.SHARE_ROLES).exclude(
        pk=request.user.pk
    )
    colleagues = safety_access.with_roles(colleagues, request.membership)
    form = WellbeingShareForm(posted(request), colleagues=colleagues)
    if request.method == "POST" and form.is_valid():
        what = form.cleaned_data["what"]
        try:
            made = services.wellbeing_share(
                actor=request.user,
                membership=request.membership,
                people=form.cleaned_data["people"],
                plan="plan" in what,
                checkins="checkins" in what,
            )
        except ValidationError as error:
            add_service_errors([form], error)
        else:
            names = ", ".join(str(s.shared_with) for s in made)
            messages.success(request, f"Shared with {names}. You can stop sharing at any time.")
            return redirect("safety:wellbeing_sharing")
    shares = safety_access.my_shares(request.user).select_related("shared_with")
    context = {
        "title": "Sharing my wellbeing",
        "form": form,
        "open": [s for s in shares if s.withdrawn_at is None],
        "withdrawn": [s for s in shares if s.withdrawn_at is not None][:20],
        "checkins": safety_access.wellbeing_for_user(request.user)
        .filter(peer_worker=request.user, shared_with__isnull=False)
        .select_related("shared_with")[:30],
    }
    return render(request, "safety/wellbeing_sharing.jinja", context)


def wellbeing_withdraw(request: AuthedRequest, pk: int) -> HttpResponse:
    # Looked up before the method is checked: someone else's share is 404 either way.
    share = safety_access.get_my_open_share(request.user, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    services.wellbeing_share_withdraw(actor=request.user, membership=request.membership, share=share)
    messages.success(request, f"You no longer share your {share.what} with {share.shared_with}")
    return redirect("safety:wellbeing_sharing")


def wellbeing_unshare(request: AuthedRequest, pk: int) -> HttpResponse:
    checkin = safety_access.get_own_checkin(request.user, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    was = checkin.shared_with
    services.checkin_unshare(actor=request.user, membership=request.membership, checkin=checkin)
    messages.success(request, f"You no longer share this check-in{f' with {was}' if was else ''}")
    return redirect("safety:wellbeing_sharing")


def wellbeing_shared(request: AuthedRequest) -> HttpResponse:
    """The "Shared with me" page: colleagues who share their wellbeing with her, while they do."""
    context = {
        "title": "Wellbeing shared with me",
        "shares": safety_access.shares_with_me(request.user).select_related("peer_worker"),
        "checkins": safety_access.wellbeing_for_user(request.user)
        .filter(shared_with=request.user)
        .exclude(peer_worker=request.user)
        .select_related("peer_worker")[:30],
    }
    return render(request, "safety/wellbeing_shared.jinja", context)


def wellbeing_shared_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    """What one colleague shares with her: her plan and/or check-ins. Each read is audited."""
    share = safety_access.get_share_with_me(request.user, pk)
    audit.record_for_request(request, "view", share, summary="Read wellbeing shared with them")
    context = {
        "title": f"Shared by {share.peer_worker}",
        "share": share,
        "plan": safety_access.shared_plan(share),
        "checkins": safety_access.shared_checkins(share)[:50],
    }
    return render(request, "safety/wellbeing_shared_detail.jinja", context)


@require_http_methods(["GET", "POST"])
def readiness(request: AuthedRequest) -> HttpResponse:
    """Self-identified readiness. Nothing asks how long ago she was unwell (ADR 0006)."""
    form = ReadinessForm(posted(request))
    if request.method == "POST" and form.is_valid():
        services.readiness_record(actor=request.user, **form.cleaned_data)
        messages.success(request, "Thank you. Your co-ordinator can see where you are.")
        return redirect("safety:readiness")
    history = request.user.readiness.all()[:10]
    return render(
        request, "safety/readiness.jinja", {"title": "Where I am", "form": form, "history": history}
    )


# Ground rules ---------------------------------------------------------------------------


def _ground_rules(request: AuthedRequest, *, target: dict[str, Any], name: str, back: str) -> HttpResponse:
    items = request.membership.service.ground_rule_items.filter(active=True)
    form = GroundRulesForm(posted(request), items=items, initial={"agreed_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.ground_rules_agree(
                actor=request.user, membership=request.membership, **target, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors([form], error)
        else:
            messages.success(request, f"Ground rules with {name} saved")
            return redirect(back)
    if request.method == "GET" and "peer_support" in target:  # a group's page names no one
        audit.record_for_request(request, "view", target["peer_support"], summary="Opened ground rules")
    context = {
        "title": f"Ground rules: {name}",
        "form": form,
        "current": metrics.latest_ground_rules(**target),
        "back": back,
    }
    return render(request, "safety/ground_rules.jinja", context)


@requires(Perm.AGREE_GROUND_RULES)
@require_http_methods(["GET", "POST"])
def ground_rules(request: AuthedRequest, pk: int) -> HttpResponse:
    peer_support = support_access.get_peer_support_for_user(request.membership, pk)
    from django.urls import reverse

    back = reverse("people:detail", args=[peer_support.person_id])
    return _ground_rules(
        request, target={"peer_support": peer_support}, name=peer_support.person.name, back=back
    )


@requires(Perm.AGREE_GROUND_RULES)
@require_http_methods(["GET", "POST"])
def group_ground_rules(request: AuthedRequest, pk: int) -> HttpResponse:
    group = support_access.get_group_for_user(request.membership, pk)
    from django.urls import reverse

    return _ground_rules(request, target={"group": group}, name=group.name, back=reverse("support:groups"))


# The team -------------------------------------------------------------------------------


@requires(Perm.MANAGE_TEAM)
def team(request: AuthedRequest) -> HttpResponse:
    members = scope.peer_workers_for_user(request.membership, include_volunteers=True).prefetch_related(
        safety_access.readiness_prefetch()
    )
    # The NHS.UK table drawn once per page, not once per row (alongside/people/tables.py).
    context = {"title": "Peer support team", "members": members, "table": tables.table}
    return render(request, "safety/team.jinja", context)


@requires(Perm.MANAGE_TEAM)
@require_http_methods(["GET", "POST"])
def team_add(request: AuthedRequest) -> HttpResponse:
    form = TeamAddForm(posted(request), initial={"role": Role.PEER_WORKER, "employment": "nhs"})
    if request.method == "POST" and form.is_valid():
        try:
            added = services.team_add(actor=request.user, membership=request.membership, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors([form], error)
        else:
            messages.success(request, f"{added.user} added as {added.get_role_display().lower()}")
            return redirect("safety:team")
    return render(
        request, "safety/team_add.jinja", {"title": "Add someone to the peer support team", "form": form}
    )


@requires(Perm.MANAGE_TEAM)
@require_POST
def team_full_role(request: AuthedRequest, pk: int) -> HttpResponse:
    volunteer = scope.peer_workers_for_user(request.membership, include_volunteers=True).filter(pk=pk).first()
    if volunteer is None:
        raise Http404("No such team member")
    try:
        services.volunteer_move_to_full_role(
            actor=request.user, membership=request.membership, volunteer=volunteer
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{volunteer.user} is now a peer worker")
    return redirect("safety:team")


@requires(Perm.MANAGE_TEAM)
@require_http_methods(["GET", "POST"])
def checklist(request: AuthedRequest) -> HttpResponse:
    """The service's own ground-rules checklist: add a line, or retire one (kept for history)."""
    items = request.membership.service.ground_rule_items.all()
    form = ChecklistItemForm(posted(request))
    retire = request.POST.get("retire", "")
    if request.method == "POST" and retire:
        item = items.filter(pk=int(retire)).first() if retire.isdigit() else None
        if item is None:
            raise Http404("No such line")
        services.checklist_item_retire(actor=request.user, membership=request.membership, item=item)
        messages.success(request, f"“{item.text}” retired")
        return redirect("safety:checklist")
    if request.method == "POST" and form.is_valid():
        services.checklist_item_add(actor=request.user, membership=request.membership, **form.cleaned_data)
        messages.success(request, "Line added to the checklist")
        return redirect("safety:checklist")
    context = {"title": "Ground rules checklist", "form": form, "items": items.filter(active=True)}
    return render(request, "safety/checklist.jinja", context)
