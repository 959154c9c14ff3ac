"""Her audit trail: newest first, 50 a page, every entry reachable, queries the same however long."""

import re
from html import unescape
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from alongside.audit.models import AuditLog
from conftest import client_for, refer

PAGE = 50


def add_entries(person_id: int, count: int) -> None:
    """`count` entries with summaries entry-000-x (oldest) up; `at` is the same, so pk orders them."""
    AuditLog.objects.bulk_create(
        AuditLog(
            action="view",
            model="people.Person",
            object_id=str(person_id),
            person_id=person_id,
            summary=f"entry-{n:03}-x",
        )
        for n in range(count)
    )


def entries(html: str) -> set[int]:
    return {n for n in range(200) if f"entry-{n:03}-x" in html}


def page_of(manager: Any, person_id: int, page: int) -> tuple[int, str]:
    client = client_for(manager)
    url = reverse("audit:person", args=[person_id])
    client.get(url, {"page": page})
    with CaptureQueriesContext(connection) as captured:
        html = client.get(url, {"page": page}).content.decode()
    return len(captured), html


def test_the_trail_is_newest_first_50_a_page_and_every_entry_is_reachable(
    manager: Any, allocated: Any
) -> None:
    AuditLog.objects.filter(person_id=allocated.person_id).delete()
    add_entries(allocated.person_id, 120)
    client = client_for(manager)
    url = reverse("audit:person", args=[allocated.person_id])
    first = client.get(url).content.decode()
    assert entries(first) == set(range(70, 120)) and "120 entries, newest first" in first
    assert first.index("entry-119-x") < first.index("entry-118-x")
    assert "Page 2 of 3" in first
    # Each page read adds an entry to the top of her trail: the pager's links hold the pages still,
    # so turning them neither skips nor repeats an entry.
    html, pages = first, [entries(first)]
    while (link := re.search(r'href="\?([^"]*)"\s+rel="next"', html)) is not None:
        html = client.get(f"{url}?{unescape(link.group(1))}").content.decode()
        pages.append(entries(html))
    assert pages[1:] == [set(range(20, 70)), set(range(20))]
    assert "Show the newest entries" in html
    assert AuditLog.objects.filter(person_id=allocated.person_id, summary="Read the audit trail").count() == 3


def test_the_trails_queries_do_not_grow_with_its_length(manager: Any, clinician: Any, allocated: Any) -> None:
    short = refer(clinician, given_name="Short", family_name="Trail")
    add_entries(allocated.person_id, 160)
    few, _ = page_of(manager, short.person_id, 1)
    many, html = page_of(manager, allocated.person_id, 1)
    assert len(entries(html)) >= PAGE - 3 and few == many
    last, html = page_of(manager, allocated.person_id, 4)
    assert last == many and entries(html)
