from django import forms

from alongside.records.models import Erasure


class ErasureForm(forms.Form):
    ground = forms.ChoiceField(
        choices=Erasure.Ground.choices,
        widget=forms.RadioSelect,
        label="On what ground is her record to be erased?",
        error_messages={"required": "Select the ground for erasing her record"},
    )
    reference = forms.CharField(
        max_length=40,
        label="Case reference of her request",
        help_text="From the service's own log of requests, such as DPR-2026-014. Not her name.",
        error_messages={"required": "Enter the case reference of her request"},
    )
    confirmed = forms.BooleanField(
        label="Her request is valid and I mean to erase her record: this cannot be undone",
        error_messages={
            "required": "Confirm that her request is valid and that you mean to erase her record"
        },
    )
