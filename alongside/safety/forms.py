from typing import Any

from django import forms

from alongside.lib import dates, names
from alongside.organisations.models import Employment, Organisation, Role
from alongside.people.forms import DATE
from alongside.safety.models import GroundRuleItem, Readiness, Visit, WellbeingCheckIn

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
RATHER_NOT_SAY = "rather_not_say"  # her answer at a debrief: no check-in is kept


def when_field(label: str, required: bool = True, help_text: str = "") -> forms.DateTimeField:
    return dates.DateTimeField(
        label=label, widget=DATETIME, input_formats=DATETIME_FORMATS, required=required, help_text=help_text
    )


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


def who_reads_it(reads_all: list[str]) -> str:
    """What a check-in form tells her about who will read it: the truth, names included."""
    if not reads_all:
        return "Only you can read this, unless you choose someone below"
    return (
        "Only you can read this, unless you choose someone below, and the colleagues you share all "
        f"your check-ins with: {', '.join(reads_all)}"
    )


class AcknowledgeForm(forms.Form):
    action_taken = forms.CharField(widget=forms.Textarea, label="What was done")


class VisitForm(forms.ModelForm):
    starts_at = when_field("Starts")
    expected_end_at = when_field("Expected to end")

    class Meta:
        model = Visit
        fields = ["venue", "where", "starts_at", "expected_end_at", "companion", "named_contact"]
        labels = {
            "venue": "Where",
            "where": "Name or description of the place (optional)",
            "companion": "Who is going with you (clinical staff)",
            "named_contact": "If you go alone: who should be told if you do not check out",
        }
        widgets = {"venue": forms.RadioSelect}

    def __init__(self, *args: Any, clinicians: Any, contacts: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["venue"].choices = Visit.Venue.choices  # type: ignore[attr-defined]
        self.fields["companion"].queryset = clinicians  # type: ignore[attr-defined]
        self.fields["companion"].empty_label = "Nobody: I am going alone"  # type: ignore[attr-defined]
        self.fields["named_contact"].queryset = contacts  # type: ignore[attr-defined]
        self.fields["named_contact"].empty_label = "Choose someone"  # type: ignore[attr-defined]

    def _post_clean(self) -> None:
        # The service function validates the rules that span records; skip model validation here.
        pass


class VisitTimeForm(forms.Form):
    at = when_field("Time", required=False, help_text="Leave empty for now")


class SafeForm(forms.Form):
    note = forms.CharField(widget=forms.Textarea, label="How do you know she is safe?")


class GroundRulesForm(forms.Form):
    agreed_on = dates.DateField(widget=DATE, label="Date agreed")
    items = forms.ModelMultipleChoiceField(
        queryset=GroundRuleItem.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="What you agreed (tick any that apply)",
    )
    text = forms.CharField(widget=forms.Textarea, required=False, label="In your own words (optional)")

    def __init__(self, *args: Any, items: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["items"].queryset = items  # type: ignore[attr-defined]


class ChecklistItemForm(forms.Form):
    text = forms.CharField(max_length=200, label="A line for the checklist")


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


class TeamAddForm(forms.Form):
    first_name = names.NameField(max_length=150, label="First name")
    last_name = names.NameField(max_length=150, label="Last name")
    email = forms.EmailField(label="Email address")
    role = forms.ChoiceField(
        choices=[
            (Role.PEER_WORKER.value, "Peer worker"),
            (Role.LIGHT_TOUCH_VOLUNTEER.value, "Light-touch volunteer"),
        ],
        widget=forms.RadioSelect,
        label="Role",
    )
    employment = forms.ChoiceField(choices=Employment.choices, widget=forms.RadioSelect, label="Employment")
    host_organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.filter(kind=Organisation.Kind.THIRD_SECTOR),
        required=False,
        label="Hosting organisation (if hosted)",
        empty_label="Not hosted",
    )


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
