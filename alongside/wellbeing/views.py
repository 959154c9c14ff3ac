"""TODO docstring"""

from collections import Counter

from django.contrib import messages
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from alongside.accounts import scope
from alongside.accounts.rules import COLLEAGUE_ROLES, SUPERVISOR_ROLES
from alongside.accounts.types import AuthedRequest, acting
from alongside.audit import services as audit
from alongside.lib.http import posted
from alongside.lib.nhsforms import saved
from alongside.wellbeing import access, services
from alongside.wellbeing.forms import ReadinessForm, WellbeingForm, WellbeingPlanForm, WellbeingShareForm


@require_http_methods(["GET", "POST"])
def wellbeing(request: AuthedRequest) -> HttpResponse:
    """Her wellbeing: her plan, her check-ins and whom she shares them with. Login only: no role
    reads them (ADR 0006, ADR 0010)."""
    supervisors = scope.colleagues_for_user(request.membership, SUPERVISOR_ROLES).exclude(pk=request.user.pk)
    mine = access.wellbeing_for_user(request.user).filter(peer_worker=request.user)
    reads_all = access.reading_all_my_checkins(request.user)
    # Nobody is chosen for her: a check-in is hers unless she shares it, each time (issue 11).
    form = WellbeingForm(posted(request), supervisors=supervisors, reads_all=reads_all)
    if request.method == "POST" and form.is_valid():
        services.wellbeing_record(actor=request.user, **form.cleaned_data)
        readers = [str(p) for p in [form.cleaned_data["shared_with"]] if p] + reads_all
        who = f"You and {', '.join(readers)} can read it" if readers else "Only you can read it"
        messages.success(request, f"Saved. {who}.")
        return redirect("wellbeing:wellbeing")
    single = Counter(
        str(c.shared_with) for c in mine.filter(shared_with__isnull=False).select_related("shared_with")
    )
    context = {
        "title": "My wellbeing",
        "form": form,
        "plan": access.own_plan(request.user),
        "shares": access.my_open_shares(request.user),
        "single_shares": sorted(single.items()),
        "reads_all": reads_all,
        "mine": mine.select_related("shared_with")[:30],
        "shared_with_me": access.shares_with_me(request.user).count()
        + access.wellbeing_for_user(request.user).filter(shared_with=request.user).count(),
    }
    return render(request, "wellbeing/wellbeing.jinja", context)


def wellbeing_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    """One check-in, for her or someone she shares it with (whose reading is audited)."""
    record = access.get_wellbeing_for_user(request.user, pk)
    own = record.peer_worker_id == request.user.pk
    if not own:
        audit.record_for_request(request, "view", record, summary="Read a check-in shared with them")
    back = "wellbeing:wellbeing" if own else "wellbeing:wellbeing_shared"
    context = {"title": "Wellbeing check-in", "record": record, "own": own, "back": back}
    return render(request, "wellbeing/wellbeing_detail.jinja", context)


@require_http_methods(["GET", "POST"])
def wellbeing_plan(request: AuthedRequest) -> HttpResponse:
    """Her plan: what helps, early signs, who to contact. Hers alone to write."""
    plan = access.own_plan(request.user)
    initial = {f: getattr(plan, f) for f in WellbeingPlanForm.base_fields} if plan else {}
    form = WellbeingPlanForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        services.wellbeing_plan_save(actor=request.user, **form.cleaned_data)
        readers = [str(s.shared_with) for s in access.my_open_shares(request.user).filter(plan=True)]
        who = f"You and {', '.join(readers)} can read it" if readers else "Only you can read it"
        messages.success(request, f"Your plan is saved. {who}.")
        return redirect("wellbeing:wellbeing")
    return render(request, "wellbeing/wellbeing_plan.jinja", {"title": "My wellbeing plan", "form": form})


