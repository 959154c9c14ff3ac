"""Simulated users for `alongside load` (issue 12): who they are, what they click, and the figures.

The cast: 50 users split as a service's day is (ROLE_MIX): mostly peer workers, who open Today, their
people, one mother's record and log a contact with her through the real form (a CSRF-checked POST,
so every peer worker's round writes); co-ordinators on their dashboard, referrals and people;
managers and clinicians; commissioners reading their ICB's report; a national reviewer on the
national summary. They are taken from the busiest services in the database (most peer support
relationships), where pages are heaviest, and signed in without the login form: each gets a real
database session, as django.contrib.auth.login makes one, and, where the settings require MFA, a
real TOTP authenticator for the run (alongside/accounts/middleware.py RequireMFAMiddleware).

The users: one thread each, speaking plain HTTP over loopback with http.client (no new dependency).
Each thinks for a while before every click (THINK_SECONDS, drawn from her own seeded random, so two
runs with the same seed click the same pages in the same order): people read a page before the
next, and 50 users clicking without pause would be a different, unrealistic test. A user starts
after a first random pause, so the 50 do not all arrive in the same instant. No request starts
after the run's time is up; one in flight then has a short grace to finish, and one still
unanswered after that is an error.
"""

import html.parser
import http.client
import http.cookies
import math
import random
import re
import threading
import time
import urllib.parse
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY
from django.contrib.auth import SESSION_KEY as USER_SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db.models import Count, F, Q
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone

from alongside.accounts.middleware import SESSION_KEY as MEMBERSHIP_SESSION_KEY
from alongside.accounts.models import User
from alongside.bench.timing import percentile
from alongside.organisations.models import Membership, Role, Service
from alongside.support.metrics import last_12_months
from alongside.support.models import CASELOAD_STATUSES, PeerSupport

# Of every 50 users: the shares the issue names (35 peer workers, 8 co-ordinators, 4 managers and
# clinicians, 2 commissioners, 1 national reviewer). Other numbers of users keep the proportions.
ROLE_MIX: tuple[tuple[str, int], ...] = (
    (Role.PEER_WORKER, 35),
    (Role.COORDINATOR, 8),
    (Role.SERVICE_MANAGER, 2),
    (Role.CLINICIAN, 2),
    (Role.COMMISSIONER, 2),
    (Role.NATIONAL_REVIEWER, 1),
)
THINK_SECONDS = (1.0, 5.0)  # between clicks, uniform: brisk for someone reading a page or filling a form
GRACE_SECONDS = 10.0  # after the run, for requests already in flight; then they count as unanswered
PEOPLE_PER_USER = 40  # records each non-peer-worker may open: a sample of her service's open support
NOTES = ("", "", "Talked about sleep and feeding", "Walk in the park", "Coffee and a chat", "Brief check-in")

# Page kinds, in the order they are printed.
TODAY, MY_PEOPLE, PEOPLE, RECORD, CONTACT_FORM, CONTACT_POST = (
    "Today",
    "My people",
    "People list",
    "Her record",
    "Contact form",
    "Log a contact (POST)",
)
DASHBOARD, REFERRALS, CONCERNS, SUMMARY, REPORT, NATIONAL = (
    "Dashboard",
    "Referrals",
    "Safety concerns",
    "Service summary",
    "Report, HTML",
    "National summary",
)
KINDS: tuple[str, ...] = (TODAY, MY_PEOPLE, PEOPLE, RECORD, CONTACT_FORM, CONTACT_POST, DASHBOARD, REFERRALS)
KINDS += (CONCERNS, SUMMARY, REPORT, NATIONAL)


# --- The cast -----------------------------------------------------------------------------------


