"""Secondary suppression: a hidden count can never be worked out from the total and what is shown."""

import random

import pytest
from django.test import override_settings

from alongside.lib.suppression import suppress, suppress_table


def test_a_small_count_is_hidden_and_so_is_the_next_smallest_so_the_total_cannot_give_it_away() -> None:
    table = suppress_table({"A": 3, "B": 50, "C": 40}, national=True)
    assert table.cells == {"A": "*", "B": "50", "C": "*"}
    assert table.total == "93"
    assert table.primary == {"A"} and table.secondary == {"C"}
    # 93 - 50 = 43 is shared by A and C: A could be anything from 1 to 7.


def test_shown_counts_are_rounded_below_national_level_as_suppress_rounds_them() -> None:
    table = suppress_table({"A": 3, "B": 52, "C": 41})
    assert table.cells == {"A": "*", "B": "50", "C": "*"}
    assert table.total == suppress(96) == "95"


def test_hidden_cells_that_add_up_to_a_small_number_are_joined_by_another() -> None:
    table = suppress_table({"A": 2, "B": 3, "C": 100, "D": 200}, national=True)
    assert table.cells == {"A": "*", "B": "*", "C": "*", "D": "200"}


def test_when_nothing_is_left_to_hide_the_total_is_hidden_too() -> None:
    table = suppress_table({"A": 3, "B": 0, "C": 0}, national=True)
    assert table.cells == {"A": "*", "B": "0", "C": "0"}
    assert table.total == "*"


def test_a_true_zero_is_shown_and_never_hidden_to_protect_another() -> None:
    table = suppress_table({"A": 0, "B": 5, "C": 30, "D": 0}, national=True)
    assert table.cells == {"A": "0", "B": "*", "C": "*", "D": "0"}
    assert table.total == "35"  # B and C share it: neither can be told from the other


def test_a_table_with_no_small_count_hides_nothing() -> None:
    table = suppress_table({"A": 0, "B": 8, "C": 30}, national=True)
    assert table.cells == {"A": "0", "B": "8", "C": "30"} and table.total == "38"
    assert not table.primary and not table.secondary


@override_settings(
    ALONGSIDE={"SUPPRESS_MAX": 9, "ROUND_TO": 10, "NO_CONTACT_DAYS": 14, "MAX_CONTACT_MINUTES": 720}
)
def test_the_threshold_is_the_configured_one() -> None:
    assert suppress_table({"A": 9, "B": 40, "C": 50}).cells == {"A": "*", "B": "*", "C": "50"}


@pytest.mark.parametrize("seed", range(20))
def test_no_hidden_count_can_be_recovered_from_any_table(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(50):
        counts = {i: rng.choice([0, 0, 1, 2, 5, 7, 8, 9, 15, 40, 120]) for i in range(rng.randint(1, 8))}
        table = suppress_table(counts, national=True)
        hidden = table.primary | table.secondary
        assert table.primary == {k for k, n in counts.items() if 1 <= n <= 7}
        for k, n in counts.items():
            assert table.cells[k] == ("*" if k in hidden else str(n))
        if hidden and table.total != "*":
            # The total less what is shown gives only the hidden cells' sum: more than one cell,
            # and not itself a small number.
            assert len(hidden) >= 2
            assert sum(counts[k] for k in hidden) > 7
        if table.total == "*":
            assert sum(counts.values()) <= 7 or len(hidden) >= 2
