"""The demo's attestations for the recommendations Alongside's data cannot show (5, 8 and 14):
each service has attested to them, as a co-ordinator would, with evidence and a link; one is
more than a year old, so its page asks for it to be attested again. Then each service's standing
today and on the last four quarter ends (what can be counted for them), as `alongside standings`
run daily would have kept them."""

import datetime as dt

from django.utils import timezone

from alongside.demo.common import Context
from alongside.demo.places import Places
from alongside.demo.staff import Staff
from alongside.organisations.models import Role
from alongside.recommendations import standings
from alongside.recommendations.measures import quarter_ends
from alongside.recommendations.models import Attestation

QUALITY_NETWORK = "https://www.rcpsych.ac.uk/improving-care/ccqi/quality-networks-accreditation"
SAID = {
    5: (
        Attestation.Status.PARTLY,
        "Reviewed against the perinatal quality network standards: peer support is named in them,"
        " but how peer workers are supervised is not yet set out.",
        QUALITY_NETWORK,
    ),
    8: (
        Attestation.Status.MET,
        "Two peer workers took part in the regional evaluation of peer support, and the findings"
        " went to the commissioners' board.",
        "",
    ),
    14: (
        Attestation.Status.NOT_MET,
        "Peer workers have no professional registration yet; the trust recognises the role in its"
        " workforce plan but not in its professional development budget.",
        "",
    ),
}
# (service, recommendation): attested this many days ago. One is more than a year old: stale.
DAYS_AGO = {("mbu", 8): 400}


def build_recommendations(ctx: Context, places: Places, staff: Staff) -> None:
    now = timezone.now()
    for key, service in (
        ("birmingham", places.birmingham),
        ("lancashire", places.lancashire),
        ("mbu", places.mbu),
    ):
        coordinators = staff.members(service, Role.COORDINATOR)
        if not coordinators:
            continue
        for number, (status, evidence, link) in SAID.items():
            days = DAYS_AGO.get((key, number), 40 + 7 * number)
            Attestation.objects.create(
                service=service,
                number=number,
                status=status,
                evidence=evidence,
                link=link,
                attested_on=ctx.today - dt.timedelta(days=days),
                attested_by=coordinators[0].user,
                recorded_at=now,
            )
    for service in (places.birmingham, places.lancashire, places.mbu):
        for on in [ctx.today, *quarter_ends(ctx.today)]:
            standings.take(service, on, today=ctx.today)
