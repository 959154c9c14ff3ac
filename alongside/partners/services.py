"""Writes for partners: a remit, and the service's wish for a male peer worker for fathers."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from alongside.accounts.models import User
from alongside.audit import services as audit
from alongside.organisations.models import Membership, Organisation, Service
from alongside.partners.forms import clean_districts, clean_languages
from alongside.partners.models import Remit
from alongside.vocabularies.models import COMMUNITIES, CONDITIONS, MODES, TaxonomyTerm


def remit_save(
    *,
    actor: User,
    membership: Membership,
    organisation: Organisation,
    description: str,
    conditions: Iterable[TaxonomyTerm],
    communities: Iterable[TaxonomyTerm],
    modes: Iterable[TaxonomyTerm],
    areas: str,
    languages: str,
) -> Remit:
    """Save a partner's remit. Each term must come from its own vocabulary; areas must be districts."""
    if organisation.kind != Organisation.Kind.THIRD_SECTOR:
        raise ValidationError("Only a third-sector partner has a remit here")
    chosen = {"conditions": list(conditions), "communities": list(communities), "modes": list(modes)}
    errors: dict[str, str] = {}
    for name, taxonomy in (("conditions", CONDITIONS), ("communities", COMMUNITIES), ("modes", MODES)):
        if any(t.taxonomy_id != taxonomy for t in chosen[name]):
            errors[name] = "Choose from the list"
    for name, value, clean in (("areas", areas, clean_districts), ("languages", languages, clean_languages)):
        try:
            clean(value)
        except ValidationError as error:
            errors[name] = error.messages[0]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        organisation.remit = description.strip()
        organisation.save(update_fields=["remit"])
        remit, _ = Remit.objects.get_or_create(organisation=organisation)
        remit.areas = clean_districts(areas)
        remit.languages = clean_languages(languages)
        remit.updated_at = timezone.now()
        remit.updated_by = actor
        remit.save()
        remit.conditions.set(chosen["conditions"])
        remit.communities.set(chosen["communities"])
        remit.modes.set(chosen["modes"])
        audit.record(actor, "update", remit, membership=membership, summary=f"Remit of {organisation}")
    return remit


def fathers_setting_save(*, actor: User, membership: Membership, wants_male: bool) -> Service:
    service = membership.service
    service.wants_male_peer_worker_for_fathers = wants_male
    service.save(update_fields=["wants_male_peer_worker_for_fathers"])
    summary = "Wants a male peer worker for fathers" if wants_male else "No male peer worker asked for"
    audit.record(actor, "update", service, membership=membership, summary=summary)
    return service
