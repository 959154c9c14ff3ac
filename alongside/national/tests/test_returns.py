"""The national return (ADR 0041, docs/national-return.md): it reads back the same from JSON and
CSV, it is refused whole, with every problem named, when it could give a small number away or does
not add up, every version is kept, and it carries nothing about a person."""

import contextlib
import copy
import datetime as dt
import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.test import override_settings
from django.utils import timezone

from alongside.grid.models import Practice
from alongside.national import returns
from alongside.national.models import PerinatalService, Return
from alongside.national.returns import COUNTS, check, make, parse, receive, to_csv, to_json
from alongside.organisations.models import ICB, Membership, Region, Role, Service
from alongside.support import services
from alongside.support.models import PeerSupport
from conftest import make_member, refer

pytestmark = pytest.mark.django_db

QUARTER = "2026-Q2"


def register(code: str, service: Service | None = None, icb: ICB | None = None) -> PerinatalService:
    """A service in the national register, in an ICB of its own unless one is given."""
    if icb is None:
        region, _ = Region.objects.get_or_create(name="Northshire region", defaults={"code": "Y99"})
        icb = ICB.objects.create(name=f"NHS {code} ICB", region=region, code=f"Q{code[-3:]}")
    return PerinatalService.objects.create(
        code=code,
        name=f"Team {code}",
        kind=PerinatalService.Kind.COMMUNITY,
        icb=icb,
        trust_name="A Trust",
        service=service,
    )


def counts(**changed: Any) -> dict[str, Any]:
    """A service's counts as a return may show them: zeros, eights or more, and hidden ones."""
    shown: dict[str, Any] = {
        "referred": 12,
        "reached": "*",
        "one_to_one_contacts": 40,
        "group_sessions": 0,
        "hours": 25,
        "year_referred": 31,
        "year_reached": 9,
        "year_hours": 80,
        "peer_supporters": 10,
        "paid": "*",
        "volunteers": "*",
        "trained": "*",
        "non_peer_duty_hours": 0,
    }
    return {**shown, **changed}


def block(code: str, **changed: Any) -> dict[str, Any]:
    return {
        "code": code,
        "name": f"Team {code}",
        "icb_code": f"Q{code[-3:]}",
        "kind": "community",
        "counts": counts(**changed),
        "setup": {
            "source": "Alongside's own records",
            "as_of": "2026-06-30",
            "employed_by": "Both",
            "works": "In a team",
            "contract_types": ["Fixed term", "Permanent"],
            "pay_bands": ["3", "4"],
            "hours_per_week": "56.5",
            "supervision": "NHS every 42 days, peer every 28 days",
            "training": None,
            "non_peer_duties": None,
            "coordinator": "own",
            "lived_experience_design": True,
        },
        "grid": {"completed_on": "2026-05-01", "ratings": {"welcome": "Mostly", "listening": None}},
        "recommendations": {
            "on": "2026-06-30",
            "statuses": {str(n): ("Met" if n % 2 else "Partly met") for n in range(1, 15)},
        },
    }


def a_return(*blocks: dict[str, Any], **header: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "format": "alongside-national-return",
        "schema_version": 1,
        "deployment": "Northshire Alongside",
        "made_at": "2026-07-01T06:00:00+00:00",
        "quarter": QUARTER,
        "period": {"start": "2026-04-01", "end": "2026-06-30"},
        "services": list(blocks),
        "totals": returns.totals(blocks),
    }
    doc.update(header)
    return doc


@pytest.fixture
def registered(db: Any) -> list[PerinatalService]:
    return [register("ZS001"), register("ZS002")]


@pytest.fixture
def good(registered: list[PerinatalService]) -> dict[str, Any]:
    return a_return(block("ZS001"), block("ZS002", referred=0, paid=8, volunteers=0, peer_supporters=8))


# Round trips --------------------------------------------------------------------------------


def test_json_and_csv_read_back_as_the_same_return(good: dict[str, Any]) -> None:
    for text in (to_json(good), to_csv(good)):
        back = parse(text.encode())
        assert back["services"] == good["services"]
        assert back == good
        checked, problems = check(back)
        assert problems == [] and checked is not None
        assert [ps.code for ps, _ in checked.blocks] == ["ZS001", "ZS002"]


