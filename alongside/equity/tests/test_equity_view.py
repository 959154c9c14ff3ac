"""The equity view: measures defined once, every count suppressed, under-representation flagged,
and each person who may see it sees only the services she oversees."""

import datetime as dt
import re
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from alongside.equity.forms import default_period
from alongside.equity.groups import age_band
from alongside.equity.metrics import equity_report, people_by_measure
from alongside.equity.models import Dimension, PopulationShare
from alongside.organisations.models import ICB, Membership, Service
from alongside.support import services
from conftest import client_for, make_member, refer

TODAY = timezone.localdate
WHITE_BRITISH = "White - British"
PAKISTANI = "Asian or Asian British - Pakistani"
BLACK_AFRICAN = "Black or Black British - African"


def shares(service: Service, dimension: str, **percent: float) -> None:
    PopulationShare.objects.bulk_create(
        PopulationShare(
            service=service,
            dimension=dimension,
            category=category,
            percent=Decimal(str(p)),
            source="Census 2021",
            updated_at=timezone.now(),
        )
        for category, p in percent.items()
    )


@pytest.fixture
def referrals(clinician: Membership) -> dict[str, list[Any]]:
    """20 White British mothers, 3 Pakistani and 12 Black African, all referred today."""
    groups = {"A": 20, "J": 3, "N": 12}
    return {
        code: [refer(clinician, given_name=f"{code}{i}", ethnic_category_id=code) for i in range(n)]
        for code, n in groups.items()
    }


