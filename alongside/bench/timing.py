"""How one page is measured: server time, queries and size of a GET, as a signed-in user makes it.

Each page is asked for once with the queries captured, then `repeat` times with a clock around
the whole request: the middleware, the view, the rendering and reading the body. The first request
is not timed: CaptureQueriesContext turns on Django's debug cursor, which costs a little per query,
and it warms up (templates compiled, caches filled, as in a worker that has served a while). Its
count is the steady one: on the 3,000-people demo every page made the same number of queries on its
first, second and third request. Every one of those responses must be a 200; the first that is not stops the
page, and its status (and where a redirect pointed) is what is printed, never a time.

The Django test client calls the handler in this process, so the time excludes the network and
the WSGI server, and the database connection stays open between requests (a real SQLite worker
reopens it per request, CONN_MAX_AGE 0: well under a millisecond).
"""

import math
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import connection
from django.http import FileResponse, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext


@dataclass
class Measured:
    status: int = 200
    location: str = ""  # where a redirect pointed
    seconds: list[float] = field(default_factory=list)
    queries: int = 0
    size: int = 0  # bytes of the body

    @property
    def ok(self) -> bool:
        return self.status == 200 and bool(self.seconds)

    @property
    def p50_ms(self) -> float:
        return statistics.median(self.seconds) * 1000

    @property
    def p95_ms(self) -> float:
        return percentile(self.seconds, 0.95) * 1000

    def problem(self) -> str:
        where = f" to {self.location}" if self.location else ""
        return f"status {self.status}{where}"


def percentile(values: list[float], q: float) -> float:
    """Linear interpolation between the two nearest ranks (numpy's default), defined for one value."""
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def body_size(response: HttpResponseBase) -> int:
    """Bytes of the body; a streamed one is read to the end (generating it is part of the request)."""
    if isinstance(response, StreamingHttpResponse | FileResponse):
        size = 0
        for chunk in response.streaming_content:  # type: ignore[union-attr]  # sync views only
            size += len(chunk)
        return size
    return len(response.content) if isinstance(response, HttpResponse) else 0


def _failed(response: HttpResponseBase) -> Measured | None:
    if response.status_code == 200:
        return None
    return Measured(status=response.status_code, location=response.get("Location", ""))


def timed(step: Callable[[], object], repeat: int) -> list[float]:
    """Seconds for each of `repeat` runs of `step`."""
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        step()
        runs.append(time.perf_counter() - started)
    return runs


def measure(client: Client, url: str, repeat: int, *, fresh: bool = False) -> Measured:
    """One page: its queries counted on a first request that also warms up, then timed `repeat` times.
    `fresh`: the cache is emptied before each request (untimed), so a page that keeps what it made
    (the report's snapshot, the summary's rows) is timed making it, as its first visitor waits."""
    if fresh:
        cache.clear()
    with CaptureQueriesContext(connection) as captured:
        counted = client.get(url, secure=True)
        size = body_size(counted)
    if failed := _failed(counted):
        return failed
    result = Measured(queries=len(captured), size=size)
    for _ in range(repeat):
        if fresh:
            cache.clear()
        started = time.perf_counter()
        response = client.get(url, secure=True)
        body_size(response)
        elapsed = time.perf_counter() - started
        if failed := _failed(response):
            return failed
        result.seconds.append(elapsed)
    return result
