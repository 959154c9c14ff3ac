import datetime as dt
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from alongside.accounts.decorators import requires
from alongside.accounts.rules import PEER_SUPPORT_WORKFORCE, Perm, has_perm
from alongside.accounts.types import AuthedRequest, acting
from alongside.audit import services as audit
from alongside.lib.http import back_to, posted
from alongside.lib.nhsforms import acted, saved
from alongside.organisations.models import Membership, Role
from alongside.people import tables
from alongside.workforce import access, metrics, services
from alongside.workforce.forms import (
    ActionForm,
    CaseloadForm,
    DriftSettingsForm,
    DutyForm,
    EmploymentForm,
    GroupSupervisionForm,
    GuidanceForm,
    InvolvementForm,
    OfferForm,
    ReflectionForm,
    RoleDescriptionForm,
    SettingsForm,
    SharedCoordinatorEndForm,
    SharedCoordinatorForm,
    SupervisionForm,
)
from alongside.workforce.models import PayBand, Profile, Supervision, WorkforceSettings

View = Callable[..., HttpResponse]
SESSION_FIELDS = ("kind", "held_on", "duration_minutes", "wellbeing_discussed", "plans_reviewed", "notes")
HISTORY_PAGE = 50
GROUP_FIELDS = ("peer_workers", "wellbeing_discussed_for", *SESSION_FIELDS[:3], "plans_reviewed", "notes")


def _listed(supervisions: QuerySet[Supervision]) -> QuerySet[Supervision]:
    """Newest first, with only the columns the lists show (no notes)."""
    shown = ("held_on", "kind", "wellbeing_discussed", "peer_worker", "service_id")
    return supervisions.only(*shown).order_by("-held_on", "-pk")


