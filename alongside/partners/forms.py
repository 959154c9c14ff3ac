import re
from typing import Any

from django import forms

from alongside.lib.postcode import district_of
from alongside.partners.models import Remit, split_list
from alongside.vocabularies.models import COMMUNITIES, CONDITIONS, MODES, TaxonomyTerm

# A language's name: letters (any alphabet), spaces, hyphens, apostrophes and brackets.
LANGUAGE = re.compile(r"^[^\W\d_](?:[^\W\d_]|[ '()\-])*$")


def _terms(label: str) -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        queryset=TaxonomyTerm.objects.none(), required=False, widget=forms.CheckboxSelectMultiple, label=label
    )


def clean_districts(text: str) -> str:
    """Postcode districts as typed ("b8,B9 ,  b10") in one form ("B8, B9, B10"); a clear error otherwise."""
    districts = []
    for part in split_list(text):
        district = district_of(part)
        if not district:
            raise forms.ValidationError(
                f"“{part}” is not a postcode district: enter districts like B8 or B12, separated by commas"
            )
        districts.append(district)
    return ", ".join(dict.fromkeys(districts))


def clean_languages(text: str) -> str:
    languages = split_list(text)
    for language in languages:
        if len(language) > 40 or not LANGUAGE.match(language):
            raise forms.ValidationError(
                f"“{language}” is not a language: enter languages by name, separated by commas, "
                "for example Urdu, Punjabi"
            )
    return ", ".join(languages)


class RemitForm(forms.Form):
    description = forms.CharField(
        widget=forms.Textarea,
        required=False,
        max_length=2000,
        label="Its remit, in its own words (optional)",
    )
    conditions = _terms("Conditions it supports")
    communities = _terms("Communities it especially supports")
    modes = _terms("How it gives support")
    areas = forms.CharField(
        required=False,
        max_length=500,
        label="Areas it covers (optional)",
        help_text="Postcode districts, separated by commas, for example B8, B9, B10. "
        "Leave it empty if it supports people wherever they live.",
    )
    languages = forms.CharField(
        required=False,
        max_length=300,
        label="Languages it offers support in, besides English (optional)",
        help_text="Separated by commas, for example Urdu, Punjabi",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, taxonomy in (("conditions", CONDITIONS), ("communities", COMMUNITIES), ("modes", MODES)):
            self.fields[name].queryset = TaxonomyTerm.objects.filter(taxonomy_id=taxonomy)  # type: ignore[attr-defined]

    @staticmethod
    def initial_for(organisation: Any, remit: Remit | None) -> dict[str, Any]:
        initial: dict[str, Any] = {"description": organisation.remit}
        if remit is not None:
            initial |= {
                "conditions": [t.pk for t in remit.conditions.all()],
                "communities": [t.pk for t in remit.communities.all()],
                "modes": [t.pk for t in remit.modes.all()],
                "areas": remit.areas,
                "languages": remit.languages,
            }
        return initial

    def clean_areas(self) -> str:
        return clean_districts(self.cleaned_data["areas"])

    def clean_languages(self) -> str:
        return clean_languages(self.cleaned_data["languages"])


class FathersForm(forms.Form):
    wants_male_peer_worker_for_fathers = forms.TypedChoiceField(
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        label="Would the service like fathers and partners to be offered a male peer worker?",
        help_text="Suggestions when allocating a father or partner then favour a man who supports "
        "fathers and partners. The co-ordinator still decides.",
    )
