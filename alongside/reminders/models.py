"""What each person chose to be reminded of, and how often; and which digests went (ADR 0049).

Neither is person-level: a choice is a member of staff's own setting, and a "last sent" row says
only on which day her digest of one kind was last made (the email itself is in the outbox).
"""

from collections.abc import Iterable

from django.conf import settings
from django.db import models

from alongside.organisations.models import Membership, Role


class Kind(models.TextChoices):
    """The reminders a digest can carry, in the order the digest and the choices page show them."""

    WAITING_REFERRALS = "waiting_referrals", "Referrals waiting too long"
    DEFERRAL_REVIEWS = "deferral_reviews", "Deferral reviews past their date"
    SUPERVISION = "supervision", "Supervision overdue"
    TRAINING = "training", "Training renewals due or overdue"
    GROUND_RULES = "ground_rules", "Ground rules to agree or review"
    GRID_ACTIONS = "grid_actions", "Actions from the principles grid"


class Frequency(models.TextChoices):
    NEVER = "never", "Never"
    DAILY = "daily", "Every weekday (Monday to Friday)"
    WEEKLY = "weekly", "Once a week, on Monday"


DEFAULT_FREQUENCY = Frequency.WEEKLY

# Who may be reminded of what, by role (ADR 0049). A co-ordinator hears of her service's referrals
# and deferrals by first name, and of her team's supervision and training by name; a service
# manager gets the same as a summary (how many, never who); a peer worker her own. Commissioners,
# national reviewers and light-touch volunteers get none.
KINDS_FOR_ROLE: dict[str, tuple[Kind, ...]] = {
    Role.PEER_WORKER: (Kind.SUPERVISION, Kind.TRAINING, Kind.GROUND_RULES, Kind.GRID_ACTIONS),
    Role.COORDINATOR: (
        Kind.WAITING_REFERRALS,
        Kind.DEFERRAL_REVIEWS,
        Kind.SUPERVISION,
        Kind.TRAINING,
        Kind.GROUND_RULES,
        Kind.GRID_ACTIONS,
    ),
    Role.SERVICE_MANAGER: (
        Kind.WAITING_REFERRALS,
        Kind.DEFERRAL_REVIEWS,
        Kind.SUPERVISION,
        Kind.TRAINING,
        Kind.GRID_ACTIONS,
    ),
    Role.CLINICIAN: (Kind.DEFERRAL_REVIEWS, Kind.GRID_ACTIONS),
    Role.ADMIN: (Kind.GRID_ACTIONS,),
}


def kinds_for(memberships: Iterable[Membership]) -> list[Kind]:
    """The kinds any of her roles may be reminded of, in the order of Kind."""
    mine = {kind for m in memberships for kind in KINDS_FOR_ROLE.get(m.role, ())}
    return [kind for kind in Kind if kind in mine]


class Choice(models.Model):
    """How often she wants one kind of reminder. No row: DEFAULT_FREQUENCY."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    frequency = models.CharField(max_length=10, choices=Frequency.choices, default=DEFAULT_FREQUENCY)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="reminders_one_choice_per_kind")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.get_frequency_display()}"


class LastSent(models.Model):
    """The day her digest of one kind was last made. A run makes it only if that day is before
    today, and moves the day on in the same transaction as the email: a second run of `alongside
    alerts` (or a second server's) sends nothing more. Made even when there was nothing to tell
    her, so the day's figures are read once, not at every run. One row a person and kind."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    on = models.DateField()
    items = models.PositiveIntegerField(default=0, help_text="How many things it told her of")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="reminders_one_last_sent_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for user {self.user_id}, last on {self.on}"
