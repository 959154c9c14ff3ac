"""Names (and other short text shown to people) must read as they were typed (ADR 0020).

Unicode's bidirectional controls (U+202A to U+202E, U+2066 to U+2069, U+200E, U+200F, U+061C)
are invisible and reorder the characters around them: "Amira\u202eAbc" shows as "AmiracbA", and
a name, a file name or a reference can be made to read as something else. No one's name needs
them: Arabic, Hebrew and Urdu names display correctly without them. NUL is refused too: it
is never typed, and PostgreSQL cannot store it.
"""

from typing import Annotated, Any

from django import forms
from django.core.exceptions import ValidationError
from pydantic import AfterValidator

BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
MESSAGE = (
    "Remove the hidden characters that change the direction of text (such as a right-to-left "
    "override): they make a name read differently from what was typed"
)
NUL_MESSAGE = "Remove the NUL character: it cannot be stored"


def problem(value: str) -> str | None:
    if "\x00" in value:
        return NUL_MESSAGE
    if not BIDI_CONTROLS.isdisjoint(value):
        return MESSAGE
    return None


def validate(value: str) -> None:
    """A Django validator for a name."""
    if (reason := problem(value)) is not None:
        raise ValidationError(reason, code="bidi_control")


def _checked(value: str) -> str:
    if (reason := problem(value)) is not None:
        raise ValueError(reason)
    return value


# A name (or an identifier shown as one) in an API schema.
Name = Annotated[str, AfterValidator(_checked)]


class NameField(forms.CharField):
    """A form's name field: refuses bidirectional controls (and NUL) with a clear message."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.validators.append(validate)
