"""Small helpers for the import tests: read fixture files and run the engine as the pages do."""

from pathlib import Path
from typing import Any

from alongside.imports import services
from alongside.imports.models import ImportJob
from alongside.organisations.models import Membership

FILES = Path(__file__).parent / "files"


def tables(*names: str, data: dict[str, bytes] | None = None) -> list[Any]:
    found = []
    for name in names:
        content = (data or {}).get(name) or (FILES / name).read_bytes()
        found.extend(services.tables_of(name, content))
    return services.mapped(found, services.suggested_mapping(found))


def run(
    membership: Membership, *names: str, dry_run: bool = False, data: dict[str, bytes] | None = None
) -> Any:
    job = ImportJob.objects.create(service=membership.service, created_by=membership.user, file_name="test")
    return services.run_import(
        service=membership.service,
        actor=membership.user,
        membership=membership,
        tables=tables(*names, data=data),
        job_id=job.pk,
        dry_run=dry_run,
    )
