"""Stories and quotes, used only as far as consent goes; a withdrawn consent drops the quote."""

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from alongside.outcomes import metrics, services
from alongside.outcomes.models import Scope, Story, StoryConsent, Theme
from conftest import client_for

TODAY = dt.date.today


def story(member: Any, consents: list[str], **fields: Any) -> Story:
    return services.story_create(
        actor=member.user,
        membership=member,
        fields={"teller": "mother", "quote": "I felt less alone", **fields},
        themes=Theme.objects.filter(slug__in=["hope", "isolation"]),
        consents=consents,
        consent_on=timezone.localdate() - dt.timedelta(days=30),
    )


def test_a_story_needs_at_least_one_consent(peer_worker: Any) -> None:
    with pytest.raises(ValidationError, match="consent"):
        story(peer_worker, [])
    assert not Story.objects.exists()


def test_each_use_is_consented_separately(peer_worker: Any) -> None:
    s = story(peer_worker, [Scope.SERVICE, Scope.COMMISSIONERS])
    today = TODAY()
    assert metrics.consented(Story.objects.all(), Scope.COMMISSIONERS, today).get() == s
    assert not metrics.consented(Story.objects.all(), Scope.PUBLIC, today).exists()


def test_a_withdrawn_consent_drops_the_quote_from_every_later_report(peer_worker: Any) -> None:
    s = story(peer_worker, [Scope.COMMISSIONERS, Scope.SERVICE])
    consent = s.consents.get(scope=Scope.COMMISSIONERS)
    withdrawn = timezone.localdate() - dt.timedelta(days=5)
    services.consent_withdraw(
        actor=peer_worker.user, membership=peer_worker, consent=consent, withdrawn_on=withdrawn
    )
    stories = Story.objects.all()
    assert metrics.consented(stories, Scope.COMMISSIONERS, withdrawn - dt.timedelta(days=1)).exists()
    assert not metrics.consented(stories, Scope.COMMISSIONERS, withdrawn).exists()
    assert not metrics.consented(stories, Scope.COMMISSIONERS, TODAY()).exists()
    assert metrics.consented(stories, Scope.SERVICE, TODAY()).exists()  # her other consent stands


def test_withdrawing_twice_or_before_consent_is_refused(peer_worker: Any) -> None:
    consent = story(peer_worker, [Scope.PUBLIC]).consents.get()
    with pytest.raises(ValidationError, match="before consent was given"):
        services.consent_withdraw(
            actor=peer_worker.user,
            membership=peer_worker,
            consent=consent,
            withdrawn_on=consent.given_on - dt.timedelta(days=1),
        )
    services.consent_withdraw(
        actor=peer_worker.user, membership=peer_worker, consent=consent, withdrawn_on=TODAY()
    )
    with pytest.raises(ValidationError, match="already withdrawn"):
        services.consent_withdraw(
            actor=peer_worker.user, membership=peer_worker, consent=consent, withdrawn_on=TODAY()
        )


def test_themes_are_counted_for_stories_with_consent(peer_worker: Any, service: Any) -> None:
    story(peer_worker, [Scope.SERVICE])
    story(peer_worker, [Scope.PUBLIC])  # not consented for use in the service
    counts = {t.slug: n for t, n in metrics.theme_counts(service, TODAY() - dt.timedelta(days=60), TODAY())}
    assert counts["hope"] == 1 and counts["isolation"] == 1 and counts["stigma"] == 0


def test_stories_are_the_services_and_404_elsewhere(
    peer_worker: Any, coordinator: Any, coordinator_other: Any
) -> None:
    s = story(peer_worker, [Scope.SERVICE])
    assert client_for(coordinator).get(f"/stories/{s.pk}/").status_code == 200
    assert client_for(coordinator_other).get(f"/stories/{s.pk}/").status_code == 404
    consent = s.consents.get()
    assert (
        client_for(coordinator_other)
        .post(f"/stories/consents/{consent.pk}/withdraw/", {"withdrawn_on": TODAY().isoformat()})
        .status_code
        == 404
    )
    assert StoryConsent.objects.get().withdrawn_on is None


