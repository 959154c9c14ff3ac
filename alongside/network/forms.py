from typing import Any

from django import forms

from alongside.lib import names
from alongside.network.models import ABOUT_LENGTH


class EntryForm(forms.Form):
    """What she shows in the directory. Everything but her name is optional."""

    display_name = names.NameField(max_length=100, label="The name to show")
    service: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=None, required=False, label="Show my service (optional)", empty_label="Don't show it"
    )
    region: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=None, required=False, label="Show my region (optional)", empty_label="Don't show it"
    )
    languages = forms.CharField(
        max_length=200,
        required=False,
        label="Languages I speak (optional)",
        help_text="For example English, Urdu",
    )
    interests = forms.CharField(
        widget=forms.Textarea,
        required=False,
        label="Forms of support I offer, or my interests (optional)",
        help_text="For example coffee mornings, online groups, supporting dads, gardening",
    )
    about = forms.CharField(
        widget=forms.Textarea,
        required=False,
        label="About me (optional)",
        help_text=f"A few words, up to {ABOUT_LENGTH} characters. "
        "Please write nothing about the families you support.",
    )
    show_email = forms.BooleanField(required=False, label="Show my email address to other peer workers")
    other_contact = forms.CharField(
        max_length=200,
        required=False,
        label="Another way to reach me (optional)",
        help_text="For example: ask my co-ordinator, or find me at the regional network meeting",
    )

    def __init__(self, *args: Any, services: Any, regions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = services  # type: ignore[attr-defined]
        self.fields["region"].queryset = regions  # type: ignore[attr-defined]


class GroupForm(forms.Form):
    name = names.NameField(max_length=120, label="Name")
    description = forms.CharField(
        widget=forms.Textarea, required=False, label="What the group is for (optional)"
    )
    meeting_pattern = forms.CharField(
        max_length=200,
        label="When and where it meets",
        help_text="For example: the first Tuesday of the month, 7pm, online",
    )


class SearchForm(forms.Form):
    q = forms.CharField(
        required=False, max_length=100, label="Search by name, service, region, language or interest"
    )