def row(body: str, label: str) -> str:
    """The text of a table row, tags and all, by its first cell."""
    match = re.search(rf"<tr[^>]*>(?:(?!</tr>).)*?{re.escape(label)}(?:(?!</tr>).)*</tr>", body, re.S)
    assert match, f"no row for {label}"
    cells = re.sub(r'<span class="nhsuk-table__heading"[^>]*>.*?</span>', "", match.group(0), flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", cells)).strip()


def ethnicity_table(body: str) -> str:
    start = body.index("By ethnic category")
    return body[start : body.index("</table>", start)]


def test_small_counts_are_hidden_and_so_is_a_second_so_the_total_gives_nothing_away(
    coordinator: Membership, referrals: dict[str, list[Any]]
) -> None:
    shares(coordinator.service, Dimension.ETHNIC_CATEGORY, A=50, J=30, N=15)
    body = ethnicity_table(client_for(coordinator).get(reverse("equity:report")).content.decode())
    assert row(body, WHITE_BRITISH).startswith(f"{WHITE_BRITISH} 50% 20 (57%)")
    assert row(body, PAKISTANI).startswith(f"{PAKISTANI} 30% * (*)")  # 3: hidden, with its share
    assert row(body, BLACK_AFRICAN).startswith(f"{BLACK_AFRICAN} 15% * (*)")  # 12: hidden so 3 stays hidden
    assert row(body, "Total").startswith("Total 35")
    assert "12" not in row(body, BLACK_AFRICAN) and "34%" not in body and "9%" not in body


def test_under_representation_is_flagged_against_the_population_share(
    coordinator: Membership, referrals: dict[str, list[Any]]
) -> None:
    shares(coordinator.service, Dimension.ETHNIC_CATEGORY, A=80, J=10, N=10)
    body = ethnicity_table(client_for(coordinator).get(reverse("equity:report")).content.decode())
    assert "Under-represented" in row(body, WHITE_BRITISH)  # 57% of referrals, 80% of the population
    assert "Under-represented" not in row(body, PAKISTANI)  # hidden: up to 7 of 35 could be 20%
    assert "Under-represented" not in row(body, BLACK_AFRICAN)  # hidden: nothing may be said


def test_a_hidden_count_is_flagged_only_when_even_the_most_it_could_be_is_too_few(
    coordinator: Membership, referrals: dict[str, list[Any]]
) -> None:
    shares(coordinator.service, Dimension.ETHNIC_CATEGORY, A=40, J=40, N=20)
    body = ethnicity_table(client_for(coordinator).get(reverse("equity:report")).content.decode())
    # 7 of 35 is 20%, under 80% of 40%: whatever the hidden count is, she is under-represented.
    assert "Under-represented" in row(body, PAKISTANI)


@pytest.mark.parametrize(("percent", "flagged"), [(10, False), (20, True)])
def test_a_group_with_nobody_is_flagged_only_when_its_share_would_give_five_people_or_more(
    coordinator: Membership, referrals: dict[str, list[Any]], percent: int, flagged: bool
) -> None:
    shares(coordinator.service, Dimension.ETHNIC_CATEGORY, R=percent)
    body = ethnicity_table(client_for(coordinator).get(reverse("equity:report")).content.decode())
    chinese = row(body, "Chinese")
    assert chinese.startswith(f"Other ethnic groups - Chinese {percent}% 0 (0%)")
    # 10% of 35 is 3.5 people, too few to tell; 20% is 7.
    assert ("Under-represented" in chinese) == flagged


def test_the_measures_count_referred_supported_and_reached_in_the_period(
    clinician: Membership, coordinator: Membership, peer_worker: Membership
) -> None:
    earlier = refer(clinician, given_name="Earlier")
    recent = refer(clinician, given_name="Recent")
    refer(clinician, given_name="Waiting")
    services.allocation_create(
        actor=coordinator.user, membership=coordinator, peer_support=earlier, peer_workers=[peer_worker.user]
    )
    services.contact_log(
        actor=peer_worker.user,
        membership=peer_worker,
        peer_support=earlier,
        contact_with="mother",
        occurred_at=timezone.now() - dt.timedelta(hours=1),
        duration_minutes=30,
        mode="phone",
        successful=True,
        note="",
    )
    services.allocation_create(
        actor=coordinator.user, membership=coordinator, peer_support=recent, peer_workers=[peer_worker.user]
    )
    type(earlier).objects.filter(pk=earlier.pk).update(referred_on=TODAY() - dt.timedelta(days=400))
    people = people_by_measure(clinician.service, *default_period(TODAY()))
    given = {m: sorted(p["person_id"] for p in rows) for m, rows in people.items()}
    assert len(given["referred"]) == 2 and earlier.person_id not in given["referred"]
    assert given["supported"] == sorted([earlier.person_id, recent.person_id])
    assert given["reached"] == [earlier.person_id]


def test_age_is_her_age_on_the_day_she_was_referred() -> None:
    referred = dt.date(2026, 6, 1)
    assert age_band(dt.date(2006, 6, 2), referred) == "Under 20"
    assert age_band(dt.date(2006, 6, 1), referred) == "20 to 24"
    assert age_band(dt.date(1980, 1, 1), referred) == "40 and over"
    assert age_band(None, referred) == "Not recorded"


def test_every_total_on_the_page_is_suppressed(coordinator: Membership, clinician: Membership) -> None:
    for i in range(3):
        refer(clinician, given_name=f"Few{i}")
    report = equity_report(coordinator.service, *default_period(TODAY()))
    assert report.totals == {"referred": "*", "supported": "0", "reached": "0"}
    assert all(t.totals["referred"] == "*" for t in report.tables)
    body = client_for(coordinator).get(reverse("equity:report")).content.decode()
    assert "People referred: *" in body and "Few0" not in body


@pytest.fixture
def neighbour(service: Service) -> Service:
    """Another service in the same ICB as `service`."""
    return Service.objects.create(
        name="Solihull Perinatal Team",
        kind=Service.Kind.COMMUNITY_PERINATAL,
        trust=service.trust,
        icb=service.icb,
    )


def url(service: Service | str) -> str:
    return reverse("equity:report") + f"?service={getattr(service, 'pk', service)}"


def test_a_commissioner_sees_the_services_in_her_icb_and_no_other(
    commissioner: Membership,
    service: Service,
    neighbour: Service,
    other_service: Service,
    clinician: Membership,
) -> None:
    refer(clinician)
    client = client_for(commissioner)
    own = client.get(url(service))
    assert own.status_code == 200 and "Amira" not in own.content.decode()
    assert client.get(url(neighbour)).status_code == 200
    assert client.get(url(other_service)).status_code == 404
    assert client.get(url("nonsense")).status_code == 404
    assert other_service.icb != ICB.objects.get(pk=service.icb_id)


def test_a_national_reviewer_sees_every_service(
    national_reviewer: Membership, other_service: Service
) -> None:
    assert client_for(national_reviewer).get(url(other_service)).status_code == 200


@pytest.mark.parametrize("role", ["coordinator", "manager"])
def test_a_coordinator_or_manager_sees_only_her_own_service(
    role: str, request: pytest.FixtureRequest, service: Service, neighbour: Service
) -> None:
    client = client_for(request.getfixturevalue(role))
    assert client.get(reverse("equity:report")).status_code == 200
    assert client.get(url(service)).status_code == 200
    assert client.get(url(neighbour)).status_code == 404


@pytest.mark.parametrize("role", ["peer_worker", "clinician", "admin_member"])
def test_those_who_do_not_run_or_fund_the_service_cannot_see_it(
    role: str, request: pytest.FixtureRequest
) -> None:
    assert client_for(request.getfixturevalue(role)).get(reverse("equity:report")).status_code == 403


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        (1, 5, "The start of the period must be on or before its end"),
        (1, -3, "The end of the period cannot be in the future"),
    ],
)
def test_a_period_that_cannot_be_is_refused_clearly(
    coordinator: Membership, start: int, end: int, message: str
) -> None:
    query = f"?start={TODAY() - dt.timedelta(days=start)}&end={TODAY() - dt.timedelta(days=end)}"
    body = client_for(coordinator).get(reverse("equity:report") + query).content.decode()
    assert "nhsuk-error-summary" in body and message in body and "By ethnic category" not in body


