"""The grid's figures in their two forms: the words the service's own team sees, and the same
figure fit to leave the service (counts suppressed, a share hidden with its count or its whole,
nobody named); how a rating keeps them; and the migrations that brought old ratings and rows along."""

import datetime as dt
import importlib
from collections import Counter
from typing import Any

import pytest
from django.apps import apps
from django.utils import timezone

from alongside.equity.metrics import Cell, Report, Row, Table
from alongside.grid import evidence
from alongside.grid.evidence import EVIDENCE, NOT_SHOWN, Figure, Sources, stored_figures
from alongside.grid.models import Practice, Rating, Review
from alongside.transitions.metrics import Continuity, Outcome
from alongside.workforce.metrics import Share

pytestmark = pytest.mark.django_db

figures_structured = importlib.import_module("alongside.grid.migrations.0004_figures_structured")
more_evidence = importlib.import_module("alongside.grid.migrations.0005_more_evidence")


def sources(service: Any, **figures: Any) -> Sources:
    """Sources whose figures are given, not counted (each a cached_property: set, it is kept)."""
    s = Sources(service, timezone.localdate())
    for name, value in figures.items():
        setattr(s, name, value)
    return s


def test_a_figure_is_kept_as_a_dict_and_read_back_with_old_plain_words() -> None:
    figure = Figure("training", "3 of 9 peer workers (33%) …", "* of 10 peer workers (share not shown) …")
    assert figure.as_json() == {"key": "training", "text": figure.text, "aggregate": figure.aggregate}
    assert stored_figures([figure.as_json(), "Paid below band 3: 2"]) == [
        figure,
        Figure("", "Paid below band 3: 2", ""),  # words only: not shown outside the service
    ]
    assert stored_figures(None) == [] and str(figure) == figure.text


@pytest.mark.parametrize(
    ("up_to_date", "of", "aggregate"),
    [
        (3, 20, f"* of 20 peer workers ({NOT_SHOWN})"),  # a small count: hidden, and its share
        (8, 8, "10 of 10 peer workers (100%)"),  # 8 is above the small numbers: shown, rounded
        (9, 21, "10 of 20 peer workers (43%)"),  # counts rounded, the share from the true counts
        (0, 6, f"0 of * peer workers ({NOT_SHOWN})"),  # a small whole hides the share too
    ],
)
def test_a_share_outside_the_service_hides_a_small_count_and_its_share(
    service: Any, settings: Any, up_to_date: int, of: int, aggregate: str
) -> None:
    settings.ALONGSIDE = {**settings.ALONGSIDE, "SUPPRESS_MAX": 7, "ROUND_TO": 5}
    figure = EVIDENCE["dual_supervision"].figure(sources(service, supervision=Share(up_to_date, of)))
    assert figure.key == "dual_supervision"
    assert figure.text.startswith(f"{up_to_date} of {of} peer workers ({round(100 * up_to_date / of)}%)")
    assert figure.aggregate.startswith(aggregate)


def test_a_count_of_one_to_seven_is_a_star_outside_the_service(service: Any, settings: Any) -> None:
    settings.ALONGSIDE = {**settings.ALONGSIDE, "SUPPRESS_MAX": 7, "ROUND_TO": 5}
    for n, shown in ((0, "0"), (1, "*"), (7, "*"), (8, "10"), (12, "10")):
        fathers = EVIDENCE["fathers_waiting"].figure(sources(service, fathers_waiting=n))
        assert fathers.text.startswith(f"{n} father") and fathers.aggregate.startswith(f"{shown} fathers")


