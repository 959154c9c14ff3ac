"""The quotes a co-ordinator chooses for her service's report. Whether each may appear is decided
when the report is made, from the story's consent that day (alongside.outcomes)."""

from django.conf import settings
from django.db import models

from alongside.lib.person_level import PersonLevel
from alongside.organisations.models import Service
from alongside.outcomes.models import Story

MAX_QUOTES = 5


class ReportQuote(PersonLevel, models.Model):
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="report_quotes")
    story = models.OneToOneField(Story, on_delete=models.CASCADE, related_name="report_choice")
    chosen_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    chosen_at = models.DateTimeField()

    class Meta:
        ordering = ["chosen_at", "pk"]

    def __str__(self) -> str:
        return f"Quote chosen for {self.service}"
