from typing import Any

from django import forms

from alongside.lib import dates
from alongside.people.forms import DATE
from alongside.vocabularies.models import COMMUNITIES, CONDITIONS, TaxonomyTerm
from alongside.workforce.models import Action, ContractType, DutyKind, Kind

YES_NO = [("yes", "Yes"), ("no", "No")]


def yes_no(label: str) -> forms.TypedChoiceField:
    """An answer she must give either way: "not discussed" is recorded, never assumed."""
    return forms.TypedChoiceField(
        choices=YES_NO, coerce=lambda v: v == "yes", widget=forms.RadioSelect, label=label
    )


class UserChoiceField(forms.ModelChoiceField):
    """Names someone from outside the service with that said, so two Sarahs are told apart."""

    def label_from_instance(self, obj: Any) -> str:
        return str(obj) if getattr(obj, "works_here", True) else f"{obj} (another service)"


class SupervisionForm(forms.Form):
    peer_worker: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=None, label="Whose supervision was it?", empty_label="Choose a peer worker"
    )
    kind = forms.ChoiceField(choices=Kind.choices, widget=forms.RadioSelect, label="Type of supervision")
    held_on = dates.DateField(widget=DATE, label="Date")
    duration_minutes = forms.IntegerField(
        label="How long (minutes)", error_messages={"invalid": "Enter minutes as a number"}
    )
    supervisor = UserChoiceField(queryset=None, label="Supervisor", empty_label="Choose someone")
    co_supervisor = UserChoiceField(
        queryset=None, required=False, label="A second supervisor (optional)", empty_label="Nobody else"
    )
    wellbeing_discussed = yes_no("Was her wellbeing discussed?")
    plans_reviewed = yes_no("Were her plans and activities reviewed?")
    notes = forms.CharField(
        widget=forms.Textarea,
        required=False,
        label="Notes (optional)",
        help_text="She and her supervisors can read these, and nobody else",
    )
    reflection = forms.CharField(
        widget=forms.Textarea,
        required=False,
        label="Your own reflection (optional)",
        help_text="Only you can read this: not your supervisor, co-ordinator, manager or an administrator",
    )

    def __init__(
        self,
        *args: Any,
        own: bool,
        peer_workers: Any,
        supervisors: Any,
        editing: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["supervisor"].queryset = supervisors  # type: ignore[attr-defined]
        self.fields["co_supervisor"].queryset = supervisors  # type: ignore[attr-defined]
        if editing:
            # Whose supervision it is does not change, and her reflection has a page of its own.
            del self.fields["peer_worker"], self.fields["reflection"]
            if own:
                self.fields["wellbeing_discussed"].label = "Was your wellbeing discussed?"
                self.fields["plans_reviewed"].label = "Were your plans and activities reviewed?"
        elif own:
            del self.fields["peer_worker"]
            self.fields["wellbeing_discussed"].label = "Was your wellbeing discussed?"
            self.fields["plans_reviewed"].label = "Were your plans and activities reviewed?"
            self.fields["notes"].help_text = "You and your supervisors can read these, and nobody else"
        else:
            self.fields["peer_worker"].queryset = peer_workers  # type: ignore[attr-defined]
            del self.fields["reflection"]


class ReflectionForm(forms.Form):
    text = forms.CharField(
        widget=forms.Textarea,
        required=False,
        label="Your reflection",
        help_text="Only you can read this. Leave it empty to remove it.",
    )


class ActionForm(forms.Form):
    need = forms.ChoiceField(choices=Action.Need.choices, widget=forms.RadioSelect, label="What kind of need")
    description = forms.CharField(max_length=300, label="What needs to happen")
    owner: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=None, label="Who will do it", empty_label="Choose someone"
    )
    due_on = dates.DateField(widget=DATE, label="By when")

    def __init__(self, *args: Any, owners: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners  # type: ignore[attr-defined]


class SettingsForm(forms.Form):
    nhs_supervision_days = forms.IntegerField(
        label="NHS supervision: expected every (days)",
        help_text="Line management, clinical, group or reflective practice",
        error_messages={"invalid": "Enter days as a number"},
    )
    peer_supervision_days = forms.IntegerField(
        label="Peer supervision: expected every (days)",
        help_text="Peer-to-peer, or from her host organisation",
        error_messages={"invalid": "Enter days as a number"},
    )


class PeopleField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj)


