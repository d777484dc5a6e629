"""Setting up a database for an office: `dangjian init` and the first-start wizard."""

from __future__ import annotations

from app.domain.kit.errors import ConflictError, ValidationError
from app.domain.orgs.rules import OFFICE_LEVELS, OrgType, clean_name, parse_org_type
from app.services.container import Services
from app.services.orgs.service import OrgInput, OrgRow


def init_office(
    services: Services, name: str, level: OrgType | str, admin: tuple[str, str] | None = None
) -> OrgRow:
    """Creates the office's own organisation as the root of the tree and, with ``admin``
    (user name, password), the administrator account."""
    if services.auth.accounts_lost():
        from app.services.access.auth import AccountsLost

        raise AccountsLost()
    if not services.is_empty() or services.auth.has_users():
        raise ConflictError("这个数据库里已经有数据，无需再次初始化。如要重新开始，请换一个数据库文件。")
    org_type = level if isinstance(level, OrgType) else parse_org_type(level)
    if org_type not in OFFICE_LEVELS:
        raise ValidationError(f"本单位的层级不能是{org_type.value}", field="层级")
    clean_name(name)
    if admin is not None:
        services.auth.create_admin(*admin)
    row = services.orgs.create(OrgInput(name=name, org_type=org_type))
    services.settings.set("office_org_id", row.id)
    return row


def office_org(services: Services) -> OrgRow | None:
    org_id = services.settings.get("office_org_id")
    if org_id is None:
        return None
    try:
        return services.orgs.get(int(org_id))
    except Exception:
        return None


def office_name(services: Services) -> str:
    """The office organisation's name, readable before anyone has signed in."""
    from sqlalchemy import select

    from app.db.models import Organization

    org_id = services.settings.get("office_org_id")
    if org_id is None:
        return ""
    with services.settings.reading() as s:
        return s.scalar(select(Organization.name).where(Organization.id == int(org_id))) or ""
