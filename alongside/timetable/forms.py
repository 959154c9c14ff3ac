from typing import Any

from django import forms

from alongside.timetable.models import Setting, Weekday

TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class OfferForm(forms.Form):
    chosen: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="The forms of support you offer",
        help_text="Choose as many as you like. You can change them at any time.",
    )

    def __init__(self, *args: Any, menu: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["chosen"].queryset = menu  # type: ignore[attr-defined]


class MenuForm(forms.Form):
    label = forms.CharField(
        max_length=100,
        label="Name of the form of support",
        help_text="For example, Walk and talk. Every peer worker in your service can then choose it.",
        error_messages={"required": "Enter the name of the form of support"},
    )


class SlotForm(forms.Form):
    weekday = forms.TypedChoiceField(
        choices=Weekday.choices,
        coerce=int,
        label="Day",
        error_messages={"required": "Choose a day of the week"},
    )
    starts_at = forms.TimeField(
        widget=TIME,
        label="Starts at",
        error_messages={"required": "Enter the start time", "invalid": "Enter the start time, like 09:30"},
    )
    ends_at = forms.TimeField(
        widget=TIME,
        label="Ends at",
        error_messages={"required": "Enter the end time", "invalid": "Enter the end time, like 12:00"},
    )
    support_form: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=None, required=False, label="Form of support", empty_label="None of these (say below)"
    )
    activity = forms.CharField(
        max_length=100,
        required=False,
        label="What it is (optional if you chose a form of support)",
        help_text="For example, Tuesday café group",
    )
    setting = forms.ChoiceField(
        choices=Setting.choices,
        widget=forms.RadioSelect,
        label="Where",
        error_messages={"required": "Choose where it happens"},
    )
    place = forms.CharField(
        max_length=100,
        required=False,
        label="Name of the ward or place (optional)",
        help_text="For example, Ward 4",
    )
    note = forms.CharField(
        max_length=200,
        required=False,
        label="Note (optional)",
        help_text="This shows in your calendar feed: never put a mother's name here",
    )

    def __init__(self, *args: Any, menu: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["support_form"].queryset = menu  # type: ignore[attr-defined]
