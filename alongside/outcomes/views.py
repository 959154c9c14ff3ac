"""Goals, feedback and stories. Person-level records come only through outcomes.access and
the apps' access helpers; writes go through outcomes.services, which validate and audit."""

from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from alongside.accounts.decorators import requires
from alongside.accounts.rules import Perm, has_perm
from alongside.accounts.types import AuthedRequest, acting
from alongside.audit import services as audit
from alongside.lib.http import posted
from alongside.lib.nhsforms import save_form, saved
from alongside.outcomes import access as outcome_access
from alongside.outcomes import charts, metrics, services
from alongside.outcomes.forms import (
    DecisionForm,
    EndForm,
    FeedbackForm,
    GoalForm,
    RatingForm,
    RewordForm,
    StoryForm,
    WithdrawForm,
)
from alongside.outcomes.models import Goal, GoalsDecision, OutcomeSettings, Scope, Story
from alongside.people import tables
from alongside.support import access as support_access
from alongside.support.models import OPEN_STATUSES, PeerSupport

TELLERS_SHOWN = 20  # people found by a search for a story's teller
STORIES_PAGE = 50  # stories a page on the stories list


def _goals_context(peer_support: PeerSupport) -> dict[str, Any]:
    threshold = OutcomeSettings.for_service(peer_support.service_id).reliable_change
    goals = peer_support.goals.prefetch_related(*metrics.ratings_prefetch())
    current = [g for g in goals if not g.ended_on]
    decision = peer_support.goals_decisions.select_related("recorded_by").first()
    return {
        "peer_support": peer_support,
        "person": peer_support.person,
        "agreed": decision is not None and decision.choice == GoalsDecision.Choice.AGREED,
        "decision": decision,
        "current": metrics.progress(current, threshold),
        "finished": metrics.progress([g for g in goals if g.ended_on], threshold),
        "threshold": threshold,
        "room": len(current) < 3,
        "chart": charts.goal_chart,
    }


@requires(Perm.VIEW_PEOPLE)
@require_http_methods(["GET", "POST"])
def goals(request: AuthedRequest, pk: int) -> HttpResponse:
    """Her goals with her peer worker, or the record that they chose not to set any."""
    peer_support = support_access.get_peer_support_for_user(request.membership, pk)
    can_edit = has_perm(request.membership.role, Perm.LOG_CONTACT)
    form = DecisionForm(posted(request) if can_edit else None, initial={"decided_on": timezone.localdate()})
    if can_edit and (
        done := saved(
            request,
            form,
            lambda data: services.decide(**acting(request), peer_support=peer_support, **data),
            message="Saved. Either answer is fine, and you can change it later.",
            then=reverse("outcomes:goals", args=[pk]),
        )
    ):
        return done
    audit.record_for_request(request, "view", peer_support, summary="goals")
    context = {"title": f"Goals: {peer_support.person}", "form": form, "can_edit": can_edit}
    return render(request, "outcomes/goals.jinja", context | _goals_context(peer_support))


@requires(Perm.VIEW_PEOPLE)
def show(request: AuthedRequest, pk: int) -> HttpResponse:
    """Her progress, large and plain, for her to see on her peer worker's phone."""
    peer_support = support_access.get_peer_support_for_user(request.membership, pk)
    audit.record_for_request(request, "view", peer_support, summary="goals shown to her")
    context = {"title": "Your goals"} | _goals_context(peer_support)
    return render(request, "outcomes/show.jinja", context)


def _goal_form_view(request: AuthedRequest, peer_support: PeerSupport, replaces: Goal | None) -> HttpResponse:
    form = GoalForm(posted(request), initial={"set_on": timezone.localdate()})
    if done := saved(
        request,
        form,
        lambda data: services.goal_set(
            **acting(request), peer_support=peer_support, replaces=replaces, **data
        ),
        message="Goal saved.",
        then=reverse("outcomes:goals", args=[peer_support.pk]),
    ):
        return done
    if request.method == "GET":
        what = f"Opened the replacing of goal {replaces.pk}" if replaces else "Opened a new goal"
        audit.record_for_request(request, "view", replaces or peer_support, summary=what)
    context = {
        "title": "Replace a goal" if replaces else "Set a goal",
        "form": form,
        "peer_support": peer_support,
        "replaces": replaces,
    }
    return render(request, "outcomes/goal_new.jinja", context)


@requires(Perm.LOG_CONTACT)
@require_http_methods(["GET", "POST"])
def goal_new(request: AuthedRequest, pk: int) -> HttpResponse:
    peer_support = support_access.get_peer_support_for_user(request.membership, pk)
    return _goal_form_view(request, peer_support, None)


@requires(Perm.LOG_CONTACT)
@require_http_methods(["GET", "POST"])
def goal_replace(request: AuthedRequest, pk: int) -> HttpResponse:
    goal = outcome_access.get_goal_for_user(request.membership, pk)
    return _goal_form_view(request, goal.peer_support, goal)


