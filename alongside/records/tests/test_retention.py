import datetime as dt
import io
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from alongside.audit.models import AuditLog
from alongside.notifications.models import OutboundEmail
from alongside.people.models import Person
from alongside.records import retention
from alongside.records.models import Erasure
from alongside.records.services import generalised_birth_date
from alongside.records.tests.her_records import describe, records_of_every_kind
from alongside.reports import figures
from alongside.support.models import Status
from conftest import refer

LONG_AGO = timezone.now() - dt.timedelta(days=365 * 22)  # past the 20 years of the default schedule


def _in_the_past(clinician: Any, worker: Any, n: int, born: dt.date) -> Any:
    """Someone referred 22 years ago, supported, and ended then: a record of every kind."""
    ps = refer(clinician, given_name=f"Past{n}")
    describe(ps.person)
    ps.person.date_of_birth = born
    ps.person.nhs_number = ""
    ps.person.save()
    day = LONG_AGO.date()
    records_of_every_kind(ps, worker=worker, at=LONG_AGO + dt.timedelta(days=n), erasure=False)
    ps.referred_on = day
    ps.status, ps.status_changed_on = Status.ENDED, day + dt.timedelta(days=60)
    ps.save()
    ps.person.consents.update(given_on=day)
    Person.objects.filter(pk=ps.person.pk).update(created_at=LONG_AGO)
    return ps


@pytest.fixture
def past(clinician: Any, peer_worker: Any) -> list[Any]:
    """Ten people from 22 years ago (enough that small-number suppression hides nothing), born
    either side of an age band's edge, and one referred today."""
    day = LONG_AGO.date()
    births = [
        day.replace(year=day.year - 25) + dt.timedelta(days=d) for d in (-3, -1, 0, 1, 2, 40, -40, 5, -5, 10)
    ]
    people = [_in_the_past(clinician, peer_worker, n, born) for n, born in enumerate(births)]
    refer(clinician, given_name="Recent")
    return people


def _figures(service: Any) -> tuple[Any, Any]:
    start = LONG_AGO.date() - dt.timedelta(days=30)
    end = LONG_AGO.date() + dt.timedelta(days=335)
    report = figures.build(service, start, end)
    return report.tables, report.equity


def test_it_lists_only_records_past_their_period(past: list[Any]) -> None:
    due = [d.person for d in retention.care_records_due()]
    assert due == [ps.person for ps in past]


def test_the_dry_run_lists_and_changes_nothing(past: list[Any]) -> None:
    out = io.StringIO()
    call_command("retention", stdout=out)
    assert "10 records and 0 sent emails are past their retention period" in out.getvalue()
    assert "Dry run: nothing changed" in out.getvalue()
    assert not Erasure.objects.exists()
    assert Person.objects.filter(given_name__startswith="Past").count() == 10


def test_apply_anonymises_them_and_past_figures_are_unchanged(past: list[Any], service: Any) -> None:
    before = _figures(service)
    assert before[0][0].rows[0].values != [0]  # the period has figures to keep
    out = io.StringIO()
    call_command("retention", "--apply", stdout=out)
    assert "Anonymised 10 records" in out.getvalue()
    assert not Person.objects.filter(given_name__startswith="Past").exists()
    assert Person.objects.filter(given_name="Recent").exists()
    assert Erasure.objects.filter(kind="retention").count() == 10
    assert _figures(service) == before


def test_apply_is_audited_without_names(past: list[Any]) -> None:
    call_command("retention", "--apply", stdout=io.StringIO())
    rows = AuditLog.objects.filter(action="delete", summary__startswith="Record anonymised")
    assert rows.count() == 10
    assert not any("Past" in r.summary or "Khan" in r.summary for r in rows)


def test_someone_with_open_peer_support_is_never_due(past: list[Any]) -> None:
    past[0].status = Status.ACTIVE
    past[0].save()
    assert past[0].person not in [d.person for d in retention.care_records_due()]


def test_a_contact_since_keeps_her_record(past: list[Any]) -> None:
    past[0].contacts.update(occurred_at=timezone.now() - dt.timedelta(days=365))
    assert past[0].person not in [d.person for d in retention.care_records_due()]


def test_the_period_is_configurable(past: list[Any], settings: Any) -> None:
    settings.ALONGSIDE = {**settings.ALONGSIDE, "RETAIN_CARE_RECORD_YEARS": 25}
    assert list(retention.care_records_due()) == []
    settings.ALONGSIDE = {**settings.ALONGSIDE, "RETAIN_CARE_RECORD_YEARS": 21}
    assert len(list(retention.care_records_due())) == 10


def test_sent_emails_past_their_period_are_deleted(past: list[Any]) -> None:
    old = OutboundEmail.objects.create(to="a@test.example", subject="s", body="b")
    OutboundEmail.objects.filter(pk=old.pk).update(sent_at=timezone.now() - dt.timedelta(days=365 * 3))
    unsent = OutboundEmail.objects.create(to="a@test.example", subject="s", body="b")
    call_command("retention", "--apply", stdout=io.StringIO())
    assert not OutboundEmail.objects.filter(pk=old.pk).exists()
    assert OutboundEmail.objects.filter(pk=unsent.pk).exists()


@pytest.mark.parametrize("born", [dt.date(1990, 6, 15), dt.date(1992, 2, 29), dt.date(1995, 12, 31)])
def test_a_generalised_birth_date_keeps_her_age_band_on_every_referral(born: dt.date) -> None:
    from alongside.equity.groups import age_band

    referred = [dt.date(2015, 6, 14), dt.date(2016, 3, 1), dt.date(2016, 2, 29)]
    general = generalised_birth_date(born, referred)
    assert [age_band(general, d) for d in referred] == [age_band(born, d) for d in referred]
    assert (general.month, general.day) == (7, 1)


def test_referrals_either_side_of_a_band_edge_keep_her_exact_ages() -> None:
    from alongside.equity.groups import age_on

    born = dt.date(1990, 6, 15)
    referred = [dt.date(2015, 6, 14), dt.date(2015, 6, 16)]  # 24, then 25: either side of an edge
    general = generalised_birth_date(born, referred)
    assert [age_on(general, d) for d in referred] == [24, 25]
