"""The organisation record's fields, declared once (the form, the audit trail and the
messages read ORG_SPEC)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from app.domain.kit.changes import Change
from app.domain.kit.errors import ValidationError
from app.domain.kit.fields import Field, Kind
from app.domain.kit.spec import RecordSpec, Values
from app.domain.orgs import rules
from app.domain.orgs.rules import OrgType


def _name(f: Field, value: Any) -> str:
    return rules.clean_name(value, f.label)


def _org_type(f: Field, value: Any) -> OrgType:
    return value if isinstance(value, OrgType) else rules.parse_org_type(value)


def org_problems(values: Values) -> list[ValidationError]:
    """Rules across the fields of one organisation (its place in the tree is the service's)."""
    found: list[ValidationError] = []
    established, start = values.get("established"), values.get("term_start")
    if established and established > dt.date.today():
        found.append(ValidationError("成立日期不能晚于今天", field="established"))
    try:
        rules.check_term(start, values.get("term_end"))
    except ValidationError as exc:
        found.append(ValidationError(exc.message, field="term_end"))
    if start and established and start < established:
        found.append(ValidationError("换届日期不能早于成立日期", field="term_start"))
    return found


F = Field
ORG_FIELDS: tuple[Field, ...] = (
    F("name", "组织全称", Kind.TEXT, True, ("组织名称", "党组织名称", "名称"), clean=_name, max_length=rules.NAME_MAX,
      width=20),
    F("short_name", "简称", Kind.TEXT, max_length=30, width=10),
    F("org_type", "组织类型", Kind.CHOICE, True, ("类型",), tuple(t.value for t in OrgType), clean=_org_type,
      max_length=20, width=10),
    F("secretary", "书记", Kind.TEXT, max_length=30, width=8),
    F("phone", "联系电话", Kind.PHONE, max_length=30, width=13),
    F("established", "成立日期", Kind.DATE, width=11),
    F("term_start", "本届换届日期", Kind.DATE, aliases=("换届日期",), width=11),
    F("term_end", "届满日期", Kind.DATE, width=11),
    F("coverage", "覆盖范围/单位", Kind.LONG_TEXT, aliases=("覆盖范围",), width=20),
    F("remarks", "备注", Kind.LONG_TEXT, width=20),
)

ORG_SPEC = RecordSpec(
    key="organization", noun="组织", measure="个", fields=ORG_FIELDS, change=Change.ORGS,
    rules=org_problems,
    state_labels={"parent_id": "上级", "closed_on": "撤销日期", "closed_reason": "撤销原因"},
)
