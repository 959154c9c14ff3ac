"""`alongside import_births FILE.csv [--dry-run]`: load each ICB's births and referrals to
perinatal mental health services for a year, with their source (ADR 0040). The whole file is
saved, or nothing if any row is bad."""

from alongside.national.commands import ImportCommand
from alongside.national.importer import BIRTH_COLUMNS, import_births


class Command(ImportCommand):
    help = (
        "Load each ICB's births and perinatal referrals by year from a CSV file (ICBs by code, loaded "
        "first with import_services); every bad row is reported, and nothing is saved unless all are good."
    )
    importer = staticmethod(import_births)
    columns = BIRTH_COLUMNS
