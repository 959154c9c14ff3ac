"""Writes for the peer network. Each validates, runs in one transaction and writes the audit trail
(what happened, never what she wrote about herself)."""

from typing import Any

from django.db import transaction
from django.utils import timezone

from alongside.accounts.models import User
from alongside.audit import services as audit
from alongside.lib.refusals import refused
from alongside.network import access
from alongside.network.models import ABOUT_LENGTH, DirectoryEntry, GroupMember, PeerGroup
from alongside.organisations.models import Membership


def _must_be_in_network(membership: Membership | None) -> None:
    if not access.in_network(membership):
        raise refused(None, "The peer network is for peer workers and co-ordinators")


def entry_save(
    *,
    actor: User,
    membership: Membership,
    display_name: str,
    service: Any = None,
    region: Any = None,
    languages: str = "",
    interests: str = "",
    about: str = "",
    show_email: bool = False,
    other_contact: str = "",
) -> DirectoryEntry:
    """Join the directory, or change what she shows. She shows only what she chooses."""
    _must_be_in_network(membership)
    if not display_name.strip():
        raise refused("display_name", "Enter the name to show")
    if len(about) > ABOUT_LENGTH:
        raise refused("about", f"Keep “about me” to {ABOUT_LENGTH} characters or fewer")
    if service is not None and not access.her_services(actor).filter(pk=service.pk).exists():
        raise refused("service", f"You do not work in {service}: choose one of your services, or none")
    if region is not None and not access.her_regions(actor).filter(pk=region.pk).exists():
        raise refused("region", f"None of your services is in {region}: choose your region, or none")
    now = timezone.now()
    fields = {
        "display_name": display_name.strip(),
        "service": service,
        "region": region,
        "languages": languages.strip(),
        "interests": interests.strip(),
        "about": about.strip(),
        "show_email": show_email,
        "other_contact": other_contact.strip(),
        "updated_at": now,
    }
    with transaction.atomic():
        entry, created = DirectoryEntry.objects.update_or_create(
            peer_worker=actor, defaults=fields, create_defaults={**fields, "joined_at": now}
        )
        summary = "Joined the peer network directory" if created else "Changed her directory entry"
        audit.record(actor, "create" if created else "update", entry, membership=membership, summary=summary)
    return entry


def entry_remove(*, actor: User, membership: Membership | None) -> None:
    """Leave the directory: her entry is deleted at once, and nobody sees it from then on."""
    with transaction.atomic():
        entry = DirectoryEntry.objects.select_for_update().filter(peer_worker=actor).first()
        if entry is None:
            raise refused(None, "You are not in the directory")
        audit.record(actor, "delete", entry, membership=membership, summary="Left the peer network directory")
        entry.delete()


def group_create(
    *, actor: User, membership: Membership, name: str, description: str, meeting_pattern: str
) -> PeerGroup:
    """A new peer supervision group, open to peer workers from any service. She is its first member."""
    _must_be_in_network(membership)
    if not name.strip():
        raise refused("name", "Give the group a name")
    if not meeting_pattern.strip():
        raise refused("meeting_pattern", "Say when and where the group meets")
    if PeerGroup.objects.filter(name__iexact=name.strip()).exists():
        raise refused("name", f"There is already a group called {name.strip()}: choose another name")
    now = timezone.now()
    with transaction.atomic():
        group = PeerGroup.objects.create(
            name=name.strip(),
            description=description.strip(),
            meeting_pattern=meeting_pattern.strip(),
            created_by=actor,
            created_at=now,
        )
        GroupMember.objects.create(group=group, user=actor, joined_at=now)
        audit.record(actor, "create", group, membership=membership, summary="Peer supervision group started")
    return group


def group_join(*, actor: User, membership: Membership, group: PeerGroup) -> GroupMember:
    _must_be_in_network(membership)
    if GroupMember.objects.filter(group=group, user=actor).exists():
        raise refused(None, f"You are already in {group}")
    with transaction.atomic():
        member = GroupMember.objects.create(group=group, user=actor, joined_at=timezone.now())
        audit.record(
            actor, "create", member, membership=membership, summary="Joined a peer supervision group"
        )
    return member


def group_leave(*, actor: User, membership: Membership, group: PeerGroup) -> None:
    with transaction.atomic():
        member = GroupMember.objects.filter(group=group, user=actor).first()
        if member is None:
            raise refused(None, f"You are not in {group}")
        audit.record(actor, "delete", member, membership=membership, summary="Left a peer supervision group")
        member.delete()
