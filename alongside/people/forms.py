from django import forms
from django.utils import timezone

from alongside.lib import dates, names, nhs_number, phone, postcode
from alongside.people.models import EthnicCategory, NeedOrBarrier, Person
from alongside.vocabularies.models import COMMUNITIES, CONDITIONS, MODES, TaxonomyTerm

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

PERSON_FIELDS = [
    "given_name",
    "family_name",
    "preferred_name",
    "family_role",
    "date_of_birth",
    "nhs_number",
    "postcode",
    "phone",
    "ethnic_category",
    "preferred_language",
    "needs_interpreter",
    "due_date",
    "baby_date_of_birth",
]


def _terms(label: str, help_text: str) -> forms.ModelMultipleChoiceField:
    """Terms of one of the directory's vocabularies (its queryset is set per form)."""
    return forms.ModelMultipleChoiceField(
        queryset=TaxonomyTerm.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=label,
        help_text=help_text,
    )


class PersonForm(forms.ModelForm):
    """The person's own details. Model validation (Person.clean) refuses impossible dates."""

    # The fields that are lists (many-to-many): not set on a new Person directly.
    MANY = ("needs", "conditions", "communities", "preferred_modes")

    needs = forms.ModelMultipleChoiceField(
        queryset=NeedOrBarrier.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Needs and barriers to plan around",
    )
    # What matching reads besides needs and language (alongside.support.matching): all optional.
    conditions = _terms(
        "Experiences to be matched on (optional)",
        "Only what she is happy for us to use when finding her a peer worker or a partner organisation",
    )
    communities = _terms(
        "Communities to take into account (optional)",
        "A partner organisation or peer worker may especially support them",
    )
    preferred_modes = _terms("How would she like to be supported? (optional)", "")
    # Longer than stored, so spaces and dashes typed by people are accepted and then removed.
    nhs_number = forms.CharField(
        required=False,
        max_length=20,
        label="NHS number (optional)",
        help_text="10 digits, for example 943 476 5919",
    )
    postcode = forms.CharField(
        required=False, max_length=20, label="Postcode (optional)", help_text="For example LS1 4AP"
    )
    phone = phone.PhoneField(required=False, label="Phone number (optional)")

    class Meta:
        model = Person
        fields = [*PERSON_FIELDS, "needs", "conditions", "communities", "preferred_modes"]
        labels = {
            "given_name": "First name",
            "family_name": "Last name",
            "preferred_name": "Preferred name (optional)",
            "family_role": "Who is this?",
            "date_of_birth": "Date of birth (optional)",
            "phone": "Phone number (optional)",
            "ethnic_category": "Ethnic category",
            "needs_interpreter": "Needs an interpreter",
            "due_date": "Expected due date (if pregnant)",
            "baby_date_of_birth": "Baby's date of birth (if born)",
        }
        help_texts = {"due_date": "", "baby_date_of_birth": "", "family_name": "", "service": ""}
        # Dates inside the range every form keeps to, and names that read as typed (ADR 0020).
        field_classes = {
            "date_of_birth": dates.BirthDateField,
            "due_date": dates.DateField,
            "baby_date_of_birth": dates.DateField,
            "given_name": names.NameField,
            "family_name": names.NameField,
            "preferred_name": names.NameField,
        }
        widgets = {
            "family_role": forms.RadioSelect,
            "date_of_birth": DATE,
            "due_date": DATE,
            "baby_date_of_birth": DATE,
        }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["ethnic_category"].queryset = EthnicCategory.objects.all()  # type: ignore[attr-defined]
        self.fields["ethnic_category"].empty_label = "Not recorded"  # type: ignore[attr-defined]
        self.fields["family_role"].choices = Person.FamilyRole.choices  # type: ignore[attr-defined]
        vocabularies = {"conditions": CONDITIONS, "communities": COMMUNITIES, "preferred_modes": MODES}
        for name, taxonomy in vocabularies.items():
            self.fields[name].queryset = TaxonomyTerm.objects.filter(taxonomy_id=taxonomy)  # type: ignore[attr-defined]

    def clean_nhs_number(self) -> str:
        value = nhs_number.normalise(self.cleaned_data.get("nhs_number", ""))
        if value:
            nhs_number.validate(value)
        return value

    def clean_postcode(self) -> str:
        value = self.cleaned_data.get("postcode", "").strip()
        if value:
            postcode.validate(value)
            value = postcode.normalise(value)
        return value

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("family_role") == Person.FamilyRole.MOTHER and not (
            data.get("due_date") or data.get("baby_date_of_birth") or self.errors
        ):
            self.add_error("due_date", "Enter the expected due date, or the baby's date of birth")
        return data


def today_iso() -> str:
    return timezone.localdate().isoformat()
