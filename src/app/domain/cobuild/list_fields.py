"""The fields of an item on the three lists (需求 / 资源 / 项目清单), declared once. How an item
moves (claimed, under way, finished, cancelled) is app.domain.cobuild.lists; those columns are
state, audited under the labels below."""

from __future__ import annotations

from typing import Any

from app.domain.cobuild import lists
from app.domain.cobuild.fields import clean_title
from app.domain.kit.changes import Change
from app.domain.kit.errors import ValidationError
from app.domain.kit.fields import Field, Kind, missing_required
from app.domain.kit.spec import RecordSpec, Values
from app.domain.kit.text import cn_date

_KIND_ALIASES = {"需求": lists.NEEDS, "资源": lists.RESOURCES, "项目": lists.PROJECTS, "群众需求": lists.NEEDS,
                 "需求单": lists.NEEDS, "资源单": lists.RESOURCES, "项目单": lists.PROJECTS}


def clean_kind(f: Field, value: Any) -> str:
    text = "".join(str(value or "").split())
    if text in lists.LIST_KINDS:
        return text
    if text in _KIND_ALIASES:
        return _KIND_ALIASES[text]
    if not text:
        raise ValidationError(f"请填写{f.label}：{'、'.join(lists.LIST_KINDS)}", field=f.key)
    raise ValidationError(f"{f.label}“{text[:20]}”无法识别，可选：{'、'.join(lists.LIST_KINDS)}", field=f.key)


def item_problems(values: Values) -> list[ValidationError]:
    found = missing_required(LIST_ITEM_FIELDS, values)
    raised, deadline = values.get("raised_on"), values.get("deadline")
    if raised is not None and deadline is not None and deadline < raised:
        found.append(ValidationError(f"完成时限{cn_date(deadline)}早于提出日期{cn_date(raised)}，请核对",
                                     field="deadline"))
    people = values.get("beneficiaries")
    if people is not None and not 0 <= people <= 10_000_000:
        found.append(ValidationError(f"预计受益人数“{people}”不对，应为0或正整数", field="beneficiaries"))
    return found


F = Field
LIST_ITEM_FIELDS: tuple[Field, ...] = (
    F("kind", "清单", Kind.CHOICE, True, ("清单类别", "清单类型"), lists.LIST_KINDS, clean=clean_kind, max_length=4,
      width=8),
    F("title", "事项名称", Kind.TEXT, True, ("名称", "项目名称", "需求名称", "资源名称", "标题", "事项"),
      clean=clean_title, max_length=60, width=24),
    F("category", "类别", Kind.TEXT, False, ("服务类别", "项目类别", "岗位类别"), lists.CATEGORIES, clean=clean_title,
      max_length=20, width=10, help="可从列表选择，也可以填写本社区的类别"),
    F("org_id", "所属社区", Kind.ORG, True, ("社区", "所在社区"), width=14, ref="org"),
    F("description", "具体内容", Kind.LONG_TEXT, False, ("内容", "描述", "需求内容", "资源内容", "项目内容"),
      max_length=2000, width=30),
    F("raised_by", "提出方", Kind.TEXT, False, ("提出人", "提出单位", "来源"), clean=clean_title, max_length=60,
      width=14, help="居民、网格或支部；资源清单填提供单位"),
    F("unit_id", "提供单位", Kind.REF, False, ("资源提供单位", "共建单位"), width=18, ref="unit"),
    F("raised_on", "提出日期", Kind.DATE, False, ("登记日期", "日期"), width=11, help="不填为今天"),
    F("beneficiaries", "预计受益人数", Kind.INT, False, ("受益人数", "受益群众"), width=8),
    F("deadline", "完成时限", Kind.DATE, False, ("时限", "计划完成日期"), width=11),
    F("remarks", "备注", Kind.LONG_TEXT, False, (), max_length=500, width=20),
)

LIST_ITEM_SPEC = RecordSpec(
    key="list_item", noun="清单事项", measure="项", fields=LIST_ITEM_FIELDS, change=Change.COBUILD,
    title="title", rules=item_problems,
    state_labels={"status": "状态", "claim_unit_id": "认领单位", "claim_org_id": "认领党组织",
                  "claim_member_id": "认领党员", "claimed_on": "认领日期", "started_on": "开始实施日期",
                  "done_on": "完成日期", "cancelled_on": "取消日期", "cancel_reason": "取消原因",
                  "outcome": "完成情况", "served": "服务人数"},
)
