"""Demo recruitment: vacancies with their panels and candidates at each step.

Birmingham's peer worker post has a co-produced panel (its co-ordinator and peerworker@) and
candidates at every step, one of whom chose not to give a presentation; its volunteer post's
panel is a manager and a clinician, so it shows as not co-produced. Lancashire's co-ordinator
post was filled, with a peer worker hosted by a partner charity (working in Birmingham) on the
panel. Names come from Faker; nothing here says when anyone was unwell.

Written with bulk_create and without an audit trail, like the rest of the demo.
"""

from decimal import Decimal

from alongside.demo.common import Context, days
from alongside.demo.places import Places
from alongside.demo.staff import Staff
from alongside.organisations.models import Employment, Role
from alongside.recruitment.models import Candidate, CandidateStep, PanelMember, Vacancy

Kind, Outcome = CandidateStep.Kind, CandidateStep.Outcome

# Each candidate's steps: (kind, days from today (minus: past), outcome).
_PEER_WORKER_CANDIDATES = [
    [
        (Kind.APPLICATION, -20, Outcome.SHORTLISTED),
        (Kind.PRESENTATION, -8, Outcome.GIVEN),
        (Kind.VISIT, -5, Outcome.VISITED),
        (Kind.INTERVIEW, -2, Outcome.SUCCESSFUL),
        (Kind.OFFER, -1, Outcome.MADE),
    ],
    [
        (Kind.APPLICATION, -10, Outcome.SHORTLISTED),
        (Kind.PRESENTATION, -3, Outcome.CHOSE_NOT_TO),
        (Kind.VISIT, 4, Outcome.PLANNED),
        (Kind.INTERVIEW, 9, Outcome.PLANNED),
    ],
    [
        (Kind.APPLICATION, -14, Outcome.SHORTLISTED),
        (Kind.VISIT, -4, Outcome.VISITED),
        (Kind.INTERVIEW, -2, Outcome.NOT_SUCCESSFUL),
    ],
    [(Kind.APPLICATION, -12, Outcome.NOT_SHORTLISTED)],
    [(Kind.APPLICATION, -2, Outcome.RECEIVED)],
]
_VOLUNTEER_CANDIDATES = [
    [(Kind.APPLICATION, -4, Outcome.SHORTLISTED), (Kind.INTERVIEW, 6, Outcome.PLANNED)],
    [(Kind.APPLICATION, -1, Outcome.RECEIVED)],
]
_COORDINATOR_CANDIDATES = [
    [
        (Kind.APPLICATION, -80, Outcome.SHORTLISTED),
        (Kind.PRESENTATION, -70, Outcome.GIVEN),
        (Kind.VISIT, -68, Outcome.VISITED),
        (Kind.INTERVIEW, -65, Outcome.SUCCESSFUL),
        (Kind.OFFER, -60, Outcome.MADE),
        (Kind.OFFER, -57, Outcome.ACCEPTED),
    ],
    [(Kind.APPLICATION, -82, Outcome.SHORTLISTED), (Kind.INTERVIEW, -65, Outcome.NOT_SUCCESSFUL)],
]


def build_recruitment(ctx: Context, staff: Staff, places: Places) -> None:
    now = ctx.now
    bham, lancs = places.birmingham, places.lancashire
    vacancies = Vacancy.objects.bulk_create(
        [
            Vacancy(
                service=bham,
                title="Perinatal peer support worker",
                post=Vacancy.Post.PEER_WORKER,
                employment=Employment.NHS,
                hours_per_week=Decimal("22.5"),
                band="Band 4",
                closes_on=ctx.today + days(14),
                created_by=staff.user("coordinator"),
                created_at=now - days(30),
            ),
            Vacancy(
                service=bham,
                title="Volunteer peer supporter: coffee mornings",
                post=Vacancy.Post.VOLUNTEER,
                employment=Employment.VOLUNTEER,
                hours_per_week=Decimal(4),
                closes_on=ctx.today + days(21),
                created_by=staff.user("manager"),
                created_at=now - days(10),
            ),
            Vacancy(
                service=lancs,
                title="Peer support co-ordinator",
                post=Vacancy.Post.COORDINATOR,
                employment=Employment.HOSTED,
                hours_per_week=Decimal(30),
                band="Band 5",
                closes_on=ctx.today - days(75),
                status=Vacancy.Status.FILLED,
                created_by=staff.user("lancs-manager"),
                created_at=now - days(100),
            ),
        ]
    )
    peer, volunteer, coordinator = vacancies
    panels = {
        peer: [
            ("coordinator", Role.COORDINATOR),
            ("peerworker", Role.PEER_WORKER),
            ("clinician", Role.CLINICIAN),
        ],
        volunteer: [("manager", Role.SERVICE_MANAGER), ("bham-clinician", Role.CLINICIAN)],
        # bham-peer-app works in Birmingham, hosted by a charity that is Lancashire's partner too.
        coordinator: [
            ("lancs-manager", Role.SERVICE_MANAGER),
            ("lancs-peer-nhs", Role.PEER_WORKER),
            ("bham-peer-app", Role.PEER_WORKER),
        ],
    }
    PanelMember.objects.bulk_create(
        PanelMember(vacancy=v, user=staff.user(key), role=role, added_by=v.created_by, added_at=v.created_at)
        for v, members in panels.items()
        for key, role in members
    )
    plans = {
        peer: _PEER_WORKER_CANDIDATES,
        volunteer: _VOLUNTEER_CANDIDATES,
        coordinator: _COORDINATOR_CANDIDATES,
    }
    candidates, steps = [], []
    for vacancy, paths in plans.items():
        for path in paths:
            if path[0][2] != Outcome.RECEIVED:  # received a few days before it was decided on
                path = [(Kind.APPLICATION, path[0][1] - 3, Outcome.RECEIVED), *path]
            received = ctx.today + days(path[0][1])
            first, last = ctx.fake.first_name_female(), ctx.fake.last_name()
            candidate = Candidate(
                vacancy=vacancy,
                name=f"{first} {last}",
                email=f"{first}.{last}@example.com".lower(),
                phone=f"07700 900{ctx.rng.randint(100, 999)}",
                added_by=vacancy.created_by,
                added_at=ctx.at(received, 10),
            )
            candidates.append(candidate)
            for kind, offset, outcome in path:
                on = ctx.today + days(offset)
                recorded = min(ctx.at(on, 16), now) if offset <= 0 else now - days(1)
                steps.append(
                    CandidateStep(
                        candidate=candidate,
                        kind=kind,
                        on=on,
                        outcome=outcome,
                        recorded_by=vacancy.created_by,
                        recorded_at=recorded,
                    )
                )
    Candidate.objects.bulk_create(candidates)
    CandidateStep.objects.bulk_create(steps)
