import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone

from alongside.directory.models import Language, Organization, Outcome, Service
from alongside.lib import dates, names, postcode
from alongside.lib.postcode import district_of
from alongside.people.forms import DATE
from alongside.vocabularies.models import COMMUNITIES, CONDITIONS, MODES, OUR_TAXONOMIES, TaxonomyTerm


def _term_choices(terms: list[TaxonomyTerm], taxonomy: Any, anything: str) -> list[tuple[str, str]]:
    return [("", anything)] + [(t.code, t.name) for t in terms if t.taxonomy_id == taxonomy]


class SearchForm(forms.Form):
    """The filters of the directory search, all optional. Choices come from the data (two queries)."""

    condition = forms.ChoiceField(required=False, label="Need or condition")
    community = forms.ChoiceField(required=False, label="Community")
    language = forms.ChoiceField(required=False, label="Language")
    mode = forms.ChoiceField(required=False, label="How support is given")
    area = forms.CharField(
        required=False,
        max_length=10,
        label="Where she lives",
        help_text="A postcode or postcode district, for example B12 9QP or B12",
    )
    q = forms.CharField(required=False, max_length=100, label="Name or words (optional)")
    everything = forms.BooleanField(required=False, label="Include services that are closed or inactive")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        terms = list(TaxonomyTerm.objects.filter(taxonomy_id__in=OUR_TAXONOMIES))
        self.fields["condition"].choices = _term_choices(terms, CONDITIONS, "Any")  # type: ignore[attr-defined]
        self.fields["community"].choices = _term_choices(terms, COMMUNITIES, "Anyone")  # type: ignore[attr-defined]
        self.fields["mode"].choices = _term_choices(terms, MODES, "Any way")  # type: ignore[attr-defined]
        languages = Language.objects.order_by("name").values_list("name", flat=True).distinct()
        self.fields["language"].choices = [("", "Any")] + [(n, n) for n in languages]  # type: ignore[attr-defined]

    def clean_area(self) -> str:
        value: str = self.cleaned_data["area"].strip()
        if not value:
            return ""
        found = district_of(postcode.district(value))
        if not found:
            raise forms.ValidationError("Enter a postcode or a postcode district, like B12 9QP or B12")
        return found


class ServiceChoiceField(forms.ModelChoiceField):
    """A choice of directory entry; anything not on the list (a closed one, a mangled id) is one message."""

    def to_python(self, value: Any) -> Any:
        try:
            return super().to_python(value)
        except forms.ValidationError:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            ) from None


class SignpostForm(forms.Form):
    service = ServiceChoiceField(
        queryset=Service.objects.none(),
        label="Service",
        empty_label="Choose a service",
        error_messages={
            "required": "Choose the service you told her about",
            "invalid_choice": "Choose an active service from the list",
        },
    )
    signposted_on = dates.DateField(widget=DATE, label="Date you told her about it")
    note = forms.CharField(widget=forms.Textarea, required=False, label="Note (optional)")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        active = Service.objects.filter(status=Service.Status.ACTIVE).select_related("organization")
        field = self.fields["service"]
        field.queryset = active.order_by("name")  # type: ignore[attr-defined]
        field.label_from_instance = lambda s: f"{s.name} ({s.organization.name})"  # type: ignore[attr-defined]


class FollowUpForm(forms.Form):
    outcome = forms.ChoiceField(
        choices=Outcome.choices,
        widget=forms.RadioSelect,
        label="Did she connect with the service?",
        error_messages={"required": "Select whether she connected"},
    )
    recorded_on = dates.DateField(widget=DATE, label="Date you asked her")
    note = forms.CharField(widget=forms.Textarea, required=False, label="Note (optional)")

    def clean_recorded_on(self) -> dt.date:
        value: dt.date = self.cleaned_data["recorded_on"]
        if value > timezone.localdate():
            raise forms.ValidationError("The date cannot be in the future")
        return value


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Open Referral UK JSON file",
        help_text="Services, organisations, services at a location, taxonomies or terms: a page, a list or "
        "one record",
        error_messages={"required": "Choose a JSON file to import"},
    )


