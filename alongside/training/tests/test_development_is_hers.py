"""Her development record is hers alone (ADR 0038): nobody else opens, sees, changes or exports a
single entry of it, not her co-ordinator, not a manager, not another peer worker, not an admin."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from alongside.organisations.models import Membership, Role
from alongside.training import metrics
from alongside.training.models import DevelopmentEntry, DevelopmentKind
from alongside.training.tests.conftest import days_ago
from conftest import client_for, make_member

pytestmark = pytest.mark.django_db

HERS = "Regional meeting of perinatal peer workers"
NOTES = "Met Jo from the Leeds team; we swapped café group ideas"


def add(her: Membership, title: str = HERS, notes: str = NOTES) -> DevelopmentEntry:
    client = client_for(her)
    response = client.post(
        reverse("training:development_new"),
        {
            "kind": DevelopmentKind.FACE_TO_FACE,
            "happened_on": days_ago(7).isoformat(),
            "title": title,
            "notes": notes,
        },
    )
    assert response.status_code == 302
    return DevelopmentEntry.objects.get(user=her.user, title=title)


def exported(member: Membership) -> list[list[str]]:
    response = client_for(member).get(reverse("training:development_export"))
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode().lstrip("\ufeff"))))


def test_she_adds_changes_and_removes_her_own_entries(peer_worker: Membership) -> None:
    entry = add(peer_worker)
    client = client_for(peer_worker)
    page = client.get(reverse("training:development")).content.decode()
    assert HERS in page and NOTES in page
    assert reverse("training:development") in client.get(reverse("training:mine")).content.decode()
    changed = client.post(
        reverse("training:development_edit", args=[entry.pk]),
        {
            "kind": DevelopmentKind.COURSE,
            "happened_on": days_ago(6).isoformat(),
            "title": "Changed",
            "notes": "",
        },
    )
    assert changed.status_code == 302
    entry.refresh_from_db()
    assert (entry.kind, entry.title) == (DevelopmentKind.COURSE, "Changed")
    assert client.post(reverse("training:development_delete", args=[entry.pk])).status_code == 302
    assert not DevelopmentEntry.objects.filter(pk=entry.pk).exists()


@pytest.mark.parametrize(
    "other",
    ["coordinator", "manager", "partner_peer_worker", "admin_member", "clinician", "peer_worker_other"],
)
def test_nobody_else_opens_sees_changes_or_removes_an_entry(
    other: str, peer_worker: Membership, request: pytest.FixtureRequest
) -> None:
    entry = add(peer_worker)
    member: Membership = request.getfixturevalue(other)
    client = client_for(member)
    assert client.get(reverse("training:development_edit", args=[entry.pk])).status_code == 404
    changed = client.post(
        reverse("training:development_edit", args=[entry.pk]),
        {
            "kind": DevelopmentKind.COURSE,
            "happened_on": days_ago(1).isoformat(),
            "title": "Not hers to change",
        },
    )
    assert changed.status_code == 404
    assert client.post(reverse("training:development_delete", args=[entry.pk])).status_code == 404
    entry.refresh_from_db()
    assert entry.title == HERS
    for url in (
        "training:development",
        "training:mine",
        "training:team",
        "workforce:overview",
        "workforce:team",
    ):
        body = client.get(reverse(url)).content.decode()
        assert HERS not in body and NOTES not in body, url
    assert all(HERS not in cell and NOTES not in cell for row in exported(member) for cell in row)


def test_her_export_holds_hers_and_nobody_elses(
    peer_worker: Membership, partner_peer_worker: Membership
) -> None:
    add(peer_worker)
    add(partner_peer_worker, "Not hers", "Someone else's notes")
    rows = exported(peer_worker)
    assert rows[0] == ["Date", "Kind", "Title", "Notes"]
    assert [r[2] for r in rows[1:]] == [HERS]
    assert "Not hers" not in str(rows)


def test_a_formula_in_an_entry_stays_text_in_her_export(peer_worker: Membership) -> None:
    add(peer_worker, '=HYPERLINK("http://example.com")', "")
    assert exported(peer_worker)[1][2].startswith("'=")


def test_her_co_ordinator_sees_counts_only(
    coordinator: Membership, peer_worker: Membership, partner_peer_worker: Membership
) -> None:
    make_member(coordinator.service, Role.PEER_WORKER, "third")
    add(peer_worker)
    page = client_for(coordinator).get(reverse("training:team")).content.decode()
    assert "1 of 3 peer workers (33%) added to their own development record" in page
    assert "1 met peer workers of other teams face to face" in page
    assert HERS not in page
    assert metrics.development_share(coordinator.service, timezone.localdate()).face_to_face == 1


def test_the_team_page_shows_the_accredited_share_in_the_same_words(
    coordinator: Membership, peer_worker: Membership, partner_peer_worker: Membership
) -> None:
    from alongside.training.tests.conftest import SAFEGUARDING, train

    train(coordinator, peer_worker, SAFEGUARDING, accredited=True)
    share = metrics.accredited_share(coordinator.service, timezone.localdate())
    page = client_for(coordinator).get(reverse("training:team")).content.decode()
    assert (
        f"{share.accredited} of {share.of} peer workers ({share.percent}%) have accredited training." in page
    )
    assert share == metrics.AccreditedShare(1, 2)


def test_someone_without_a_record_is_told_so(clinician: Membership) -> None:
    client = client_for(clinician)
    assert (
        "for peer workers and co-ordinators" in client.get(reverse("training:development")).content.decode()
    )
    assert client.get(reverse("training:development_new")).status_code == 302


def test_in_a_team_of_one_or_two_no_count_tells_who_keeps_a_record(
    coordinator: Membership, peer_worker: Membership
) -> None:
    add(peer_worker)
    share = metrics.development_share(coordinator.service, timezone.localdate())
    assert share.too_few and share.with_development == 1
    page = client_for(coordinator).get(reverse("training:team")).content.decode()
    assert "added to their own development record" not in page
    assert "Development records are counted once the team has 3 or more peer workers" in page