def test_a_byte_order_mark_is_allowed(good: dict[str, Any]) -> None:
    assert parse("\ufeff".encode() + to_csv(good).encode()) == good


# Refusals, each with its message ----------------------------------------------------------------

Change = Callable[[dict[str, Any]], None]


def in_counts(**changed: Any) -> Change:
    """Change the first service's counts, and its totals to match: only the counts are wrong."""

    def change(doc: dict[str, Any]) -> None:
        doc["services"][0]["counts"].update(changed)
        with contextlib.suppress(TypeError):  # a count that is not a number has no total
            doc["totals"] = returns.totals(doc["services"])

    return change


def in_block(section: str, **changed: Any) -> Change:
    def change(doc: dict[str, Any]) -> None:
        doc["services"][0][section].update(changed)

    return change


def setting(key: str, value: Any) -> Change:
    def change(doc: dict[str, Any]) -> None:
        doc[key] = value

    return change


def first_service(**changed: Any) -> Change:
    def change(doc: dict[str, Any]) -> None:
        doc["services"][0].update(changed)

    return change


def totals_of(key: str, **changed: int) -> Change:
    def change(doc: dict[str, Any]) -> None:
        doc["totals"][key].update(changed)

    return change


def twice(doc: dict[str, Any]) -> None:
    doc["services"].append(copy.deepcopy(doc["services"][0]))
    doc["totals"] = returns.totals(doc["services"])


def without_count(doc: dict[str, Any]) -> None:
    del doc["services"][0]["counts"]["trained"]


