"""Recruiting peer workers, co-ordinators and volunteers (principle 1, recommendation 12).

A vacancy has a selection panel, led by a co-ordinator or co-produced with peer workers, and
candidates who go through steps. A candidate is a name and a way to reach her, nothing more:
nothing here asks how long ago she was unwell (ADR 0006).
"""

from django.conf import settings
from django.db import models

from alongside.lib.person_level import PersonLevel
from alongside.organisations.models import Employment, Role, Service

USER = settings.AUTH_USER_MODEL


class Vacancy(models.Model):
    class Post(models.TextChoices):
        PEER_WORKER = "peer_worker", "Peer worker"
        COORDINATOR = "coordinator", "Peer support co-ordinator"
        VOLUNTEER = "volunteer", "Volunteer peer supporter"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        FILLED = "filled", "Filled"
        WITHDRAWN = "withdrawn", "Withdrawn"

    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="vacancies")
    title = models.CharField(max_length=200)
    post = models.CharField(max_length=20, choices=Post.choices)
    employment = models.CharField(max_length=20, choices=Employment.choices)
    hours_per_week = models.DecimalField(max_digits=4, decimal_places=1)
    # Text, as advertised: the pay bands themselves are the workforce app's data.
    band = models.CharField(max_length=40, blank=True, help_text="As advertised, for example Band 4")
    closes_on = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        verbose_name_plural = "vacancies"
        ordering = ["status", "-closes_on", "-pk"]
        indexes = [models.Index(fields=["service", "status"])]

    def __str__(self) -> str:
        return self.title


class PanelMember(models.Model):
    """Someone on a vacancy's selection panel, with the role that put her there."""

    vacancy = models.ForeignKey(Vacancy, on_delete=models.CASCADE, related_name="panel")
    user = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="panels")
    role = models.CharField(max_length=30, choices=Role.choices)
    added_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField()

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["vacancy", "user"], name="once_on_a_panel")]

    def __str__(self) -> str:
        return f"{self.user} on the panel for {self.vacancy}"


class Candidate(PersonLevel, models.Model):
    """Someone applying: her name and how to reach her. Nothing else is asked of her."""

    vacancy = models.ForeignKey(Vacancy, on_delete=models.PROTECT, related_name="candidates")
    name = models.CharField(max_length=200)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True)
    added_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField()

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class CandidateStep(PersonLevel, models.Model):
    """One step of a candidate's way through, with its date and what came of it."""

    class Kind(models.TextChoices):
        APPLICATION = "application", "Application"
        PRESENTATION = "presentation", "Presentation on her own recovery (optional: her choice)"
        VISIT = "visit", "Visit to the service before starting"
        INTERVIEW = "interview", "Interview"
        OFFER = "offer", "Offer"

    class Outcome(models.TextChoices):
        PLANNED = "planned", "Planned"
        RECEIVED = "received", "Received"
        SHORTLISTED = "shortlisted", "Invited to interview"
        NOT_SHORTLISTED = "not_shortlisted", "Not taken forward"
        GIVEN = "given", "Given"
        CHOSE_NOT_TO = "chose_not_to", "She chose not to give one"
        VISITED = "visited", "Visited"
        SUCCESSFUL = "successful", "Successful"
        NOT_SUCCESSFUL = "not_successful", "Not successful this time"
        MADE = "made", "Made"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined by her"
        WITHDREW = "withdrew", "She withdrew"

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    on = models.DateField()
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.get_outcome_display()}"


# What each step can come to. Every step takes "planned" while it is still to happen, and a
# candidate may withdraw at any step.
OUTCOMES: dict[str, tuple[str, ...]] = {
    CandidateStep.Kind.APPLICATION: (
        CandidateStep.Outcome.RECEIVED,
        CandidateStep.Outcome.SHORTLISTED,
        CandidateStep.Outcome.NOT_SHORTLISTED,
    ),
    CandidateStep.Kind.PRESENTATION: (
        CandidateStep.Outcome.PLANNED,
        CandidateStep.Outcome.GIVEN,
        CandidateStep.Outcome.CHOSE_NOT_TO,
    ),
    CandidateStep.Kind.VISIT: (CandidateStep.Outcome.PLANNED, CandidateStep.Outcome.VISITED),
    CandidateStep.Kind.INTERVIEW: (
        CandidateStep.Outcome.PLANNED,
        CandidateStep.Outcome.SUCCESSFUL,
        CandidateStep.Outcome.NOT_SUCCESSFUL,
    ),
    CandidateStep.Kind.OFFER: (
        CandidateStep.Outcome.MADE,
        CandidateStep.Outcome.ACCEPTED,
        CandidateStep.Outcome.DECLINED,
    ),
}
OUTCOMES = {kind: (*outcomes, CandidateStep.Outcome.WITHDREW) for kind, outcomes in OUTCOMES.items()}
