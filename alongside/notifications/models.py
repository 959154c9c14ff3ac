"""The email outbox (ADR 0007): an email is a row first, so a failed send is retried, never lost.

An email may point at the alert or the ward's safety concern it is about. Those two links name
the models (visits.Alert, wards.Escalation) as strings, not imports: the outbox sits below both in
the layers (pyproject.toml) and never reads them; their pages and the demo do.
"""

from django.db import models


class OutboundEmail(models.Model):
    """An email waiting to go, or gone. Kept so a failed send is retried and never lost."""

    to = models.EmailField()
    subject = models.CharField(max_length=200)
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    alert = models.ForeignKey(
        "visits.Alert", on_delete=models.CASCADE, null=True, blank=True, related_name="emails"
    )
    escalation = models.ForeignKey(
        "wards.Escalation", on_delete=models.CASCADE, null=True, blank=True, related_name="emails"
    )

    class Meta:
        db_table = "safety_outboundemail"  # made by the safety app, before the outbox was its own
        indexes = [models.Index(fields=["sent_at", "attempts"])]

    def __str__(self) -> str:
        return f"Email to {self.to}: {self.subject}"
