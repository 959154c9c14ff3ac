"""Walk the URL configuration: every named page of ours, for tests that must cover them all.

Shared by test_access.py (every URL as every role) and the browser sweep (every page in a real
browser). Django's admin and allauth's own URLs are left out: they have their own checks, and
the allauth pages we restyled are named by the tests that need them.
"""

from collections.abc import Iterator
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver

# Django's admin has its own staff-only check; the public Open Referral UK API is JSON, not
# pages, and alongside/directory/tests/test_oruk_api.py covers all of it. A peer worker's private
# calendar feed takes a secret in its address, not a login: alongside/timetable/tests/test_feed.py.
# The clinical-systems API answers to tokens, not logins: alongside/transitions/tests/test_api.py.
# A mother's one-time feedback link takes a secret, not a login: alongside/outcomes/tests/test_feedback.py.
SKIPPED_NAMESPACES = {"admin", "oruk", "clinical_api", "calendar_feed", "feedback_link"}
ALLAUTH_PREFIX = "accounts/"


def walk(patterns: list[Any], prefix: str = "", namespace: str = "") -> Iterator[tuple[str, str, URLPattern]]:
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = p.namespace or namespace
            if ns in SKIPPED_NAMESPACES or str(p.pattern) == ALLAUTH_PREFIX:
                continue
            yield from walk(p.url_patterns, prefix + str(p.pattern), ns)
        elif p.name:
            yield (f"{namespace}:{p.name}" if namespace else p.name), prefix + str(p.pattern), p


def our_urls() -> list[tuple[str, URLPattern]]:
    return [(name, p) for name, _, p in walk(get_resolver().url_patterns)]
