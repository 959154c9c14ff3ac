"""No module that answers a request queries a person-level model's .objects (ADR 0002).

Person-level models say so on the model (alongside.lib.person_level.PersonLevel), and the check
reads every module of the product except those whose job is to touch the tables themselves:
each app's access.py (the scoped read helpers), services.py (writes, each audited), the figures
(metrics.py and the modules that aggregate them, which never return a person), the models, and
code no request runs (migrations, management commands, the demo, the bench, tests).
"""

import ast
from pathlib import Path

from alongside.lib.person_level import person_level_models

ROOT = Path(__file__).resolve().parents[1]
PERSON_LEVEL_NAMES = {m.__name__ for m in person_level_models()}
MAY_QUERY = {
    "access.py",
    "services.py",
    "models.py",
    "metrics.py",
    "figures.py",  # reports: the report's aggregates
    "snapshots.py",  # reports: a snapshot of the aggregates
    "summary.py",  # dashboard: suppressed aggregates
    "notify.py",  # the alerts job and the email outbox, run by a command, not a request
    "retention.py",  # the retention job, run by a command
    "applying.py",  # imports: an import's writes, each audited, run as a service (ADR 0050)
}
NO_REQUEST_RUNS = {"tests", "migrations", "management", "demo", "bench"}


def direct_queries(source: str, filename: str) -> list[str]:
    """Places where `<PersonLevelModel>.objects` appears in the given source."""
    found = []
    for node in ast.walk(ast.parse(source, filename)):
        if (
            isinstance(node, ast.Attribute)
            and node.attr in {"objects", "_default_manager"}
            and isinstance(node.value, ast.Name)
            and node.value.id in PERSON_LEVEL_NAMES
        ):
            found.append(f"{filename}:{node.lineno} {node.value.id}.{node.attr}")
    return found


def request_modules() -> list[Path]:
    return sorted(
        p
        for p in ROOT.rglob("*.py")
        if p.name not in MAY_QUERY and not NO_REQUEST_RUNS & set(p.relative_to(ROOT).parts)
    )


def test_the_checker_finds_a_direct_query() -> None:
    bad = "from x import Person\ndef v(request):\n    return Person.objects.get(pk=1)\n"
    assert direct_queries(bad, "bad.py") == ["bad.py:3 Person.objects"]


def test_the_registry_is_derived_from_the_models() -> None:
    names = PERSON_LEVEL_NAMES
    assert {"Person", "PeerSupport", "Contact", "WellbeingCheckIn", "Signposting", "AuditLog"} <= names
    assert "Service" not in names and "User" not in names


def test_it_reads_every_module_that_answers_a_request() -> None:
    read = {str(p.relative_to(ROOT)) for p in request_modules()}
    assert {"home/people.py", "support/views.py", "transitions/api.py", "timetable/feed.py"} <= read
    assert {"support/forms.py", "records/subject_access.py", "support/matching.py"} <= read
    assert "support/access.py" not in read and "demo/builder.py" not in read


def test_no_module_that_answers_a_request_queries_a_person_level_model_directly() -> None:
    found = [
        hit
        for path in request_modules()
        for hit in direct_queries(path.read_text(), str(path.relative_to(ROOT)))
    ]
    assert found == [], "use a *_for_user helper from the app's access.py instead:\n" + "\n".join(found)


# Modules that put figures together from other apps' figures: they read every table through a
# helper (an access.py or a metrics.py), never through a model's manager, so that what they count
# is what the page of that figure counts (ADR 0039, ADR 0041).
READ_ONLY_THROUGH_HELPERS = ("grid/evidence.py", "recommendations/measures.py", "national/figures.py")


def any_manager_use(source: str, filename: str) -> list[str]:
    """Places where `<Name>.objects` or `<Name>._default_manager` appears, whatever the model."""
    return [
        f"{filename}:{node.lineno} {node.value.id}.{node.attr}"
        for node in ast.walk(ast.parse(source, filename))
        if isinstance(node, ast.Attribute)
        and node.attr in {"objects", "_default_manager"}
        and isinstance(node.value, ast.Name)
    ]


def test_the_manager_checker_finds_any_model() -> None:
    assert any_manager_use("Service.objects.all()\n", "bad.py") == ["bad.py:1 Service.objects"]


def test_modules_that_combine_figures_read_through_helpers() -> None:
    found = [
        hit for name in READ_ONLY_THROUGH_HELPERS for hit in any_manager_use((ROOT / name).read_text(), name)
    ]
    assert found == [], "read through the app's access.py or metrics.py:\n" + "\n".join(found)
