"""Small-number suppression for any count that leaves a service (REFERENCE.md).

Counts 1 to SUPPRESS_MAX are hidden as "*"; larger counts are rounded to the nearest
ROUND_TO below national level. Zero is shown: a true zero discloses nobody.
"""

from django.conf import settings


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


def suppress_with_total(counts: list[int], total: int, *, national: bool = False) -> tuple[list[str], str]:
    """Counts that add up to a total shown beside them, with secondary suppression.

    If exactly one count is hidden, subtracting the others from the total would reveal it, so the
    next smallest non-zero count is hidden too; if there is none, the total is hidden instead.
    """
    gone = {i for i, c in enumerate(counts) if hidden(c)}
    hide_total = hidden(total)
    if len(gone) == 1 and not hide_total:
        others = sorted((c, i) for i, c in enumerate(counts) if i not in gone and c > 0)
        if others:
            gone.add(others[0][1])
        else:  # the counts do not add up to the total (some are not shown): the total would tell
            hide_total = True
    shown = ["*" if i in gone else suppress(c, national=national) for i, c in enumerate(counts)]
    return shown, "*" if hide_total else suppress(total, national=national)