def _goal_change(request: AuthedRequest, pk: int, form_class: Any, action: Any, title: str) -> HttpResponse:
    """The shape every change to one goal shares: validate, call the service, show its errors."""
    goal = outcome_access.get_goal_for_user(request.membership, pk)
    date_field = next(name for name in form_class.base_fields if name.endswith("_on"))
    form = form_class(posted(request), initial={date_field: timezone.localdate(), "text": goal.text})
    if done := saved(
        request,
        form,
        lambda data: action(**acting(request), goal=goal, **data),
        message="Saved.",
        then=reverse("outcomes:goals", args=[goal.peer_support_id]),
    ):
        return done
    if request.method == "GET":
        audit.record_for_request(request, "view", goal, summary=f"Opened: {title}")
    context = {"title": title, "form": form, "goal": goal, "peer_support": goal.peer_support}
    return render(request, "outcomes/goal_change.jinja", context)


@requires(Perm.LOG_CONTACT)
@require_http_methods(["GET", "POST"])
def goal_rate(request: AuthedRequest, pk: int) -> HttpResponse:
    return _goal_change(request, pk, RatingForm, services.goal_rate, "Rate a goal")


@requires(Perm.LOG_CONTACT)
@require_http_methods(["GET", "POST"])
def goal_reword(request: AuthedRequest, pk: int) -> HttpResponse:
    return _goal_change(request, pk, RewordForm, services.goal_reword, "Reword a goal")


@requires(Perm.LOG_CONTACT)
@require_http_methods(["GET", "POST"])
def goal_end(request: AuthedRequest, pk: int) -> HttpResponse:
    return _goal_change(request, pk, EndForm, services.goal_end, "Finish a goal")


# Feedback ----------------------------------------------------------------------------------


@requires(Perm.LOG_CONTACT)
@require_http_methods(["GET", "POST"])
def feedback(request: AuthedRequest, pk: int) -> HttpResponse:
    """Ask for feedback: a one-time link she fills in herself, or the form together now."""
    peer_support = support_access.get_peer_support_for_user(request.membership, pk)
    link_url = None
    if request.method == "POST":
        _, token = services.feedback_link_create(
            actor=request.user, membership=request.membership, peer_support=peer_support
        )
        link_url = request.build_absolute_uri(reverse("feedback_link:form", args=[token]))
    else:
        audit.record_for_request(request, "view", peer_support, summary="Opened asking for feedback")
    days = OutcomeSettings.for_service(peer_support.service_id).feedback_link_days
    context = {
        "title": "Ask for feedback",
        "peer_support": peer_support,
        "link_url": link_url,
        "days": days,
        "links": peer_support.feedback_links.all()[:10],
        "now": timezone.now(),
    }
    return render(request, "outcomes/feedback.jinja", context)


@requires(Perm.LOG_CONTACT)
@require_http_methods(["GET", "POST"])
def feedback_together(request: AuthedRequest, pk: int) -> HttpResponse:
    peer_support = support_access.get_peer_support_for_user(request.membership, pk)
    form = FeedbackForm(posted(request))
    if done := saved(
        request,
        form,
        lambda data: services.feedback_with_peer_worker(
            **acting(request),
            peer_support=peer_support,
            answers=form.answers(),
            anonymous=data["anonymous"],
        ),
        message="Thank you: her feedback is saved.",
        then=reverse("people:detail", args=[peer_support.person_id]),
    ):
        return done
    if request.method == "GET":
        audit.record_for_request(request, "view", peer_support, summary="Opened feedback together")
    context = {
        "title": "Feedback on peer support",
        "form": form,
        "together": True,
        "peer_support": peer_support,
    }
    return render(request, "outcomes/feedback_form.jinja", context)


@login_not_required
@require_http_methods(["GET", "POST"])
def feedback_public(request: AuthedRequest, token: str) -> HttpResponse:
    """Her form, from her link: no login, nothing about her shown, works once, expires."""
    if services.usable_link(token) is None:
        return _link_gone(request)
    form = FeedbackForm(posted(request))
    # In a list, so that the service's None (the link was used in another tab a moment ago:
    # nothing was saved) is told apart from save_form's (a GET, or errors now on the form).
    answered = save_form(
        request,
        form,
        lambda data: [
            services.feedback_from_link(token=token, answers=form.answers(), anonymous=data["anonymous"])
        ],
    )
    if answered is not None:
        if answered[0] is None:
            return _link_gone(request)
        return render(request, "outcomes/feedback_thanks.jinja", {"title": "Thank you"})
    context = {"title": "How has peer support been for you?", "form": form, "together": False}
    return render(request, "outcomes/feedback_form.jinja", context)


def _link_gone(request: AuthedRequest) -> HttpResponse:
    """A friendly page (not an error), the same for a link never issued, used or expired."""
    context = {"title": "This feedback link no longer works"}
    return render(request, "outcomes/feedback_gone.jinja", context)


# Stories -----------------------------------------------------------------------------------


