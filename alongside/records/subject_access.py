"""Everything Alongside holds about one person, for a subject access request (UK GDPR Art 15).

One structure, read by both the JSON download and the PDF, so the two always say the same.
What is in it is found from the models themselves (alongside.records.links): every row with a
foreign key path to her record, in every service, with her family links, the group sessions she
came to and her audit trail (who looked at or changed her record, when, in which role).
"""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.db.models import Count, Max, Min
from django.utils import timezone

from alongside.audit import services as audit
from alongside.audit.models import AuditLog
from alongside.people.models import Person
from alongside.records.links import person_paths, rows_about
from alongside.support.access import group_sessions_attended_by

# Credentials and fingerprints, not information about her: left out.
LEFT_OUT = {"token_hash", "payload_hash"}


def _value(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).isoformat() if timezone.is_aware(value) else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)  # a UUID, a Decimal: its usual written form


def _row(obj: models.Model) -> dict[str, Any]:
    """Each field by name: a choice as its words, a link as what it names and its id."""
    out: dict[str, Any] = {}
    for f in obj._meta.concrete_fields:
        if f.name in LEFT_OUT:
            continue
        if f.is_relation:
            related = getattr(obj, f.name)
            out[f.name] = str(related) if related is not None else None
            out[f.attname] = _value(getattr(obj, f.attname))
        elif f.choices:
            raw = getattr(obj, f.attname)
            out[f.name] = dict(f.flatchoices).get(raw, raw) if raw not in (None, "") else raw
        else:
            out[f.name] = _value(getattr(obj, f.attname))
    for m2m in obj._meta.many_to_many:
        out[m2m.name] = [str(o) for o in getattr(obj, m2m.name).all()]
    return out


@dataclass
class Section:
    key: str  # app_label.Model
    title: str
    rows: list[dict[str, Any]] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)  # field name to its words, for the PDF


def described(section: Section, row: dict[str, Any]) -> str:
    """One record as a line for the PDF: each field that has a value, by its words."""
    parts = []
    for key, value in row.items():
        if key.endswith("_id") or value is None or value in ("", []):
            continue
        if isinstance(value, bool):
            value = "Yes" if value else "No"
        elif isinstance(value, list):
            value = ", ".join(value)
        parts.append(f"{section.labels.get(key, key)}: {value}")
    return "; ".join(parts)


def _labels(model: type[models.Model]) -> dict[str, str]:
    labels = {}
    for f in [*model._meta.concrete_fields, *model._meta.many_to_many]:
        labels[f.name] = str(getattr(f, "verbose_name", f.name)).capitalize()
        if f.is_relation:
            labels[f.attname] = f"{labels[f.name]} (id)"
    return labels


def sections(person: Person) -> list[Section]:
    """One section per kind of record about her, her own record first; kinds with no rows too,
    so the reader sees what was looked for."""
    models_about = sorted(person_paths(), key=lambda m: (m is not Person, m._meta.label))
    found = []
    for model in models_about:
        meta = model._meta
        links = [f.name for f in meta.concrete_fields if f.is_relation]
        found_rows = rows_about(person, model).select_related(*links)
        found_rows = found_rows.prefetch_related(*[m.name for m in meta.many_to_many])
        rows = [_row(o) for o in found_rows]
        found.append(Section(meta.label, str(meta.verbose_name_plural).capitalize(), rows, _labels(model)))
    return found


def family(person: Person) -> list[dict[str, Any]]:
    """Her family links: who else the family holds, by name and role, each with her own record."""
    return [
        {"person_id": p.pk, "name": p.name, "family_role": p.get_family_role_display()}
        for p in person.family.members.exclude(pk=person.pk).order_by("pk")
    ]


def group_sessions(person: Person) -> list[dict[str, Any]]:
    sessions = group_sessions_attended_by(person)
    return [
        {
            "id": s.pk,
            "title": s.title,
            "kind": s.get_kind_display(),
            "starts_at": _value(s.starts_at),
            "service": str(s.service),
        }
        for s in sessions.select_related("service").order_by("starts_at")
    ]


def audit_trail(person: Person) -> list[dict[str, Any]]:
    return [
        {
            "at": _value(row.at),
            "who": str(row.actor) if row.actor else "Alongside itself",
            "role": row.role,
            "service_id": row.service_id,
            "action": row.get_action_display(),
            "record": f"{row.model} {row.object_id}",
            "summary": row.summary,
        }
        for row in audit.trail_for_person(person.pk).order_by("at", "pk")
    ]


def trail_summary(person: Person) -> list[dict[str, Any]]:
    """The trail for reading: who (in which role, at which service) did what to her record, how
    many times, first and last. Article 15 asks who her data went to; the JSON has every row."""
    from alongside.accounts.models import User
    from alongside.organisations.models import Service

    rows = (
        audit.trail_for_person(person.pk)
        .order_by()
        .values("actor_id", "role", "service_id", "action")
        .annotate(times=Count("pk"), first=Min("at"), last=Max("at"))
        .order_by("-last")
    )
    people = {u.pk: str(u) for u in User.objects.filter(pk__in={r["actor_id"] for r in rows})}
    services = {s.pk: str(s) for s in Service.objects.filter(pk__in={r["service_id"] for r in rows})}
    actions = dict(AuditLog.Action.choices)
    return [
        {
            "who": people.get(r["actor_id"], "Alongside itself"),
            "role": r["role"].replace("_", " "),
            "service": services.get(r["service_id"], ""),
            "action": actions.get(r["action"], r["action"]),
            "times": r["times"],
            "first": timezone.localtime(r["first"]).strftime("%-d %b %Y"),
            "last": timezone.localtime(r["last"]).strftime("%-d %b %Y"),
        }
        for r in rows
    ]


def export(person: Person, *, by: Any, service: Any) -> dict[str, Any]:
    """The whole export as plain data (JSON-ready)."""
    return {
        "about": {
            "person_id": person.pk,
            "name": person.name,
            "exported_at": _value(timezone.now()),
            "exported_by": str(by),
            "exported_for_service": str(service),
            "note": (
                "Everything Alongside holds about this person, in every service, under UK GDPR "
                "Article 15. Each record names the service that holds it."
            ),
        },
        "records": {s.key: s.rows for s in sections(person)},
        "family": family(person),
        "group_sessions_attended": group_sessions(person),
        "audit_trail": audit_trail(person),
    }