def apportion(users: int, mix: Sequence[tuple[str, int]] = ROLE_MIX) -> dict[str, int]:
    """Users per role in the mix's proportions, by largest remainder: they add up to `users`
    exactly, and 50 gives the mix itself."""
    total = sum(share for _, share in mix)
    exact = {role: users * share / total for role, share in mix}
    counts = {role: math.floor(x) for role, x in exact.items()}
    by_remainder = sorted(mix, key=lambda rs: (-(exact[rs[0]] - counts[rs[0]]), -rs[1]))
    for role, _ in by_remainder[: users - sum(counts.values())]:
        counts[role] += 1
    return counts


@dataclass(frozen=True)
class SimUser:
    """One simulated user: whom she signs in as, and the pages of her round."""

    index: int
    role: str
    membership_id: int
    user_id: int
    service_id: int
    pages: tuple[tuple[str, str], ...]  # (kind, path) opened in order each round
    supports: tuple[tuple[int, int], ...] = ()  # (peer support, person) whose record she may open
    logs_contacts: bool = False  # then she also logs a contact with that person each round


@dataclass
class Cast:
    users: list[SimUser]
    services: list[Service]  # the busiest, in order: where the users work
    notes: list[str] = field(default_factory=list)  # roles missing from the data, and so on


def ranked_services() -> list[Service]:
    """Every service, busiest (most peer support relationships) first."""
    return list(Service.objects.annotate(n=Count("peer_supports")).order_by("-n", "pk"))


def _caseload(membership: Membership) -> list[tuple[int, int]]:
    """Her open caseload at the service: (peer support, person), oldest first."""
    rows = PeerSupport.objects.filter(
        service_id=membership.service_id,
        status__in=CASELOAD_STATUSES,
        allocations__peer_worker_id=membership.user_id,
        allocations__ended_on__isnull=True,
    ).order_by("pk")
    return list(rows.values_list("pk", "person_id").distinct())


def _sample_of_service(service_id: int, rng: random.Random) -> list[tuple[int, int]]:
    rows = PeerSupport.objects.filter(service_id=service_id, status__in=CASELOAD_STATUSES).order_by("pk")
    found = list(rows.values_list("pk", "person_id"))
    return sorted(rng.sample(found, min(PEOPLE_PER_USER, len(found))))


def candidates(role: str, ranks: dict[int, int]) -> list[Membership]:
    """Active memberships in the role, in the busiest services first; peer workers with the
    largest open caseloads first within a service, and none without one (she would have nobody
    to log a contact with)."""
    found = Membership.objects.filter(role=role, active=True).select_related("service")
    if role == Role.PEER_WORKER:
        caseload = Count(
            "user__allocations",
            filter=Q(
                user__allocations__ended_on__isnull=True,
                user__allocations__peer_support__service_id=F("service_id"),
                user__allocations__peer_support__status__in=CASELOAD_STATUSES,
            ),
        )
        found = found.annotate(caseload=caseload).filter(caseload__gt=0)
        return sorted(found, key=lambda m: (ranks[m.service_id], -m.caseload, m.pk))  # type: ignore[attr-defined]
    return sorted(found, key=lambda m: (ranks[m.service_id], m.pk))


def _report_path(membership: Membership, services: list[Service]) -> str:
    """The report for the busiest service in her ICB, over the last 12 months, as the summary
    links to it."""
    busiest = next(s for s in services if s.icb_id == membership.service.icb_id)
    start, end = last_12_months(timezone.localdate())
    query = urllib.parse.urlencode({"start": start.isoformat(), "end": end.isoformat()})
    return f"{reverse('reports:report', args=[busiest.pk])}?{query}"


