"""Where the demo happens: two regions, two Trusts, three services and two charities.

get_or_create throughout, so a region or Trust someone made by hand is reused, not duplicated.
"""

from dataclasses import dataclass

from alongside.demo.common import Context, days
from alongside.organisations.models import ICB, Organisation, Partnership, Region, Service

BIRMINGHAM_TEAM = "Birmingham Community Perinatal Mental Health Team"
LANCASHIRE_TEAM = "Lancashire Community Perinatal Mental Health Team"
MBU = "Ribblesmere Mother and Baby Unit"
APP = "Action on Postpartum Psychosis"
APPROACHABLE = "Approachable Parenting"

_REMITS = {
    APP: "Women and families affected by postpartum psychosis, including women with bipolar disorder "
    "at risk of it. Peer support from women who have recovered, online, by phone and face to face.",
    APPROACHABLE: "Families from Black, Asian and minority ethnic communities, and fathers. Parenting "
    "groups and peer support in community languages.",
}


@dataclass
class Places:
    birmingham: Service
    lancashire: Service
    mbu: Service
    app: Organisation
    approachable: Organisation

    @property
    def services(self) -> list[Service]:
        return [self.birmingham, self.lancashire, self.mbu]


def build_places(ctx: Context) -> Places:
    bsol = _icb("NHS Birmingham and Solihull ICB", "Midlands")
    lsc = _icb("NHS Lancashire and South Cumbria ICB", "North West")
    bsmhft = _organisation(
        "Birmingham and Solihull Mental Health NHS Foundation Trust", Organisation.Kind.NHS_TRUST
    )
    lscft = _organisation("Lancashire and South Cumbria NHS Foundation Trust", Organisation.Kind.NHS_TRUST)
    places = Places(
        birmingham=_service(BIRMINGHAM_TEAM, Service.Kind.COMMUNITY_PERINATAL, bsmhft, bsol),
        lancashire=_service(LANCASHIRE_TEAM, Service.Kind.COMMUNITY_PERINATAL, lscft, lsc),
        mbu=_service(MBU, Service.Kind.MBU, lscft, lsc),
        app=_organisation(APP, Organisation.Kind.THIRD_SECTOR),
        approachable=_organisation(APPROACHABLE, Organisation.Kind.THIRD_SECTOR),
    )
    _partnerships(ctx, places)
    return places


def _icb(name: str, region: str) -> ICB:
    icb, _ = ICB.objects.get_or_create(
        name=name, defaults={"region": Region.objects.get_or_create(name=region)[0]}
    )
    return icb


def _organisation(name: str, kind: str) -> Organisation:
    organisation, _ = Organisation.objects.get_or_create(
        name=name, defaults={"kind": kind, "remit": _REMITS.get(name, "")}
    )
    return organisation


def _service(name: str, kind: str, trust: Organisation, icb: ICB) -> Service:
    service, _ = Service.objects.get_or_create(name=name, defaults={"kind": kind, "trust": trust, "icb": icb})
    return service


def _partnerships(ctx: Context, places: Places) -> None:
    # The Birmingham model: two charities with different remits alongside the NHS team.
    pairs = [
        (places.birmingham, places.approachable, 900),
        (places.birmingham, places.app, 700),
        (places.mbu, places.app, 500),
        (places.lancashire, places.app, 300),
    ]
    for service, organisation, days_ago in pairs:
        Partnership.objects.get_or_create(
            service=service, organisation=organisation, defaults={"started_on": ctx.today - days(days_ago)}
        )
