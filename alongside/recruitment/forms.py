from typing import Any

from django import forms

from alongside.lib import dates, names, phone
from alongside.organisations.models import Employment
from alongside.people.forms import DATE
from alongside.recruitment.models import OUTCOMES, CandidateStep, Vacancy


def _outcomes_hint() -> str:
    """What each step can come to, so the choice is clear before the form is sent."""
    lines = []
    for kind, outcomes in OUTCOMES.items():
        name = CandidateStep.Kind(kind).name.title()
        lines.append(f"{name}: {', '.join(CandidateStep.Outcome(o).label.lower() for o in outcomes)}.")
    return " ".join(lines)


class VacancyForm(forms.Form):
    title = forms.CharField(max_length=200, label="Title")
    post = forms.ChoiceField(choices=Vacancy.Post.choices, widget=forms.RadioSelect, label="Role")
    employment = forms.ChoiceField(
        choices=Employment.choices, widget=forms.RadioSelect, label="How the role is employed"
    )
    hours_per_week = forms.DecimalField(
        max_digits=4,
        decimal_places=1,
        label="Hours a week",
        error_messages={"invalid": "Enter hours as a number, like 22.5"},
    )
    band = forms.CharField(
        max_length=40,
        required=False,
        label="Pay band, as advertised (optional)",
        help_text="For example Band 4. Leave empty for a volunteer role.",
    )
    closes_on = dates.DateField(widget=DATE, label="Closing date")


class VacancyEditForm(VacancyForm):
    status = forms.ChoiceField(choices=Vacancy.Status.choices, widget=forms.RadioSelect, label="Status")


class PanelForm(forms.Form):
    user: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=None,
        label="Who",
        empty_label="Choose someone",
        help_text="Someone from the service's team, or a peer worker hosted by one of its partner "
        "organisations",
        error_messages={
            "invalid_choice": "Choose someone from the list: the panel is drawn from the service's own "
            "team and the peer workers of its partner organisations"
        },
    )

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = people  # type: ignore[attr-defined]


class CandidateForm(forms.Form):
    """Her name and how to reach her: nothing else is asked (ADR 0006)."""

    name = names.NameField(max_length=200, label="Her name")
    email = forms.EmailField(required=False, label="Email address (optional)")
    phone = phone.PhoneField(required=False, label="Phone number (optional)")


class StepForm(forms.Form):
    kind = forms.ChoiceField(
        choices=CandidateStep.Kind.choices, widget=forms.RadioSelect, label="CandidateStep"
    )
    on = dates.DateField(widget=DATE, label="Date")
    outcome = forms.ChoiceField(
        choices=CandidateStep.Outcome.choices, label="What came of it", help_text=_outcomes_hint()
    )
