"""The stories list: newest first, 50 a page, every story reachable, and the same queries however
many stories the service has; each use shown as it stands today, a withdrawn one as withdrawn."""

import datetime as dt
import re
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from alongside.outcomes.models import Scope, Story, StoryConsent, Theme
from alongside.outcomes.views import STORIES_PAGE
from conftest import client_for


def add_stories(member: Any, count: int, start: int = 0) -> None:
    """`count` stories quoted story-000-x (newest) back a week at a time, each with consent for use
    in the service and the themes hope and isolation."""
    today = timezone.localdate()
    made = Story.objects.bulk_create(
        Story(
            service_id=member.service_id,
            teller=Story.Teller.PEER_WORKER,
            told_by=member.user,
            quote=f"story-{n:03}-x",
            recorded_by=member.user,
            recorded_on=today - dt.timedelta(weeks=n),
        )
        for n in range(start, start + count)
    )
    StoryConsent.objects.bulk_create(
        StoryConsent(story=s, scope=Scope.SERVICE, given_on=s.recorded_on, recorded_by=member.user)
        for s in made
    )
    themes = list(Theme.objects.filter(slug__in=["hope", "isolation"]))
    Story.themes.through.objects.bulk_create(
        Story.themes.through(story_id=s.pk, theme_id=t.pk) for s in made for t in themes
    )


def quoted(html: str) -> set[int]:
    return {n for n in range(300) if f"story-{n:03}-x" in html}


def counted(member: Any, **params: Any) -> tuple[int, str]:
    client = client_for(member)
    client.get(reverse("outcomes:stories"), params)
    with CaptureQueriesContext(connection) as captured:
        html = client.get(reverse("outcomes:stories"), params).content.decode()
    return len(captured), html


def test_newest_first_50_a_page_and_the_oldest_on_the_last(coordinator: Any, peer_worker: Any) -> None:
    add_stories(peer_worker, STORIES_PAGE + 10)
    for member in (coordinator, peer_worker):  # the service's, and her own
        first = client_for(member).get(reverse("outcomes:stories")).content.decode()
        assert quoted(first) == set(range(STORIES_PAGE))
        assert first.index("story-000-x") < first.index("story-001-x")
        assert "Page 2 of 2" in first
        second = client_for(member).get(reverse("outcomes:stories"), {"page": 2}).content.decode()
        assert quoted(second) == set(range(STORIES_PAGE, STORIES_PAGE + 10))


def test_queries_do_not_grow_with_the_number_of_stories(coordinator: Any, peer_worker: Any) -> None:
    add_stories(peer_worker, 2)
    few = {m.pk: counted(m)[0] for m in (coordinator, peer_worker)}
    add_stories(peer_worker, 200, start=2)
    for member in (coordinator, peer_worker):
        many, html = counted(member)
        assert many == few[member.pk] and len(quoted(html)) == STORIES_PAGE
        last, html = counted(member, page=5)
        assert last == many and quoted(html) == set(range(200, 202))


def test_a_withdrawn_use_shows_as_withdrawn_and_leaves_the_theme_counts(coordinator: Any) -> None:
    add_stories(coordinator, 2)
    withdrawn = StoryConsent.objects.get(story__quote="story-001-x")
    withdrawn.withdrawn_on = timezone.localdate()
    withdrawn.save()
    html = re.sub(r"\s+", " ", counted(coordinator)[1])
    assert quoted(html) == {0, 1}  # the list is the service's record of its stories
    assert html.count('nhsuk-tag--grey"> Inside the service: withdrawn </strong>') == 1
    assert html.count('nhsuk-tag--green"> Inside the service </strong>') == 1
    themes = html[html.index("Themes in the last year") :]
    # Only the story whose consent for use in the service stands is counted.
    assert re.search(r"> Hope </td> <td [^>]*--numeric\"> 1 </td>", themes)