S1 = "service 1 (ZS001)"
REFUSALS: list[tuple[str, Change, str]] = [
    (
        "a count from 1 to 7",
        in_counts(referred=5),
        f"{S1}: counts.referred is 5, a count from 1 to 7: a return must show it as *",
    ),
    (
        "a count of 1 in a breakdown",
        in_counts(paid=1, volunteers=9, peer_supporters=10),
        f"{S1}: counts.paid is 1, a count from 1 to 7: a return must show it as *",
    ),
    (
        "a total that is not its parts",
        in_counts(peer_supporters=20, paid=10, volunteers=8),
        f"{S1}: counts.peer_supporters is 20, but paid + volunteers add up to 18",
    ),
    (
        "only one of a breakdown hidden",
        in_counts(peer_supporters=18, paid=10, volunteers="*"),
        f"{S1}: only one of counts.peer_supporters and its parts (paid, volunteers) is hidden, "
        "so it can be worked out from the others: hide another too",
    ),
    (
        "only the breakdown's total hidden",
        in_counts(peer_supporters="*", paid=10, volunteers=0),
        f"{S1}: only one of counts.peer_supporters and its parts (paid, volunteers) is hidden, "
        "so it can be worked out from the others: hide another too",
    ),
    (
        "a count that is not a number",
        in_counts(hours="few"),
        f"{S1}: counts.hours is 'few', not a whole number or \"*\"",
    ),
    ("a negative count", in_counts(hours=-8), f'{S1}: counts.hours is -8, not a whole number or "*"'),
    ("a true for a count", in_counts(hours=True), f'{S1}: counts.hours is True, not a whole number or "*"'),
    ("a count too many", in_counts(mothers=12), f"{S1}: counts.mothers is not a count a return has"),
    ("a count missing", without_count, f"{S1}: counts.trained is missing"),
    (
        "totals shown that do not add up",
        totals_of("referred", shown=13),
        "totals.referred is {'shown': 13, 'hidden': 0}, but the services add up to "
        "{'shown': 12, 'hidden': 0} (shown: what they show, added up; hidden: how many show *)",
    ),
    (
        "totals hidden that do not add up",
        totals_of("reached", hidden=0),
        "totals.reached is {'shown': 0, 'hidden': 0}, but the services add up to "
        "{'shown': 0, 'hidden': 2} (shown: what they show, added up; hidden: how many show *)",
    ),
    ("no totals", setting("totals", None), "totals is missing"),
    (
        "an unknown service",
        first_service(code="ZZ999"),
        "service 1 (ZZ999): ZZ999 is not in the national register (load it with import_services first)",
    ),
    ("a service twice", twice, "service 3 (ZS001): the service appears twice in the return"),
    (
        "a bad quarter",
        setting("quarter", "2026-Q5"),
        'quarter: "2026-Q5" is not a quarter: write it like 2026-Q3',
    ),
    (
        "a period that is not the quarter",
        setting("period", {"start": "2026-04-01", "end": "2026-07-31"}),
        "period does not match the quarter 2026-Q2",
    ),
    (
        "a period that is not an object",
        setting("period", ["2026-04-01"]),
        "period does not match the quarter 2026-Q2",
    ),
    (
        "no deployment",
        setting("deployment", " "),
        "deployment is missing: name the deployment that made the return",
    ),
    ("a bad made_at", setting("made_at", "teatime"), "made_at is not a date and time (ISO 8601)"),
    (
        "a bad employer",
        in_block("setup", employed_by="The council"),
        f"{S1}: setup.employed_by is 'The council', not one of NHS, Third sector, Both",
    ),
    (
        "bad hours a week",
        in_block("setup", hours_per_week="lots"),
        f"{S1}: setup.hours_per_week is 'lots', not a number of hours from 0 to 1000",
    ),
    (
        "too many hours a week",
        in_block("setup", hours_per_week="1000.5"),
        f"{S1}: setup.hours_per_week is '1000.5', not a number of hours from 0 to 1000",
    ),
    ("a set-up with no source", in_block("setup", source=""), f"{S1}: setup.source is missing"),
    (
        "a set-up with no date",
        in_block("setup", as_of="June"),
        f"{S1}: setup.as_of is not a date (YYYY-MM-DD)",
    ),
    (
        "pay bands that are not a list",
        in_block("setup", pay_bands="3, 4"),
        f"{S1}: setup.pay_bands must be a list of words or null",
    ),
    (
        "a yes or no that is neither",
        in_block("setup", lived_experience_design="maybe"),
        f"{S1}: setup.lived_experience_design must be true, false or null",
    ),
    ("a set-up that is not an object", first_service(setup="NHS"), f"{S1}: setup must be an object or null"),
    (
        "a grid with no date",
        in_block("grid", completed_on="last spring"),
        f"{S1}: grid.completed_on is not a date (YYYY-MM-DD)",
    ),
    (
        "grid ratings that are not names",
        in_block("grid", ratings={"welcome": 3}),
        f"{S1}: grid.ratings must map each practice to a level's name or null",
    ),
    (
        "a recommendation missing",
        in_block("recommendations", statuses={str(n): "Met" for n in range(1, 14)}),
        f"{S1}: recommendations.statuses must give each of the fourteen, 1 to 14",
    ),
    (
        "a status that is not one",
        in_block("recommendations", statuses={str(n): "Met" if n != 4 else "Great" for n in range(1, 15)}),
        f"{S1}: recommendation 4 is 'Great', not one of Met, Partly met, Not met, Does not apply, Not known",
    ),
    (
        "recommendations with no date",
        in_block("recommendations", on=""),
        f"{S1}: recommendations.on is not a date (YYYY-MM-DD)",
    ),
]


@pytest.mark.parametrize(("change", "message"), [r[1:] for r in REFUSALS], ids=[r[0] for r in REFUSALS])
def test_a_bad_return_is_refused_with_its_problem_named(
    good: dict[str, Any], change: Change, message: str
) -> None:
    assert check(good)[1] == []  # the return before the change is good
    change(good)

    checked, problems = check(good)

    assert checked is None
    assert message in problems


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            setting("format", "something-else"),
            'This is not an Alongside national return: its "format" is not',
        ),
        (setting("schema_version", 2), "Schema version 2 is not one this deployment reads (it reads 1)"),
        (setting("services", []), "services is missing or empty: a return is about at least one service"),
        (setting("services", None), "services is missing or empty: a return is about at least one service"),
    ],
    ids=["wrong format", "schema version", "no services", "services missing"],
)
def test_a_return_of_the_wrong_shape_is_refused(good: dict[str, Any], change: Change, message: str) -> None:
    change(good)
    checked, problems = check(good)
    assert checked is None
    assert len(problems) == 1 and problems[0].startswith(message)


