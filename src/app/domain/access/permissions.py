"""Roles and what each may do: one role × permission table, anything not in it is refused."""

from __future__ import annotations

from enum import StrEnum

from app.domain.kit.errors import PermissionDenied, ValidationError


class Role(StrEnum):
    ADMIN = "管理员"
    WORKER = "党务工作者"
    VIEWER = "查看"
    AUDITOR = "审计员"


class Permission(StrEnum):
    VIEW_RECORDS = "view_records"
    EDIT_RECORDS = "edit_records"
    MANAGE_ORGS = "manage_orgs"
    IMPORT_DATA = "import_data"
    EXPORT_PERSONAL_DATA = "export_personal_data"
    SHOW_SENSITIVE = "show_sensitive"
    PRINT_REPORTS = "print_reports"
    MANAGE_USERS = "manage_users"
    CHANGE_SETTINGS = "change_settings"
    BACKUP = "backup"
    RESTORE = "restore"
    READ_AUDIT = "read_audit"
    CLOSE_BOOKS = "close_books"
    CONFIRM_SERVICE = "confirm_service"


# What a refused user is told they lack ("您没有“…”的权限").
LABELS: dict[Permission, str] = {
    Permission.VIEW_RECORDS: "查看台账",
    Permission.EDIT_RECORDS: "录入和修改台账",
    Permission.MANAGE_ORGS: "管理组织架构",
    Permission.IMPORT_DATA: "导入数据",
    Permission.EXPORT_PERSONAL_DATA: "导出个人信息",
    Permission.SHOW_SENSITIVE: "查看完整身份证号和电话",
    Permission.PRINT_REPORTS: "打印材料",
    Permission.MANAGE_USERS: "管理用户",
    Permission.CHANGE_SETTINGS: "修改设置",
    Permission.BACKUP: "备份数据",
    Permission.RESTORE: "从备份恢复",
    Permission.READ_AUDIT: "查看操作记录",
    Permission.CLOSE_BOOKS: "经费年度结账",
    Permission.CONFIRM_SERVICE: "确认志愿服务记录",
}

P = Permission

# The one table. A pair that is not listed here is refused.
TABLE: dict[Role, frozenset[Permission]] = {
    Role.ADMIN: frozenset(Permission),
    Role.WORKER: frozenset({
        P.VIEW_RECORDS, P.EDIT_RECORDS, P.MANAGE_ORGS, P.IMPORT_DATA, P.EXPORT_PERSONAL_DATA,
        P.SHOW_SENSITIVE, P.PRINT_REPORTS, P.BACKUP, P.CONFIRM_SERVICE,
    }),
    Role.VIEWER: frozenset({P.VIEW_RECORDS, P.PRINT_REPORTS}),
    Role.AUDITOR: frozenset({P.READ_AUDIT}),
}


def parse_role(text: str | Role) -> Role:
    if isinstance(text, Role):
        return text
    value = (text or "").strip()
    for role in Role:
        if value in (role.value, role.name, role.name.lower()):
            return role
    names = "、".join(r.value for r in Role)
    raise ValidationError(f"没有“{value}”这种角色，请从以下角色中选择：{names}", field="角色")


def allowed(role: Role | str | None, permission: Permission) -> bool:
    """True only when the table grants the permission to the role; unknown roles get nothing."""
    if role is None:
        return False
    try:
        r = parse_role(role)
    except ValidationError:
        return False
    return permission in TABLE.get(r, frozenset())


def check(role: Role | str | None, permission: Permission) -> None:
    if not allowed(role, permission):
        who = f"“{role}”角色" if role else "当前用户"
        raise PermissionDenied(
            f"{who}没有“{LABELS[permission]}”的权限。如确需办理，请联系本单位的管理员。"
        )