def _pages(role: str, membership: Membership, services: list[Service]) -> tuple[tuple[str, str], ...]:
    """Her round's fixed pages: her own main pages, as her header offers them."""
    people = reverse("people:list")
    summary = reverse("dashboard:summary")
    dashboard, referrals = reverse("dashboard:coordinator"), reverse("support:unallocated")
    rounds: dict[str, tuple[tuple[str, str], ...]] = {
        Role.PEER_WORKER: ((TODAY, reverse("home:today")), (MY_PEOPLE, people)),
        Role.COORDINATOR: ((DASHBOARD, dashboard), (REFERRALS, referrals), (PEOPLE, people)),
        Role.SERVICE_MANAGER: ((DASHBOARD, dashboard), (PEOPLE, people), (SUMMARY, summary)),
        Role.CLINICIAN: ((PEOPLE, people), (CONCERNS, reverse("wards:escalations"))),
        Role.NATIONAL_REVIEWER: ((NATIONAL, summary),),
    }
    if role == Role.COMMISSIONER:
        return ((SUMMARY, summary), (REPORT, _report_path(membership, services)))
    return rounds[role]


def _sim_user(index: int, role: str, m: Membership, services: list[Service], rng: random.Random) -> SimUser:
    if role == Role.PEER_WORKER:
        supports = _caseload(m)
    elif role in (Role.COMMISSIONER, Role.NATIONAL_REVIEWER):
        supports = []  # aggregates only: no page about any person
    else:
        supports = _sample_of_service(m.service_id, rng)
    return SimUser(
        index=index,
        role=role,
        membership_id=m.pk,
        user_id=m.user_id,
        service_id=m.service_id,
        pages=_pages(role, m, services),
        supports=tuple(supports),
        logs_contacts=role == Role.PEER_WORKER,
    )


def cast(users: int, seed: int) -> Cast:
    """`users` simulated users in ROLE_MIX's proportions, from the busiest services. Where the
    data has fewer people in a role than the mix asks for, some sign in twice (two sessions, as
    on two devices); where it has none, her share goes to peer workers, and the notes say so."""
    rng = random.Random(seed)
    services = ranked_services()
    ranks = {s.pk: i for i, s in enumerate(services)}
    wanted = apportion(users)
    found = {role: candidates(role, ranks) for role in wanted}
    notes = []
    for role, count in list(wanted.items()):
        if count and not found[role] and role != Role.PEER_WORKER:
            notes.append(
                f"no active {Role(role).label.lower()} in the data: {count} more peer workers instead"
            )
            wanted[Role.PEER_WORKER] += count
            wanted[role] = 0
    if wanted[Role.PEER_WORKER] and not found[Role.PEER_WORKER]:
        raise ValueError("No peer worker in the data has an open caseload: there is nobody to simulate")
    people: list[SimUser] = []
    for role, count in wanted.items():
        for i in range(count):
            membership = found[role][i % len(found[role])]
            people.append(_sim_user(len(people), role, membership, services, rng))
        if count > len(found[role]):
            notes.append(f"{count} {Role(role).label.lower()} users share {len(found[role])} accounts")
    return Cast(users=people, services=services, notes=notes)


# --- Signing in without the login form ----------------------------------------------------------


@dataclass
class SignedIn:
    sessions: dict[int, str]  # user's index -> session key
    authenticators_added: list[int]


def _session_for(user: User, membership_id: int) -> str:
    """A session as django.contrib.auth.login writes one (user, backend, password hash), acting
    in the chosen membership as the role switcher sets it."""
    session = SessionStore()
    session[USER_SESSION_KEY] = user._meta.pk.value_to_string(user)  # type: ignore[union-attr]
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[MEMBERSHIP_SESSION_KEY] = membership_id
    session.create()
    assert session.session_key is not None  # noqa: S101 (create() always sets it)
    return session.session_key


def sign_in(users: Iterable[SimUser]) -> SignedIn:
    users = list(users)
    accounts = User.objects.in_bulk({u.user_id for u in users})
    added = []
    if settings.MFA_REQUIRED:
        with_totp = set(
            Authenticator.objects.filter(
                user__in=accounts.values(), type=Authenticator.Type.TOTP
            ).values_list("user_id", flat=True)
        )
        for account in accounts.values():
            if account.pk not in with_totp:
                added.append(TOTP.activate(account, generate_totp_secret()).instance.pk)
    sessions = {u.index: _session_for(accounts[u.user_id], u.membership_id) for u in users}
    return SignedIn(sessions=sessions, authenticators_added=added)


