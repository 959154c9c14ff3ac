"""The map of England's services for the demo, loaded through the national importer (ADR 0040).

The files in alongside/demo/data/ are a FICTIONAL sample, and say so in their header comments:
NHS England's seven regions and 42 ICBs (named as the demo and the national generator name them)
with made-up ODS-style codes, a community perinatal team in every ICB and 24 mother and baby units
(the demo's own three services linked to theirs), invented peer support ("none" included), and
made-up births and referrals per ICB for two years, their source "Fictional demo figures".

Loading them through `import_services` and `import_births`, as a national administrator would,
makes the demo prove the importer: a bad row in either file stops the build.
"""

from pathlib import Path

from alongside.national.importer import Report, import_births, import_services

DATA = Path(__file__).parent / "data"
SERVICES = DATA / "england_services.csv"
BIRTHS = DATA / "england_births.csv"


class NationalDataInvalid(RuntimeError):
    """The demo's own national files have a bad row: a bug in the files, not in someone's input."""


def build_national() -> list[Report]:
    """Load the fictional register and births; both files land whole or the build fails."""
    reports = [
        import_services(SERVICES.read_bytes(), source=SERVICES.name),
        import_births(BIRTHS.read_bytes(), source=BIRTHS.name),
    ]
    for report in reports:
        if not report.ok:
            raise NationalDataInvalid("\n".join(report.lines()))
    return reports
