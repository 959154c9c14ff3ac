from typing import Any

from django import forms

from alongside.lib import dates, names
from alongside.organisations.models import Service
from alongside.people.forms import DATE
from alongside.transitions.models import Destination, Kind


class ServiceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.get_kind_display().lower()})"


class TransitionForm(forms.Form):
    """Everything has a default, so recording the usual discharge is one press of the button."""

    kind = forms.ChoiceField(choices=Kind.choices, widget=forms.RadioSelect, label="What happened")
    occurred_on = dates.DateField(widget=DATE, label="When")
    destination = forms.ChoiceField(choices=Destination.choices, widget=forms.RadioSelect, label="Where to")
    to_service = ServiceChoiceField(
        queryset=Service.objects.order_by("name"),
        required=False,
        label="The service she goes to, if it uses Alongside",
        empty_label="Not on Alongside",
        help_text="Its peer support co-ordinators are told, and can accept her into peer support",
    )
    destination_name = names.NameField(
        max_length=200, required=False, label="Its name (optional)", help_text="Such as her GP practice"
    )


class AcceptForm(forms.Form):
    keep: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Keep the same peer worker",
        help_text="She supports her now and works here too. Leave unticked to allocate someone later.",
    )

    def __init__(self, *args: Any, keepable: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["keep"].queryset = keepable  # type: ignore[attr-defined]


class DeclineForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea, label="Why peer support here is not right for her now", max_length=1000
    )


class TokenForm(forms.Form):
    name = names.NameField(
        max_length=100,
        label="Which system will use it",
        help_text="Such as the trust's electronic patient record",
    )


class SettingsForm(forms.Form):
    continuity_days = forms.IntegerField(
        label="Peer support carried on if she had a successful contact within (days)",
        help_text="After a discharge or transfer. 28 days is the default.",
        error_messages={"invalid": "Enter days as a number"},
    )
