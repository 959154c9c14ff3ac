import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone

from alongside.lib import dates, names
from alongside.organisations.models import Membership, Role
from alongside.people.forms import DATE
from alongside.support.models import (
    Contact,
    EndReason,
    GroupSession,
    Mode,
    PeerSupport,
    Status,
    check_duration,
)


class ReferralForm(forms.Form):
    source = forms.ChoiceField(
        choices=PeerSupport.Source.choices, widget=forms.RadioSelect, label="How was she referred?"
    )
    consent = forms.BooleanField(
        label="She agrees to be referred to peer support",
        error_messages={"required": "Peer support needs her agreement: confirm she has given it"},
    )
    consent_given_on = dates.DateField(widget=DATE, label="Date she agreed")
    reason = forms.CharField(
        widget=forms.Textarea, required=False, label="What would she like from peer support? (optional)"
    )

    def clean_consent_given_on(self) -> dt.date:
        value: dt.date = self.cleaned_data["consent_given_on"]
        if value > timezone.localdate():
            raise forms.ValidationError("The date she agreed cannot be in the future")
        return value


class ConsentWithdrawnForm(forms.Form):
    withdrawn_on = dates.DateField(widget=DATE, label="Date she withdrew her consent")


class AllocationForm(forms.Form):
    peer_workers = forms.ModelMultipleChoiceField(
        queryset=Membership.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label="Peer worker, or two working jointly",
        error_messages={"required": "Choose at least one peer worker"},
    )

    def __init__(self, *args: Any, memberships: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["peer_workers"]
        field.queryset = memberships  # type: ignore[attr-defined]
        # The page lists them as matching ranks them (alongside.support.matching), with reasons.
        field.label_from_instance = lambda m: f"{m.user} ({m.organisation_label})"  # type: ignore[attr-defined]


class StatusForm(forms.Form):
    status = forms.ChoiceField(widget=forms.RadioSelect, label="New status")
    end_reason = forms.ChoiceField(
        choices=[("", "Choose a reason"), *EndReason.choices], required=False, label="If ended: why?"
    )
    note = forms.CharField(widget=forms.Textarea, required=False, label="Reason or note")
    review_on = dates.DateField(widget=DATE, required=False, label="If deferred: review date")
    effective_on = dates.DateField(
        widget=DATE,
        required=False,
        label="Date of the change",
        help_text="Today, or an earlier day if you are catching up",
    )

    def __init__(self, *args: Any, role: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(s.value, s.label) for s in Status if s not in (Status.REFERRED, Status.ALLOCATED)]
        if role == Role.PEER_WORKER:
            # Deferring is the clinical team's decision, recorded by them.
            choices = [c for c in choices if c[0] != Status.DEFERRED]
        self.fields["status"].choices = choices  # type: ignore[attr-defined]


class DurationField(forms.IntegerField):
    """Minutes, checked by the one rule the models use too (support.models.check_duration)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", "How long (minutes)")
        kwargs.setdefault("widget", forms.NumberInput(attrs={"inputmode": "numeric"}))
        kwargs.setdefault(
            "error_messages", {"required": check_duration(None), "invalid": "Enter minutes as a number"}
        )
        super().__init__(**kwargs)

    def validate(self, value: Any) -> None:
        super().validate(value)
        error = check_duration(value)
        if error:
            raise forms.ValidationError(error)


class ContactForm(forms.ModelForm):
    occurred_at = dates.DateTimeField(
        label="When",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    successful = forms.TypedChoiceField(
        choices=[("yes", "Yes, we spoke or met"), ("no", "No, I tried but could not reach her")],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        label="Did the contact happen?",
        initial="yes",
    )
    duration_minutes = DurationField()

    class Meta:
        model = Contact
        fields = ["contact_with", "occurred_at", "duration_minutes", "mode", "successful", "note"]
        labels = {
            "contact_with": "Who with",
            "mode": "Where or how",
            "note": "Short note (optional)",
        }
        widgets = {
            "contact_with": forms.RadioSelect,
            "mode": forms.RadioSelect,
            "note": forms.Textarea,
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contact_with"].choices = Contact.With.choices  # type: ignore[attr-defined]
        self.fields["mode"].choices = Mode.choices  # type: ignore[attr-defined]


class GroupSessionForm(forms.ModelForm):
    starts_at = dates.DateTimeField(
        label="Starts",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    duration_minutes = DurationField()
    repeats = forms.BooleanField(required=False, label="This is a new group that will meet again")

    class Meta:
        model = GroupSession
        fields = ["group", "title", "kind", "starts_at", "duration_minutes", "mode"]
        labels = {
            "group": "Which group",
            "title": "Name (for a new group or a one-off session)",
            "kind": "Kind of group",
            "mode": "Where or how",
        }
        widgets = {"kind": forms.RadioSelect, "mode": forms.RadioSelect}

    def __init__(self, *args: Any, groups: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups  # type: ignore[attr-defined]
        self.fields["group"].empty_label = "A new group, or a one-off session"  # type: ignore[attr-defined]
        self.fields["title"].required = False
        self.fields["title"].validators.append(names.validate)
        self.fields["kind"].required = False
        self.fields["kind"].choices = GroupSession.Kind.choices  # type: ignore[attr-defined]
        self.fields["mode"].choices = Mode.choices  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("group"):
            if not data.get("title"):
                self.add_error("title", "Choose the group, or give a new group or a one-off session a name")
            if not data.get("kind"):
                self.add_error("kind", "Choose what kind of group it is")
        return data

    def _post_clean(self) -> None:
        # group_session_create() fills the name and kind from the group, then validates.
        pass


class RegisterForm(forms.Form):
    attendees: "forms.ModelMultipleChoiceField[PeerSupport]" = forms.ModelMultipleChoiceField(
        queryset=None,  # whom the register accepts, set from `candidates` below
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Who came",
    )

    def __init__(self, *args: Any, candidates: Any, shown: Any = None, **kwargs: Any) -> None:
        """`candidates` are whom the register accepts (checked in one query when it is saved);
        `shown`, when given, are the boxes drawn: a service has thousands of candidates, and a
        page of thousands of boxes helps no one take a register."""
        super().__init__(*args, **kwargs)
        field = self.fields["attendees"]
        field.queryset = candidates  # type: ignore[attr-defined]
        field.label_from_instance = lambda ps: ps.person.name  # type: ignore[attr-defined]
        if shown is not None:
            field.choices = [(ps.pk, ps.person.name) for ps in shown]  # type: ignore[attr-defined]