def test_continuity_outside_the_service_is_hidden_and_rounded_as_the_summary_does(
    service: Any, settings: Any
) -> None:
    settings.ALONGSIDE = {**settings.ALONGSIDE, "SUPPRESS_MAX": 7, "ROUND_TO": 5}

    def continuity(continued: int, lapsed: int) -> Figure:
        counted = {Outcome.CONTINUED: continued, Outcome.LAPSED: lapsed}
        return EVIDENCE["continuity"].figure(sources(service, continuity=Continuity(28, counted=counted)))

    few_lost = continuity(20, 3)  # 3 lost: the share would give them away
    assert few_lost.text.startswith("87% kept their peer support") and ": 20 of 23 had" in few_lost.text
    assert NOT_SHOWN in few_lost.aggregate and "87%" not in few_lost.aggregate
    assert "(of 25 whose outcome is known)" in few_lost.aggregate
    shown = continuity(20, 10)
    assert shown.aggregate.startswith("65% kept their peer support")  # 66.7%, to the nearest 5
    nobody = continuity(0, 0)
    assert nobody.text == nobody.aggregate and nobody.text.startswith("Nobody discharged")


def test_equity_counts_the_groups_marked_under_represented_among_people_reached(service: Any) -> None:
    def row(label: str, reached_under: bool, referred_under: bool = False) -> Row:
        cells = {
            "referred": Cell("10", "20%", referred_under),
            "supported": Cell("10", "20%"),
            "reached": Cell("*", "*", reached_under),
        }
        return Row(label, label, None, cells)

    tables = [
        Table("ethnic_category", "Ethnic category", [row("A", True), row("B", False, True)], {}, ["Census"]),
        Table("language", "Language", [row("Urdu", True)], {}, []),
    ]
    today = timezone.localdate()
    report = Report(service, today - dt.timedelta(days=364), today, {}, tables, 0.8)
    figure = EVIDENCE["equity"].figure(sources(service, equity=report))
    assert figure.text.startswith("2 groups under-represented among people reached")
    assert figure.aggregate == figure.text  # the equity page is suppressed already, and names groups only
    none_given = Report(
        service, today, today, {}, [Table("age_band", "Age band", [row("x", False)], {}, [])], 0.8
    )
    assert (
        EVIDENCE["equity"].figure(sources(service, equity=none_given)).text.startswith("No local population")
    )


def test_every_figure_is_named_by_a_default_row_and_links_to_its_page(service: Any) -> None:
    named = Counter(key for p in Practice.objects.all() for key in p.evidence)
    assert set(EVIDENCE) <= set(named)
    for e in EVIDENCE.values():
        assert e.href(service).startswith("/")
    assert EVIDENCE["goals_asked"].href(service).endswith(f"/{service.pk}/")


def test_old_ratings_become_structured_and_back(coordinator: Any) -> None:
    review = Review.objects.create(
        service=coordinator.service, started_on=timezone.localdate(), started_by=coordinator.user
    )
    practice = Practice.objects.get(code="pay")
    kept = {"key": "below_band", "text": "Paid below band 3: 2", "aggregate": "Paid below band 3: *"}
    old = Rating.objects.create(review=review, practice=practice, figures=["Paid below band 3: 2"])
    new = Rating.objects.create(review=review, practice=Practice.objects.get(code="training"), figures=[kept])
    figures_structured.to_dicts(apps, None)
    old.refresh_from_db()
    new.refresh_from_db()
    assert old.figures == [{"key": "", "text": "Paid below band 3: 2", "aggregate": ""}]
    assert new.figures == [kept]
    figures_structured.to_words(apps, None)
    old.refresh_from_db()
    new.refresh_from_db()
    assert old.figures == ["Paid below band 3: 2"] and new.figures == ["Paid below band 3: 2"]


def test_new_figures_are_added_to_existing_rows_keeping_an_administrators_edits() -> None:
    edited = Practice.objects.get(code="transitions")
    edited.evidence = ["fathers_waiting"]  # an administrator chose this figure here
    edited.save()
    already = Practice.objects.get(code="goals-by-agreement")
    already.evidence = ["goals_improved"]  # and kept one of the new ones, dropping the other
    already.save()
    more_evidence.add(apps, None)
    more_evidence.add(apps, None)  # twice changes nothing more
    assert Practice.objects.get(code="transitions").evidence == ["fathers_waiting", "continuity"]
    assert Practice.objects.get(code="goals-by-agreement").evidence == ["goals_improved", "goals_asked"]
    more_evidence.remove(apps, None)
    assert Practice.objects.get(code="transitions").evidence == ["fathers_waiting"]
    assert evidence.EVIDENCE["continuity"].page == "transitions:list"
