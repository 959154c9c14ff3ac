"""Importing a service's records: upload, mapping, dry run, and the import itself (ADR 0050).

The import is one transaction: it plans every row again (the records may have changed since the
dry run) and writes only when no row is refused, so a file lands whole or not at all. Progress
goes to a small file under ALONGSIDE_DATA_DIR, never to the database, so a page polling it never
waits on the import's transaction (SQLite has one writer at a time).
"""

import datetime as dt
import json
import logging
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import close_old_connections, connection, transaction
from django.utils import timezone

from alongside.accounts.models import User
from alongside.audit import services as audit
from alongside.imports.applying import Writer
from alongside.imports.models import ColumnMapping, ImportJob
from alongside.imports.planning import Mapped, Plan, Progress, make_plan, suggest, unmapped_required
from alongside.imports.reading import Table, Unreadable, guess_sheet, read
from alongside.organisations.models import Membership, Service
from alongside.support.sheets import BY_NAME

log = logging.getLogger(__name__)
KEEP_DAYS = 7
# A file with more rows than this is imported in a background thread, with a progress bar.
INLINE_ROWS = 2000


# --- reading and mapping ----------------------------------------------------------------------


def saved_columns(service: Service, name: str) -> dict[str, dict[str, str]]:
    mapping = ColumnMapping.objects.filter(service=service, name=name).first()
    return mapping.columns if mapping else {}


def tables_of(file_name: str, data: bytes, saved: dict[str, dict[str, str]] | None = None) -> list[Table]:
    extra = [heading for columns in (saved or {}).values() for heading in columns]
    tables = read(file_name, data, extra_headings=extra)
    taken: set[str] = set()
    for table in tables:
        table.sheet = guess_sheet(table, taken=taken) or _saved_sheet(table, saved or {}, taken)
        if table.sheet:
            taken.add(table.sheet.name)
    return tables


def _saved_sheet(table: Table, saved: dict[str, dict[str, str]], taken: set[str]) -> Any:
    """The sheet whose saved headings the table has most of (two at least), for headings of her own."""
    headings = set(table.headings)
    best = max(
        (
            (len(headings & set(columns)), name)
            for name, columns in saved.items()
            if name not in taken and name in BY_NAME
        ),
        default=(0, ""),
    )
    return BY_NAME[best[1]] if best[0] >= 2 else None


def suggested_mapping(tables: list[Table], saved: dict[str, dict[str, str]] | None = None) -> dict[str, Any]:
    """{source: {"sheet": name, "columns": [key for each heading]}}: what the mapping page offers."""
    found: dict[str, Any] = {}
    for table in tables:
        sheet = table.sheet
        columns = suggest(sheet, table.headings, (saved or {}).get(sheet.name)) if sheet else {}
        found[table.source] = {
            "sheet": sheet.name if sheet else "",
            "columns": [columns.get(i, "") for i in range(len(table.headings))],
        }
    return found


def mapped(tables: list[Table], mapping: dict[str, Any]) -> list[Mapped]:
    result = []
    for table in tables:
        chosen = mapping.get(table.source, {})
        sheet = BY_NAME.get(chosen.get("sheet", ""))
        if sheet is None:
            continue
        keys = chosen.get("columns", [])
        result.append(
            Mapped(table, sheet, {i: (keys[i] if i < len(keys) else "") for i in range(len(table.headings))})
        )
    return result


def mapping_problems(tables: list[Mapped]) -> list[str]:
    """Why a mapping cannot be used: a required column with no file column, or one column twice."""
    problems = []
    for m in tables:
        for column in unmapped_required(m):
            problems.append(
                f"{m.table.source}: no column is mapped to {column.heading} ({m.sheet.title}), "
                "and it is needed"
            )
        chosen = [k for k in m.columns.values() if k]
        twice = sorted({k for k in chosen if chosen.count(k) > 1})
        headings = {c.key: c.heading for c in m.sheet.columns}
        for key in twice:
            problems.append(f"{m.table.source}: more than one column is mapped to {headings[key]}")
    if not tables:
        problems.append("No part of the file is matched to a sheet: choose what each part holds")
    return problems


