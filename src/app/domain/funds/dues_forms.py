"""The fields of the 党费 tab's forms, declared once: an upward remittance (党费上缴) and a
member's assessment for a year (核定/重新核定党费, with a hardship reduction)."""

from __future__ import annotations

from app.domain.funds.dues import DuesKind
from app.domain.kit.fields import Field, Kind

F = Field
REMIT_FIELDS: tuple[Field, ...] = (
    F("org_id", "上缴的党组织", Kind.ORG, True, (), width=14, ref="org"),
    F("remitted_on", "上缴日期", Kind.DATE, True, (), width=11),
    F("amount", "上缴金额", Kind.MONEY, True, ("金额",), width=12, placeholder="如 1200.50"),
    F("to_org", "上缴给", Kind.TEXT, True, ("接收党组织",), max_length=60, width=16,
      placeholder="如：城关街道党工委"),
    F("receipt_no", "收据号", Kind.TEXT, False, ("票据号",), max_length=30, width=10),
    F("remarks", "备注", Kind.LONG_TEXT, False, (), max_length=500, width=20),
)

ASSESS_FIELDS: tuple[Field, ...] = (
    F("kind", "党费类别", Kind.CHOICE, True, (), choices=tuple(k.value for k in DuesKind), width=8),
    F("base", "基数（元）", Kind.MONEY, False, ("基数",), width=12,
      placeholder="每月税后固定工资或基本退休费；学生、下岗失业、低保、农民不填"),
    F("remarks", "核定原因", Kind.TEXT, False, ("原因",), max_length=100, width=20,
      placeholder="年中重新核定时写明原因，如：2026年7月起调整工资"),
    F("reduced", "减免后每月党费", Kind.MONEY, False, (), width=12, group="困难减免",
      placeholder="经批准减免时填写"),
    F("reduction_body", "批准组织", Kind.TEXT, False, (), max_length=60, width=14, group="困难减免"),
    F("reduction_on", "批准日期", Kind.DATE, False, (), width=11, group="困难减免"),
)
