"""What commissioners and national reviewers see of a service's reviews of the grid (ADR 0037):
completed reviews only, of their own services only; practices, ratings, change and the figures'
aggregate forms; no person, no free text, no one's own view, no action or its owner."""

import datetime as dt
import io
from html import unescape
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from alongside.accounts.models import User
from alongside.grid import services
from alongside.grid.models import GridAction, PeerView, Practice, Rating, Review
from alongside.navigation import nav_items
from conftest import client_for

pytestmark = pytest.mark.django_db

NAMED = "Talked it through with Wilhelmina Quarrington"  # the team's evidence, naming someone
COMMENT = "Supervision keeps being moved by Ottoline"  # a peer worker's own view
ACTION = "Ask Bartholomew about the rota"
FIGURE = {
    "key": "dual_supervision",
    "text": "3 of 4 peer workers (75%) have both NHS and peer supervision up to date",
    "aggregate": "* of * peer workers (share not shown) have both NHS and peer supervision up to date",
}
OLD_FIGURE = "Kept as words only before figures had an aggregate form"


def rename(membership: Any, first: str, last: str) -> str:
    User.objects.filter(pk=membership.user_id).update(first_name=first, last_name=last)
    membership.user.refresh_from_db()
    return str(membership.user)


def review_of(
    coordinator: Any, peer_worker: Any, owner: Any, *, level: int, complete: bool, ago: int
) -> Review:
    """A review with a rating whose evidence names someone, a differing peer view and an action."""
    review = services.review_start(
        actor=coordinator.user, membership=coordinator, scale=["Not yet", "Partly", "Mostly", "Fully"]
    )
    practice = Practice.objects.get(code="dual-supervision")
    services.practice_rate(
        actor=coordinator.user,
        membership=coordinator,
        review=review,
        practice=practice,
        level=level,
        evidence=NAMED,
        description=ACTION,
        owner=owner.user,
        due_on=timezone.localdate() + dt.timedelta(days=7),
    )
    Rating.objects.filter(review=review).update(figures=[FIGURE, OLD_FIGURE])
    services.view_save(
        actor=peer_worker.user,
        membership=peer_worker,
        review=review,
        practice=practice,
        level=0,
        comment=COMMENT,
    )
    if complete:
        services.review_complete(
            actor=coordinator.user,
            membership=coordinator,
            review=review,
            participants=[],
            others="Two mothers",
        )
    day = timezone.localdate() - dt.timedelta(days=ago)
    Review.objects.filter(pk=review.pk).update(started_on=day, completed_on=day if complete else None)
    review.refresh_from_db()
    return review


@pytest.fixture
def names(coordinator: Any, peer_worker: Any, manager: Any) -> list[str]:
    return [
        rename(coordinator, "Philippa", "Ravensworth"),
        rename(peer_worker, "Ottoline", "Fairweather"),
        rename(manager, "Bartholomew", "Inglethorpe"),
    ]


@pytest.fixture
def two_reviews(names: list[str], coordinator: Any, peer_worker: Any, manager: Any) -> tuple[Review, Review]:
    earlier = review_of(coordinator, peer_worker, manager, level=1, complete=True, ago=200)
    latest = review_of(coordinator, peer_worker, manager, level=2, complete=True, ago=10)
    return earlier, latest


