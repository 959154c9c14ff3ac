"""Roles in one place: every group of roles is named once, in alongside/accounts/rules.py,
derived from its permission table. A tuple, list or set of two or more roles anywhere else in
the product fails this test; a check against one role (`role == Role.PEER_WORKER`) does not."""

import ast
from pathlib import Path

from alongside.accounts import rules
from alongside.organisations.models import Role

ROOT = Path(__file__).resolve().parents[1]
NOT_PRODUCT = {"tests", "migrations", "demo", "bench"}


def role_groups(source: str, filename: str) -> list[str]:
    """Literal tuples, lists and sets of two or more `Role.X` in the source."""
    found = []
    for node in ast.walk(ast.parse(source, filename)):
        if isinstance(node, ast.Tuple | ast.List | ast.Set):
            roles = [
                e
                for e in node.elts
                if isinstance(e, ast.Attribute) and isinstance(e.value, ast.Name) and e.value.id == "Role"
            ]
            if len(roles) >= 2:
                found.append(f"{filename}:{node.lineno}")
    return found


def product_modules() -> list[Path]:
    return sorted(
        p
        for p in ROOT.rglob("*.py")
        if not NOT_PRODUCT & set(p.relative_to(ROOT).parts) and p != ROOT / "accounts" / "rules.py"
    )


def test_the_checker_finds_a_group_of_roles() -> None:
    assert role_groups("x = (Role.PEER_WORKER, Role.COORDINATOR)\n", "a.py") == ["a.py:1"]
    assert role_groups("ok = role == Role.PEER_WORKER\n", "b.py") == []


def test_no_module_but_rules_lists_roles() -> None:
    found = [hit for p in product_modules() for hit in role_groups(p.read_text(), str(p.relative_to(ROOT)))]
    assert found == [], "name the group in alongside/accounts/rules.py, from its permissions:\n" + "\n".join(
        found
    )


def test_each_group_is_what_its_permissions_say() -> None:
    """The groups are derived, so they say what the table grants: spot-check the ones that matter."""
    assert set(rules.PERSON_LEVEL_ROLES) == {r for r in Role if rules.has_perm(r, rules.Perm.VIEW_PEOPLE)}
    assert set(rules.AGGREGATE_ONLY_ROLES) == {Role.COMMISSIONER, Role.NATIONAL_REVIEWER}
    assert set(rules.PEER_SUPPORTER_ROLES) == {Role.PEER_WORKER, Role.COORDINATOR}
    assert rules.PEER_SUPPORT_WORKFORCE == (Role.PEER_WORKER, Role.COORDINATOR, Role.LIGHT_TOUCH_VOLUNTEER)
    assert set(rules.COLLEAGUE_ROLES) == set(rules.PEER_SUPPORTER_ROLES) | set(rules.SUPERVISOR_ROLES)
    assert Role.ADMIN not in rules.COLLEAGUE_ROLES and Role.ADMIN not in rules.SUPERVISOR_ROLES
