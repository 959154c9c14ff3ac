"""Principle 3: no clinical scale (no HoNOS, no symptom score) anywhere in peer support outcomes."""

from django.apps import apps

CLINICAL = ("honos", "phq", "gad7", "gad_7", "epds", "core10", "core_10", "symptom", "diagnos", "severity")


def clinical(names: list[str]) -> list[str]:
    return [n for n in names if any(word in n.lower() for word in CLINICAL)]


def field_names(app_label: str) -> list[str]:
    return [
        f"{model.__name__}.{field.name}"
        for model in apps.get_app_config(app_label).get_models()
        for field in model._meta.get_fields()
    ]


def test_no_clinical_scale_in_outcomes() -> None:
    names = field_names("outcomes")
    assert "GoalRating.score" in names  # the scan reads the real models
    assert clinical(names) == []


def test_the_scan_would_catch_one() -> None:
    assert clinical(["Goal.text", "FeedbackAnswer.honos_total", "Rating.PHQ9"]) == [
        "FeedbackAnswer.honos_total",
        "Rating.PHQ9",
    ]
