"""`alongside import_services FILE.csv [--dry-run]`: load England's regions, ICBs and perinatal
services (ADR 0040). The whole file is saved, or nothing if any row is bad."""

from alongside.national.commands import ImportCommand
from alongside.national.importer import SERVICE_COLUMNS, SERVICE_OPTIONAL, import_services


class Command(ImportCommand):
    help = (
        "Load NHS regions, ICBs and perinatal services (with what is known of their peer support) "
        "from a CSV file; every bad row is reported, and nothing is saved unless all are good. "
        f"Optional columns: {', '.join(SERVICE_OPTIONAL)}."
    )
    importer = staticmethod(import_services)
    columns = SERVICE_COLUMNS
