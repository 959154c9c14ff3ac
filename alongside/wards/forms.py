"""TODO docstring"""

from typing import Any

from django import forms

from alongside.lib.dates import when_field
from alongside.wellbeing.forms import RATHER_NOT_SAY, who_reads_it
from alongside.wellbeing.models import WellbeingCheckIn


class ShiftStartForm(forms.Form):
    started_at = when_field(
        "When you arrived", required=False, help_text="Leave as it is if you have just arrived"
    )


class BriefingForm(forms.Form):
    """The ward as a whole. Each mother on the ward gets a line of her own (BriefingLineForm)."""

    ward_note = forms.CharField(
        widget=forms.Textarea, required=False, label="How is the ward today? (optional)"
    )
    risks = forms.CharField(
        widget=forms.Textarea, required=False, label="Any immediate risks or concerns (optional)"
    )


class BriefingLineForm(forms.Form):
    how_she_is = forms.CharField(required=False, max_length=300, label="How she is")
    do_not_approach = forms.BooleanField(required=False, label="Please do not approach her today")
    reason = forms.CharField(required=False, max_length=300, label="Why not today")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("do_not_approach") and not data.get("reason", "").strip():
            self.add_error("reason", "Say why she should not approach this mother today")
        return data


class DebriefForm(forms.Form):
    concern = forms.CharField(
        widget=forms.Textarea,
        required=False,
        label="Any concern for a mother's or baby's safety",
        help_text="It goes to the clinical team at once, and stays open until a clinician acknowledges it",
    )
    concern_about: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=None, required=False, label="Who is it about? (optional)", empty_label="Not one person"
    )
    no_concerns = forms.BooleanField(required=False, label="I have no concerns for anyone's safety")
    feeling = forms.ChoiceField(
        # A real value, so the radio is shown, and she can go back to it after choosing another.
        choices=[*WellbeingCheckIn.Feeling.choices, (RATHER_NOT_SAY, "I'd rather not say")],
        required=False,
        widget=forms.RadioSelect,
        label="How are you?",
    )
    wellbeing_note = forms.CharField(
        widget=forms.Textarea, required=False, label="Anything you want to say (optional)"
    )
    would_like_follow_up = forms.BooleanField(
        required=False, label="I'd like someone to follow this up with me"
    )
    shared_with: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label="Share this with (optional)",
        empty_label="Nobody: keep it to myself",
    )
    ended_at = when_field("When you left", required=False, help_text="Leave empty if you are leaving now")

    def __init__(
        self, *args: Any, people: Any, supervisors: Any, reads_all: list[str], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["concern_about"].queryset = people  # type: ignore[attr-defined]
        self.fields["shared_with"].queryset = supervisors  # type: ignore[attr-defined]
        self.fields["feeling"].help_text = who_reads_it(reads_all)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        said = data.get("feeling") not in ("", None, RATHER_NOT_SAY)
        if not said and (
            data.get("wellbeing_note") or data.get("would_like_follow_up") or data.get("shared_with")
        ):
            self.add_error(
                "feeling",
                "Choose how you are, or choose I'd rather not say and leave the rest of this part empty",
            )
        return data

    @property
    def wellbeing(self) -> dict[str, Any] | None:
        """Her check-in, or None if she would rather not say (nothing of it is kept)."""
        data = self.cleaned_data
        if data["feeling"] in ("", RATHER_NOT_SAY):
            return None
        return {
            "feeling": data["feeling"],
            "note": data["wellbeing_note"],
            "would_like_follow_up": data["would_like_follow_up"],
            "shared_with": data["shared_with"],
        }


class AcknowledgeForm(forms.Form):
    action_taken = forms.CharField(widget=forms.Textarea, label="What was done")
