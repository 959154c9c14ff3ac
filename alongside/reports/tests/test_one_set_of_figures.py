"""One figure, one meaning (ADR 0019): the service summary, the commissioner's report, the equity
view and the co-ordinator's dashboard show each figure they share under the same name and with the
same value, for the same service and the same 12 months.

The data is like the demo's where the pages used to disagree: group sessions with several people at
each (counted once per attendee on one page and once on another), someone allocated before the
period who still has her peer worker, someone referred twice, an attempt that did not reach her.
The pages are read as a visitor reads them: the names and figures in their visible text.
"""

import datetime as dt
import re
from html.parser import HTMLParser
from typing import Any

from django.utils import timezone

from alongside.lib.suppression import suppress
from alongside.organisations.models import Membership
from alongside.support import services
from alongside.support.models import Allocation, PeerSupport
from conftest import client_for, refer

# The names each page must show, exactly (alongside.support.metrics.Figure), written out here so
# that renaming a figure on one page only fails this test.
SUMMARY = [
    "People referred",
    "People with a peer worker",
    "People reached",
    "In peer support now",
    "One-to-one contacts",
    "Group sessions held",
    "Group attendances",
    "Hours of peer support",
    "Discharged or transferred, outcome known",
    "Kept peer support",
]
REPORT = [name for name in SUMMARY if name != "In peer support now"]
EQUITY = ["People referred", "People with a peer worker", "People reached"]
DASHBOARD = SUMMARY[:8]


