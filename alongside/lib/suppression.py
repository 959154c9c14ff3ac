"""Small-number suppression for any count that leaves a service (docs/domain.md, "Small-number suppression").

Counts 1 to SUPPRESS_MAX are hidden as "*"; larger counts are rounded to the nearest
ROUND_TO below national level. Zero is shown: a true zero discloses nobody. A breakdown that
adds up to a total needs secondary suppression too: suppress_table() (ADR 0016).
"""

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import Generic, TypeVar

from django.conf import settings

K = TypeVar("K", bound=Hashable)


def suppress(count: int, *, national: bool = False) -> str:
    low = settings.ALONGSIDE["SUPPRESS_MAX"]
    if 1 <= count <= low:
        return "*"
    if national or count == 0:
        return str(count)
    step = settings.ALONGSIDE["ROUND_TO"]
    return str(int(step * round(count / step)))


def hidden(count: int) -> bool:
    """Whether a count is small enough to hide (primary suppression)."""
    return 1 <= count <= settings.ALONGSIDE["SUPPRESS_MAX"]


@dataclass(frozen=True)
class SuppressedTable(Generic[K]):
    """A breakdown as it may be shown: each cell and the total as text ("*" where hidden)."""

    cells: dict[K, str]
    total: str
    primary: frozenset[K]  # hidden because small
    secondary: frozenset[K]  # hidden so that a small one cannot be worked out from the total

    def hidden(self, key: K) -> bool:
        return key in self.primary or key in self.secondary


def suppress_table(counts: Mapping[K, int], *, national: bool = False) -> SuppressedTable[K]:
    """Suppress a breakdown whose cells add up to its total, so no hidden cell can be recovered.

    Primary suppression hides each count of 1 to SUPPRESS_MAX, as suppress() does. Secondary
    suppression then hides more, smallest shown count first (never a zero: a true zero discloses
    nobody), for as long as the hidden cells could be worked out from the total: while only one
    cell is hidden, or the hidden cells add up to SUPPRESS_MAX or fewer (their sum is the total
    less what is shown, and must not itself be a small number). If nothing is left to hide, the
    total is hidden too. Shown counts are rounded as suppress() rounds them.
    """
    low = settings.ALONGSIDE["SUPPRESS_MAX"]
    primary = {k for k, n in counts.items() if 1 <= n <= low}
    secondary: set[K] = set()
    total_hidden = False

    def exposed() -> bool:
        hidden = primary | secondary
        return bool(hidden) and (len(hidden) == 1 or sum(counts[k] for k in hidden) <= low)

    while exposed():
        candidates = [k for k, n in counts.items() if n > 0 and k not in primary and k not in secondary]
        if not candidates:
            total_hidden = True
            break
        secondary.add(min(candidates, key=lambda k: counts[k]))
    total = sum(counts.values())
    return SuppressedTable(
        cells={
            k: "*" if k in primary or k in secondary else suppress(n, national=national)
            for k, n in counts.items()
        },
        total="*" if total_hidden else suppress(total, national=national),
        primary=frozenset(primary),
        secondary=frozenset(secondary),
    )
