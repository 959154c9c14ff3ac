"""UK phone numbers: checked with libphonenumber (phonenumberslite), stored in UK national
format, like "07700 900123" or "0121 496 0000" (ADR 0020).

Letters are refused before parsing (libphonenumber would read "0800 FLOWERS" as digits), and so
is anything that is not a number in the UK's plan (+44, which Guernsey, Jersey and the Isle of
Man share). Ofcom's ranges reserved for drama (07700 900000 to 900999, 01632 960000 to 960999)
are accepted: they are in the UK plan but unallocated, so libphonenumber calls them invalid, and
they are what the demo and the tests use so that no real person is ever rung.
"""

import re

import phonenumbers
from django import forms
from django.core.exceptions import ValidationError

MESSAGE = "Enter a UK phone number, like 07700 900123 or 0121 496 0000"
_ALLOWED = re.compile(r"^[0-9+()\-.\s]+$")
_DRAMA = re.compile(r"^(7700900|1632960)\d{3}$")


def normalise(value: str) -> str:
    """The number in UK national format; raises ValidationError when it is not a UK number."""
    value = (value or "").strip()
    if not _ALLOWED.match(value) or len(value) > 30:
        raise ValidationError(MESSAGE, code="phone")
    try:
        number = phonenumbers.parse(value, "GB")
    except phonenumbers.NumberParseException:
        raise ValidationError(MESSAGE, code="phone") from None
    national = str(number.national_number)
    if number.country_code != 44 or not (phonenumbers.is_valid_number(number) or _DRAMA.match(national)):
        raise ValidationError(MESSAGE, code="phone")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


def validate(value: str) -> None:
    if value:
        normalise(value)


class PhoneField(forms.CharField):
    """An optional-or-not UK phone number, cleaned to national format."""

    def __init__(self, **kwargs: object) -> None:
        kwargs.setdefault("max_length", 30)
        super().__init__(**kwargs)  # type: ignore[arg-type]

    def clean(self, value: object) -> str:
        text = super().clean(value)
        return normalise(text) if text else ""