def sign_out(signed_in: SignedIn) -> None:
    """Remove the run's sessions and exactly the authenticators it added."""
    for key in signed_in.sessions.values():
        SessionStore(session_key=key).delete()
    Authenticator.objects.filter(pk__in=signed_in.authenticators_added).delete()


# --- One user's browser -------------------------------------------------------------------------


@dataclass(frozen=True)
class Hit:
    """One request: its kind, how long until the whole answer was read (None: no answer), its
    status (0: none) and what was wrong ("" when it was the answer expected)."""

    kind: str
    seconds: float | None
    status: int
    problem: str = ""

    @property
    def ok(self) -> bool:
        return not self.problem


class FormReader(html.parser.HTMLParser):
    """The fields of the page's POST form: hidden and text values, textareas, and the choices of
    each radio group, as a browser would submit them."""

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[str, str] = {}
        self.choices: dict[str, list[str]] = {}
        self._in_form = False
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("method", "").lower() == "post":
            self._in_form = True
        elif self._in_form and tag == "input" and a.get("name"):
            if a.get("type") == "radio":
                self.choices.setdefault(a["name"], []).append(a.get("value", ""))
                if "checked" in a:
                    self.values[a["name"]] = a.get("value", "")
            elif a.get("type") not in ("submit", "checkbox"):
                self.values[a["name"]] = a.get("value", "")
        elif self._in_form and tag == "textarea" and a.get("name"):
            self._textarea = a["name"]
            self.values[a["name"]] = ""

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.values[self._textarea] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self._textarea = None
        elif tag == "form":
            self._in_form = False


def read_form(page: str) -> FormReader:
    reader = FormReader()
    reader.feed(page)
    return reader


def contact_fields(page: str, rng: random.Random) -> dict[str, str]:
    """What she enters on the contact form: mostly as it comes (now, with her usual way of
    meeting), sometimes an attempt that failed, a length of 10 to 90 minutes, now and then a note."""
    form = read_form(page)
    fields = dict(form.values)
    fields["successful"] = "yes" if rng.random() < 0.85 else "no"
    fields["contact_with"] = rng.choice(form.choices.get("contact_with", ["mother"]))
    if not fields.get("mode"):
        fields["mode"] = rng.choice(form.choices.get("mode", ["phone"]))
    fields["duration_minutes"] = str(rng.choice((10, 15, 20, 30, 45, 60, 90)))
    fields["note"] = rng.choice(NOTES)
    return fields


class Browser:
    """Her cookies and requests. Each request is a new loopback connection that the server closes
    (Connection: close), so a keep-alive connection the server dropped while she was thinking can
    never be mistaken for an error of the app."""

    def __init__(self, port: int, session_key: str, timeout: float) -> None:
        self.port, self.timeout = port, timeout
        self.cookies = {settings.SESSION_COOKIE_NAME: session_key}

    def request(self, method: str, path: str, fields: dict[str, str] | None = None) -> tuple[int, str, str]:
        """(status, Location, body) of one request."""
        host = f"127.0.0.1:{self.port}"
        headers = {"Host": host, "Connection": "close", "User-Agent": "alongside-load"}
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if fields is not None:
            body = urllib.parse.urlencode(fields)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"http://{host}"  # as a browser sends with a form's POST
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            data = response.read()
        finally:
            connection.close()
        self._remember(response.headers.get_all("Set-Cookie") or [])
        return response.status, response.headers.get("Location", ""), data.decode("utf-8", "replace")

    def _remember(self, set_cookies: list[str]) -> None:
        for header in set_cookies:
            jar: http.cookies.SimpleCookie = http.cookies.SimpleCookie()
            jar.load(header)
            for name, morsel in jar.items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value


class TimeUp(Exception):
    """The run is over: she starts no more requests."""


