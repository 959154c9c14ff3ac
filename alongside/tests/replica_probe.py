"""Run in a fresh process by test_replica.py: real settings, two real PostgreSQL databases.

`python -c "from alongside.tests.replica_probe import main; main()" schema` makes the tables and
rows in DATABASE_URL; the test then copies that database (CREATE DATABASE … TEMPLATE, a standby
as of that moment); `… main()" read` runs with DATABASE_REPLICA_URL naming the copy, moves the
primary on, and prints as JSON what each kind of read and write saw, for the test to check.
Not collected by pytest (no test_ prefix); models are imported only after django.setup().
"""

import json
import os
import sys
from typing import Any

SHARED = "Shared region"
OLD = "Its name before a change"
CHANGED = "Its name after the change"
NEW = "Written since"
INSIDE = "Written inside the scope"


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alongside.settings")
    import django

    django.setup()
    phase = sys.argv[1]
    if phase == "schema":
        _schema()
    elif phase == "read":
        print(json.dumps(_read()))
    else:
        raise SystemExit(f"unknown phase {phase!r}")


def _schema() -> None:
    from django.db import connections

    from alongside.organisations.models import ICB, Region

    with connections["default"].schema_editor() as editor:
        editor.create_model(Region)
        editor.create_model(ICB)
    Region.objects.create(name=SHARED)
    Region.objects.create(name=OLD)
    connections.close_all()


def _names() -> list[str]:
    from alongside.organisations.models import Region

    return list(Region.objects.order_by("name").values_list("name", flat=True))


def _read() -> dict[str, Any]:
    from django.conf import settings
    from django.db import DatabaseError, connections, transaction

    from alongside.lib.replica import reading_from_replica
    from alongside.organisations.models import ICB, Region

    # The primary moves on; the copy stays where it was, as a lagging standby would.
    Region.objects.filter(name=OLD).update(name=CHANGED)
    Region.objects.create(name=NEW)

    @reading_from_replica()
    def decorated() -> list[str]:
        return _names()

    seen: dict[str, Any] = {
        "routers": settings.DATABASE_ROUTERS,
        "replica_name": settings.DATABASES["replica"]["NAME"],
        "outside": _names(),
    }
    with reading_from_replica():
        seen["inside"] = _names()
        with transaction.atomic():
            seen["inside_atomic"] = _names()
        Region.objects.create(name=INSIDE)
        shared = Region.objects.get(name=SHARED)
        seen["shared_read_from"] = shared._state.db
        icb = ICB.objects.create(name="Linked to a region read from the replica", region=shared)
        seen["icb_written_to"] = icb._state.db
    seen["decorated"] = decorated()
    seen["after"] = _names()
    try:
        Region.objects.using("replica").create(name="Written to the replica by mistake")
    except DatabaseError as error:
        seen["replica_write"] = f"{type(error).__name__}: {error}".strip()
    else:
        seen["replica_write"] = "accepted"
    connections.close_all()
    return seen


if __name__ == "__main__":
    main()
