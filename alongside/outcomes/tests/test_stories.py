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


def test_the_new_story_form_offers_as_tellers_only_people_whose_support_is_open(
    coordinator: Any, clinician: Any
) -> None:
    from alongside.support.models import PeerSupport, Status
    from conftest import refer

    open_case = refer(clinician, given_name="Stillhere")
    ended = refer(clinician, given_name="Longgone")
    PeerSupport.objects.filter(pk=ended.pk).update(status=Status.ENDED)
    page = client_for(coordinator).get(reverse("outcomes:story_new")).content.decode()
    assert open_case.person.given_name in page
    assert "Longgone" not in page