def test_every_problem_is_reported_not_just_the_first(good: dict[str, Any]) -> None:
    in_counts(referred=3, hours=4)(good)
    setting("deployment", "")(good)
    _, problems = check(good)
    assert len(problems) == 3


def test_a_refused_return_saves_nothing_not_even_its_good_services(good: dict[str, Any]) -> None:
    in_counts(referred=3)(good)  # the first service is bad, the second good

    received = receive(good, source="northshire.json")

    assert not received.ok and received.new == []
    assert received.summary() == "northshire.json: refused, 1 problem(s); nothing was saved"
    assert not Return.objects.exists()


# Versions -------------------------------------------------------------------------------------------


def test_a_changed_return_is_a_new_version_and_the_old_one_is_kept(good: dict[str, Any]) -> None:
    first = receive(good, source="q2.json")
    assert first.ok and first.new == ["ZS001 v1", "ZS002 v1"]
    assert first.summary() == "q2.json, 2026-Q2: kept 2 new version(s) (ZS001 v1, ZS002 v1); 0 unchanged"

    in_counts(referred=14)(good)
    second = receive(good, source="q2-corrected.json")

    assert second.new == ["ZS001 v2"] and second.unchanged == ["ZS002"]
    kept = Return.objects.filter(perinatal_service__code="ZS001").order_by("version")
    assert [(r.version, r.current, r.source) for r in kept] == [
        (1, False, "q2.json"),
        (2, True, "q2-corrected.json"),
    ]
    assert kept[0].body["counts"]["referred"] == 12 and kept[1].body["counts"]["referred"] == 14
    assert Return.objects.filter(current=True).count() == 2
    ret = kept[1]
    assert ret.deployment == "Northshire Alongside" and ret.quarter == dt.date(2026, 4, 1)
    assert ret.made_at == dt.datetime(2026, 7, 1, 6, tzinfo=dt.UTC)


def test_the_same_return_again_is_unchanged(good: dict[str, Any]) -> None:
    receive(good, source="q2.json")
    again = receive(copy.deepcopy(good) | {"made_at": "2026-07-02T06:00:00+00:00"}, source="q2-again.json")

    assert again.new == [] and again.unchanged == ["ZS001", "ZS002"]
    assert again.summary() == "q2-again.json, 2026-Q2: kept 0 new version(s); 2 unchanged"
    assert Return.objects.count() == 2


def test_another_quarter_is_a_first_version_of_its_own(good: dict[str, Any]) -> None:
    receive(good, source="q2.json")
    q3 = copy.deepcopy(good) | {"quarter": "2026-Q3", "period": {"start": "2026-07-01", "end": "2026-09-30"}}
    assert receive(q3, source="q3.json").new == ["ZS001 v1", "ZS002 v1"]
    assert Return.objects.filter(current=True).count() == 4


def test_a_dry_run_says_what_it_would_keep_and_saves_nothing(good: dict[str, Any]) -> None:
    received = receive(good, source="q2.json", dry_run=True)

    assert received.ok and received.new == ["ZS001 v1", "ZS002 v1"]
    assert received.summary().startswith("q2.json, 2026-Q2: would keep 2 new version(s)")
    assert not Return.objects.exists()


# Made from this deployment's records: aggregates only ------------------------------------------------

SECRET_NAMES = ("Philippa", "Quennell", "Zelphinia", "Ottoline", "Marchbanks")
TOP_KEYS = {"format", "schema_version", "deployment", "made_at", "quarter", "period", "services", "totals"}
BLOCK_KEYS = {"code", "name", "icb_code", "kind", "counts", "setup", "grid", "recommendations"}
SETUP_KEYS = {
    "source",
    "as_of",
    "employed_by",
    "works",
    "contract_types",
    "pay_bands",
    "hours_per_week",
    "supervision",
    "training",
    "non_peer_duties",
    "coordinator",
    "lived_experience_design",
}


