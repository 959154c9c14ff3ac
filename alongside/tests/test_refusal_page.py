"""A refused page (403) is an NHS.UK page that says what happened, not Django's bare heading."""

from typing import Any

from django.urls import reverse

from conftest import client_for


def test_a_refused_page_says_why_and_leads_home(national_reviewer: Any) -> None:
    response = client_for(national_reviewer).get(reverse("wellbeing:wellbeing_sharing"))
    page = response.content.decode()
    assert response.status_code == 403
    assert "You cannot open this page" in page and 'href="/"' in page
    assert "National reviewer, England" in page  # her own header, nothing of the service's staff
