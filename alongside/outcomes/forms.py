from typing import Any

from django import forms

from alongside.lib import dates
from alongside.outcomes.models import (
    HIGHEST,
    LOWEST,
    Goal,
    GoalRating,
    GoalsDecision,
    Item,
    Scope,
    Score,
    Story,
)
from alongside.people.forms import DATE

SCORE_CHOICES = [(str(n), str(n)) for n in range(LOWEST, HIGHEST + 1)]


def score_field(label: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        choices=SCORE_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        label=label,
        help_text="0 means not at all, 10 means all the way there",
        error_messages={"required": f"Choose a number from {LOWEST} to {HIGHEST}"},
    )


class DecisionForm(forms.Form):
    choice = forms.ChoiceField(
        choices=GoalsDecision.Choice.choices,
        widget=forms.RadioSelect,
        label="Did you agree together that goals would help?",
        error_messages={"required": "Choose whether you agreed goals would help"},
    )
    decided_on = dates.DateField(widget=DATE, label="Date")


class GoalForm(forms.Form):
    text = forms.CharField(
        max_length=300,
        label="Her goal, in her own words",
        error_messages={"required": "Write the goal in her own words"},
    )
    set_on = dates.DateField(widget=DATE, label="Date set")
    score = score_field("How close does she feel to it today?")


class RewordForm(forms.Form):
    text = forms.CharField(max_length=300, label="The goal, in her new words")
    from_on = dates.DateField(widget=DATE, label="Date")


class RatingForm(forms.Form):
    score = score_field("How close does she feel to it now?")
    rated_on = dates.DateField(widget=DATE, label="Date")
    stage = forms.ChoiceField(
        choices=[c for c in GoalRating.Stage.choices if c[0] != GoalRating.Stage.START],
        widget=forms.RadioSelect,
        label="Is this a review or the end?",
        initial=GoalRating.Stage.REVIEW,
    )


class EndForm(forms.Form):
    reason = forms.ChoiceField(
        choices=[c for c in Goal.Ended.choices if c[0] != Goal.Ended.REPLACED],
        widget=forms.RadioSelect,
        label="Why has the goal finished?",
    )
    ended_on = dates.DateField(widget=DATE, label="Date")


class FeedbackForm(forms.Form):
    """Each question a simple scale (optional) and her own words (optional)."""

    anonymous = forms.BooleanField(
        required=False,
        label="Send this without my name",
        help_text="Your peer worker's service will see your answers but not who gave them",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for item, label in Item.choices:
            self.fields[f"{item}_score"] = forms.TypedChoiceField(
                choices=[(str(v), str(text)) for v, text in Score.choices],
                coerce=int,
                required=False,
                empty_value=None,
                widget=forms.RadioSelect,
                label=f"Has peer support helped with: {label.lower()}?",
            )
            self.fields[f"{item}_text"] = forms.CharField(
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                label="Anything you would like to add",
            )

    def items(self) -> list[tuple[Any, Any]]:
        return [(self[f"{item}_score"], self[f"{item}_text"]) for item, _ in Item.choices]

    def answers(self) -> dict[str, tuple[int | None, str]]:
        data = self.cleaned_data
        return {item: (data.get(f"{item}_score"), data.get(f"{item}_text", "")) for item, _ in Item.choices}


class StoryForm(forms.ModelForm):
    consents = forms.MultipleChoiceField(
        choices=Scope.choices,
        widget=forms.CheckboxSelectMultiple,
        label="Where has she agreed it may be used?",
        help_text="Each use is agreed separately, and she can withdraw any of them at any time",
        error_messages={"required": "Record at least one use she has agreed to"},
    )
    consent_on = dates.DateField(widget=DATE, label="Date she agreed")

    class Meta:
        model = Story
        fields = ["teller", "person", "quote", "context", "themes"]
        widgets = {"teller": forms.RadioSelect, "themes": forms.CheckboxSelectMultiple}
        labels = {"teller": "Whose story is it?", "person": "Who is it (if she is supported here)?"}

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people  # type: ignore[attr-defined]
        self.fields["person"].required = False
        # Chosen by a search on the page, not from a list of everyone (alongside/outcomes/views.py).
        self.fields["person"].widget = forms.HiddenInput()
        self.fields["person"].error_messages["invalid_choice"] = (
            "Find her again: she is no longer someone whose support is open here"
        )
        self.fields["themes"].required = False


class WithdrawForm(forms.Form):
    withdrawn_on = dates.DateField(widget=DATE, label="Date she withdrew it")