def every_format(client: Any, service: Any, query: dict[str, Any] | None = None) -> dict[str, str]:
    query = query or {}
    page = client.get(reverse("grid:aggregate", args=[service.pk]), query)
    assert page.status_code == 200
    pdf = client.get(reverse("grid:aggregate_pdf", args=[service.pk]), query)
    assert pdf["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(pdf.content))
    book = load_workbook(
        io.BytesIO(client.get(reverse("grid:aggregate_xlsx", args=[service.pk]), query).content)
    )
    cells = [
        str(c) for sheet in book for row in sheet.iter_rows(values_only=True) for c in row if c is not None
    ]
    return {
        "page": unescape(page.content.decode()),
        "pdf": " ".join(" ".join(p.extract_text() for p in reader.pages).split()),
        "xlsx": "\n".join(cells),
    }


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@pytest.mark.parametrize("who", ["commissioner", "national_reviewer"])
def test_no_name_no_free_text_no_peer_view_and_only_aggregate_figures_leave_the_service(
    who: str,
    request: pytest.FixtureRequest,
    two_reviews: tuple[Review, Review],
    names: list[str],
    service: Any,
) -> None:
    client = client_for(request.getfixturevalue(who))
    for fmt, text in every_format(client, service).items():
        flat = " ".join(text.split())
        assert " ".join(FIGURE["aggregate"].split()) in flat, fmt
        assert "Mostly" in flat and "Up from Partly" in flat, fmt
        for secret in [*names, NAMED, COMMENT, ACTION, FIGURE["text"], OLD_FIGURE, "Two mothers"]:
            assert secret not in flat, f"{secret} in the {fmt}"
        for part in ("Wilhelmina", "Ottoline", "Bartholomew", "Philippa", "Ravensworth"):
            assert part not in flat, f"{part} in the {fmt}"
        assert "Peer worker" not in flat and "Differs from the service's" not in flat, fmt
    page = every_format(client, service)["page"]
    differed = "Practices where a team member's own view differed from the service's rating:"
    assert f"{differed} <strong data-differing>1</strong>" in page


def test_an_earlier_completed_review_is_listed_and_opens(
    two_reviews: tuple[Review, Review], commissioner: Any, service: Any
) -> None:
    earlier, latest = two_reviews
    client = client_for(commissioner)
    page = unescape(client.get(reverse("grid:aggregate", args=[service.pk])).content.decode())
    assert f"?review={earlier.pk}" in page and "Up from Partly" in page
    old = unescape(
        client.get(reverse("grid:aggregate", args=[service.pk]), {"review": earlier.pk}).content.decode()
    )
    assert "Partly" in old and "Up from" not in old and f"?review={latest.pk}" in old


def test_a_review_not_completed_is_not_shown_to_commissioners(
    names: list[str], coordinator: Any, peer_worker: Any, manager: Any, commissioner: Any, service: Any
) -> None:
    under_way = review_of(coordinator, peer_worker, manager, level=2, complete=False, ago=1)
    client = client_for(commissioner)
    page = client.get(reverse("grid:aggregate", args=[service.pk])).content.decode()
    assert "has not completed a review" in page and "Mostly" not in page
    for name in ("grid:aggregate", "grid:aggregate_pdf", "grid:aggregate_xlsx"):
        assert client.get(reverse(name, args=[service.pk]), {"review": under_way.pk}).status_code == 404
    assert client.get(reverse("grid:aggregate_pdf", args=[service.pk])).status_code == 302  # to the page
    listing = client.get(reverse("grid:services")).content.decode()
    assert service.name in listing and "None yet" in listing


def test_a_review_of_another_service_or_not_a_number_is_not_found(
    two_reviews: tuple[Review, Review],
    commissioner: Any,
    other_service: Any,
    coordinator_other: Any,
    peer_worker_other: Any,
    service: Any,
) -> None:
    theirs = review_of(coordinator_other, peer_worker_other, coordinator_other, level=1, complete=True, ago=5)
    client = client_for(commissioner)
    url = reverse("grid:aggregate", args=[service.pk])
    assert client.get(url, {"review": theirs.pk}).status_code == 404
    assert client.get(url, {"review": "latest"}).status_code == 404


def test_a_commissioner_of_another_icb_gets_404_for_a_service_not_hers(
    two_reviews: tuple[Review, Review], commissioner: Any, other_service: Any, national_reviewer: Any
) -> None:
    assert other_service.icb_id != commissioner.service.icb_id
    client = client_for(commissioner)
    for name in ("grid:aggregate", "grid:aggregate_pdf", "grid:aggregate_xlsx"):
        assert client.get(reverse(name, args=[other_service.pk])).status_code == 404
    assert other_service.name not in client.get(reverse("grid:services")).content.decode()
    nationally = client_for(national_reviewer).get(reverse("grid:services")).content.decode()
    assert other_service.name in nationally


def test_the_list_shows_each_services_latest_completed_review(
    two_reviews: tuple[Review, Review], commissioner: Any, service: Any
) -> None:
    listing = client_for(commissioner).get(reverse("grid:services")).content.decode()
    latest = two_reviews[1].completed_on
    assert latest is not None and f"{latest:%-d %b %Y}" in listing
    assert reverse("grid:aggregate", args=[service.pk]) in listing


def test_the_team_may_see_what_leaves_the_service_and_the_grid_links_there(
    two_reviews: tuple[Review, Review], manager: Any, coordinator: Any, service: Any
) -> None:
    client = client_for(manager)
    assert client.get(reverse("grid:aggregate", args=[service.pk])).status_code == 200
    assert reverse("grid:aggregate", args=[service.pk]) in client.get(reverse("grid:grid")).content.decode()
    # The co-ordinator sees the whole review on its own page; what commissioners see is for
    # those who see the service's aggregates (VIEW_AGGREGATES).
    assert client_for(coordinator).get(reverse("grid:aggregate", args=[service.pk])).status_code == 403


def test_commissioners_reach_the_reviews_from_the_header_and_the_team_from_its_grid(
    rf: Any, commissioner: Any, manager: Any
) -> None:
    def links(membership: Any) -> list[str]:
        request = rf.get("/")
        request.membership = membership
        return [item["href"] for item in nav_items(request)]

    assert reverse("grid:services") in links(commissioner)
    assert reverse("grid:services") not in links(manager) and reverse("grid:grid") in links(manager)


def test_the_aggregate_form_is_only_of_the_figures_kept_with_a_rating(
    two_reviews: tuple[Review, Review],
) -> None:
    """The sheet that leaves the service holds no field for a person: checked on the object too."""
    from alongside.grid.export import OutsideLine, OutsideSheet, for_outside

    sheet = for_outside(two_reviews[1])
    assert set(OutsideSheet.__dataclass_fields__) == {
        "service",
        "title",
        "started",
        "completed",
        "before",
        "sections",
        "differing",
    }
    assert set(OutsideLine.__dataclass_fields__) == {"practice", "level", "change", "figures", "kept_inside"}
    lines = {line.practice: line for section in sheet.sections for line in section.lines}
    assert lines["Supervision from both sides"].figures == [FIGURE["aggregate"]]
    assert lines["Supervision from both sides"].kept_inside == 1
    assert PeerView.objects.exists() and GridAction.objects.exists()
