"""ADR 0006 holds here too: no field about time since discharge, diagnosis or recovery, and none
about what she may share of her own story."""

from django.apps import apps

from alongside.wellbeing.tests.test_wellbeing_and_readiness import FORBIDDEN, STORY


def fields() -> list[str]:
    found = []
    for model in apps.get_app_config("workforce").get_models():
        for field in model._meta.get_fields():
            text = " ".join(str(getattr(field, a, "") or "") for a in ("name", "verbose_name", "help_text"))
            found.append(f"{model.__name__}.{field.name}: {text}")
    return found


def test_no_supervision_field_asks_about_her_illness_or_what_she_may_share() -> None:
    assert fields()  # the scan reads something
    assert [f for f in fields() if FORBIDDEN.search(f) or STORY.search(f)] == []