def test_recording_a_story_through_the_page(peer_worker: Any) -> None:
    page = client_for(peer_worker).post(
        "/stories/new/",
        {
            "teller": "peer_worker",
            "quote": "This work gave me back my voice",
            "consents": ["service", "commissioners"],
            "consent_on": TODAY().isoformat(),
        },
    )
    assert page.status_code == 302
    saved = Story.objects.get()
    assert saved.told_by == peer_worker.user and saved.person is None
    assert sorted(saved.consents.values_list("scope", flat=True)) == ["commissioners", "service"]


def test_each_story_opens_from_the_list_as_a_real_link(peer_worker: Any, coordinator: Any) -> None:
    s = story(peer_worker, [Scope.SERVICE], quote="Someone <b>listened</b> to me")
    body = client_for(coordinator).get(reverse("outcomes:stories")).content.decode()
    href = reverse("outcomes:story", args=[s.pk])
    assert f'<a href="{href}">“Someone &lt;b&gt;listened&lt;/b&gt; to me”</a>' in body
    assert "&lt;a href" not in body
    assert client_for(coordinator).get(href).status_code == 200


def test_a_teller_is_found_by_search_among_people_whose_support_is_open(
    coordinator: Any, clinician: Any
) -> None:
    """Nobody is listed until she is searched for; an ended case is never offered, even by its id."""
    from alongside.audit.models import AuditLog
    from alongside.support.models import PeerSupport, Status
    from conftest import refer

    open_case = refer(clinician, given_name="Stillhere", family_name="Smith")
    other = refer(clinician, given_name="Another", family_name="Smith")
    ended = refer(clinician, given_name="Longgone", family_name="Smith")
    PeerSupport.objects.filter(pk=ended.pk).update(status=Status.ENDED)
    client = client_for(coordinator)
    url = reverse("outcomes:story_new")

    blank = client.get(url).content.decode()
    assert "Stillhere" not in blank and "Another" not in blank and "Find her" in blank

    found = client.get(url, {"q": "smith"}).content.decode()
    assert "Stillhere" in found and "Another" in found and "Longgone" not in found
    assert f"?person={open_case.person.pk}" in found
    seen = AuditLog.objects.filter(summary="Offered as a teller on a new story")
    assert set(seen.values_list("person_id", flat=True)) == {open_case.person.pk, other.person.pk}

    assert "Nobody whose support is open here" in client.get(url, {"q": "Longgone"}).content.decode()
    chosen = client.get(url, {"person": open_case.person.pk}).content.decode()
    assert "Stillhere Smith" in chosen and "Choose someone else" in chosen and "Another" not in chosen
    refused = client.get(url, {"person": ended.person.pk}).content.decode()
    assert "Longgone" not in refused

    posted = client.post(
        url,
        {
            "teller": "mother",
            "person": ended.person.pk,
            "quote": "It helped",
            "consents": ["service"],
            "consent_on": TODAY().isoformat(),
        },
    )
    assert posted.status_code == 200 and "Find her again" in posted.content.decode()
    assert not Story.objects.exists()
    saved = client.post(
        url,
        {
            "teller": "mother",
            "person": open_case.person.pk,
            "quote": "It helped",
            "consents": ["service"],
            "consent_on": TODAY().isoformat(),
        },
    )
    assert saved.status_code == 302 and Story.objects.get().person == open_case.person


def test_a_search_for_a_teller_shows_at_most_twenty(coordinator: Any, clinician: Any) -> None:
    from alongside.outcomes.views import TELLERS_SHOWN
    from conftest import refer

    for i in range(TELLERS_SHOWN + 2):
        refer(clinician, given_name=f"Many{i:02d}", family_name="Jones")
    body = client_for(coordinator).get(reverse("outcomes:story_new"), {"q": "jones"}).content.decode()
    assert body.count("as the teller</span></a>") == TELLERS_SHOWN
    assert f"Only the first {TELLERS_SHOWN} are shown" in body