@dataclass
class Clock:
    """The run's end, and the hard stop after it: no request starts after `end`."""

    end: float
    stop: threading.Event = field(default_factory=threading.Event)

    def pause(self, seconds: float) -> None:
        """Think for `seconds`, or until the run ends, whichever is first."""
        left = self.end - time.monotonic()
        if left <= 0 or self.stop.wait(min(seconds, left)) or time.monotonic() >= self.end:
            raise TimeUp


@dataclass
class Visit:
    """A user's session on the site: she thinks before each click, and every request is recorded."""

    user: SimUser
    browser: Browser
    rng: random.Random
    clock: Clock
    recorder: "Recorder"
    think: tuple[float, float] = THINK_SECONDS
    in_flight: str | None = None  # the kind of the request she is waiting for, if any

    def open(self, kind: str, path: str) -> str | None:
        """GET a page after thinking; its body when it answered 200."""
        self.clock.pause(self.rng.uniform(*self.think))
        status, location, body = self._timed(kind, "GET", path)
        return body if status == 200 else None

    def submit(self, kind: str, path: str, fields: dict[str, str], then: str) -> None:
        """POST a form after thinking, expecting a redirect (saved), which she follows as a
        browser does, without a pause: that page is recorded as `then`."""
        self.clock.pause(self.rng.uniform(*self.think))
        status, location, _ = self._timed(kind, "POST", path, fields, expect=302)
        if status == 302 and location.startswith("/") and time.monotonic() < self.clock.end:
            self._timed(then, "GET", location)

    def _timed(
        self, kind: str, method: str, path: str, fields: dict[str, str] | None = None, expect: int = 200
    ) -> tuple[int, str, str]:
        started = time.perf_counter()
        self.in_flight = kind
        try:
            status, location, body = self.browser.request(method, path, fields)
        except (OSError, http.client.HTTPException) as error:
            self.recorder.add(self, Hit(kind, None, 0, f"{type(error).__name__}: {error}"))
            return 0, "", ""
        problem = ""
        if status != expect:
            where = f" to {location}" if location else ""
            problem = f"{method} answered {status}{where}, not {expect}"
        self.recorder.add(self, Hit(kind, time.perf_counter() - started, status, problem))
        return status, location, body


def one_round(visit: Visit) -> None:
    """Her round: her pages in order, then one person's record, and for a peer worker the
    contact form, filled in and saved."""
    user, rng = visit.user, visit.rng
    for kind, path in user.pages:
        visit.open(kind, path)
    if not user.supports:
        return
    support, person = rng.choice(user.supports)
    visit.open(RECORD, reverse("people:detail", args=[person]))
    if user.logs_contacts:
        path = reverse("support:contact", args=[support])
        form = visit.open(CONTACT_FORM, path)
        if form is not None:
            visit.submit(CONTACT_POST, path, contact_fields(form, rng), then=TODAY)


def simulate(visit: Visit) -> None:
    """Rounds until the run ends. A first pause of up to the longest think time spreads arrivals."""
    try:
        visit.clock.pause(visit.rng.uniform(0, visit.think[1]))
        while True:
            one_round(visit)
    except TimeUp:
        return


# --- The run ------------------------------------------------------------------------------------


@dataclass
class Run:
    hits: list[Hit]
    seconds: float  # from the users' start to the last answer (or the hard stop)
    unanswered: int  # requests in flight at the hard stop


class Recorder:
    """Every user's requests, in one list. At the hard stop it closes: each request still in
    flight is recorded once, as unanswered, and an answer arriving after that is not recorded."""

    def __init__(self) -> None:
        self.hits: list[Hit] = []
        self._lock = threading.Lock()
        self._closed = False

    def add(self, visit: "Visit", hit: Hit) -> None:
        with self._lock:
            visit.in_flight = None
            if not self._closed:
                self.hits.append(hit)

    def close(self, visits: Sequence["Visit"], grace: float) -> int:
        with self._lock:
            self._closed = True
            left = [v.in_flight for v in visits if v.in_flight is not None]
            for kind in left:
                self.hits.append(Hit(kind, None, 0, f"no answer within {grace:g} s of the end (hard stop)"))
            return len(left)


