from typing import Any

from django import forms

from alongside.reminders.models import Frequency, Kind
from alongside.training.metrics import RENEWAL_WARNING_DAYS

# What each kind tells her, on the choices page.
HINTS = {
    Kind.WAITING_REFERRALS: "Referrals to your service waiting more than {days} days for a peer worker.",
    Kind.DEFERRAL_REVIEWS: "People deferred by the clinical team whose review date has passed.",
    Kind.SUPERVISION: "Supervision that is overdue: your own, or your team's if you look after a team.",
    Kind.TRAINING: (
        f"Training to renew within {RENEWAL_WARNING_DAYS} days, or overdue: your own, or your team's "
        "if you look after a team."
    ),
    Kind.GROUND_RULES: "Ground rules to agree or review with the people you support and the groups you lead.",
    Kind.GRID_ACTIONS: "Actions from the principles grid that are yours, due within a week or overdue.",
}


class ChoicesForm(forms.Form):
    """One question a kind of reminder her roles have: never, every weekday, or on Monday."""

    def __init__(self, *args: Any, kinds: list[Kind], wait_days: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for kind in kinds:
            self.fields[kind.value] = forms.ChoiceField(
                label=str(kind.label),
                choices=Frequency.choices,
                widget=forms.RadioSelect,
                help_text=HINTS[kind].format(days=wait_days),
                error_messages={
                    "required": f"Choose how often you want: {str(kind.label).lower()}",
                    "invalid_choice": f"Choose how often you want: {str(kind.label).lower()}",
                },
            )