def mapping_save(*, actor: User, membership: Membership, name: str, tables: list[Mapped]) -> ColumnMapping:
    """Save (or replace) the service's mapping called `name`: each sheet's file headings."""
    name = name.strip()
    if not name:
        raise ValidationError({"mapping_name": "Enter a name for the mapping"})
    columns: dict[str, dict[str, str]] = {}
    for m in tables:
        sheet_columns = columns.setdefault(m.sheet.name, {})
        for index, key in m.columns.items():
            if key and m.table.headings[index]:
                sheet_columns[m.table.headings[index]] = key
    with transaction.atomic():
        saved, _ = ColumnMapping.objects.update_or_create(
            service=membership.service, name=name[:100], defaults={"columns": columns, "saved_by": actor}
        )
        audit.record(
            actor, "update", saved, membership=membership, summary=f"Saved import mapping {saved.name}"
        )
    return saved


# --- the import -------------------------------------------------------------------------------


@dataclass
class Outcome:
    plan: Plan
    written: bool
    counts: dict[str, dict[str, int]]


def run_import(
    *,
    service: Service,
    actor: User,
    membership: Membership,
    tables: list[Mapped],
    job_id: int,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> Outcome:
    """Plan every row and, unless one is refused (or it is a dry run), write them all, in one
    transaction: a file lands whole or not at all."""
    # SQLite takes its one write lock when a transaction begins (settings: IMMEDIATE), and every
    # request writes its session: so there the plan is made before the lock is taken, and the lock
    # is held only while the rows are written, in bulk. PostgreSQL blocks no one by planning inside.
    plan_first = connection.vendor == "sqlite"
    plan = (
        make_plan(service, tables, membership=membership, progress=progress)
        if plan_first or dry_run
        else None
    )
    if plan is not None and (dry_run or plan.refused()):
        return Outcome(plan, written=False, counts={})
    with transaction.atomic():
        if plan is None:
            plan = make_plan(service, tables, membership=membership, progress=progress)
            if plan.refused():
                return Outcome(plan, written=False, counts={})
        counts = Writer(plan, actor=actor, membership=membership, job_id=job_id, progress=progress).write()
    return Outcome(plan, written=True, counts=counts)


def job_create(*, actor: User, membership: Membership, file_name: str, data: bytes) -> ImportJob:
    purge_stale()
    job = ImportJob.objects.create(
        service=membership.service, created_by=actor, file_name=file_name[:200], content=data
    )
    audit.record(actor, "create", job, membership=membership, summary=f"Uploaded {job.file_name} to import")
    return job


def job_tables(job: ImportJob) -> list[Table]:
    return tables_of(job.file_name, bytes(job.content), _saved_from(job))


def _saved_from(job: ImportJob) -> dict[str, dict[str, str]]:
    """The saved mapping chosen at upload: its headings help find the header rows again."""
    saved: dict[str, dict[str, str]] = job.mapping.get("saved", {})
    return saved


def job_dry_run(*, actor: User, membership: Membership, job: ImportJob, mapping: dict[str, Any]) -> Plan:
    tables = mapped(job_tables(job), mapping)
    outcome = run_import(
        service=job.service, actor=actor, membership=membership, tables=tables, job_id=job.pk, dry_run=True
    )
    job.mapping = {**job.mapping, "tables": mapping}
    job.plan = outcome.plan.summary()
    job.state = ImportJob.State.PLANNED
    job.save(update_fields=["mapping", "plan", "state"])
    audit.record(actor, "view", job, membership=membership, summary="Checked the file (dry run)")
    return outcome.plan


def job_row_count(job: ImportJob) -> int:
    return sum(sum(c.values()) for c in job.plan.get("counts", {}).values())


def job_start(*, actor: User, membership: Membership, job: ImportJob, background: bool | None = None) -> None:
    """Import the job's file: in this request for a short file, else in a background thread."""
    job.state = ImportJob.State.RUNNING
    job.save(update_fields=["state"])
    progress_write(job.pk, "started", 0, job_row_count(job))
    if background is None:
        background = job_row_count(job) > INLINE_ROWS
    if background:
        thread = threading.Thread(target=_run_in_thread, args=(job.pk, actor.pk, membership.pk), daemon=True)
        thread.start()
    else:
        job_run(job, actor=actor, membership=membership)


def _run_in_thread(job_id: int, actor_id: int, membership_id: int) -> None:
    try:
        job = ImportJob.objects.get(pk=job_id)
        job_run(job, actor=User.objects.get(pk=actor_id), membership=Membership.objects.get(pk=membership_id))
    except Exception:  # the page must learn it failed, whatever the cause
        log.exception("import %s failed", job_id)
        ImportJob.objects.filter(pk=job_id).update(state=ImportJob.State.FAILED, finished_at=timezone.now())
        progress_write(job_id, "failed", 0, 0)
    finally:
        close_old_connections()


def job_run(job: ImportJob, *, actor: User, membership: Membership) -> Outcome:
    def progress(stage: str, done: int, total: int) -> None:
        progress_write(job.pk, stage, done, total)

    tables = mapped(job_tables(job), job.mapping.get("tables", {}))
    outcome = run_import(
        service=job.service,
        actor=actor,
        membership=membership,
        tables=tables,
        job_id=job.pk,
        progress=progress,
    )
    job.plan = outcome.plan.summary()
    job.result = {"counts": outcome.counts, "written": outcome.written}
    job.state = ImportJob.State.DONE if outcome.written else ImportJob.State.REFUSED
    job.finished_at = timezone.now()
    if outcome.written:
        job.content = b""  # imported: the file is not kept (ADR 0050)
    job.save(update_fields=["plan", "result", "state", "finished_at", "content"])
    audit.record(
        actor,
        "update",
        job,
        membership=membership,
        summary=f"Imported {job.file_name}"
        if outcome.written
        else f"Import of {job.file_name} refused: nothing written",
    )
    progress_write(job.pk, "done" if outcome.written else "refused", 1, 1)
    return outcome


def purge_stale(now: dt.datetime | None = None) -> int:
    """After 7 days an import keeps only its counts: its file, and the rows of its dry run (the
    refused rows' cells, the changes' old and new values), are emptied (ADR 0050). An import
    still "running" after a day died with its server: its transaction never committed, so
    nothing of it was written. Returns how many imports were emptied."""
    now = now or timezone.now()
    ImportJob.objects.filter(state=ImportJob.State.RUNNING, created_at__lt=now - dt.timedelta(days=1)).update(
        state=ImportJob.State.FAILED, finished_at=now
    )
    emptied = 0
    for job in ImportJob.objects.filter(created_at__lt=now - dt.timedelta(days=KEEP_DAYS)):
        if not bytes(job.content) and not job.plan.get("rows"):
            continue
        job.content = b""
        job.plan = {"counts": job.plan.get("counts", {}), "sources": {}, "rows": []}
        job.save(update_fields=["content", "plan"])
        emptied += 1
    return emptied


def import_running(service: Service) -> bool:
    """Whether an import into the service is under way: one at a time, as both read references."""
    return ImportJob.objects.filter(service=service, state=ImportJob.State.RUNNING).exists()


# --- progress, outside the database ---------------------------------------------------------------


def progress_path(job_id: int) -> Path:
    folder = Path(settings.DATA_DIR) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{int(job_id)}.json"


def progress_write(job_id: int, stage: str, done: int, total: int) -> None:
    path = progress_path(job_id)
    temporary = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
    temporary.write_text(json.dumps({"stage": stage, "done": done, "total": total}))
    temporary.replace(path)  # atomic: a reader sees the old figures or the new, never half


def progress_read(job_id: int) -> dict[str, Any]:
    try:
        answer: dict[str, Any] = json.loads(progress_path(job_id).read_text())
    except (OSError, ValueError):
        return {"stage": "waiting", "done": 0, "total": 0}
    return answer


def percent(progress: dict[str, Any]) -> int:
    """Reading and checking is the first half of the bar; writing the second."""
    total = max(int(progress.get("total") or 0), 1)
    done = min(int(progress.get("done") or 0), total)
    stage = progress.get("stage")
    if stage in ("done", "refused"):
        return 100
    if stage == "written":
        return 50 + done * 50 // total
    if stage == "planned":
        return done * 50 // total
    return 0


Reporter = Callable[[str, int, int], None]
__all__ = ["Unreadable"]
