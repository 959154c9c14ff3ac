"""TODO docstring"""

from typing import Any

from django import forms

from alongside.organisations.models import Role
from alongside.wellbeing.models import Readiness, WellbeingCheckIn

RATHER_NOT_SAY = "rather_not_say"  # her answer at a debrief: no check-in is kept


def who_reads_it(reads_all: list[str]) -> str:
    """What a check-in form tells her about who will read it: the truth, names included."""
    if not reads_all:
        return "Only you can read this, unless you choose someone below"
    return (
        "Only you can read this, unless you choose someone below, and the colleagues you share all "
        f"your check-ins with: {', '.join(reads_all)}"
    )


class ReadinessForm(forms.Form):
    stage = forms.ChoiceField(
        choices=Readiness.Stage.choices, widget=forms.RadioSelect, label="Where are you now?"
    )
    note = forms.CharField(
        widget=forms.Textarea,
        required=False,
        label="Anything you'd like your co-ordinator to know (optional)",
    )


class WellbeingForm(forms.Form):
    """A check-in on "My wellbeing". Kept to herself unless she chooses someone, each time."""

    feeling = forms.ChoiceField(
        choices=WellbeingCheckIn.Feeling.choices, widget=forms.RadioSelect, label="How are you?"
    )
    note = forms.CharField(widget=forms.Textarea, required=False, label="Anything you want to say (optional)")
    would_like_follow_up = forms.BooleanField(
        required=False, label="I'd like someone to follow this up with me"
    )
    shared_with: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label="Share this with (optional)",
        empty_label="Nobody: keep it to myself",
    )

    def __init__(self, *args: Any, supervisors: Any, reads_all: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["shared_with"].queryset = supervisors  # type: ignore[attr-defined]
        self.fields["feeling"].help_text = who_reads_it(reads_all)


class WellbeingPlanForm(forms.Form):
    what_helps = forms.CharField(
        widget=forms.Textarea,
        required=False,
        label="What helps me",
        help_text="Things that help you stay well, or feel better when work stays with you",
    )
    early_signs = forms.CharField(
        widget=forms.Textarea,
        required=False,
        label="Early signs that I'm struggling",
        help_text="What you, or people who know you, might notice first",
    )
    who_to_contact = forms.CharField(
        widget=forms.Textarea,
        required=False,
        label="Who to contact",
        help_text="Who you would like to be contacted, and how, if you are struggling",
    )


class ColleaguesField(forms.ModelMultipleChoiceField):
    """Each colleague with her role in the service, so two of the same name are told apart."""

    def label_from_instance(self, obj: Any) -> str:
        role = getattr(obj, "role_here", None)
        return f"{obj}, {Role(role).label.lower()}" if role else str(obj)


class WellbeingShareForm(forms.Form):
    people: forms.ModelMultipleChoiceField = ColleaguesField(
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        label="Who to share with",
        help_text="Colleagues in your service. You can stop sharing at any time.",
        error_messages={
            "required": "Choose who to share with",
            "invalid_choice": "Choose colleagues from the list: you can share with colleagues in your "
            "service",
        },
    )
    what = forms.MultipleChoiceField(
        choices=[
            ("plan", "My wellbeing plan"),
            ("checkins", "My check-ins, past and future, for as long as I share them"),
        ],
        widget=forms.CheckboxSelectMultiple,
        label="What to share",
        error_messages={"required": "Tick what to share: your plan, your check-ins, or both"},
    )

    def __init__(self, *args: Any, colleagues: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["people"].queryset = colleagues  # type: ignore[attr-defined]
