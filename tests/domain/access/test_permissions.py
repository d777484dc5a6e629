"""Every role × permission pair, spelled out: a change to the table must change this test."""

from __future__ import annotations

import pytest

from app.domain.access.permissions import TABLE, Permission, Role, allowed, check, parse_role
from app.domain.kit.errors import PermissionDenied, ValidationError

P = Permission
#            admin  worker viewer auditor
EXPECTED = {
    P.VIEW_RECORDS:         (1, 1, 1, 0),
    P.EDIT_RECORDS:         (1, 1, 0, 0),
    P.MANAGE_ORGS:          (1, 1, 0, 0),
    P.IMPORT_DATA:          (1, 1, 0, 0),
    P.EXPORT_PERSONAL_DATA: (1, 1, 0, 0),
    P.SHOW_SENSITIVE:       (1, 1, 0, 0),
    P.PRINT_REPORTS:        (1, 1, 1, 0),
    P.MANAGE_USERS:         (1, 0, 0, 0),
    P.CHANGE_SETTINGS:      (1, 0, 0, 0),
    P.BACKUP:               (1, 1, 0, 0),
    P.RESTORE:              (1, 0, 0, 0),
    P.READ_AUDIT:           (1, 0, 0, 1),
    P.CLOSE_BOOKS:          (1, 0, 0, 0),
    P.CONFIRM_SERVICE:      (1, 1, 0, 0),
}
ROLES = (Role.ADMIN, Role.WORKER, Role.VIEWER, Role.AUDITOR)
PAIRS = [(role, perm, bool(row[i])) for perm, row in EXPECTED.items() for i, role in enumerate(ROLES)]


def test_the_expectation_covers_every_permission_and_role() -> None:
    assert set(EXPECTED) == set(Permission)
    assert set(ROLES) == set(Role) == set(TABLE)


@pytest.mark.parametrize(("role", "permission", "expected"), PAIRS,
                         ids=[f"{r.name}-{p.value}" for r, p, _ in PAIRS])
def test_role_permission_pair(role: Role, permission: Permission, expected: bool) -> None:
    assert allowed(role, permission) is expected
    assert allowed(role.value, permission) is expected
    if expected:
        check(role, permission)
    else:
        with pytest.raises(PermissionDenied) as info:
            check(role, permission)
        assert "没有" in info.value.message and "管理员" in info.value.message


@pytest.mark.parametrize("role", [None, "", "超级用户", "root"])
def test_unknown_or_missing_role_gets_nothing(role: str | None) -> None:
    assert not any(allowed(role, p) for p in Permission)


def test_auditor_reads_the_audit_log_and_nothing_else() -> None:
    assert [p for p in Permission if allowed(Role.AUDITOR, p)] == [P.READ_AUDIT]


def test_roles_are_named_in_chinese_or_english() -> None:
    assert parse_role("党务工作者") is Role.WORKER
    assert parse_role("admin") is Role.ADMIN
    with pytest.raises(ValidationError) as info:
        parse_role("组长")
    assert "管理员" in info.value.message
