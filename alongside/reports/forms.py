import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone

from alongside.lib import dates
from alongside.outcomes.models import Story
from alongside.people.forms import DATE
from alongside.reports.models import MAX_QUOTES
from alongside.support.metrics import last_12_months


class PeriodForm(forms.Form):
    start = dates.DateField(
        widget=DATE, label="From", error_messages={"required": "Enter the first day of the period"}
    )
    end = dates.DateField(
        widget=DATE, label="To", error_messages={"required": "Enter the last day of the period"}
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", "The period must end on or after the day it starts")
        if start and start > timezone.localdate():
            self.add_error("start", "The period must start today or in the past")
        elif end and end > timezone.localdate():
            # A period is counted up to today at most, on every page (ADR 0019).
            self.add_error("end", "The period must end today or in the past")
        return data

    @staticmethod
    def last_year() -> dict[str, dt.date]:
        start, end = last_12_months(timezone.localdate())  # the same 12 months as every page (ADR 0019)
        return {"start": start, "end": end}


class ReportForm(PeriodForm):
    service = forms.TypedChoiceField(
        coerce=int, label="Service", error_messages={"required": "Choose a service"}
    )

    field_order = ["service", "start", "end"]

    def __init__(self, *args: Any, services: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service"].choices = [("", "Choose a service")] + [(s.pk, s.name) for s in services]  # type: ignore[attr-defined]


class QuotesForm(forms.Form):
    stories = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=f"Choose up to {MAX_QUOTES} quotes for the report",
    )

    def __init__(self, *args: Any, stories: list[Story], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["stories"].choices = [  # type: ignore[attr-defined]
            (str(s.pk), f"“{s.quote[:120]}” ({s.get_teller_display()})") for s in stories
        ]

    def clean_stories(self) -> list[int]:
        chosen = [int(pk) for pk in self.cleaned_data["stories"]]
        if len(chosen) > MAX_QUOTES:
            raise forms.ValidationError(f"Choose {MAX_QUOTES} quotes or fewer")
        return chosen
