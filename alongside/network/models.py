"""The peer network across services (principle 5, recommendation 6).

Peer workers and co-ordinators choose to join a directory of peer workers, showing what they
choose; they join cross-service peer supervision groups. Nothing here is about the mothers
and families they support. Leaving the directory deletes her entry: nothing of it is kept.
"""

from django.conf import settings
from django.db import models

from alongside.lib.person_level import PersonLevel
from alongside.organisations.models import Region, Service

USER = settings.AUTH_USER_MODEL
ABOUT_LENGTH = 600


class DirectoryEntry(PersonLevel, models.Model):
    """What she chooses to show other peer workers. Her email only if she ticks it."""

    peer_worker = models.OneToOneField(USER, on_delete=models.CASCADE, related_name="network_entry")
    display_name = models.CharField(max_length=100)
    service = models.ForeignKey(
        Service, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", help_text="Shown if set"
    )
    region = models.ForeignKey(
        Region, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", help_text="Shown if set"
    )
    languages = models.CharField(max_length=200, blank=True)
    interests = models.TextField(blank=True, help_text="Forms of support she offers, or her interests")
    about = models.TextField(max_length=ABOUT_LENGTH, blank=True, help_text="A few words she writes")
    show_email = models.BooleanField(default=False)
    other_contact = models.CharField(max_length=200, blank=True, help_text="Another way to reach her")
    joined_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        verbose_name_plural = "directory entries"
        ordering = ["display_name", "pk"]

    def __str__(self) -> str:
        return self.display_name


class PeerGroup(models.Model):
    """A peer supervision group open to peer workers from any service."""

    name = models.CharField(max_length=120, unique=True)
    description = models.TextField(blank=True)
    meeting_pattern = models.CharField(
        max_length=200, help_text="When and where it meets, for example the first Tuesday, 7pm, online"
    )
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class GroupMember(PersonLevel, models.Model):
    """She belongs to a group. Leaving deletes the row."""

    group = models.ForeignKey(PeerGroup, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="peer_groups")
    joined_at = models.DateTimeField()

    class Meta:
        ordering = ["joined_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["group", "user"], name="once_in_a_peer_group")]

    def __str__(self) -> str:
        return f"{self.user} in {self.group}"
