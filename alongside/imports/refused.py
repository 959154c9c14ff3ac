"""The refused rows, as a CSV she can open, fix and import again: each row as it was, plus why."""

import csv
import io
from typing import Any


def refused_csv(summary: dict[str, Any]) -> str:
    """One block per file (or worksheet): its headings plus "Reason", then its refused rows.

    Cells that a spreadsheet would run as a formula (=, +, -, @ first) are prefixed with a quote."""
    out = io.StringIO()
    writer = csv.writer(out)
    by_source: dict[str, list[dict[str, Any]]] = {}
    for row in summary.get("rows", []):
        if row["action"] == "refused":
            by_source.setdefault(row["source"], []).append(row)
    several = len(by_source) > 1
    for source, rows in by_source.items():
        headings = list(summary.get("sources", {}).get(source, []))
        width = max([len(headings)] + [len(r["cells"]) for r in rows])
        headings += [""] * (width - len(headings))
        writer.writerow((["File"] if several else []) + [_safe(h) for h in headings] + ["Reason"])
        for row in rows:
            cells = list(row["cells"]) + [""] * (width - len(row["cells"]))
            writer.writerow(
                ([source] if several else []) + [_safe(c) for c in cells[:width]] + [row["reason"]]
            )
    return out.getvalue()


def _safe(cell: Any) -> str:
    value = "" if cell is None else str(cell)
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value