class DirectoryServiceForm(forms.Form):
    """A directory entry by hand. Languages and areas are typed as lists, checked by the service."""

    organization = forms.ModelChoiceField(
        queryset=Organization.objects.order_by("name"),
        required=False,
        label="Organisation",
        empty_label="A new organisation (enter its name below)",
    )
    new_organization_name = names.NameField(required=False, max_length=255, label="New organisation's name")
    name = names.NameField(max_length=255, label="Name of the service")
    description = forms.CharField(widget=forms.Textarea, required=False, label="What it offers")
    url = forms.URLField(required=False, max_length=500, label="Website (optional)", assume_scheme="https")
    email = forms.EmailField(required=False, label="Email (optional)")
    status = forms.ChoiceField(choices=Service.Status.choices, widget=forms.RadioSelect, label="Status")
    conditions = forms.ModelMultipleChoiceField(
        queryset=TaxonomyTerm.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Needs and conditions it helps with",
    )
    communities = forms.ModelMultipleChoiceField(
        queryset=TaxonomyTerm.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Communities it is especially for",
    )
    modes = forms.ModelMultipleChoiceField(
        queryset=TaxonomyTerm.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="How support is given",
    )
    languages = forms.CharField(
        required=False,
        max_length=500,
        label="Languages",
        help_text="Separated by commas, for example English, Urdu",
    )
    districts = forms.CharField(
        required=False,
        max_length=500,
        label="Postcode districts it covers",
        help_text="For example B12, B13. Leave empty if it is open to anyone, anywhere (online or by phone)",
    )
    venue_name = names.NameField(required=False, max_length=255, label="Venue (optional)")
    venue_address_1 = forms.CharField(required=False, max_length=255, label="Venue address")
    venue_city = forms.CharField(required=False, max_length=100, label="Town or city")
    venue_postcode = forms.CharField(required=False, max_length=10, label="Venue postcode")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, taxonomy in (("conditions", CONDITIONS), ("communities", COMMUNITIES), ("modes", MODES)):
            self.fields[name].queryset = TaxonomyTerm.objects.filter(taxonomy_id=taxonomy)  # type: ignore[attr-defined]

    @classmethod
    def initial_for(cls, service: Service) -> dict[str, Any]:
        terms = list(service.terms.all())
        sal = service.service_at_locations.select_related("location").first()
        venue = sal.location if sal else None
        return {
            "organization": service.organization_id,
            "name": service.name,
            "description": service.description,
            "url": service.url,
            "email": service.email,
            "status": service.status,
            "conditions": [t.pk for t in terms if t.taxonomy_id == CONDITIONS],
            "communities": [t.pk for t in terms if t.taxonomy_id == COMMUNITIES],
            "modes": [t.pk for t in terms if t.taxonomy_id == MODES],
            "languages": ", ".join(lang.name for lang in service.languages.all()),
            "districts": ", ".join(a.district for a in service.service_areas.all() if a.district),
            "venue_name": venue.name if venue else "",
            "venue_address_1": venue.address_1 if venue else "",
            "venue_city": venue.city if venue else "",
            "venue_postcode": venue.postcode if venue else "",
        }

    def service_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "organization": data["organization"],
            "new_organization_name": data["new_organization_name"],
            "name": data["name"],
            "description": data["description"],
            "url": data["url"],
            "email": data["email"],
            "status": data["status"],
            "terms": [*data["conditions"], *data["communities"], *data["modes"]],
            "languages": data["languages"],
            "districts": data["districts"],
            "venue": {
                "name": data["venue_name"].strip(),
                "address_1": data["venue_address_1"].strip(),
                "city": data["venue_city"].strip(),
                "postcode": data["venue_postcode"].strip(),
            },
        }