@require_http_methods(["GET", "POST"])
def wellbeing_sharing(request: AuthedRequest) -> HttpResponse:
    """Whom she shares her plan and check-ins with: share with more, or stop sharing."""
    colleagues = scope.colleagues_for_user(request.membership, COLLEAGUE_ROLES).exclude(pk=request.user.pk)
    colleagues = access.with_roles(colleagues, request.membership)
    form = WellbeingShareForm(posted(request), colleagues=colleagues)
    if done := saved(
        request,
        form,
        lambda data: services.wellbeing_share(
            **acting(request),
            people=data["people"],
            plan="plan" in data["what"],
            checkins="checkins" in data["what"],
        ),
        message=lambda made: (
            f"Shared with {', '.join(str(s.shared_with) for s in made)}. You can stop sharing at any time."
        ),
        then=reverse("wellbeing:wellbeing_sharing"),
    ):
        return done
    shares = access.my_shares(request.user).select_related("shared_with")
    context = {
        "title": "Sharing my wellbeing",
        "form": form,
        "open": [s for s in shares if s.withdrawn_at is None],
        "withdrawn": [s for s in shares if s.withdrawn_at is not None][:20],
        "checkins": access.wellbeing_for_user(request.user)
        .filter(peer_worker=request.user, shared_with__isnull=False)
        .select_related("shared_with")[:30],
    }
    return render(request, "wellbeing/wellbeing_sharing.jinja", context)


def wellbeing_withdraw(request: AuthedRequest, pk: int) -> HttpResponse:
    # Looked up before the method is checked: someone else's share is 404 either way.
    share = access.get_my_open_share(request.user, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    services.wellbeing_share_withdraw(actor=request.user, membership=request.membership, share=share)
    messages.success(request, f"You no longer share your {share.what} with {share.shared_with}")
    return redirect("wellbeing:wellbeing_sharing")


def wellbeing_unshare(request: AuthedRequest, pk: int) -> HttpResponse:
    checkin = access.get_own_checkin(request.user, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    was = checkin.shared_with
    services.checkin_unshare(actor=request.user, membership=request.membership, checkin=checkin)
    messages.success(request, f"You no longer share this check-in{f' with {was}' if was else ''}")
    return redirect("wellbeing:wellbeing_sharing")


def wellbeing_shared(request: AuthedRequest) -> HttpResponse:
    """The "Shared with me" page: colleagues who share their wellbeing with her, while they do."""
    context = {
        "title": "Wellbeing shared with me",
        "shares": access.shares_with_me(request.user).select_related("peer_worker"),
        "checkins": access.wellbeing_for_user(request.user)
        .filter(shared_with=request.user)
        .exclude(peer_worker=request.user)
        .select_related("peer_worker")[:30],
    }
    return render(request, "wellbeing/wellbeing_shared.jinja", context)


def wellbeing_shared_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    """What one colleague shares with her: her plan and/or check-ins. Each read is audited."""
    share = access.get_share_with_me(request.user, pk)
    audit.record_for_request(request, "view", share, summary="Read wellbeing shared with them")
    context = {
        "title": f"Shared by {share.peer_worker}",
        "share": share,
        "plan": access.shared_plan(share),
        "checkins": access.shared_checkins(share)[:50],
    }
    return render(request, "wellbeing/wellbeing_shared_detail.jinja", context)


@require_http_methods(["GET", "POST"])
def readiness(request: AuthedRequest) -> HttpResponse:
    """Self-identified readiness. Nothing asks how long ago she was unwell (ADR 0006)."""
    form = ReadinessForm(posted(request))
    if request.method == "POST" and form.is_valid():
        services.readiness_record(actor=request.user, **form.cleaned_data)
        messages.success(request, "Thank you. Your co-ordinator can see where you are.")
        return redirect("wellbeing:readiness")
    history = request.user.readiness.all()[:10]
    return render(
        request, "wellbeing/readiness.jinja", {"title": "Where I am", "form": form, "history": history}
    )
