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
