"""Reading a live Open Referral feed page by page, for `alongside import_oruk --url` (ADR 0045).

A list endpoint of the HSDS 3.0 API (`/services`, `/organizations`, `/service_at_locations`…)
answers a page at a time, with `page` and `per_page` in the query and `total_pages` and
`last_page` in the answer. `pages()` asks for page 1, 2, 3… until the answer says it is the last
(or is empty), and yields each as it arrives, so a large directory is never held whole. For
`/services` it asks for `full=true` (each service with its locations, languages and terms)
unless the address already says `full` or `minimal`.

Only http and https; each page must be JSON (alongside/lib/jsonguard.py) and under MAX_BYTES.
A page that cannot be read stops the import there, with the page and the reason: the pages
already imported stay imported, as each record is imported on its own.
"""

import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from alongside.lib import jsonguard

MAX_BYTES = 50 * 1024 * 1024
MAX_PAGES = 100_000
TIMEOUT_SECONDS = 60


class FetchError(ValueError):
    """A page could not be read; the message names it and says why."""


def page_address(url: str, number: int, per_page: int) -> str:
    parts = urlsplit(url)
    query = [
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k not in ("page", "per_page")
    ]
    if parts.path.rstrip("/").endswith("/services") and not {"full", "minimal"} & {k for k, _ in query}:
        query.append(("full", "true"))
    query += [("page", str(number)), ("per_page", str(per_page))]
    return urlunsplit(parts._replace(query=urlencode(query)))


def _get(address: str, number: int) -> Any:
    headers = {"Accept": "application/json", "User-Agent": "Alongside import_oruk"}
    request = urllib.request.Request(address, headers=headers)  # noqa: S310 (pages() checks the scheme)
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as answer:  # noqa: S310
            body = answer.read(MAX_BYTES + 1)
    except urllib.error.HTTPError as error:
        raise FetchError(f"Page {number} ({address}) answered {error.code} {error.reason}") from None
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise FetchError(f"Page {number} ({address}) could not be reached: {reason}") from None
    if len(body) > MAX_BYTES:
        raise FetchError(
            f"Page {number} ({address}) is larger than {MAX_BYTES // 2**20} MB: ask for fewer with --per-page"
        )
    try:
        return jsonguard.loads(body)
    except jsonguard.Refused as error:
        raise FetchError(f"Page {number} ({address}) is not JSON: {error.message}") from None
    except ValueError as error:
        raise FetchError(f"Page {number} ({address}) is not JSON: {error}") from None


def pages(url: str, *, per_page: int = 100) -> Iterator[tuple[int, str, Any]]:
    """(page number, its address, its JSON) for each page of the feed at `url`, in order."""
    if urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).netloc:
        raise FetchError(f"{url!r} is not a web address (http or https)")
    if not 1 <= per_page <= 1000:
        raise FetchError("--per-page must be between 1 and 1000")
    for number in range(1, MAX_PAGES + 1):
        address = page_address(url, number, per_page)
        data = _get(address, number)
        yield number, address, data
        if not isinstance(data, dict) or "contents" not in data:
            return  # one record, or a plain list: there are no more pages
        total = data.get("total_pages")
        if (
            data.get("last_page") is True
            or not data.get("contents")
            or (isinstance(total, int) and number >= total)
        ):
            return
    raise FetchError(f"{url} has more than {MAX_PAGES} pages")
