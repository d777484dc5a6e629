"""Organisation types and the rules of the organisation tree.

Levels (DOMAIN.md): 县委 → 街道党工委 → 社区党委 / 党总支 → 党支部 / 网格党支部 → 党小组, plus the
sector committees (行业党委, 商圈党委, 商务楼宇党委) beside the community committees and the special
branches (临时, 联合) beside ordinary branches. A child must sit strictly below its parent.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from app.domain.kit.errors import ValidationError
from app.domain.kit.text import strip_invisible


class OrgType(StrEnum):
    COUNTY = "县（区）委"
    STREET = "街道党工委"
    COMMUNITY = "社区党委"
    INDUSTRY = "行业党委"
    BUSINESS_DISTRICT = "商圈党委"
    OFFICE_BUILDING = "商务楼宇党委"
    GENERAL_BRANCH = "党总支"
    BRANCH = "党支部"
    GRID_BRANCH = "网格党支部"
    TEMP_BRANCH = "临时党支部"
    JOINT_BRANCH = "联合党支部"
    GROUP = "党小组"


# Rank in the tree: a child's rank must be greater than its parent's.
RANK: dict[OrgType, int] = {
    OrgType.COUNTY: 0,
    OrgType.STREET: 1,
    OrgType.COMMUNITY: 2,
    OrgType.INDUSTRY: 2,
    OrgType.BUSINESS_DISTRICT: 2,
    OrgType.OFFICE_BUILDING: 2,
    OrgType.GENERAL_BRANCH: 3,
    OrgType.BRANCH: 4,
    OrgType.GRID_BRANCH: 4,
    OrgType.TEMP_BRANCH: 4,
    OrgType.JOINT_BRANCH: 4,
    OrgType.GROUP: 5,
}

BRANCH_TYPES = frozenset(
    {OrgType.BRANCH, OrgType.GRID_BRANCH, OrgType.TEMP_BRANCH, OrgType.JOINT_BRANCH}
)
COMMITTEE_TYPES = frozenset(
    {
        OrgType.COUNTY,
        OrgType.STREET,
        OrgType.COMMUNITY,
        OrgType.INDUSTRY,
        OrgType.BUSINESS_DISTRICT,
        OrgType.OFFICE_BUILDING,
    }
)

# Term of office in years (党委 5, 总支/支部 3); 党小组 have no elected term.
TERM_YEARS: dict[OrgType, int | None] = {
    t: (5 if t in COMMITTEE_TYPES else 3 if t is not OrgType.GROUP else None) for t in OrgType
}

# What the first-start wizard offers as the office's own organisation.
OFFICE_LEVELS: tuple[OrgType, ...] = (
    OrgType.STREET,
    OrgType.COMMUNITY,
    OrgType.GENERAL_BRANCH,
    OrgType.INDUSTRY,
    OrgType.BUSINESS_DISTRICT,
    OrgType.OFFICE_BUILDING,
    OrgType.COUNTY,
)

NAME_MAX = 60


def parse_org_type(text: str) -> OrgType:
    """Accepts the Chinese name as shown, with a few everyday spellings."""
    value = (text or "").strip()
    aliases = {"县委": OrgType.COUNTY, "区委": OrgType.COUNTY, "社区党总支": OrgType.GENERAL_BRANCH}
    if value in aliases:
        return aliases[value]
    for t in OrgType:
        if t.value == value or t.name.lower() == value.lower():
            return t
    choices = "、".join(t.value for t in OFFICE_LEVELS)
    raise ValidationError(f"组织类型“{value}”无法识别，可选：{choices}等", field="类型")


def check_parent_type(child: OrgType, parent: OrgType | None) -> None:
    """Raises ValidationError when ``child`` may not sit under ``parent``."""
    if parent is None:
        return
    if RANK[child] <= RANK[parent]:
        raise ValidationError(
            f"{child.value}不能设在{parent.value}之下：下级组织的层级必须低于上级组织",
            field="上级组织",
        )
    if child is OrgType.GROUP and parent not in BRANCH_TYPES:
        raise ValidationError("党小组只能设在党支部（含网格、临时、联合党支部）之下", field="上级组织")


def clean_name(name: str, label: str = "组织全称") -> str:
    """Spaces collapsed; invisible characters (zero-width, bidirectional controls) dropped."""
    typed = " ".join((name or "").split())
    value = " ".join(strip_invisible(typed).split())
    if not value:
        if typed:
            raise ValidationError(f"{label}只含看不见的字符（零宽字符或文字方向控制符），请重新输入", field=label)
        raise ValidationError(f"{label}不能为空", field=label)
    if len(value) > NAME_MAX:
        raise ValidationError(f"{label}过长（最多{NAME_MAX}个字）", field=label)
    return value


def check_term(start: dt.date | None, end: dt.date | None) -> None:
    if start and end and end <= start:
        raise ValidationError("届满日期必须晚于换届日期", field="届满日期")


def term_end_default(org_type: OrgType, start: dt.date | None) -> dt.date | None:
    years = TERM_YEARS[org_type]
    if start is None or years is None:
        return None
    try:
        return start.replace(year=start.year + years)
    except ValueError:  # 29 February
        return start.replace(year=start.year + years, day=28)


@dataclass(frozen=True)
class TermState:
    expired: bool
    days_left: int | None

    @property
    def label(self) -> str:
        if self.days_left is None:
            return ""
        if self.expired:
            return f"已届满{-self.days_left}天，应及时换届"
        if self.days_left <= 90:
            return f"{self.days_left}天后届满"
        return ""


def term_state(end: dt.date | None, today: dt.date | None = None) -> TermState:
    if end is None:
        return TermState(False, None)
    today = today or dt.date.today()
    days = (end - today).days
    return TermState(days < 0, days)