def with_membership(view: View) -> View:
    """Her own pages: any role will do, but she must hold one (else the home page explains)."""

    @wraps(view)
    def wrapper(request: AuthedRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.membership is None:
            return redirect("home")
        return view(request, *args, **kwargs)

    return wrapper


def _metrics_context() -> dict[str, Any]:
    return {
        "today": timezone.localdate(),
        "wellbeing_not_discussed": metrics.wellbeing_not_discussed,
        "action_overdue": metrics.action_overdue,
    }


@with_membership
def mine(request: AuthedRequest) -> HttpResponse:
    """Her supervision (when she is acting as a peer worker), those she gave, and their actions.
    What needs her attention (next due, open actions) sits on top; her history below, newest
    first, HISTORY_PAGE a page (those she gave are the paged list for anyone else)."""
    user, membership = request.user, request.membership
    own = membership.role == Role.PEER_WORKER
    status = (
        metrics.supervision_for(membership.service, [user.pk], timezone.localdate())[user.pk] if own else None
    )
    actions = access.actions_for_user(user, membership).filter(
        Q(owner=user) | access.on_supervision_of(user.pk)
    )
    given = access.supervisions_given_by_user(user, membership).select_related("peer_worker")
    mine = access.own_supervisions_for_user(user, membership).prefetch_related("supervisors")
    paged = Paginator(_listed(mine if own else given), HISTORY_PAGE).get_page(request.GET.get("page"))
    context = {
        "title": "My supervision" if own else "Supervision",
        "own": own,
        "status": status,
        "mine": paged if own else [],
        "given": _listed(given)[:HISTORY_PAGE] if own else paged,
        "page": paged,
        "actions": metrics.open_actions(actions),
        "can_record": access.can_record(membership),
        "can_record_group": access.can_record_for_others(membership),
        "table": tables.table,  # the NHS.UK table drawn once per page, not once per row
        **_metrics_context(),
    }
    return render(request, "workforce/mine.jinja", context)


@with_membership
@require_http_methods(["GET", "POST"])
def record(request: AuthedRequest) -> HttpResponse:
    user, membership = request.user, request.membership
    if not access.can_record(membership):
        messages.info(request, "A supervision is recorded by the peer worker or by her supervisor")
        return redirect("workforce:mine")
    own = membership.role == Role.PEER_WORKER
    supervisors = access.supervisor_candidates(membership)
    form = SupervisionForm(
        posted(request),
        own=own,
        peer_workers=access.supervisees_for_user(membership),
        supervisors=supervisors.exclude(pk=user.pk) if own else supervisors,
        initial={
            "held_on": timezone.localdate(),
            "duration_minutes": 60,
            "supervisor": None if own else user.pk,
        },
    )
    if done := saved(
        request,
        form,
        lambda data: services.supervision_record(
            **acting(request),
            peer_worker=user if own else data["peer_worker"],
            supervisors=[data["supervisor"], data["co_supervisor"]],
            reflection=data.get("reflection", ""),
            **{k: data[k] for k in SESSION_FIELDS},
        ),
        message="Supervision recorded. Add any training or support needs as actions.",
        then=lambda supervision: reverse("workforce:detail", args=[supervision.pk]),
    ):
        return done
    return render(
        request, "workforce/record.jinja", {"title": "Record a supervision", "form": form, "own": own}
    )


@with_membership
def detail(request: AuthedRequest, pk: int) -> HttpResponse:
    """Hers and her supervisors'. Her reflection is on her page only: the supervisor's has none."""
    supervision = access.get_supervision_for_user(request.user, request.membership, pk)
    hers = access.peer_worker_membership(supervision)
    context = {
        "title": f"{supervision.get_kind_display()}, {supervision.held_on:%-d %B %Y}",
        "supervision": supervision,
        "own": supervision.peer_worker_id == request.user.pk,
        "reflection": access.reflection_for_user(request.user, supervision),
        "actions": supervision.actions.select_related("owner", "done_by"),
        "drift": metrics.drift_for(hers, timezone.localdate()) if hers else None,
        "can_edit": access.can_edit_supervision(request.user, supervision),
        "timetable_href": _timetable_href(request, supervision, hers),
        **_metrics_context(),
    }
    return render(request, "workforce/detail.jinja", context)


def _timetable_href(request: AuthedRequest, supervision: Any, hers: Any) -> str | None:
    """Her timetable, reviewed in supervision: hers to her; her team's page to her co-ordinator."""
    if supervision.peer_worker_id == request.user.pk:
        return reverse("timetable:mine")
    manages = has_perm(request.membership.role, Perm.MANAGE_TEAM)
    if hers is not None and manages and hers.service_id == request.membership.service_id:
        return reverse("timetable:member", args=[hers.pk])
    return None


@with_membership
@require_http_methods(["GET", "POST"])
def reflection(request: AuthedRequest, pk: int) -> HttpResponse:
    supervision = access.get_own_supervision_for_user(request.user, request.membership, pk)
    current = access.reflection_for_user(request.user, supervision)
    form = ReflectionForm(posted(request), initial={"text": current.text if current else ""})
    if done := saved(
        request,
        form,
        # An empty reflection removes it (the service returns None): saved all the same.
        lambda data: (
            services.reflection_save(actor=request.user, supervision=supervision, **data) or supervision
        ),
        message="Your reflection is saved. Only you can read it.",
        then=reverse("workforce:detail", args=[supervision.pk]),
    ):
        return done
    context = {"title": "Your reflection", "form": form, "supervision": supervision}
    return render(request, "workforce/reflection.jinja", context)


@with_membership
@require_http_methods(["GET", "POST"])
def action_new(request: AuthedRequest, pk: int) -> HttpResponse:
    supervision = access.get_supervision_for_user(request.user, request.membership, pk)
    initial = {"owner": supervision.peer_worker_id, "due_on": timezone.localdate() + dt.timedelta(days=28)}
    form = ActionForm(posted(request), owners=access.owner_candidates(supervision), initial=initial)
    if done := saved(
        request,
        form,
        lambda data: services.action_add(**acting(request), supervision=supervision, **data),
        message="Action added",
        then=reverse("workforce:detail", args=[supervision.pk]),
    ):
        return done
    context = {"title": "Add an action", "form": form, "supervision": supervision}
    return render(request, "workforce/action_new.jinja", context)


@with_membership
def action_done(request: AuthedRequest, pk: int) -> HttpResponse:
    # Looked up before the method is checked: someone else's action is 404 either way.
    action = access.get_action_for_user(request.user, request.membership, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    return acted(
        request,
        lambda: services.action_mark_done(**acting(request), action=action),
        message=f"Done: {action.description}",
        then=back_to(request, reverse("workforce:mine")),
    )


@requires(Perm.MANAGE_TEAM)
def team(request: AuthedRequest) -> HttpResponse:
    """Dates, tags and actions only: no notes and no reflection reach this page."""
    service = request.membership.service
    rows, share = metrics.team_supervision(service, timezone.localdate())
    in_service = access.actions_for_user(request.user, request.membership).filter(
        supervision__service=service
    )
    context = {
        "title": "Supervision",
        "rows": rows,
        "share": share,
        "settings": WorkforceSettings.for_service(service),
        "guidance": metrics.supervision_guidance(service, timezone.localdate()),
        "actions": metrics.open_actions(in_service),
        "flag_after": metrics.WELLBEING_FLAG_AFTER,
        "table": tables.table,  # the NHS.UK table drawn once per page, not once per row
        **_metrics_context(),
    }
    return render(request, "workforce/team.jinja", context)


@requires(Perm.MANAGE_TEAM)
@require_http_methods(["GET", "POST"])
def settings_edit(request: AuthedRequest) -> HttpResponse:
    current = WorkforceSettings.for_service(request.membership.service)
    initial = {
        "nhs_supervision_days": current.nhs_supervision_days,
        "peer_supervision_days": current.peer_supervision_days,
    }
    form = SettingsForm(posted(request), initial=initial)
    if done := saved(
        request,
        form,
        lambda data: services.settings_update(**acting(request), **data),
        message="Supervision frequency saved",
        then=reverse("workforce:team"),
    ):
        return done
    return render(
        request, "workforce/settings.jinja", {"title": "How often supervision is expected", "form": form}
    )


def _refuse(request: AuthedRequest, message: str) -> HttpResponse:
    """Seen, but not hers to change: a plain 403 that says why. Nothing is saved."""
    return render(
        request, "workforce/refused.jinja", {"title": "You cannot do this", "message": message}, status=403
    )


@with_membership
@require_http_methods(["GET", "POST"])
def group_record(request: AuthedRequest) -> HttpResponse:
    """One form for a session with several peer workers: a supervision is saved for each."""
    user, membership = request.user, request.membership
    if not access.can_record_for_others(membership):
        messages.info(request, "A group supervision is recorded by one of its supervisors")
        return redirect("workforce:mine")
    form = GroupSupervisionForm(
        posted(request),
        peer_workers=access.supervisees_for_user(membership).exclude(pk=user.pk),
        supervisors=access.supervisor_candidates(membership),
        initial={"held_on": timezone.localdate(), "duration_minutes": 90, "supervisor": user.pk},
    )
    if done := saved(
        request,
        form,
        lambda data: services.group_supervision_record(
            **acting(request),
            supervisors=[data["supervisor"], data["co_supervisor"]],
            **{k: data[k] for k in GROUP_FIELDS},
        ),
        message=lambda supervisions: f"Group supervision recorded for {len(supervisions)} peer workers",
        then=reverse("workforce:mine"),
    ):
        return done
    return render(request, "workforce/group.jinja", {"title": "Record a group supervision", "form": form})


@with_membership
@require_http_methods(["GET", "POST"])
def edit(request: AuthedRequest, pk: int) -> HttpResponse:
    supervision = access.get_supervision_for_user(request.user, request.membership, pk)
    if not access.can_edit_supervision(request.user, supervision):
        return _refuse(request, "A supervision is changed by whoever recorded it or one of its supervisors.")
    own = supervision.peer_worker_id == request.user.pk
    supervisors = access.supervisor_candidates(request.membership)
    named = list(supervision.supervisors.all())
    initial = {k: getattr(supervision, k) for k in SESSION_FIELDS}
    initial |= {
        "wellbeing_discussed": "yes" if supervision.wellbeing_discussed else "no",
        "plans_reviewed": "yes" if supervision.plans_reviewed else "no",
        "supervisor": named[0].pk if named else None,
        "co_supervisor": named[1].pk if len(named) > 1 else None,
    }
    form = SupervisionForm(
        posted(request),
        own=own,
        editing=True,
        peer_workers=None,
        supervisors=supervisors.exclude(pk=supervision.peer_worker_id),
        initial=initial,
    )
    if done := saved(
        request,
        form,
        lambda data: services.supervision_update(
            **acting(request),
            supervision=supervision,
            supervisors=[data["supervisor"], data["co_supervisor"]],
            **{k: data[k] for k in SESSION_FIELDS},
        ),
        message="Supervision changed",
        then=reverse("workforce:detail", args=[supervision.pk]),
    ):
        return done
    context = {"title": "Change a supervision", "form": form, "supervision": supervision, "own": own}
    return render(request, "workforce/edit.jinja", context)


@requires(Perm.MANAGE_TEAM)
@require_http_methods(["GET", "POST"])
def drift_settings(request: AuthedRequest) -> HttpResponse:
    current = WorkforceSettings.for_service(request.membership.service)
    form = DriftSettingsForm(posted(request), initial={"role_drift_percent": current.role_drift_percent})
    if done := saved(
        request,
        form,
        lambda data: services.drift_threshold_update(**acting(request), **data),
        message="Role drift threshold saved",
        then=reverse("workforce:overview"),
    ):
        return done
    return render(
        request, "workforce/drift_settings.jinja", {"title": "When role drift is flagged", "form": form}
    )


# Employment and role (principle 4) ----------------------------------------------------------


@requires(Perm.MANAGE_TEAM)
def overview(request: AuthedRequest) -> HttpResponse:
    """The workforce page: headcount, bands, the band 3 flag, supervision, role drift, role descriptions."""
    today = timezone.localdate()
    context = {
        "title": "Workforce",
        "workforce": metrics.team_workforce(request.membership.service, today),
        "cover": metrics.coordinator_cover(request.membership.service, today),
        "minimum_band": metrics.MINIMUM_BAND_POSITION,
        "roles": [(r, Role(r).label) for r in PEER_SUPPORT_WORKFORCE],
        "today": today,
        "table": tables.table,  # the NHS.UK table drawn once per page, not once per row
    }
    return render(request, "workforce/overview.jinja", context)


def _role_context(request: AuthedRequest, subject: Membership) -> dict[str, Any]:
    """Everything her role page shows, for her or for those who manage her team."""
    today = timezone.localdate()
    profile = access.profile_for_user(request.membership, subject)
    bands = PayBand.current(today)
    threshold = WorkforceSettings.for_service(subject.service).role_drift_percent
    versions = list(access.role_descriptions_for_user(request.membership, subject))
    hers = subject.user_id == request.user.pk
    return {
        "subject": subject,
        "profile": profile,
        "hers": hers,
        "own_page": hers and subject.pk == request.membership.pk,
        "offered": _offered(profile),
        "band": bands.get(profile.band) if profile.is_paid else None,
        "below_band": metrics.below_minimum_band(subject, profile, bands),
        "drift": metrics.drifts({subject.pk: profile}, threshold, today)[subject.pk],
        "duties": access.non_peer_duties_for_user(request.membership, subject)[:20],
        "versions": versions,
        "status": metrics.description_status(versions, subject.user_id, profile.started_on),
        "can_edit_employment": access.can_edit_employment(request.membership, subject),
        "can_edit_caseload": access.can_edit_caseload(request.membership, subject),
        "can_write": access.can_write_for(request.membership, subject),
        "period_days": metrics.DRIFT_PERIOD_DAYS,
        "forms_href": _optional_url("timetable:offer"),
    }


def _optional_url(name: str) -> str | None:
    """A page of another part of the product (the forms-of-support picker), if it is installed."""
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def _offered(profile: Profile) -> dict[str, list[str]]:
    if profile.pk is None:  # nothing saved yet
        return {"forms": [], "conditions": [], "communities": []}
    return {
        "forms": [str(f) for f in profile.forms_of_support.all()],
        "conditions": [str(t) for t in profile.conditions.all()],
        "communities": [str(t) for t in profile.communities.all()],
    }


ROLE_PAGE_IS_HERS = "A role page is for peer workers and co-ordinators"


HerPage = Callable[[AuthedRequest, Membership], HttpResponse]


def _her_own(refused: str) -> Callable[[HerPage], Callable[[AuthedRequest], HttpResponse]]:
    """A page about her own role, kept for peer workers and co-ordinators: the view is given her
    membership in that role; anyone else is sent to her start page and told why (`refused`)."""

    def wrap(
        page: Callable[[AuthedRequest, Membership], HttpResponse],
    ) -> Callable[[AuthedRequest], HttpResponse]:
        @wraps(page)
        def view(request: AuthedRequest) -> HttpResponse:
            subject = access.own_role(request.membership)
            if subject is None:
                messages.info(request, refused)
                return redirect("home")
            return page(request, subject)

        return view

    return wrap


@with_membership
@_her_own(ROLE_PAGE_IS_HERS)
def role_mine(request: AuthedRequest, subject: Membership) -> HttpResponse:
    """Her role: employment, what she offers, her role description and time on other duties."""
    return render(request, "workforce/role.jinja", {"title": "My role", **_role_context(request, subject)})


@requires(Perm.MANAGE_TEAM)
def member(request: AuthedRequest, pk: int) -> HttpResponse:
    subject = access.get_team_member_for_user(request.membership, pk)
    audit.record_for_request(request, "view", subject, summary="Read her role and employment")
    context = {"title": f"{subject.user}: role and employment", **_role_context(request, subject)}
    return render(request, "workforce/role.jinja", context)


def _back_href(request: AuthedRequest, subject: Membership) -> str:
    """Her own role page when it is hers in the role she is acting in; else the team member's."""
    if subject.user_id == request.user.pk and subject.pk == request.membership.pk:
        return reverse("workforce:role_mine")
    return reverse("workforce:member", args=[subject.pk])


@requires(Perm.MANAGE_TEAM)
@require_http_methods(["GET", "POST"])
def employment(request: AuthedRequest, pk: int) -> HttpResponse:
    subject = access.get_team_member_for_user(request.membership, pk)
    if not access.can_edit_employment(request.membership, subject):
        return _refuse(request, "You cannot change your own employment details: ask your service manager.")
    profile = access.profile_for_user(request.membership, subject)
    initial = {
        "contract_type": profile.contract_type,
        "started_on": profile.started_on,
        "contract_ends_on": profile.contract_ends_on,
        "hours_per_week": profile.hours_per_week,
        "band": profile.band,
    }
    bands = PayBand.current(timezone.localdate()).values()
    form = EmploymentForm(posted(request), bands=bands, initial=initial)
    if done := saved(
        request,
        form,
        lambda data: services.profile_employment_update(**acting(request), subject=subject, **data),
        message="Employment details saved",
        then=reverse("workforce:member", args=[subject.pk]),
    ):
        return done
    context = {
        "title": "Employment details",
        "form": form,
        "subject": subject,
        "back": _back_href(request, subject),
    }
    return render(request, "workforce/employment.jinja", context)


@with_membership
@require_http_methods(["GET", "POST"])
@_her_own(ROLE_PAGE_IS_HERS)
def role_offer(request: AuthedRequest, subject: Membership) -> HttpResponse:
    """What she offers, to be matched on: only she changes it, and all of it is optional."""
    profile = access.profile_for_user(request.membership, subject)
    offered = (
        {"conditions": [], "communities": []}
        if profile.pk is None
        else {
            "conditions": list(profile.conditions.all()),
            "communities": list(profile.communities.all()),
        }
    )
    initial = {
        "languages": profile.languages,
        "areas": profile.areas,
        "supports_fathers": profile.supports_fathers,
        "max_caseload": profile.max_caseload,
        **offered,
    }
    form = OfferForm(posted(request), initial=initial)
    if done := saved(
        request,
        form,
        lambda data: services.profile_offer_update(**acting(request), subject=subject, **data),
        message="Saved",
        then=reverse("workforce:role_mine"),
    ):
        return done
    context = {"title": "What you would like to be matched on", "form": form}
    return render(request, "workforce/offer.jinja", context)


@requires(Perm.MANAGE_TEAM)
@require_http_methods(["GET", "POST"])
def caseload(request: AuthedRequest, pk: int) -> HttpResponse:
    subject = access.get_team_member_for_user(request.membership, pk)
    profile = access.profile_for_user(request.membership, subject)
    form = CaseloadForm(posted(request), initial={"max_caseload": profile.max_caseload})
    if done := saved(
        request,
        form,
        lambda data: services.profile_caseload_update(**acting(request), subject=subject, **data),
        message="Caseload saved",
        then=_back_href(request, subject),
    ):
        return done
    context = {"title": "Caseload", "form": form, "subject": subject, "back": _back_href(request, subject)}
    return render(request, "workforce/caseload.jinja", context)


def _about_her(
    request: AuthedRequest,
    subject: Membership,
    form: Any,
    save: Callable[..., Any],
    message: str,
    title: str,
    template: str,
) -> HttpResponse:
    """A page where she, or her co-ordinator, writes something about her role: saved, or shown."""
    if done := saved(
        request,
        form,
        lambda data: save(**acting(request), subject=subject, **data),
        message=message,
        then=_back_href(request, subject),
    ):
        return done
    context = {
        "title": title,
        "form": form,
        "subject": subject,
        "hers": subject.user_id == request.user.pk,
        "back": _back_href(request, subject),
    }
    return render(request, f"workforce/{template}.jinja", context)


def _role_description(request: AuthedRequest, subject: Membership) -> HttpResponse:
    if not access.can_write_for(request.membership, subject):
        return _refuse(request, services.NOT_WRITTEN_BY_HER + ".")
    versions = list(access.role_descriptions_for_user(request.membership, subject))
    hers = subject.user_id == request.user.pk
    form = RoleDescriptionForm(
        posted(request),
        hers=hers,
        first=not versions,
        initial={"text": versions[-1].text if versions else ""},
    )
    title = f"Write a new version of {'your' if hers else 'her'} role description"
    done = "New version saved. Earlier versions are kept."
    return _about_her(request, subject, form, services.role_description_add, done, title, "role_description")


@with_membership
@require_http_methods(["GET", "POST"])
@_her_own("A role description is for peer workers and co-ordinators")
def role_description_mine(request: AuthedRequest, subject: Membership) -> HttpResponse:
    return _role_description(request, subject)


@requires(Perm.MANAGE_TEAM)
@require_http_methods(["GET", "POST"])
def role_description(request: AuthedRequest, pk: int) -> HttpResponse:
    """Her co-ordinator writes (or co-writes) a version; a service manager is refused (403)."""
    return _role_description(request, access.get_team_member_for_user(request.membership, pk))


def _duty(request: AuthedRequest, subject: Membership) -> HttpResponse:
    if not access.can_write_for(request.membership, subject):
        return _refuse(request, services.NOT_LOGGED_BY_HER + ".")
    hers = subject.user_id == request.user.pk
    form = DutyForm(posted(request), hers=hers, initial={"done_on": timezone.localdate()})
    title = "Log time on other duties"
    return _about_her(
        request, subject, form, services.non_peer_duty_log, "Time on other duties logged", title, "duty"
    )


@with_membership
@require_http_methods(["GET", "POST"])
@_her_own("Time on other duties is logged for peer workers and co-ordinators")
def duty_mine(request: AuthedRequest, subject: Membership) -> HttpResponse:
    return _duty(request, subject)


@requires(Perm.MANAGE_TEAM)
@require_http_methods(["GET", "POST"])
def duty(request: AuthedRequest, pk: int) -> HttpResponse:
    """Her co-ordinator logs it; a service manager is refused (403)."""
    return _duty(request, access.get_team_member_for_user(request.membership, pk))


# Co-ordinator cover, supervision guidance and involvement (ADR 0038) --------------------------


def _bound(request: AuthedRequest, name: str) -> Any:
    """The POST data for the form called `name` (a page with two forms binds only the one sent)."""
    return request.POST if request.method == "POST" and request.POST.get("form") == name else None


@requires(Perm.MANAGE_TEAM)
@require_http_methods(["GET", "POST"])
def coordinator(request: AuthedRequest) -> HttpResponse:
    """Recommendation 9: whether the service has a co-ordinator of its own, shares another
    service's, or has none; recording an arrangement to share one, and ending it."""
    membership, today = request.membership, timezone.localdate()
    arrangements = list(access.shared_coordinators_for_user(membership)[:50])
    open_one = next((a for a in arrangements if a.ended_on is None), None)
    form = SharedCoordinatorForm(
        _bound(request, "share"),
        prefix="share",
        services=access.services_with_a_coordinator(membership),
        initial={"started_on": today},
    )
    end_form = SharedCoordinatorEndForm(_bound(request, "end"), prefix="end", initial={"ended_on": today})
    if done := saved(
        request,
        form,
        lambda data: services.shared_coordinator_start(**acting(request), **data),
        message=lambda shared: f"{shared} recorded",
        then=reverse("workforce:coordinator"),
    ):
        return done
    if open_one is not None and (
        done := saved(
            request,
            end_form,
            lambda data: services.shared_coordinator_end(**acting(request), shared=open_one, **data),
            message="Arrangement ended",
            then=reverse("workforce:coordinator"),
        )
    ):
        return done
    context = {
        "title": "Co-ordinator cover",
        "cover": metrics.coordinator_cover(membership.service, today),
        "current": metrics.shared_coordinator_on(membership.service, today),
        "open_one": open_one,
        "arrangements": arrangements,
        "form": form,
        "end_form": end_form,
        "today": today,
    }
    return render(request, "workforce/coordinator.jinja", context)


@requires(Perm.VIEW_PEOPLE)
def guidance(request: AuthedRequest) -> HttpResponse:
    """Recommendation 3: the service's co-produced supervision guidance in force, and earlier versions."""
    membership, today = request.membership, timezone.localdate()
    versions = list(access.guidance_for_user(membership)[:50])
    in_force = metrics.supervision_guidance(membership.service, today)
    context = {
        "title": "Supervision guidance",
        "in_force": next((v for v in versions if in_force and v.pk == in_force.pk), None),
        "versions": versions,
        "can_edit": access.can_manage(membership),
        "today": today,
    }
    return render(request, "workforce/guidance.jinja", context)


@requires(Perm.MANAGE_TEAM)
@require_http_methods(["GET", "POST"])
def guidance_new(request: AuthedRequest) -> HttpResponse:
    """A new version of the guidance, agreed with the peer workers who co-produced it."""
    membership, today = request.membership, timezone.localdate()
    in_force = metrics.supervision_guidance(membership.service, today)
    current = WorkforceSettings.for_service(membership.service)
    initial: dict[str, Any] = {
        "agreed_on": today,
        "nhs_supervision_days": current.nhs_supervision_days,
        "peer_supervision_days": current.peer_supervision_days,
    }
    if in_force is not None:
        initial |= {"nhs_with": in_force.nhs_with, "peer_with": in_force.peer_with, "covers": in_force.covers}
    form = GuidanceForm(posted(request), peer_workers=access.peer_worker_users(membership), initial=initial)
    peer_workers = access.service_peer_workers(membership)
    if done := saved(
        request,
        form,
        lambda data: services.guidance_record(
            **acting(request), **{**data, "co_produced_by": list(data["co_produced_by"])}
        ),
        message="Supervision guidance saved",
        then=reverse("workforce:guidance"),
    ):
        return done
    context = {"title": "Agree supervision guidance", "form": form, "has_peer_workers": peer_workers.exists()}
    return render(request, "workforce/guidance_new.jinja", context)


@requires(Perm.VIEW_PEOPLE)
def involvement(request: AuthedRequest) -> HttpResponse:
    """Principle 4: how mothers with lived experience and peer workers shaped the service."""
    membership = request.membership
    entries = list(access.involvements_for_user(membership)[:100])
    parts: dict[int, list[Any]] = {}
    for part in access.involvement_parts_for_user(membership, [e.pk for e in entries]):
        parts.setdefault(part.involvement_id, []).append((part, access.sees_choice_of(membership, part)))
    context = {
        "title": "Involvement in service design",
        "entries": [(e, parts.get(e.pk, [])) for e in entries],
        "can_record": access.can_manage(membership),
    }
    return render(request, "workforce/involvement.jinja", context)


@requires(Perm.MANAGE_TEAM)
@require_http_methods(["GET", "POST"])
def involvement_new(request: AuthedRequest) -> HttpResponse:
    membership = request.membership
    form = InvolvementForm(
        posted(request),
        peer_workers=access.service_peer_workers(membership),
        initial={"held_on": timezone.localdate(), "mothers": 0},
    )
    if done := saved(
        request,
        form,
        lambda data: services.involvement_record(
            **acting(request),
            held_on=data["held_on"],
            shaped=data["shaped"],
            mothers=data["mothers"],
            parts=form.parts(),
        ),
        message="Involvement recorded",
        then=reverse("workforce:involvement"),
    ):
        return done
    return render(request, "workforce/involvement_new.jinja", {"title": "Record involvement", "form": form})
