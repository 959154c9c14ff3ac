"""One record of every kind about a person, made directly (what is under test is the export and
the erasure, not the services that make these). `records_of_every_kind` must cover every model
that links to a person: test_subject_access checks it against the models themselves, so a new
model fails that test until it is added here, and then the export is checked to include it."""

import datetime as dt
from typing import Any

from alongside.directory.models import FollowUp, Signposting
from alongside.directory.models import Service as DirectoryService
from alongside.notifications.models import OutboundEmail
from alongside.outcomes.models import (
    FeedbackAnswer,
    FeedbackLink,
    FeedbackResponse,
    Goal,
    GoalRating,
    GoalsDecision,
    GoalWording,
    Story,
    StoryConsent,
    Theme,
)
from alongside.people.models import EthnicCategory
from alongside.records.models import Erasure
from alongside.reports.models import ReportQuote
from alongside.safety.models import GroundRules
from alongside.support.models import Allocation, Contact, GroupSession, PeerSupport, Status, StatusChange
from alongside.transitions.models import ApiCall, ApiToken, PersonReference, Transition, TransitionNotice
from alongside.visits.models import Alert, Visit
from alongside.wards.models import ArrivalBriefing, BriefingEntry, Escalation, Shift


def records_of_every_kind(
    peer_support: PeerSupport, *, worker: Any, at: dt.datetime, erasure: bool = True
) -> dict[str, Any]:
    """Rows about her of every kind, at `at`; `worker` (a membership) made them. Returns them by label."""
    person, service, user = peer_support.person, peer_support.service, worker.user
    day = at.date()
    made: dict[str, Any] = {"people.Person": person, "support.PeerSupport": peer_support}
    made["people.Consent"] = person.consents.first()
    made["support.StatusChange"] = StatusChange.objects.create(
        peer_support=peer_support, status=Status.ACTIVE, changed_on=day, changed_by=user, note="Met at home"
    )
    made["support.Allocation"] = Allocation.objects.create(
        peer_support=peer_support, peer_worker=user, allocated_by=user, started_on=day
    )
    made["support.Contact"] = Contact.objects.create(
        peer_support=peer_support,
        peer_worker=user,
        occurred_at=at,
        duration_minutes=45,
        mode="home",
        note="She talked about sleep",
    )
    session = GroupSession.objects.create(
        service=service, kind="cafe", title="Thursday café", starts_at=at, duration_minutes=90, led_by=user
    )
    Contact.objects.create(
        peer_support=peer_support,
        peer_worker=user,
        occurred_at=at,
        duration_minutes=90,
        mode="community",
        group_session=session,
        note="Attended Thursday café",
    )
    shift = Shift.objects.create(peer_worker=user, service=service, started_at=at)
    briefing = ArrivalBriefing.objects.create(shift=shift, given_by=user, given_at=at)
    made["wards.BriefingEntry"] = BriefingEntry.objects.create(
        briefing=briefing, person=person, how_she_is="Tired", reason="Resting today"
    )
    made["wards.Escalation"] = Escalation.objects.create(
        service=service, raised_by=user, raised_at=at, shift=shift, person=person, concern="Worried for her"
    )
    made["visits.Visit"] = visit = Visit.objects.create(
        peer_support=peer_support,
        peer_worker=user,
        venue="home",
        where="12 Acacia Avenue",
        starts_at=at,
        expected_end_at=at + dt.timedelta(hours=1),
    )
    made["visits.Alert"] = alert = Alert.objects.create(
        kind="lone_worker_overdue", service=service, raised_at=at, visit=visit
    )
    made["notifications.OutboundEmail"] = email = OutboundEmail.objects.create(
        to=user.email, subject="A visit is overdue", body="Check on your colleague", alert=alert
    )
    made["safety.GroundRules"] = GroundRules.objects.create(
        peer_support=peer_support, agreed_on=day, recorded_by=user, text="Texts before 8pm only"
    )
    directory_entry = DirectoryService.objects.create(name="Baby café", **_directory_fields())
    made["directory.Signposting"] = signposting = Signposting.objects.create(
        peer_support=peer_support,
        service=directory_entry,
        signposted_by=user,
        signposted_on=day,
        note="Close by",
    )
    made["directory.FollowUp"] = FollowUp.objects.create(
        signposting=signposting, outcome="yes", recorded_on=day, recorded_by=user, note="She went"
    )
    made["outcomes.GoalsDecision"] = GoalsDecision.objects.create(
        peer_support=peer_support, choice="agreed", decided_on=day, recorded_by=user, recorded_at=at
    )
    made["outcomes.Goal"] = goal = Goal.objects.create(
        peer_support=peer_support, set_on=day, created_by=user, created_at=at
    )
    made["outcomes.GoalWording"] = GoalWording.objects.create(
        goal=goal, text="Get out of the house with the baby", from_on=day, written_by=user, written_at=at
    )
    made["outcomes.GoalRating"] = GoalRating.objects.create(
        goal=goal, rated_on=day, score=3, stage="start", recorded_by=user, recorded_at=at
    )
    GoalRating.objects.create(
        goal=goal,
        rated_on=day + dt.timedelta(days=20),
        score=8,
        stage="review",
        recorded_by=user,
        recorded_at=at + dt.timedelta(days=20),
    )
    made["outcomes.FeedbackLink"] = FeedbackLink.objects.create(
        peer_support=peer_support,
        token_hash=f"hash-{peer_support.pk}",
        created_by=user,
        created_at=at,
        expires_at=at + dt.timedelta(days=28),
    )
    made["outcomes.FeedbackResponse"] = response = FeedbackResponse.objects.create(
        service=service, peer_support=peer_support, how="herself", given_on=day
    )
    made["outcomes.FeedbackAnswer"] = FeedbackAnswer.objects.create(
        response=response, item="heard", score=5, text="She listened to me"
    )
    made["outcomes.Story"] = story = Story.objects.create(
        service=service,
        person=person,
        teller="mother",
        quote="I felt less alone",
        recorded_by=user,
        recorded_on=day,
    )
    theme, _ = Theme.objects.get_or_create(slug="less-alone", defaults={"label": "Feeling less alone"})
    story.themes.add(theme)
    made["outcomes.StoryConsent"] = StoryConsent.objects.create(
        story=story, scope="commissioners", given_on=day, recorded_by=user
    )
    made["reports.ReportQuote"] = ReportQuote.objects.create(
        service=service, story=story, chosen_by=user, chosen_at=at
    )
    made["transitions.Transition"] = transition = Transition.objects.create(
        person=person,
        kind="discharge",
        from_service=service,
        destination="gp",
        occurred_on=day,
        recorded_at=at,
        recorded_by=user,
        peer_support=peer_support,
        destination_name="Dr Patel's surgery",
    )
    made["transitions.TransitionNotice"] = TransitionNotice.objects.create(
        transition=transition,
        recipient=user,
        service=service,
        reason="peer_worker",
        created_at=at,
        email=email,
    )
    made["transitions.PersonReference"] = PersonReference.objects.create(
        service=service, person=person, reference=f"RIO{person.pk:06d}", created_at=at
    )
    token = ApiToken.objects.create(
        service=service,
        name="EPR",
        prefix=f"p{peer_support.pk}",
        token_hash=f"t{peer_support.pk}",
        created_by=user,
        created_at=at,
    )
    made["transitions.ApiCall"] = ApiCall.objects.create(
        token=token,
        at=at,
        method="POST",
        path="/api/v1/events",
        status=201,
        person=person,
        transition=transition,
    )
    if erasure:
        made["records.Erasure"] = Erasure.objects.create(
            person=person, kind=Erasure.Kind.REQUEST, ground="objected"
        )
    return made


def _directory_fields() -> dict[str, Any]:
    from alongside.directory.models import Organization

    organization, _ = Organization.objects.get_or_create(name="Local charity")
    return {"organization": organization}


def describe(person: Any) -> None:
    """Give her the details equity and the report read, and identifiers erasure must remove."""
    person.date_of_birth = dt.date(1990, 6, 15)
    person.nhs_number = "9434765919"
    person.postcode = "B12 9QT"
    person.phone = "07700 900123"
    person.preferred_name = "Mimi"
    person.ethnic_category = EthnicCategory.objects.order_by("position").first()
    person.save()
