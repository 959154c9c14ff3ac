"""TODO docstring"""

from typing import Any

from django import forms

from alongside.lib.dates import when_field
from alongside.visits.models import Visit


class VisitForm(forms.ModelForm):
    starts_at = when_field("Starts")
    expected_end_at = when_field("Expected to end")

    class Meta:
        model = Visit
        fields = ["venue", "where", "starts_at", "expected_end_at", "companion", "named_contact"]
        labels = {
            "venue": "Where",
            "where": "Name or description of the place (optional)",
            "companion": "Who is going with you (clinical staff)",
            "named_contact": "If you go alone: who should be told if you do not check out",
        }
        widgets = {"venue": forms.RadioSelect}

    def __init__(self, *args: Any, clinicians: Any, contacts: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["venue"].choices = Visit.Venue.choices  # type: ignore[attr-defined]
        self.fields["companion"].queryset = clinicians  # type: ignore[attr-defined]
        self.fields["companion"].empty_label = "Nobody: I am going alone"  # type: ignore[attr-defined]
        self.fields["named_contact"].queryset = contacts  # type: ignore[attr-defined]
        self.fields["named_contact"].empty_label = "Choose someone"  # type: ignore[attr-defined]

    def _post_clean(self) -> None:
        # The service function validates the rules that span records; skip model validation here.
        pass


class VisitTimeForm(forms.Form):
    at = when_field("Time", required=False, help_text="Leave empty for now")


class SafeForm(forms.Form):
    note = forms.CharField(widget=forms.Textarea, label="How do you know she is safe?")
