"""The README's demo logins name each place as the demo's header shows it (issue 11: the README
said "Lancashire MBU", the header "Ribblesmere Mother and Baby Unit")."""

from pathlib import Path

from django.conf import settings

from alongside.demo import places
from alongside.demo.staff import BIRMINGHAM, LANCASHIRE, MBU, STAFF
from alongside.organisations.models import ICB, Membership, Service

README = Path(settings.BASE_DIR) / "README.md"
SERVICES = {
    BIRMINGHAM: Service(name=places.BIRMINGHAM_TEAM, icb=ICB(name="NHS Birmingham and Solihull ICB")),
    LANCASHIRE: Service(name=places.LANCASHIRE_TEAM, icb=ICB(name="NHS Lancashire and South Cumbria ICB")),
    MBU: Service(name=places.MBU, icb=ICB(name="NHS Lancashire and South Cumbria ICB")),
}


def test_every_demo_login_row_shows_what_her_header_shows() -> None:
    rows = {
        line.split("|")[2].strip(" `"): line.split("|")[3]
        for line in README.read_text().splitlines()
        if line.startswith("| ") and "@alongside.example" in line
    }
    logins = [spec for spec in STAFF if spec.login]
    assert sorted(rows) == sorted(spec.email for spec in logins)
    for spec in logins:
        for post in spec.posts:
            header = str(Membership(role=post.role, service=SERVICES[post.service]))
            assert header in rows[spec.email], f"{spec.email}: README should say {header!r}"


def test_the_places_module_still_names_the_services_the_readme_uses() -> None:
    # The ICBs above are written out here; the demo builds them with these names.
    source = (Path(places.__file__)).read_text()
    assert (
        '"NHS Birmingham and Solihull ICB"' in source and '"NHS Lancashire and South Cumbria ICB"' in source
    )
