"""Peer-defined feedback: a one-time link that works once, expires, shows nothing about her."""

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from alongside.outcomes import services
from alongside.outcomes.models import FeedbackAnswer, FeedbackLink, FeedbackResponse, Item, hash_token
from conftest import client_for

ANSWERS = {"heard_score": "5", "heard_text": "She listened", "less_alone_score": "4"}


def make_link(member: Any, ps: Any) -> str:
    _, token = services.feedback_link_create(actor=member.user, membership=member, peer_support=ps)
    return token


def test_only_the_hash_of_a_link_is_kept(allocated: Any, peer_worker: Any) -> None:
    token = make_link(peer_worker, allocated)
    link = FeedbackLink.objects.get()
    assert link.token_hash == hash_token(token) and token not in link.token_hash


def test_a_link_works_once_without_login_and_shows_nothing_about_her(
    allocated: Any, peer_worker: Any
) -> None:
    token = make_link(peer_worker, allocated)
    anyone = Client()
    page = anyone.get(f"/feedback/{token}/")
    body = page.content.decode()
    assert page.status_code == 200
    for private in (allocated.person.given_name, allocated.person.family_name, str(peer_worker.user)):
        assert private not in body
    assert anyone.post(f"/feedback/{token}/", ANSWERS).status_code == 200
    response = FeedbackResponse.objects.get()
    assert response.peer_support == allocated and response.how == "herself"
    assert dict(FeedbackAnswer.objects.values_list("item", "score")) == {"heard": 5, "less_alone": 4}
    again = anyone.post(f"/feedback/{token}/", ANSWERS)
    assert again.status_code == 200 and "no longer works" in again.content.decode()
    assert FeedbackResponse.objects.count() == 1


def test_an_expired_or_unknown_link_gets_a_friendly_page_and_saves_nothing(
    allocated: Any, peer_worker: Any
) -> None:
    token = make_link(peer_worker, allocated)
    FeedbackLink.objects.update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    for t in (token, "not-a-real-token"):
        page = Client().post(f"/feedback/{t}/", ANSWERS)
        assert page.status_code == 200 and "Nothing has been saved" in page.content.decode()
    assert not FeedbackResponse.objects.exists()
    assert FeedbackLink.objects.get().used_at is None


def test_anonymous_feedback_keeps_no_link_to_her_and_only_the_month(allocated: Any, peer_worker: Any) -> None:
    token = make_link(peer_worker, allocated)
    Client().post(f"/feedback/{token}/", {**ANSWERS, "anonymous": "on"})
    response = FeedbackResponse.objects.get()
    assert response.peer_support is None and response.anonymous
    assert response.given_on == timezone.localdate().replace(day=1)
    assert response.service_id == allocated.service_id


def test_an_empty_form_is_refused_and_the_link_still_works(allocated: Any, peer_worker: Any) -> None:
    token = make_link(peer_worker, allocated)
    page = Client().post(f"/feedback/{token}/", {})
    assert "Answer at least one question" in page.content.decode()
    assert FeedbackLink.objects.get().used_at is None and not FeedbackResponse.objects.exists()


def test_filled_in_together_with_her_peer_worker(allocated: Any, peer_worker: Any) -> None:
    page = client_for(peer_worker).post(f"/peer-support/{allocated.pk}/feedback/together/", ANSWERS)
    assert page.status_code == 302
    assert FeedbackResponse.objects.get().how == "with_peer_worker"


def test_only_her_peer_worker_can_make_a_link(allocated: Any, peer_worker_other: Any) -> None:
    assert client_for(peer_worker_other).post(f"/peer-support/{allocated.pk}/feedback/").status_code == 404
    assert not FeedbackLink.objects.exists()


def test_the_link_page_shows_the_link_once(allocated: Any, peer_worker: Any) -> None:
    client = client_for(peer_worker)
    made = client.post(f"/peer-support/{allocated.pk}/feedback/").content.decode()
    assert "/feedback/" in made and "shown only once" in made
    assert "shown only once" not in client.get(f"/peer-support/{allocated.pk}/feedback/").content.decode()


def test_a_score_outside_the_scale_is_refused(allocated: Any, peer_worker: Any) -> None:
    with pytest.raises(ValidationError):
        services.feedback_with_peer_worker(
            actor=peer_worker.user,
            membership=peer_worker,
            peer_support=allocated,
            answers={Item.HEARD: (9, "")},
            anonymous=False,
        )
    assert not FeedbackResponse.objects.exists()
