"""A Django admin site for the benchmark only: the yardstick for the app's own lists (issue 12).

Django's changelist is a plain, general list: one query for the page, a count or two, a table.
The app's people list and a person's contacts should be no slower than it over the same rows. So
Person and Contact are registered here, read-only, scoped to the rows the app's pages show (set in
`bench_site.scope` before measuring), with columns like the app's and the same page size.

This site is mounted only by alongside/bench/urls.py, which the bench command switches to with
override_settings; alongside.urls never includes it, and nothing here touches django.contrib.admin's
own site, where no person-level model may ever be (alongside/tests/test_access.py). The module is
not named admin.py, so Django's admin autodiscovery never imports it either.
"""

from dataclasses import dataclass

from django.contrib import admin
from django.db.models import Exists, OuterRef, Prefetch, QuerySet, Subquery
from django.http import HttpRequest

from alongside.people.models import Person
from alongside.support import access as support_access
from alongside.support.models import Contact, Status

CLOSED = (Status.ENDED, Status.DECLINED)  # the app's list shows the others ("Not ended") by default


@dataclass
class Scope:
    service_id: int = 0  # the people list: people with open support at this service
    person_id: int = 0  # the contacts list: her contacts at the service


class BenchAdminSite(admin.AdminSite):
    site_header = "Alongside benchmark admin"
    site_title = "Alongside benchmark admin"

    def __init__(self) -> None:
        super().__init__(name="bench_admin")
        self.scope = Scope()

    def has_permission(self, request: HttpRequest) -> bool:
        """Any signed-in user: the same service manager who opens the app's list opens this one,
        so both sides are asked for by the same user through the same middleware."""
        return bool(request.user.is_active and request.user.is_authenticated)


class ReadOnly(admin.ModelAdmin):  # type: ignore[type-arg]
    """Viewing only, for anyone the site lets in: a list, as the app's pages are."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return True

    def has_view_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return True

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


bench_site = BenchAdminSite()


def _scope() -> Scope:
    return bench_site.scope


@admin.register(Person, site=bench_site)
class PersonAdmin(ReadOnly):
    """The people list's rows: name, status, peer workers, last contact; 50 a page, by name."""

    list_display = ["name", "status", "peer_workers", "last_contact"]
    list_per_page = 50
    ordering = ["family_name", "given_name", "pk"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Person]:
        """The people the app's list shows her, through the same scoped helpers (support/access.py)."""
        membership = getattr(request, "membership", None)
        service_id = _scope().service_id
        supports = (
            support_access.peer_supports_for_user(membership)
            .filter(service_id=service_id)
            .exclude(status__in=CLOSED)
        )
        mine = supports.filter(person_id=OuterRef("pk"))
        return (
            support_access.people_for_user(membership)
            .filter(Exists(mine))
            .annotate(
                support_status=Subquery(mine.values("status")[:1]),
                last_contact_at=Subquery(mine.order_by("-last_contact_at").values("last_contact_at")[:1]),
            )
            .prefetch_related(
                Prefetch(
                    "peer_supports",
                    queryset=supports.prefetch_related(support_access.allocations_prefetch(open_only=True)),
                    to_attr="open_supports",
                )
            )
        )

    @admin.display(description="Status")
    def status(self, person: Person) -> str:
        return str(Status(person.support_status).label)  # type: ignore[attr-defined]

    @admin.display(description="Peer worker")
    def peer_workers(self, person: Person) -> str:
        names = [str(a.peer_worker) for s in person.open_supports for a in s.allocations.all()]  # type: ignore[attr-defined]
        return ", ".join(names) or "Not allocated"

    @admin.display(description="Last contact")
    def last_contact(self, person: Person) -> object:
        return person.last_contact_at  # type: ignore[attr-defined]


@admin.register(Contact, site=bench_site)
class ContactAdmin(ReadOnly):
    """Her contacts as her record lists them: when, how, with whom, whether it happened, who, the
    note; 50 a page, newest first, as the app's page of all her contacts (people:contacts)."""

    list_display = ["occurred_at", "how", "contact_with", "successful", "peer_worker", "note"]
    list_select_related = ["peer_worker", "group_session"]
    list_per_page = 50
    ordering = ["-occurred_at", "-pk"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Contact]:
        scope = _scope()
        return support_access.contacts_for_user(getattr(request, "membership", None)).filter(
            peer_support__person_id=scope.person_id, peer_support__service_id=scope.service_id
        )

    @admin.display(description="How")
    def how(self, contact: Contact) -> str:
        what = contact.group_session.title if contact.group_session else contact.get_mode_display()
        return f"{what}, {contact.duration_minutes} min"
