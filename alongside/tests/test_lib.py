import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from alongside.lib import nhs_number, postcode
from alongside.lib.suppression import suppress


@pytest.mark.parametrize("value", ["9434765919", "943 476 5919", "943-476-5919"])
def test_a_valid_nhs_number_passes_the_modulus_11_check(value: str) -> None:
    assert nhs_number.is_valid(value)


@pytest.mark.parametrize("value", ["9434765918", "943476591", "abcdefghij", "", "1000000010"])
def test_an_invalid_nhs_number_fails(value: str) -> None:
    assert not nhs_number.is_valid(value)


def test_a_check_digit_of_ten_is_never_valid() -> None:
    # Find nine digits whose check digit would come out as 10: no tenth digit can make them valid.
    digits = next(
        f"{n:09d}"
        for n in range(100000000, 100001000)
        if 11 - sum(int(d) * w for d, w in zip(f"{n:09d}", range(10, 1, -1), strict=True)) % 11 == 10
    )
    assert all(not nhs_number.is_valid(digits + str(last)) for last in range(10))


def test_an_nhs_number_is_shown_3_3_4() -> None:
    assert nhs_number.display("9434765919") == "943 476 5919"


@pytest.mark.parametrize(
    "value", ["LS1 4AP", "ls14ap", "B15 2TT", "SW1A 1AA", "M1 1AE", "GIR 0AA", "EC1A 1BB"]
)
def test_a_uk_postcode_is_accepted(value: str) -> None:
    postcode.validate(value)


@pytest.mark.parametrize("value", ["LS1", "12345", "QQ1 1AA", "LS1 4APX", "not one"])
def test_a_bad_postcode_is_refused(value: str) -> None:
    with pytest.raises(ValidationError):
        postcode.validate(value)


def test_a_postcode_is_stored_upper_case_with_one_space() -> None:
    assert postcode.normalise(" ls14ap ") == "LS1 4AP"
    assert postcode.district("ls1 4ap") == "LS1"


@pytest.mark.parametrize(
    ("count", "shown"), [(0, "0"), (1, "*"), (7, "*"), (8, "10"), (12, "10"), (13, "15"), (102, "100")]
)
def test_small_counts_are_suppressed_and_others_rounded_to_5(count: int, shown: str) -> None:
    assert suppress(count) == shown


def test_national_figures_are_suppressed_but_not_rounded() -> None:
    assert suppress(5, national=True) == "*"
    assert suppress(12, national=True) == "12"


@override_settings(
    ALONGSIDE={"SUPPRESS_MAX": 9, "ROUND_TO": 10, "NO_CONTACT_DAYS": 14, "MAX_CONTACT_MINUTES": 720}
)
def test_suppression_is_configurable() -> None:
    assert suppress(9) == "*"
    assert suppress(16) == "20"
