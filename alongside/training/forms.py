from typing import Any

from django import forms

from alongside.lib import dates, names
from alongside.people.forms import DATE
from alongside.training.models import DevelopmentKind


class TrainingForm(forms.Form):
    """Training she (or someone on the team) completed. `user` only when recording for others."""

    user: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=None, label="Who did the training?", empty_label="Choose someone"
    )
    module: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=None, label="Training", empty_label="Choose the training"
    )
    completed_on = dates.DateField(widget=DATE, label="Date completed")
    provider = forms.CharField(max_length=200, label="Who provided it")
    accredited = forms.BooleanField(required=False, label="It was accredited")
    evidence = forms.CharField(
        widget=forms.Textarea,
        required=False,
        label="Evidence (optional)",
        help_text="A certificate number, or where the evidence is kept",
    )

    def __init__(self, *args: Any, people: Any | None, modules: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["module"].queryset = modules  # type: ignore[attr-defined]
        if people is None:
            del self.fields["user"]
        else:
            self.fields["user"].queryset = people  # type: ignore[attr-defined]


class AttendanceForm(forms.Form):
    """A clinical staff member attended the session on the peer worker role (recommendation 2)."""

    user: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=None, label="Who attended?", empty_label="Choose a member of staff"
    )
    completed_on = dates.DateField(widget=DATE, label="Date of the session")
    provider = forms.CharField(max_length=200, required=False, label="Who ran it (optional)")

    def __init__(self, *args: Any, staff: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = staff  # type: ignore[attr-defined]


class ModuleForm(forms.Form):
    """A module of the curriculum: its name, what it covers, and how often it is renewed."""

    name = names.NameField(
        max_length=120, label="Name", error_messages={"required": "Enter a name for the module"}
    )
    description = forms.CharField(widget=forms.Textarea, required=False, label="What it covers (optional)")
    competencies = forms.CharField(
        widget=forms.Textarea,
        required=False,
        label="Competencies (optional)",
        help_text="What she can do once trained, one to a line",
    )
    renewal_months = forms.IntegerField(
        required=False,
        label="Renew every (months, optional)",
        help_text="Leave it empty if once is enough. Safeguarding, for example, is every 12 months.",
        error_messages={"invalid": "Enter the months as a whole number, like 12"},
    )


class DevelopmentForm(forms.Form):
    """One entry in her own development record."""

    kind = forms.ChoiceField(choices=DevelopmentKind.choices, widget=forms.RadioSelect, label="What was it?")
    happened_on = dates.DateField(widget=DATE, label="Date")
    title = forms.CharField(
        max_length=200, label="Title", help_text="For example, the course, the event or the new role"
    )
    notes = forms.CharField(
        widget=forms.Textarea,
        required=False,
        label="Notes (optional)",
        help_text="Only you can read these",
    )
