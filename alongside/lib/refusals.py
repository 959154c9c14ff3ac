"""How a service says no (ADR 0020).

A service refuses bad input by raising a ValidationError keyed by the form field it is about, or
for the whole form when the field is None. The form view puts the refusal on the form, so she sees
it beside the field she needs to change.
"""

from django.core.exceptions import ValidationError


def refused(field: str | None, message: str) -> ValidationError:
    """The refusal to raise: `raise refused("name", "Enter her name")`."""
    return ValidationError({field: message} if field else message)