@requires(Perm.VIEW_PEOPLE)
def stories(request: AuthedRequest) -> HttpResponse:
    """Stories newest first, STORIES_PAGE a page, the table drawn once per page by
    alongside/people/tables.py; each story's uses shown as they stand today, withdrawn ones too."""
    visible = (
        outcome_access.stories_for_user(request.membership)
        .only("pk", "quote", "teller", "person_id", "recorded_on")
        .order_by("-recorded_on", "-pk")
        .prefetch_related("themes", "consents")
    )
    page = Paginator(visible, STORIES_PAGE).get_page(request.GET.get("page"))
    shown = list(page.object_list)
    # A peer worker's own story names no mother, so it reaches no mother's trail.
    audit.record_people_seen(request, (s.person_id for s in shown), summary="On the stories list")
    today = timezone.localdate()
    start = today.replace(year=today.year - 1)
    context = {
        "title": "Stories and quotes",
        "page": page,
        "stories": shown,
        "today": today,
        "scopes": Scope.choices,
        "themes": metrics.theme_counts(request.membership.service, start, today),
        "can_record": has_perm(request.membership.role, Perm.LOG_CONTACT),
        "table": tables.table,
    }
    return render(request, "outcomes/stories.jinja", context)


@requires(Perm.LOG_CONTACT)
@require_http_methods(["GET", "POST"])
def story_new(request: AuthedRequest) -> HttpResponse:
    """A story is a peer worker's own, or a mother's. A mother is found by name or NHS number among
    the people she can see whose support is open (TELLERS_SHOWN at most, each audited as shown),
    then chosen (`?person=`); nobody else's name is on the page, however large the service."""
    tellers = (
        support_access.people_for_user(request.membership)
        .filter(peer_supports__status__in=OPEN_STATUSES)
        .distinct()
    )
    data = posted(request)
    chosen_pk = (data or request.GET).get("person", "")
    chosen = tellers.filter(pk=chosen_pk).first() if chosen_pk.isdigit() else None
    query = request.GET.get("q", "").strip()
    found = []
    if request.method == "GET" and query and chosen is None:
        found = list(
            tellers.filter(
                Q(given_name__icontains=query)
                | Q(family_name__icontains=query)
                | Q(nhs_number=query.replace(" ", ""))
            ).order_by("family_name", "given_name", "pk")[: TELLERS_SHOWN + 1]
        )
    more = len(found) > TELLERS_SHOWN
    found = found[:TELLERS_SHOWN]
    if request.method == "GET":
        shown = [p.pk for p in found] + ([chosen.pk] if chosen else [])
        audit.record_people_seen(request, shown, summary="Offered as a teller on a new story")
    initial = {"consent_on": timezone.localdate(), "person": chosen.pk if chosen else None}
    form = StoryForm(data, people=tellers.filter(pk=chosen.pk) if chosen else tellers.none(), initial=initial)
    if done := saved(
        request,
        form,
        lambda data: _create_story(request, data),
        message="Story saved with the uses she agreed to.",
        then=lambda story: reverse("outcomes:story", args=[story.pk]),
    ):
        return done
    context = {
        "title": "Record a story or quote",
        "form": form,
        "chosen": chosen,
        "query": query,
        "found": found,
        "more": more,
        "searched": bool(query) and chosen is None,
    }
    return render(request, "outcomes/story_new.jinja", context)


def _create_story(request: AuthedRequest, data: dict[str, Any]) -> Story:
    """A peer worker's own story is hers (told_by), never a mother's record."""
    fields = {k: data[k] for k in ("teller", "person", "quote", "context")}
    if data["teller"] == "peer_worker":
        fields["person"], fields["told_by"] = None, request.user
    return services.story_create(
        **acting(request),
        fields=fields,
        themes=data["themes"],
        consents=data["consents"],
        consent_on=data["consent_on"],
    )


@requires(Perm.VIEW_PEOPLE)
def story(request: AuthedRequest, pk: int) -> HttpResponse:
    found = outcome_access.get_story_for_user(request.membership, pk)
    audit.record_for_request(request, "view", found)
    context = {
        "title": "A story",
        "story": found,
        "consents": found.consents.all(),
        "today": timezone.localdate(),
        "can_withdraw": has_perm(request.membership.role, Perm.LOG_CONTACT),
        "scopes": Scope,
    }
    return render(request, "outcomes/story.jinja", context)


@requires(Perm.LOG_CONTACT)
@require_http_methods(["GET", "POST"])
def consent_withdraw(request: AuthedRequest, pk: int) -> HttpResponse:
    consent = outcome_access.get_story_consent_for_user(request.membership, pk)
    form = WithdrawForm(posted(request), initial={"withdrawn_on": timezone.localdate()})
    if done := saved(
        request,
        form,
        lambda data: services.consent_withdraw(**acting(request), consent=consent, **data),
        message="Consent withdrawn: no report made from now on will include it.",
        then=reverse("outcomes:story", args=[consent.story_id]),
    ):
        return done
    if request.method == "GET":
        audit.record_for_request(
            request, "view", consent.story, summary=f"Opened withdrawing {consent.scope}"
        )
    context = {
        "title": f"Withdraw consent: {consent.get_scope_display().lower()}",
        "form": form,
        "consent": consent,
    }
    return render(request, "outcomes/consent_withdraw.jinja", context)
