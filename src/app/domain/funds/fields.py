"""The fields of a ledger entry (经费台账的一笔收支), of a budget line, declared once.

An entry is income or expense from one source (一主三辅: 财政投入 main, 党费补助, 社会支持,
社区自我补充, plus the sources an office adds); an expense is charged to a category of the
editable tree. Amounts are integer 分; "12.345" is refused, "1,200.50", "１２００．５" and
"1200.5元" accepted (app.domain.kit.money).
"""

from __future__ import annotations

from typing import Any

from app.domain.kit.changes import Change
from app.domain.kit.errors import ValidationError
from app.domain.kit.fields import Field, Kind, missing_required
from app.domain.kit.money import parse_fen
from app.domain.kit.spec import RecordSpec, Values

INCOME = "收入"
EXPENSE = "支出"
DIRECTIONS = (INCOME, EXPENSE)
DRAFT = "草稿"
POSTED = "已记账"
PAYMENT_METHODS = ("银行转账", "现金", "公务卡", "支票", "其他")

# The four sources of "一主三辅", the main one first; offices add their own.
MAIN_SOURCE = "财政投入"
DUES_SOURCE = "党费补助"
STANDARD_SOURCES = (MAIN_SOURCE, DUES_SOURCE, "社会支持", "社区自我补充")
SITE_CATEGORY = "阵地建设"
SPECIAL_CATEGORY = "服务群众专项经费"
# The usual categories of spending: (name, children).
STANDARD_CATEGORIES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("办公经费", ()),
    (SPECIAL_CATEGORY, ("党群建设", "公益服务", "社区管理")),
    ("绩效奖金", ()),
    ("党建品牌创建奖补", ()),
    ("党员教育培训", ()),
    (SITE_CATEGORY, ()),
)

_DIRECTION_ALIASES = {"收": INCOME, "收入": INCOME, "入": INCOME, "借": INCOME,
                      "支": EXPENSE, "支出": EXPENSE, "出": EXPENSE, "付": EXPENSE, "贷": EXPENSE}


def clean_amount(f: Field, raw: Any) -> int | None:
    """A positive amount in 分; a reversal's negative amount is the service's, never typed."""
    fen = parse_fen(raw, f.label, required=f.required, allow_zero=False)
    return fen


def clean_direction(f: Field, raw: Any) -> str:
    text = "".join(str(raw or "").split())
    if not text:
        return ""
    if text in _DIRECTION_ALIASES:
        return _DIRECTION_ALIASES[text]
    raise f.error(f"“{raw}”应为“收入”或“支出”")


def clean_person(f: Field, raw: Any) -> str:
    text = " ".join(str(raw or "").split())
    if len(text) > (f.max_length or 30):
        raise f.error(f"“{text[:12]}…”太长了，最多{f.max_length}个字")
    return text


def clean_summary(f: Field, raw: Any) -> str:
    text = " ".join(str(raw or "").split())
    if len(text) > (f.max_length or 100):
        raise f.error(f"太长了（{len(text)}个字），最多{f.max_length}个字，详细情况请写在备注中")
    return text


def clean_count(f: Field, raw: Any) -> int:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return 0
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    text = str(raw).strip().removesuffix("张")
    if isinstance(raw, bool) or not text.isdecimal() or not text.isascii():
        raise f.error(f"“{raw}”应为张数，如 3")
    value = int(text)
    if value > 999:
        raise f.error(f"{value}张太多了，请核对")
    return value


def entry_problems(values: Values) -> list[ValidationError]:
    found = missing_required(ENTRY_FIELDS, values)
    if not values.get("direction"):
        found.append(ValidationError("请选择收支（收入或支出）", field="direction"))
    if not values.get("summary"):
        found.append(ValidationError("请填写摘要，写明这笔钱的用途或来由", field="summary"))
    if values.get("direction") == EXPENSE and values.get("category_id") in (None, ""):
        found.append(ValidationError("支出须选择支出类别", field="category_id"))
    return found


F = Field
ENTRY_FIELDS: tuple[Field, ...] = (
    F("org_id", "所属组织", Kind.ORG, True, ("社区", "单位", "党组织"), width=14, ref="org", group="记账"),
    F("entry_date", "日期", Kind.DATE, True, ("记账日期", "凭证日期", "发生日期"), width=11, group="记账"),
    F("summary", "摘要", Kind.TEXT, True, ("事由", "内容", "摘 要"), clean=clean_summary, max_length=100,
      width=28, group="记账", placeholder="如：购买党建活动室桌椅"),
    F("direction", "收支", Kind.CHOICE, True, ("收支类型", "类型", "收/支"), choices=DIRECTIONS,
      clean=clean_direction, max_length=2, width=5, group="记账"),
    F("source_id", "经费来源", Kind.REF, True, ("来源", "资金来源", "经费渠道"), width=12, ref="fund_source",
      group="记账"),
    F("category_id", "支出类别", Kind.REF, False, ("类别", "科目", "用途", "支出科目"), width=14,
      ref="fund_category", group="记账"),
    F("amount", "金额", Kind.MONEY, True, ("金额（元）", "金额(元)", "发生额"), clean=clean_amount, width=12,
      group="记账", placeholder="如 1200.50", sample="1200.50"),
    F("counterparty", "对方单位", Kind.TEXT, False, ("收付款单位", "收款单位", "付款单位", "对方"),
      clean=clean_person, max_length=60, width=16, group="经办"),
    F("payment_method", "结算方式", Kind.CHOICE, False, ("支付方式", "付款方式"), choices=PAYMENT_METHODS,
      max_length=6, width=8, group="经办"),
    F("handler", "经办人", Kind.TEXT, False, (), clean=clean_person, max_length=30, width=8, group="经办"),
    F("reviewer", "审核人", Kind.TEXT, False, (), clean=clean_person, max_length=30, width=8, group="经办"),
    F("approver", "审批人", Kind.TEXT, False, (), clean=clean_person, max_length=30, width=8, group="经办"),
    F("attachments", "附件张数", Kind.INT, False, ("附件", "单据张数", "附单据"), clean=clean_count, width=6,
      group="经办"),
    F("project_id", "专项项目", Kind.REF, False, ("项目",), width=16, ref="fund_project", group="经办"),
    F("remarks", "备注", Kind.LONG_TEXT, False, ("说明",), max_length=500, width=20, group="经办"),
)

ENTRY_SPEC = RecordSpec(
    key="fund_entry", noun="收支记录", measure="笔", fields=ENTRY_FIELDS, change=Change.FUNDS, title="summary",
    rules=entry_problems,
    state_labels={"status": "状态", "voucher_no": "凭证号", "year": "年度", "reverses_id": "冲销原记录"},
)


def signed(direction: str, amount: int) -> int:
    """What an entry adds to its source's balance: income plus, expense minus."""
    return amount if direction == INCOME else -amount