class Visible(HTMLParser):
    """A page's visible text, by table cell and list item (text hidden from sight is left out)."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self.items: list[str] = []
        self.row: list[str] | None = None
        self.cell: list[str] | None = None
        self.item: list[str] | None = None
        self.hidden_depth = 0
        self.figures_list = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if self.hidden_depth or "aria-hidden" in a or "nhsuk-u-visually-hidden" in (a.get("class") or ""):
            self.hidden_depth += tag not in ("br", "img", "input")
            return
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.row = []
        elif tag in ("td", "th") and self.row is not None:
            self.cell = []
        elif tag == "ul":
            self.figures_list = "data-figures" in a
        elif tag == "li" and self.figures_list:
            self.item = []

    def handle_endtag(self, tag: str) -> None:
        if self.hidden_depth:
            self.hidden_depth -= 1
            return
        if tag in ("td", "th") and self.cell is not None and self.row is not None:
            self.row.append(" ".join("".join(self.cell).split()))
            self.cell = None
        elif tag == "tr" and self.row is not None and self.tables:
            self.tables[-1].append(self.row)
            self.row = None
        elif tag == "li" and self.item is not None:
            self.items.append(" ".join("".join(self.item).split()))
            self.item = None
        elif tag == "ul":
            self.figures_list = False

    def handle_data(self, data: str) -> None:
        if self.hidden_depth:
            return
        for part in (self.cell, self.item):
            if part is not None:
                part.append(data)


def visible(client: Any, url: str) -> Visible:
    response = client.get(url)
    assert response.status_code == 200, url
    page = Visible()
    page.feed(response.content.decode())
    return page


def on_summary(client: Any, service_name: str) -> dict[str, str]:
    """{column heading: the service's figure} from the summary's tables."""
    found: dict[str, str] = {}
    for head, *rows in visible(client, "/dashboard/summary/").tables:
        [row] = [r for r in rows if r[0] == service_name]
        found.update(zip(head[1:], row[1:], strict=True))
    return found


def on_report(client: Any, service_pk: int) -> dict[str, str]:
    """{row name: first figure} from every table of the report page (its default period)."""
    found: dict[str, str] = {}
    for table in visible(client, f"/reports/{service_pk}/").tables:
        for name, *values in table[1:]:
            if values and name in SUMMARY:
                assert found.setdefault(name, values[0]) == values[0], f"{name} twice, differently"
            elif values:
                found.setdefault(name, values[0])
    return found


def listed(client: Any, url: str) -> dict[str, str]:
    """{name: figure} from a page's list of figures ("People referred: 15")."""
    return dict(item.rsplit(": ", 1) for item in visible(client, url).items)


def busy_year(coordinator: Membership, peer_worker: Membership, clinician: Membership) -> None:
    """14 people referred in the last 12 months (one of them twice), 12 with a peer worker (one
    allocated 400 days ago), 27 one-to-one contacts of 40 minutes (18 hours) and an attempt that
    failed, 5 group sessions of 90 minutes held with 6 people at each (7.5 hours run; 45 hours if
    each attendee's time were counted), and one session whose register was never taken."""
    now = timezone.now()
    people = [refer(clinician, given_name=f"Mum{n}") for n in range(14)]
    earlier = refer(clinician, given_name="Earlier")
    for ps in [*people[:11], earlier]:
        services.allocation_create(
            actor=coordinator.user, membership=coordinator, peer_support=ps, peer_workers=[peer_worker.user]
        )
    long_ago = timezone.localdate() - dt.timedelta(days=400)
    PeerSupport.objects.filter(pk=earlier.pk).update(referred_on=long_ago)
    Allocation.objects.filter(peer_support=earlier).update(started_on=long_ago)
    earlier.refresh_from_db()
    # Referred again (a second referral of the same person): still one person referred.
    PeerSupport.objects.create(
        person=people[13].person,
        service=people[13].service,
        referred_by=clinician.user,
        referred_on=timezone.localdate() - dt.timedelta(days=100),
        status_changed_on=timezone.localdate() - dt.timedelta(days=100),
        status="ended",
    )
    for ps in people[:9]:
        for k in range(3):
            services.contact_log(
                actor=peer_worker.user,
                membership=peer_worker,
                peer_support=ps,
                occurred_at=now - dt.timedelta(days=10 + 30 * k),
                duration_minutes=40,
                mode="home",
                successful=True,
            )
    services.contact_log(
        actor=peer_worker.user,
        membership=peer_worker,
        peer_support=people[10],
        occurred_at=now - dt.timedelta(days=2),
        duration_minutes=5,
        mode="phone",
        successful=False,
    )
    for week in range(6):
        session = services.group_session_create(
            actor=peer_worker.user,
            membership=peer_worker,
            kind="coffee_morning",
            title="Coffee morning",
            starts_at=now - dt.timedelta(days=7 * week + 1),
            duration_minutes=90,
        )
        if week < 5:  # the sixth's register was never taken
            attendees = [*people[week : week + 5], earlier]
            services.group_register_take(
                actor=peer_worker.user, membership=peer_worker, session=session, attendees=attendees
            )


def test_summary_report_equity_and_dashboard_show_the_same_figures_under_the_same_names(
    coordinator: Membership, peer_worker: Membership, clinician: Membership, commissioner: Membership
) -> None:
    busy_year(coordinator, peer_worker, clinician)
    client = client_for(commissioner)  # the summary, report and equity view, as they leave the service
    service = coordinator.service
    exact = listed(client_for(coordinator), "/dashboard/")
    pages = {
        "summary": on_summary(client, service.name),
        "report": on_report(client, service.pk),
        "equity": listed(client, f"/equity/?service={service.pk}"),
        # Her own service's exact figures, suppressed to compare with what leaves it.
        "dashboard": {name: suppress(int(value)) for name, value in exact.items()},
    }
    expected = {"summary": SUMMARY, "report": REPORT, "equity": EQUITY, "dashboard": DASHBOARD}
    for page, names in expected.items():
        missing = [name for name in names if name not in pages[page]]
        assert not missing, f"{page} does not show {missing} (it shows {sorted(pages[page])})"
    for name in SUMMARY:
        values = {page: found[name] for page, found in pages.items() if name in found}
        assert len(set(values.values())) == 1, f"{name}: {values}"
    # The definitions themselves, read off the co-ordinator's exact figures.
    assert exact["People referred"] == "14"  # 15 referrals, one person referred twice
    assert exact["People with a peer worker"] == "12"  # one allocated before the 12 months
    assert exact["One-to-one contacts"] == "27"  # the failed attempt and group attendances left out
    assert (exact["Group sessions held"], exact["Group attendances"]) == ("5", "30")
    assert exact["Hours of peer support"] == "26"  # 18 one-to-one + 7.5 running groups, each rounded
    # Small numbers stay hidden alike: five sessions are "*" on the summary and in the report.
    assert pages["summary"]["Group sessions held"] == pages["report"]["Group sessions held"] == "*"
    assert re.fullmatch(r"\d+", pages["summary"]["Hours of peer support"])
