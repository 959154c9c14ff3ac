from django.conf import settings
from django.db import models

from alongside.lib.person_level import PersonLevel
from alongside.organisations.models import Role


class AuditLog(PersonLevel, models.Model):
    """Who did what to which record, in which role, when. Written only by audit.record()."""

    class Action(models.TextChoices):
        CREATE = "create", "Created"
        UPDATE = "update", "Updated"
        DELETE = "delete", "Deleted"
        VIEW = "view", "Viewed"

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    role = models.CharField(max_length=30, blank=True)
    service = models.ForeignKey(
        "organisations.Service", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    action = models.CharField(max_length=10, choices=Action.choices)
    model = models.CharField(max_length=60, help_text="app_label.model of the record")
    object_id = models.CharField(max_length=40)
    person_id = models.BigIntegerField(null=True, blank=True, help_text="The person the record is about")
    summary = models.CharField(max_length=300, blank=True)
    view = models.CharField(
        max_length=80, blank=True, help_text="The page or action it came through (URL name)"
    )

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["model", "object_id"]), models.Index(fields=["person_id", "at"])]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.model} {self.object_id}"

    @property
    def role_shown(self) -> str:
        """The role she acted in, as people say it ("Service manager"); one that is no longer a
        role, as it was stored."""
        return str(Role(self.role).label) if self.role in Role.values else self.role
