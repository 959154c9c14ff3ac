from typing import Any

from django import forms

from alongside.accounts.models import User
from alongside.grid.models import DEFAULT_SCALE
from alongside.lib import dates
from alongside.people.forms import DATE


def _levels(scale: list[str]) -> list[tuple[str, str]]:
    return [("", "Not rated yet")] + [(str(i), name) for i, name in enumerate(scale)]


class ReviewStartForm(forms.Form):
    scale = forms.CharField(
        label="The levels you rate each practice on",
        help_text="Lowest first, one on each line. Name them as your service would say them.",
        widget=forms.Textarea(attrs={"rows": 5}),
        initial="\n".join(DEFAULT_SCALE),
    )

    def clean_scale(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["scale"].splitlines() if line.strip()]


class _Levelled(forms.Form):
    level = forms.TypedChoiceField(
        label="How well do you meet it?",
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, scale: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = _levels(scale)  # type: ignore[attr-defined]


class RatingForm(_Levelled):
    evidence = forms.CharField(
        label="Your evidence (optional)",
        help_text="What shows it, in your words, with any links",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    description = forms.CharField(label="An action to take (optional)", max_length=300, required=False)
    owner = forms.ModelChoiceField(queryset=User.objects.none(), label="Who will do it", required=False)
    due_on = dates.DateField(label="By when", widget=DATE, required=False)

    def __init__(self, *args: Any, colleagues: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = colleagues  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("description") and not (data.get("owner") and data.get("due_on")):
            raise forms.ValidationError("Say who will do the action, and by when")
        return data


class ViewForm(_Levelled):
    level = forms.TypedChoiceField(
        label="How well do you think the service meets it?",
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label="Your comment (optional)", widget=forms.Textarea(attrs={"rows": 4}), required=False
    )


class CompleteForm(forms.Form):
    participants = forms.ModelMultipleChoiceField(
        queryset=User.objects.none(),
        label="Who took part",
        help_text="At least one peer worker takes part in every review.",
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    others = forms.CharField(
        label="Who else took part (optional)",
        help_text="For example: two mothers with lived experience of the service. No names needed.",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def __init__(self, *args: Any, colleagues: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = colleagues  # type: ignore[attr-defined]
