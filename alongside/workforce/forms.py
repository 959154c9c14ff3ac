from typing import Any

from django import forms

from alongside.people.forms import DATE
from alongside.workforce.models import Action, Kind

YES_NO = [("yes", "Yes"), ("no", "No")]


def yes_no(label: str) -> forms.TypedChoiceField:
    """An answer she must give either way: "not discussed" is recorded, never assumed."""
    return forms.TypedChoiceField(
        choices=YES_NO, coerce=lambda v: v == "yes", widget=forms.RadioSelect, label=label
    )


class UserChoiceField(forms.ModelChoiceField):
    """Names someone from outside the service with that said, so two Sarahs are told apart."""

    def label_from_instance(self, obj: Any) -> str:
        return str(obj) if getattr(obj, "works_here", True) else f"{obj} (another service)"


class SupervisionForm(forms.Form):
    peer_worker: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=None, label="Whose supervision was it?", empty_label="Choose a peer worker"
    )
    kind = forms.ChoiceField(choices=Kind.choices, widget=forms.RadioSelect, label="Type of supervision")
    held_on = forms.DateField(widget=DATE, label="Date")
    duration_minutes = forms.IntegerField(
        label="How long (minutes)", error_messages={"invalid": "Enter minutes as a number"}
    )
    supervisor = UserChoiceField(queryset=None, label="Supervisor", empty_label="Choose someone")
    co_supervisor = UserChoiceField(
        queryset=None, required=False, label="A second supervisor (optional)", empty_label="Nobody else"
    )
    wellbeing_discussed = yes_no("Was her wellbeing discussed?")
    plans_reviewed = yes_no("Were her plans and activities reviewed?")
    notes = forms.CharField(
        widget=forms.Textarea,
        required=False,
        label="Notes (optional)",
        help_text="She and her supervisors can read these, and nobody else",
    )
    reflection = forms.CharField(
        widget=forms.Textarea,
        required=False,
        label="Your own reflection (optional)",
        help_text="Only you can read this: not your supervisor, co-ordinator, manager or an administrator",
    )

    def __init__(self, *args: Any, own: bool, peer_workers: Any, supervisors: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["supervisor"].queryset = supervisors  # type: ignore[attr-defined]
        self.fields["co_supervisor"].queryset = supervisors  # type: ignore[attr-defined]
        if own:
            del self.fields["peer_worker"]
            self.fields["wellbeing_discussed"].label = "Was your wellbeing discussed?"
            self.fields["plans_reviewed"].label = "Were your plans and activities reviewed?"
            self.fields["notes"].help_text = "You and your supervisors can read these, and nobody else"
        else:
            self.fields["peer_worker"].queryset = peer_workers  # type: ignore[attr-defined]
            del self.fields["reflection"]


class ReflectionForm(forms.Form):
    text = forms.CharField(
        widget=forms.Textarea,
        required=False,
        label="Your reflection",
        help_text="Only you can read this. Leave it empty to remove it.",
    )


class ActionForm(forms.Form):
    need = forms.ChoiceField(choices=Action.Need.choices, widget=forms.RadioSelect, label="What kind of need")
    description = forms.CharField(max_length=300, label="What needs to happen")
    owner: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=None, label="Who will do it", empty_label="Choose someone"
    )
    due_on = forms.DateField(widget=DATE, label="By when")

    def __init__(self, *args: Any, owners: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners  # type: ignore[attr-defined]


class SettingsForm(forms.Form):
    nhs_supervision_days = forms.IntegerField(
        label="NHS supervision: expected every (days)",
        help_text="Line management, clinical, group or reflective practice",
        error_messages={"invalid": "Enter days as a number"},
    )
    peer_supervision_days = forms.IntegerField(
        label="Peer supervision: expected every (days)",
        help_text="Peer-to-peer, or from her host organisation",
        error_messages={"invalid": "Enter days as a number"},
    )