class GroupSupervisionForm(forms.Form):
    """One session with several peer workers: a supervision is saved for each of them."""

    peer_workers = PeopleField(
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        label="Who was there?",
        help_text="Each of them gets the supervision on her own record",
    )
    kind = forms.ChoiceField(
        choices=[(k.value, k.label) for k in (Kind.GROUP, Kind.REFLECTIVE_PRACTICE, Kind.PEER_TO_PEER)],
        widget=forms.RadioSelect,
        label="Type of supervision",
    )
    held_on = dates.DateField(widget=DATE, label="Date")
    duration_minutes = forms.IntegerField(
        label="How long (minutes)", error_messages={"invalid": "Enter minutes as a number"}
    )
    supervisor = UserChoiceField(queryset=None, label="Supervisor", empty_label="Choose someone")
    co_supervisor = UserChoiceField(
        queryset=None, required=False, label="A second supervisor (optional)", empty_label="Nobody else"
    )
    wellbeing_discussed_for = PeopleField(
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Whose wellbeing was discussed?",
        help_text="Anyone not ticked is recorded as not discussed",
    )
    plans_reviewed = yes_no("Were their plans and activities reviewed?")
    notes = forms.CharField(
        widget=forms.Textarea,
        required=False,
        label="Notes (optional)",
        help_text="Everyone who was there and the supervisors can read these: keep anything about one "
        "person out of them",
    )

    def __init__(self, *args: Any, peer_workers: Any, supervisors: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["peer_workers"].queryset = peer_workers  # type: ignore[attr-defined]
        self.fields["wellbeing_discussed_for"].queryset = peer_workers  # type: ignore[attr-defined]
        self.fields["supervisor"].queryset = supervisors  # type: ignore[attr-defined]
        self.fields["co_supervisor"].queryset = supervisors  # type: ignore[attr-defined]


class DriftSettingsForm(forms.Form):
    role_drift_percent = forms.IntegerField(
        label="Flag time on other duties above (percent)",
        help_text="Of her contracted hours over the last four weeks. 20 is the usual choice.",
        error_messages={"invalid": "Enter a percentage as a whole number"},
    )


# Employment and role ------------------------------------------------------------------------

NO_BAND = "No band (a volunteer, or not known)"


class EmploymentForm(forms.Form):
    contract_type = forms.ChoiceField(
        choices=[("", "Not recorded"), *ContractType.choices],
        required=False,
        widget=forms.RadioSelect,
        label="Contract",
    )
    started_on = dates.DateField(widget=DATE, required=False, label="Started in this role (optional)")
    contract_ends_on = dates.DateField(
        widget=DATE, required=False, label="Contract ends (optional)", help_text="For a fixed-term contract"
    )
    hours_per_week = forms.DecimalField(
        max_digits=4,
        decimal_places=1,
        required=False,
        label="Hours a week (optional)",
        error_messages={"invalid": "Enter hours as a number, like 22.5"},
    )
    band = forms.ChoiceField(
        required=False,
        label="Agenda for Change band",
        help_text="Where she is paid: for a hosted peer worker, the band her pay matches",
        error_messages={
            "invalid_choice": "There is no Agenda for Change band “%(value)s”: choose one from the list"
        },
    )

    def __init__(self, *args: Any, bands: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["band"].choices = [  # type: ignore[attr-defined]
            ("", NO_BAND),
            *((b.code, f"Band {b.code}: £{b.annual_from:,} to £{b.annual_to:,} a year") for b in bands),
        ]


def _terms(taxonomy: Any) -> Any:
    return TaxonomyTerm.objects.filter(taxonomy_id=taxonomy).order_by("position", "name")


class OfferForm(forms.Form):
    """What she offers to be matched on. All of it optional, and hers to choose."""

    languages = forms.CharField(
        max_length=200,
        required=False,
        label="Languages you speak besides English (optional)",
        help_text="Separate them with commas, like Urdu, Punjabi",
    )
    conditions: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Experience you would like mothers matched on (optional)",
        help_text="Only what you want mothers matched on. Leave them all unticked if you prefer.",
    )
    communities: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Communities you would especially like to support (optional)",
    )
    areas = forms.CharField(
        max_length=200,
        required=False,
        label="Areas you cover (optional)",
        help_text="Postcode districts, the first half of a postcode, separated by commas: like B12, B13",
    )
    supports_fathers = forms.BooleanField(required=False, label="I support fathers and partners too")
    max_caseload = forms.IntegerField(
        required=False,
        label="How many people you can support at once (optional)",
        error_messages={"invalid": "Enter a whole number"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["conditions"].queryset = _terms(CONDITIONS)  # type: ignore[attr-defined]
        self.fields["communities"].queryset = _terms(COMMUNITIES)  # type: ignore[attr-defined]


class CaseloadForm(forms.Form):
    max_caseload = forms.IntegerField(
        required=False,
        label="How many people she can support at once",
        help_text="Leave it empty if it is not agreed yet",
        error_messages={"invalid": "Enter a whole number"},
    )


class RoleDescriptionForm(forms.Form):
    text = forms.CharField(widget=forms.Textarea, label="Role description")
    co_written = forms.BooleanField(required=False, label="Written together with her")
    before_recruitment = forms.BooleanField(
        required=False,
        label="This was written before she was recruited (for example, the advertised job description)",
        help_text="She can then revise it at her induction",
    )

    def __init__(self, *args: Any, hers: bool, first: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if hers:
            self.fields["text"].label = "Your role description"
            del self.fields["co_written"], self.fields["before_recruitment"]
        elif not first:
            del self.fields["before_recruitment"]


class DutyForm(forms.Form):
    done_on = dates.DateField(widget=DATE, label="Date")
    hours = forms.DecimalField(
        max_digits=4,
        decimal_places=1,
        label="Hours",
        error_messages={"invalid": "Enter hours as a number, like 1.5"},
    )
    kind = forms.ChoiceField(choices=DutyKind.choices, widget=forms.RadioSelect, label="What was the duty?")
    description = forms.CharField(max_length=200, required=False, label="Say what it was (if something else)")
    chosen = yes_no("Was it her choice to do it?")

    def __init__(self, *args: Any, hers: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if hers:
            self.fields["chosen"].label = "Was it your choice to do it?"


# Co-ordinator cover, supervision guidance and involvement (ADR 0038) --------------------------


class SharedCoordinatorForm(forms.Form):
    from_service: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=None,
        label="Whose co-ordinator covers this service?",
        help_text="Services with a co-ordinator of their own",
        empty_label="Choose a service",
    )
    started_on = dates.DateField(widget=DATE, label="From")
    note = forms.CharField(
        max_length=300,
        required=False,
        widget=forms.Textarea,
        label="Note (optional)",
        help_text="For example, which days she is here, or how to reach her",
    )

    def __init__(self, *args: Any, services: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["from_service"].queryset = services  # type: ignore[attr-defined]


class SharedCoordinatorEndForm(forms.Form):
    ended_on = dates.DateField(widget=DATE, label="Last day of the arrangement")


class GuidanceForm(forms.Form):
    nhs_supervision_days = forms.IntegerField(
        label="NHS supervision: every how many days?",
        help_text="From weekly (7) to quarterly (92)",
        error_messages={"invalid": "Enter days as a number"},
    )
    nhs_with = forms.CharField(
        max_length=300,
        label="NHS supervision: with whom?",
        help_text="For example, the clinical psychologist",
    )
    peer_supervision_days = forms.IntegerField(
        label="Peer supervision: every how many days?",
        help_text="From weekly (7) to quarterly (92)",
        error_messages={"invalid": "Enter days as a number"},
    )
    peer_with = forms.CharField(
        max_length=300,
        label="Peer supervision: with whom?",
        help_text="For example, a peer worker from her host organisation",
    )
    covers = forms.CharField(widget=forms.Textarea, label="What does supervision cover?")
    agreed_on = dates.DateField(widget=DATE, label="Agreed on")
    co_produced_by = PeopleField(
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        label="Which peer workers co-produced it?",
        help_text="At least one: the guidance is written with the peer workers, not for them",
    )

    def __init__(self, *args: Any, peer_workers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["co_produced_by"].queryset = peer_workers  # type: ignore[attr-defined]


PART_CHOICES = [
    ("none", "Did not take part"),
    ("chosen", "Took part, by her own choice"),
    ("not_chosen", "Took part, but not by her choice"),
]


class InvolvementForm(forms.Form):
    held_on = dates.DateField(widget=DATE, label="Date")
    shaped = forms.CharField(
        widget=forms.Textarea,
        label="What was shaped?",
        help_text="For example, the leaflet for new mothers, or how the café group runs",
    )
    mothers = forms.IntegerField(
        min_value=0,
        label="How many mothers with lived experience took part?",
        help_text="A number only: no names",
        error_messages={"invalid": "Enter a number, 0 if none", "min_value": "Enter 0 or more"},
    )

    def __init__(self, *args: Any, peer_workers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.members = list(peer_workers)
        for m in self.members:
            self.fields[f"part_{m.pk}"] = forms.ChoiceField(
                choices=PART_CHOICES, widget=forms.RadioSelect, label=f"{m.user}", initial="none"
            )
            self.fields[f"hours_{m.pk}"] = forms.DecimalField(
                max_digits=4,
                decimal_places=1,
                required=False,
                label=f"Hours {m.user} spent on it",
                error_messages={"invalid": "Enter hours as a number, like 1.5"},
            )

    @property
    def people(self) -> list[tuple[Any, Any, Any]]:
        """Each peer worker, with her two bound fields, for the template."""
        return [(m, self[f"part_{m.pk}"], self[f"hours_{m.pk}"]) for m in self.members]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for m in self.members:
            if data.get(f"part_{m.pk}", "none") != "none" and data.get(f"hours_{m.pk}") is None:
                self.add_error(f"hours_{m.pk}", f"Enter the hours {m.user} spent on it")
        return data

    def parts(self) -> list[tuple[Any, bool, Any]]:
        """(her membership, whether she chose it, hours) for each who took part."""
        data = self.cleaned_data
        return [
            (m, data[f"part_{m.pk}"] == "chosen", data[f"hours_{m.pk}"])
            for m in self.members
            if data.get(f"part_{m.pk}", "none") != "none"
        ]
