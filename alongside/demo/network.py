"""Demo peer network: peer workers across the three services in the directory, and groups.

peerworker@ is in the directory (with her email shown), as are colleagues in Lancashire and at
the MBU; partnerpeer@ is not, so her page shows how to join. "North and Midlands peer
supervision circle" meets across services, with peerworker@ and twoservices@ in it; a second
group, for peer workers who support dads, shows a group she is not in (its members hidden).

Written with bulk_create and without an audit trail, like the rest of the demo.
"""

from alongside.demo.common import Context, days
from alongside.demo.places import Places
from alongside.demo.staff import MBU, Staff
from alongside.network.models import DirectoryEntry, GroupMember, PeerGroup

# (staff key, service: "bham", "lancs", "mbu" or "" for not shown, show region, languages,
#  interests, about, show email, other contact)
_ENTRIES = [
    (
        "peerworker",
        "bham",
        True,
        "English",
        "Coffee mornings, one-to-one support, baby massage, walking groups",
        "Peer worker in the community team for two years. I love starting new groups.",
        True,
        "",
    ),
    (
        "bham-peer-app",
        "bham",
        True,
        "English, Urdu, Punjabi",
        "Online groups, supporting families through postpartum psychosis",
        "Hosted by a charity, working alongside the NHS team.",
        False,
        "Ask the Birmingham co-ordinator for my number",
    ),
    (
        "bham-peer-fathers",
        "bham",
        True,
        "English",
        "Supporting dads and partners, football, dad-and-baby groups",
        "",
        True,
        "",
    ),
    (
        "twoservices",
        MBU,
        True,
        "English",
        "Ward visits, crafts, helping mothers move home from the unit",
        "I work on the ward and in the community team, so I know both sides of the move home.",
        False,
        "Find me at the North West network meeting",
    ),
    ("mbu-peer-nhs-1", MBU, True, "English, Polish", "Baking, music, gardening", "", True, ""),
    ("lancs-peer-nhs", "lancs", True, "English", "Book club, one-to-one, home visits", "", True, ""),
    ("lancs-coordinator", "", True, "English", "Recruiting and training peer workers", "", True, ""),
]

# (name, description, meeting pattern, started by, members after her, days ago)
_GROUPS = [
    (
        "North and Midlands peer supervision circle",
        "Peer-to-peer supervision for peer workers in community teams and on mother and baby units.",
        "Second Wednesday of the month, 7pm, online",
        "twoservices",
        ["peerworker", "mbu-peer-nhs-2", "lancs-peer-app", "bham-peer-fathers"],
        200,
    ),
    (
        "Peer workers supporting dads",
        "Sharing what works when supporting fathers and partners.",
        "Every other month, first Monday, 12.30pm, online",
        "bham-peer-fathers",
        ["lancs-peer-nhs"],
        120,
    ),
]


def build_network(ctx: Context, staff: Staff, places: Places) -> None:
    services = {"bham": places.birmingham, "lancs": places.lancashire, MBU: places.mbu}
    entries = []
    for key, where, region, languages, interests, about, email, other in _ENTRIES:
        service = services.get(where)
        joined = ctx.now - days(ctx.rng.randint(30, 300))
        home = service or places.lancashire
        entries.append(
            DirectoryEntry(
                peer_worker=staff.user(key),
                display_name=str(staff.user(key)),
                service=service,
                region=home.icb.region if region else None,
                languages=languages,
                interests=interests,
                about=about,
                show_email=email,
                other_contact=other,
                joined_at=joined,
                updated_at=joined,
            )
        )
    DirectoryEntry.objects.bulk_create(entries)
    groups = PeerGroup.objects.bulk_create(
        PeerGroup(
            name=name,
            description=description,
            meeting_pattern=pattern,
            created_by=staff.user(starter),
            created_at=ctx.now - days(ago),
        )
        for name, description, pattern, starter, _, ago in _GROUPS
    )
    GroupMember.objects.bulk_create(
        GroupMember(group=group, user=staff.user(key), joined_at=group.created_at + days(i * 7))
        for group, (_, _, _, starter, members, _) in zip(groups, _GROUPS, strict=True)
        for i, key in enumerate([starter, *members])
    )
