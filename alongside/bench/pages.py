"""The pages measured for each role: her navigation as the header shows it, and the pages about one
person and the report that the navigation leads to.

The navigation comes from alongside.navigation itself, so a page added to a role's header is
measured without changing this file.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from alongside.accounts.rules import Perm, has_perm
from alongside.bench.subjects import Subjects
from alongside.national.models import PerinatalService
from alongside.navigation import nav_items
from alongside.organisations.models import Membership, Role


@dataclass(frozen=True)
class Page:
    role: str  # alongside.organisations.models.Role's value
    label: str
    url: str
    download: bool = False  # a file (PDF, CSV, XLSX): measured fewer times
    fresh: bool = False  # timed with the cache emptied first (alongside.bench.timing.measure)

    @property
    def role_label(self) -> str:
        return str(Role(self.role).label)


def navigation(membership: Membership) -> list[tuple[str, str]]:
    """(label, url) of each link in her header, in order, each once."""
    request = HttpRequest()
    request.path = "/"
    request.membership = membership  # type: ignore[attr-defined]
    seen: dict[str, str] = {}
    for item in nav_items(request):
        seen.setdefault(item["href"], item["text"])
    return [(label, href) for href, label in seen.items()]


def _about_her(role: str, subjects: Subjects) -> list[tuple[str, str]]:
    """The pages about the chosen person that this role opens from a list."""
    person, support = subjects.person, subjects.peer_support
    if person is None or support is None or not has_perm(role, Perm.VIEW_PEOPLE):
        return []
    pages = [("Her record", reverse("people:detail", args=[person.pk]))]
    if role == Role.PEER_WORKER:
        pages += [
            ("Log a contact with her", reverse("support:contact", args=[support.pk])),
            ("Her goals", reverse("outcomes:goals", args=[support.pk])),
        ]
    if role in (Role.COORDINATOR, Role.SERVICE_MANAGER):
        query = urlencode({"q": person.family_name})
        pages.append(("People, searched by her name", f"{reverse('people:list')}?{query}"))
    if role == Role.SERVICE_MANAGER:
        pages.append(("Her audit trail", reverse("audit:person", args=[person.pk])))
    return pages


def report_query(subjects: Subjects) -> str:
    return urlencode({"start": subjects.start.isoformat(), "end": subjects.end.isoformat()})


def _report(subjects: Subjects) -> list[Page]:
    """The commissioner's report for the service over the last 12 months, in every format."""
    label = Role.COMMISSIONER.value
    query, pk = report_query(subjects), subjects.service.pk
    return [
        Page(label, "Report, HTML", f"{reverse('reports:report', args=[pk])}?{query}"),
        Page(
            label, "Report, HTML, made afresh", f"{reverse('reports:report', args=[pk])}?{query}", fresh=True
        ),
        Page(label, "Report, PDF", f"{reverse('reports:pdf', args=[pk])}?{query}", download=True),
        Page(label, "Report, CSV (ZIP)", f"{reverse('reports:csv', args=[pk])}?{query}", download=True),
        Page(label, "Report, XLSX", f"{reverse('reports:xlsx', args=[pk])}?{query}", download=True),
    ]


def _url(name: str, *args: str) -> str | None:
    """The page's address, or None while it does not exist yet (the bench then leaves it out)."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def _national(subjects: Subjects) -> list[Page]:
    """The national reviewer's pages, drilling down to the measured service's region, ICB and
    registration, and the downloads; the commissioner's view of the overview (her ICB against the
    region and England). Navigation pages are measured already; these are the rest."""
    ps = PerinatalService.objects.filter(service=subjects.service).select_related("icb__region").first()
    reviewer, commissioner = Role.NATIONAL_REVIEWER.value, Role.COMMISSIONER.value
    wanted: list[tuple[str, str, str, tuple[str, ...], bool]] = [
        (reviewer, "National overview", "national:overview", (), False),
        (reviewer, "National rankings", "national:rankings", (), False),
        (reviewer, "National returns", "national:returns", (), False),
        (reviewer, "National, PDF", "national:pdf", (), True),
        (reviewer, "National, XLSX", "national:xlsx", (), True),
        (commissioner, "National overview", "national:overview", (), False),
    ]
    if ps is not None:
        wanted += [
            (reviewer, "National, her region", "national:region", (ps.icb.region.code,), False),
            (reviewer, "National, her ICB", "national:icb", (ps.icb.code,), False),
            (reviewer, "National, her service", "national:service", (ps.code,), False),
        ]
    pages = []
    for role, label, name, args, download in wanted:
        url = _url(name, *args)
        if url is not None and role in subjects.members:
            pages.append(Page(role, label, url, download=download))
    pdf = _url("national:pdf")
    if pdf is not None and reviewer in subjects.members:  # kept until a return changes: both costs
        pages.append(Page(reviewer, "National, PDF, made afresh", pdf, download=True, fresh=True))
    return pages


def pages_for(subjects: Subjects) -> list[Page]:
    """Every page measured, role by role."""
    pages: list[Page] = []
    for role, membership in subjects.members.items():
        links = navigation(membership) + _about_her(role, subjects)
        pages += [Page(role, text, url) for text, url in links]
        summary = reverse("dashboard:summary")
        if role in (Role.COMMISSIONER, Role.NATIONAL_REVIEWER) and summary in dict(links).values():
            pages.append(Page(role, "Summary, made afresh", summary, fresh=True))
        if role == Role.COMMISSIONER:
            pages += _report(subjects)
    measured = {(page.role, page.url) for page in pages}
    pages += [page for page in _national(subjects) if (page.role, page.url) not in measured]
    return pages