@pytest.fixture
def recorded(service: Service) -> tuple[PerinatalService, dt.date]:
    """A service with people in the last complete quarter: nine referred (shown), two of them
    reached in ten contacts (reached hidden, contacts shown), five hours (hidden), no groups (0)."""
    quarter = returns.last_complete_quarter(timezone.localdate())
    clinician = make_member(service, Role.CLINICIAN, "zelphinia")
    coordinator = make_member(service, Role.COORDINATOR, "ottoline")
    peer = make_member(service, Role.PEER_WORKER, "marchbanks")
    people = [refer(clinician, given_name="Philippa", family_name=f"Quennell{n}") for n in range(9)]
    PeerSupport.objects.filter(pk__in=[p.pk for p in people]).update(
        referred_on=quarter + dt.timedelta(days=3)
    )
    for person in people[:2]:
        person.refresh_from_db()
        services.allocation_create(
            actor=coordinator.user, membership=coordinator, peer_support=person, peer_workers=[peer.user]
        )
        for day in range(5):
            services.contact_log(
                actor=peer.user,
                membership=peer,
                peer_support=person,
                contact_with="mother",
                occurred_at=timezone.make_aware(dt.datetime.combine(quarter, dt.time(10)))
                + dt.timedelta(days=10 + day),
                duration_minutes=30,
                mode="phone",
                successful=True,
                note="Philippa Quennell talked about her sleep",
            )
    return register("ZS001", service), quarter


def walk(value: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    """Every (path, value) in a JSON document, leaves and branches."""
    yield path, value
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from walk(inner, f"{path}.{key}")
    elif isinstance(value, list):
        for inner in value:
            yield from walk(inner, f"{path}[]")


@override_settings(ALONGSIDE_DEPLOYMENT="Northshire Alongside")
def test_a_return_made_here_counts_what_happened_suppressed(
    recorded: tuple[PerinatalService, dt.date], peer_worker: Membership
) -> None:
    ps, quarter = recorded
    doc = make([ps], quarter)

    assert doc["deployment"] == "Northshire Alongside" and doc["quarter"] == returns.quarter_label(quarter)
    got = doc["services"][0]["counts"]
    assert (got["referred"], got["reached"], got["one_to_one_contacts"]) == (9, "*", 10)
    assert (got["hours"], got["group_sessions"]) == ("*", 0)
    # Today's team: two peer workers and the co-ordinator are paid, no volunteers; all hidden as a table.
    assert (got["peer_supporters"], got["paid"], got["volunteers"]) == ("*", "*", 0)
    assert check(doc)[1] == []
    for text in (to_json(doc), to_csv(doc)):
        assert parse(text.encode())["services"] == doc["services"]
        assert check(parse(text.encode()))[1] == []


def test_a_return_carries_nothing_about_a_person(recorded: tuple[PerinatalService, dt.date]) -> None:
    ps, quarter = recorded
    doc = make([ps], quarter)
    practices = set(Practice.objects.values_list("code", flat=True))

    for path, value in walk(json.loads(to_json(doc))):
        if isinstance(value, dict):
            allowed = {
                "": TOP_KEYS,
                ".period": {"start", "end"},
                ".services[]": BLOCK_KEYS,
                ".services[].counts": set(COUNTS),
                ".services[].setup": SETUP_KEYS,
                ".services[].grid": {"completed_on", "ratings"},
                ".services[].grid.ratings": practices,
                ".services[].recommendations": {"on", "statuses"},
                ".services[].recommendations.statuses": set(returns.RECOMMENDATION_NUMBERS),
                ".totals": set(COUNTS),
            }.get(path, {"shown", "hidden"} if path.startswith(".totals.") else set())
            assert set(value) <= allowed, f"{path} has {set(value) - allowed}"
    for text in (to_json(doc), to_csv(doc)):
        for name in SECRET_NAMES:
            assert name.lower() not in text.lower()
        assert "sleep" not in text  # no words written about anyone