def test_the_period_chosen_is_the_one_counted(coordinator: Membership, clinician: Membership) -> None:
    for i in range(10):
        refer(clinician, given_name=f"P{i}")
    long_ago = f"?start={TODAY() - dt.timedelta(days=900)}&end={TODAY() - dt.timedelta(days=800)}"
    body = client_for(coordinator).get(reverse("equity:report") + long_ago).content.decode()
    assert "People referred: 0<" in body
    assert "People referred: 10<" in client_for(coordinator).get(reverse("equity:report")).content.decode()


def test_a_commissioner_from_another_icb_is_refused_the_service(
    other_service: Service, service: Service
) -> None:
    outsider = make_member(other_service, "commissioner", "outsider")
    assert client_for(outsider).get(url(service)).status_code == 404


def test_fold_areas_keeps_the_largest_districts_and_those_with_a_population_figure() -> None:
    from collections import Counter

    from alongside.equity.groups import NOT_RECORDED
    from alongside.equity.metrics import OTHER_AREAS, fold_areas

    counts = {
        "referred": Counter({"B1": 30, "B2": 20, "B3": 2, "B4": 1, NOT_RECORDED: 4}),
        "reached": Counter({"B1": 10, "B3": 25, "B5": 3}),
    }
    folded = fold_areas(counts, population={"B4"}, keep=2)
    # B1 (30) and B3 (25) are largest in some measure; B4 has a population figure; B2 and B5 fold.
    assert folded["referred"] == Counter({"B1": 30, "B3": 2, "B4": 1, OTHER_AREAS: 20, NOT_RECORDED: 4})
    assert folded["reached"] == Counter({"B1": 10, "B3": 25, OTHER_AREAS: 3})
    for measure in counts:  # nobody is lost or counted twice
        assert sum(folded[measure].values()) == sum(counts[measure].values())
    assert fold_areas(counts, population=set(), keep=10) is counts  # nothing to fold


def test_the_area_table_counts_small_districts_together(
    clinician: Membership, coordinator: Membership, settings: Any
) -> None:
    settings.ALONGSIDE = {**settings.ALONGSIDE, "EQUITY_AREA_ROWS": 1}
    for i, code in enumerate(["LS1 1AA"] * 9 + ["LS2 1AA", "LS3 1AA"]):
        refer(clinician, given_name=f"P{i}", postcode=code)
    start, end = default_period(TODAY())
    report = equity_report(coordinator.service, start, end)
    area = next(t for t in report.tables if t.dimension == Dimension.AREA)
    assert [r.category for r in area.rows] == ["LS1", "Other districts", "Not recorded"]
    assert "counted together" in area.note
    body = client_for(coordinator).get(reverse("equity:report")).content.decode()
    assert "counted together as “Other districts”" in body
