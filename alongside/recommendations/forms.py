from django import forms

from alongside.lib import dates
from alongside.people.forms import DATE
from alongside.recommendations.models import Attestation


class AttestForm(forms.Form):
    status = forms.ChoiceField(
        label="Does the service meet it?",
        choices=Attestation.Status.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether the service meets it, partly meets it or does not"},
    )
    evidence = forms.CharField(
        label="Your evidence",
        help_text="What shows it, in your words: a standard you meet, a study you took part in",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=4000,
        error_messages={"required": "Say what shows it"},
    )
    link = forms.URLField(
        label="A link to the evidence (optional)",
        help_text="For example https://www.rcpsych.ac.uk/…",
        required=False,
        max_length=500,
        assume_scheme="https",
    )
    attested_on = dates.DateField(
        label="Attested on", widget=DATE, error_messages={"required": "Enter the date it was attested"}
    )
