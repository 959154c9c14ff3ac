"""A view must not query a person-level model's .objects: it goes through alongside.access (ADR 0002)."""

import ast
from pathlib import Path

from alongside.access import PERSON_LEVEL_MODELS

ROOT = Path(__file__).resolve().parents[1]
PERSON_LEVEL_NAMES = {m.__name__ for m in PERSON_LEVEL_MODELS} | {"Consent", "StatusChange", "AuditLog"}


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


def view_modules() -> list[Path]:
    return sorted(p for p in ROOT.rglob("views.py") if "migrations" not in p.parts)


def test_the_checker_finds_a_direct_query() -> None:
    bad = "from x import Person\ndef v(request):\n    return Person.objects.get(pk=1)\n"
    assert direct_queries(bad, "bad.py") == ["bad.py:3 Person.objects"]


def test_it_reads_every_views_module() -> None:
    names = {p.parent.name for p in view_modules()}
    assert {"people", "support", "dashboard", "audit"} <= names


def test_no_view_queries_a_person_level_model_directly() -> None:
    found = [
        hit
        for path in view_modules()
        for hit in direct_queries(path.read_text(), str(path.relative_to(ROOT)))
    ]
    assert found == [], "use a *_for_user helper from alongside.access instead:\n" + "\n".join(found)
