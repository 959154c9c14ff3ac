"""ADR 0006 holds for recruitment and the peer network: no field about time since discharge,
diagnosis or recovery, and none about what she may share of her own story."""

from django import forms
from django.apps import apps

from alongside.network import forms as network_forms
from alongside.recruitment import forms as recruitment_forms
from alongside.wellbeing.tests.test_wellbeing_and_readiness import FORBIDDEN, STORY

APPS = ["recruitment", "network"]


def model_fields() -> list[str]:
    found = []
    for label in APPS:
        for model in apps.get_app_config(label).get_models():
            for field in model._meta.get_fields():
                text = " ".join(
                    str(getattr(field, a, "") or "") for a in ("name", "verbose_name", "help_text")
                )
                found.append(f"{model.__name__}.{field.name}: {text}")
    return found


def form_fields() -> list[str]:
    found = []
    for module in (recruitment_forms, network_forms):
        for form in vars(module).values():
            if isinstance(form, type) and issubclass(form, forms.BaseForm) and form is not forms.Form:
                for name, field in form.base_fields.items():
                    found.append(f"{form.__name__}.{name}: {field.label} {field.help_text}")
    return found


def test_no_recruitment_or_network_field_asks_about_her_illness_or_what_she_may_share() -> None:
    assert len(model_fields()) > 20 and len(form_fields()) > 15  # the scan reads something
    assert [f for f in model_fields() + form_fields() if FORBIDDEN.search(f) or STORY.search(f)] == []


def test_the_scan_would_catch_a_time_since_discharge_field() -> None:
    assert FORBIDDEN.search("Candidate.months_since_discharge: months since discharge")
