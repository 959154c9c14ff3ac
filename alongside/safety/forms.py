from typing import Any

from django import forms

from alongside.lib import dates, names
from alongside.organisations.models import Employment, Organisation, Role
from alongside.people.forms import DATE
from alongside.safety.models import GroundRuleItem


class GroundRulesForm(forms.Form):
    agreed_on = dates.DateField(widget=DATE, label="Date agreed")
    items = forms.ModelMultipleChoiceField(
        queryset=GroundRuleItem.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="What you agreed (tick any that apply)",
    )
    text = forms.CharField(widget=forms.Textarea, required=False, label="In your own words (optional)")

    def __init__(self, *args: Any, items: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["items"].queryset = items  # type: ignore[attr-defined]


class ChecklistItemForm(forms.Form):
    text = forms.CharField(max_length=200, label="A line for the checklist")


class TeamAddForm(forms.Form):
    first_name = names.NameField(max_length=150, label="First name")
    last_name = names.NameField(max_length=150, label="Last name")
    email = forms.EmailField(label="Email address")
    role = forms.ChoiceField(
        choices=[
            (Role.PEER_WORKER.value, "Peer worker"),
            (Role.LIGHT_TOUCH_VOLUNTEER.value, "Light-touch volunteer"),
        ],
        widget=forms.RadioSelect,
        label="Role",
    )
    employment = forms.ChoiceField(choices=Employment.choices, widget=forms.RadioSelect, label="Employment")
    host_organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.filter(kind=Organisation.Kind.THIRD_SECTOR),
        required=False,
        label="Hosting organisation (if hosted)",
        empty_label="Not hosted",
    )
