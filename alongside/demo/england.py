"""England's NHS regions and Integrated Care Boards, as the national generator lays services out."""

# NHS England's seven regions and their 42 ICBs; the first k of each region's ICBs also have a
# mother and baby unit (24 in all).
REGIONS: dict[str, tuple[int, list[str]]] = {
    "Midlands": (
        4,
        [
            "Birmingham and Solihull",
            "Black Country",
            "Coventry and Warwickshire",
            "Derby and Derbyshire",
            "Herefordshire and Worcestershire",
            "Leicester, Leicestershire and Rutland",
            "Lincolnshire",
            "Northamptonshire",
            "Nottingham and Nottinghamshire",
            "Shropshire, Telford and Wrekin",
            "Staffordshire and Stoke-on-Trent",
        ],
    ),
    "North East and Yorkshire": (
        3,
        ["North East and North Cumbria", "Humber and North Yorkshire", "South Yorkshire", "West Yorkshire"],
    ),
    "North West": (3, ["Cheshire and Merseyside", "Greater Manchester", "Lancashire and South Cumbria"]),
    "East of England": (
        3,
        [
            "Bedfordshire, Luton and Milton Keynes",
            "Cambridgeshire and Peterborough",
            "Hertfordshire and West Essex",
            "Mid and South Essex",
            "Norfolk and Waveney",
            "Suffolk and North East Essex",
        ],
    ),
    "London": (
        4,
        [
            "North Central London",
            "North East London",
            "North West London",
            "South East London",
            "South West London",
        ],
    ),
    "South East": (
        4,
        [
            "Buckinghamshire, Oxfordshire and Berkshire West",
            "Frimley",
            "Hampshire and Isle of Wight",
            "Kent and Medway",
            "Surrey Heartlands",
            "Sussex",
        ],
    ),
    "South West": (
        3,
        [
            "Bath and North East Somerset, Swindon and Wiltshire",
            "Bristol, North Somerset and South Gloucestershire",
            "Cornwall and the Isles of Scilly",
            "Devon",
            "Dorset",
            "Gloucestershire",
            "Somerset",
        ],
    ),
}
