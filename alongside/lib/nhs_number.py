"""NHS number: 10 digits, modulus 11 check digit, shown 3-3-4 (docs/domain.md, "NHS number")."""

import re

from django.core.exceptions import ValidationError

_WEIGHTS = range(10, 1, -1)


def normalise(value: str) -> str:
    return re.sub(r"[\s-]", "", value or "")


def is_valid(value: str) -> bool:
    digits = normalise(value)
    if not re.fullmatch(r"\d{10}", digits):
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], _WEIGHTS, strict=True))
    check = 11 - (total % 11)
    if check == 11:
        check = 0
    if check == 10:
        return False
    return check == int(digits[9])


def validate(value: str) -> None:
    digits = normalise(value)
    if not re.fullmatch(r"\d{10}", digits):
        raise ValidationError("NHS number must be 10 digits, like 943 476 5919")
    if not is_valid(digits):
        raise ValidationError("Enter a valid NHS number: the check digit does not match")


def display(value: str) -> str:
    digits = normalise(value)
    if len(digits) != 10:
        return value
    return f"{digits[:3]} {digits[3:6]} {digits[6:]}"