def run_users(
    users: list[SimUser],
    sessions: dict[int, str],
    port: int,
    seconds: float,
    seed: int,
    think: tuple[float, float] = THINK_SECONDS,
    grace: float = GRACE_SECONDS,
) -> Run:
    """All users at once, one thread each, for `seconds`; then at most `grace` more for requests
    in flight, after which any still unanswered is recorded as an error and left behind (the
    threads are daemons; the command then stops the server, which ends their connections)."""
    recorder = Recorder()
    started = time.monotonic()
    clock = Clock(end=started + seconds)
    timeout = seconds + 2 * grace + 5  # a socket timeout never fires before the hard stop
    visits = [
        Visit(
            u,
            Browser(port, sessions[u.index], timeout),
            random.Random(f"{seed}:{u.index}"),
            clock,
            recorder,
            think,
        )
        for u in users
    ]
    threads = [
        threading.Thread(target=simulate, args=(v,), daemon=True, name=f"user-{v.user.index}") for v in visits
    ]
    for thread in threads:
        thread.start()
    hard_stop = clock.end + grace
    for thread in threads:
        thread.join(max(0.0, hard_stop - time.monotonic()))
    clock.stop.set()
    unanswered = recorder.close(visits, grace)
    finished = min(time.monotonic(), hard_stop)
    return Run(hits=list(recorder.hits), seconds=finished - started, unanswered=unanswered)


# --- The figures --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    kind: str
    requests: int
    errors: int
    p50_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float


def line(kind: str, hits: Sequence[Hit]) -> Line:
    """Counts and latency of the answered requests (any status): the time she waited for each."""
    answered = [h.seconds * 1000 for h in hits if h.seconds is not None]
    if not answered:
        return Line(kind, len(hits), sum(not h.ok for h in hits), math.nan, math.nan, math.nan, math.nan)
    return Line(
        kind,
        requests=len(hits),
        errors=sum(not h.ok for h in hits),
        p50_ms=percentile(answered, 0.50),
        p95_ms=percentile(answered, 0.95),
        p99_ms=percentile(answered, 0.99),
        max_ms=max(answered),
    )


def lines(hits: Sequence[Hit]) -> list[Line]:
    """All requests first, then each kind that was asked for, in KINDS's order."""
    kinds = [k for k in KINDS if any(h.kind == k for h in hits)]
    kinds += sorted({h.kind for h in hits} - set(kinds))
    return [line("all", hits)] + [line(k, [h for h in hits if h.kind == k]) for k in kinds]


def problems(hits: Sequence[Hit], shown: int = 5) -> list[str]:
    """The different problems, most frequent first, each with its count."""
    counted: dict[str, int] = {}
    for hit in hits:
        if hit.problem:
            key = f"{hit.kind}: {hit.problem}"
            counted[key] = counted.get(key, 0) + 1
    ranked = sorted(counted.items(), key=lambda kv: -kv[1])
    return [f"{n} × {what}" for what, n in ranked[:shown]]


ACCESS_LINE = re.compile(r'^(\d{3}) (\d+) "(\w+) (\S+) ', re.MULTILINE)  # gunicorn_conf.access_log_format


def server_hits(access_log: str) -> list[Hit]:
    """Gunicorn's own time for each request (from reading it to sending the answer), by view:
    against the users' latency, what is left is time spent queueing for a worker or a core."""
    hits = []
    for match in ACCESS_LINE.finditer(access_log):
        status, micros, method, target = int(match[1]), int(match[2]), match[3], match[4]
        path = urllib.parse.urlsplit(target).path
        if path == reverse("healthz"):
            continue
        try:
            view = resolve(path).view_name
        except Resolver404:
            view = path
        hits.append(
            Hit(f"{method} {view}", micros / 1e6, status, f"answered {status}" if status >= 400 else "")
        )
    return hits
