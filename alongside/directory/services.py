"""Writes that span models: a directory entry edited by hand, a signposting, a follow-up.

Each validates, runs in one transaction and writes the audit trail (ADR 0003).
"""

import datetime as dt
import uuid
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from alongside.accounts.models import User
from alongside.audit import services as audit
from alongside.directory.importer import LocationIn, RecordInvalid, ServiceIn, save_service
from alongside.directory.models import FollowUp, Organization, Outcome, Service, Signposting, follow_up_days
from alongside.lib import postcode
from alongside.lib.postcode import district_of
from alongside.organisations.models import Membership
from alongside.support.models import PeerSupport
from alongside.vocabularies.models import OUR_TAXONOMIES, TaxonomyTerm


def _districts(value: str) -> list[str]:
    """Postcode districts typed as "B12, B13 B14": each checked, in order, once."""
    found: list[str] = []
    for part in value.replace(",", " ").split():
        district = district_of(part)
        if not district:
            raise ValidationError(
                {"districts": f"{part} is not a postcode district: enter one like B12 or LA1"}
            )
        if district not in found:
            found.append(district)
    return found


def _languages(value: str) -> list[str]:
    names = [part.strip() for part in value.split(",") if part.strip()]
    return list(dict.fromkeys(n[:1].upper() + n[1:] for n in names))


def directory_service_save(
    *,
    actor: User,
    membership: Membership,
    service: Service | None,
    organization: Organization | None,
    new_organization_name: str = "",
    name: str,
    description: str = "",
    url: str = "",
    email: str = "",
    status: str = Service.Status.ACTIVE,
    terms: Iterable[TaxonomyTerm] = (),
    languages: str = "",
    districts: str = "",
    venue: dict[str, str] | None = None,
) -> Service:
    """Create or edit a directory entry by hand. Languages and districts are typed as lists.

    `venue` is the service's first location (name, address_1, city, postcode); an empty name
    takes that location off the service. Other locations (say, from an import) are left alone.
    """
    errors: dict[str, str] = {}
    if organization is None and not new_organization_name.strip():
        errors["organization"] = "Choose the organisation, or enter the name of a new one"
    venue = venue or {}
    if venue.get("postcode"):
        try:
            postcode.validate(venue["postcode"])
        except ValidationError as error:
            errors["venue_postcode"] = error.messages[0]
    if (venue.get("address_1") or venue.get("postcode")) and not venue.get("name"):
        errors["venue_name"] = "Enter the venue's name, or clear its address"
    try:
        areas = _districts(districts)
    except ValidationError as error:
        errors.update({k: v[0] for k, v in error.message_dict.items()})
        areas = []
    if errors:
        raise ValidationError(errors)
    service_id = service.id if service else uuid.uuid4()
    current = service.service_at_locations.select_related("location").first() if service else None
    locations = []
    if venue.get("name"):
        location_id = current.location_id if current else uuid.uuid4()
        locations.append(
            LocationIn(
                sal_id=current.id if current else uuid.uuid5(service_id, str(location_id)),
                id=location_id,
                name=venue["name"],
                address_1=venue.get("address_1", ""),
                city=venue.get("city", ""),
                postcode=postcode.normalise(venue["postcode"]) if venue.get("postcode") else "",
            )
        )
    org_fields = (
        {"name": organization.name, "description": organization.description}
        | {"website": organization.website, "email": organization.email}
        if organization
        else {"name": new_organization_name.strip()}
    )
    parsed = ServiceIn(
        id=service_id,
        name=name,
        status=status,
        description=description,
        url=url,
        email=email,
        organization_id=organization.id if organization else uuid.uuid4(),
        organization=org_fields,
        languages=[(uuid.uuid5(service_id, f"language:{n.lower()}"), n, "") for n in _languages(languages)],
        # Areas that are not postcode districts (from an import) are not on the form: they stay.
        areas=[(uuid.uuid5(service_id, f"area:{d}"), d, d) for d in areas]
        + ([(a.id, a.name, "") for a in service.service_areas.filter(district="")] if service else []),
        locations=locations,
    )
    # The form chooses among our own terms; terms from other directories' taxonomies stay.
    others = list(service.terms.exclude(taxonomy_id__in=OUR_TAXONOMIES)) if service else []
    with transaction.atomic():
        try:
            saved, created = save_service(
                parsed, source=service.source if service else "", keep_locations=True
            )
        except RecordInvalid as error:
            raise ValidationError(str(error)) from None
        saved.terms.set([*terms, *others])
        if current and not venue.get("name"):
            current.delete()
        audit.record(actor, "create" if created else "update", saved, membership=membership)
    return saved


def signposting_create(
    *,
    actor: User,
    membership: Membership,
    peer_support: PeerSupport,
    service: Service,
    signposted_on: dt.date,
    note: str = "",
) -> Signposting:
    """Record that she was pointed to a service; ask whether she connected after N days."""
    today = timezone.localdate()
    if signposted_on > today:
        raise ValidationError({"signposted_on": "The date of the signposting cannot be in the future"})
    if signposted_on < peer_support.referred_on:
        referred = f"{peer_support.referred_on:%-d %B %Y}"
        raise ValidationError({"signposted_on": f"The date cannot be before she was referred ({referred})"})
    if service.status != Service.Status.ACTIVE:
        raise ValidationError({"service": f"{service.name} is {service.get_status_display().lower()}"})
    with transaction.atomic():
        signposting = Signposting.objects.create(
            peer_support=peer_support,
            service=service,
            signposted_by=actor,
            signposted_on=signposted_on,
            note=note,
            follow_up_on=signposted_on + dt.timedelta(days=follow_up_days()),
        )
        audit.record(
            actor, "create", signposting, membership=membership, summary=f"Signposted to {service.name}"
        )
    return signposting


def follow_up_record(
    *,
    actor: User,
    membership: Membership,
    signposting: Signposting,
    outcome: str,
    recorded_on: dt.date,
    note: str = "",
) -> FollowUp:
    """Whether she connected. Yes or no closes the follow-up; "not yet" asks again in N days."""
    today = timezone.localdate()
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": "Select whether she connected"})
    if recorded_on > today:
        raise ValidationError({"recorded_on": "The date cannot be in the future"})
    if recorded_on < signposting.signposted_on:
        signposted = f"{signposting.signposted_on:%-d %B %Y}"
        raise ValidationError({"recorded_on": f"The date cannot be before the signposting ({signposted})"})
    with transaction.atomic():
        follow_up = FollowUp.objects.create(
            signposting=signposting, outcome=outcome, recorded_on=recorded_on, recorded_by=actor, note=note
        )
        signposting.outcome = outcome
        signposting.follow_up_on = (
            recorded_on + dt.timedelta(days=follow_up_days()) if outcome == Outcome.NOT_YET else None
        )
        signposting.save(update_fields=["outcome", "follow_up_on"])
        audit.record(
            actor,
            "update",
            signposting,
            membership=membership,
            summary=f"Did she connect with {signposting.service.name}? {follow_up.get_outcome_display()}",
        )
    return follow_up
