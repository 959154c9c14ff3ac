"""Which import a request may see: only her own, in the service she is acting in (ADR 0002)."""

from alongside.accounts.types import AuthedRequest
from alongside.imports.models import ColumnMapping, ImportJob


def current_job_for(request: AuthedRequest) -> ImportJob | None:
    """Her latest import in the acting service: the one the import pages are about."""
    return (
        ImportJob.objects.filter(service=request.membership.service, created_by=request.user)
        .order_by("-created_at", "-pk")
        .first()
    )


def mappings_for(request: AuthedRequest) -> list[ColumnMapping]:
    return list(ColumnMapping.objects.filter(service=request.membership.service))
