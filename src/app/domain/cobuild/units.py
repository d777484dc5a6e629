"""Units in the area (驻区单位): their types, their Party organisations, and the rules of a
unit's record, of a 大党委 / 大工委 part-time member's and of a two-way posting (双向挂职).

Offices keep their unit lists in many spellings: a 街道 list writes 单位性质 as 国企 or
行政机关, a 工商 extract gives the company form (有限责任公司（国有独资）, 个体工商户). Each
``parse_*`` reads those and returns one of the standard values, or refuses naming the choices.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Mapping
from typing import Any

from app.domain.kit.errors import ValidationError
from app.domain.kit.text import cn_date

UNIT_TYPES = ("机关", "事业单位", "国有企业", "非公企业", "社会组织", "其他")
PARTY_ORG_TYPES = ("党委", "党总支", "党支部", "联合党支部", "未建")
NOT_BUILT = "未建"
IN_AREA, LEFT = "在区", "已迁出"  # a unit's status: still in the area, or left (kept on record)
MAX_PARTY_MEMBERS = 1_000_000

TO_UNIT = "到共建单位挂职"  # community staff posted to a unit
FROM_UNIT = "共建单位来社区挂职"  # a unit's cadre posted to the community
DIRECTIONS = (TO_UNIT, FROM_UNIT)
COUNCIL_POSTS = ("兼职副书记", "兼职委员")

_TYPE_ALIASES = {
    "党政机关": "机关", "行政机关": "机关", "国家机关": "机关", "机关单位": "机关", "政府机关": "机关",
    "事业": "事业单位", "事业单位法人": "事业单位", "公益一类事业单位": "事业单位",
    "公益二类事业单位": "事业单位",
    "国企": "国有企业", "央企": "国有企业", "国有控股企业": "国有企业", "公有经济控制企业": "国有企业",
    "公有制企业": "国有企业", "集体企业": "国有企业", "国有独资企业": "国有企业",
    "非公有制企业": "非公企业", "非公有经济控制企业": "非公企业", "民营企业": "非公企业", "民企": "非公企业",
    "私营企业": "非公企业", "外资企业": "非公企业", "个体工商户": "非公企业", "非公有制经济组织": "非公企业",
    "社会团体": "社会组织", "民办非企业单位": "社会组织", "基金会": "社会组织", "社会服务机构": "社会组织",
    "社团": "社会组织", "民非": "社会组织", "协会": "社会组织",
    "其它": "其他", "社区（居委会）": "其他", "社区(居委会)": "其他", "居委会": "其他",
}
_PUBLIC_MARKS = ("国有", "国资", "全民所有制", "集体所有制", "国家控股")
_COMPANY_MARKS = ("公司", "企业", "个体", "合伙", "个人独资", "合作社", "分支机构", "分公司")

_ORG_ALIASES = {
    "基层党委": "党委", "党的委员会": "党委", "党委会": "党委",
    "总支": "党总支", "党总支部": "党总支", "党的总支部委员会": "党总支",
    "支部": "党支部", "独立党支部": "党支部", "党的支部委员会": "党支部", "单独党支部": "党支部",
    "单独建立党支部": "党支部",
    "联合支部": "联合党支部", "联建党支部": "联合党支部", "联合建立党支部": "联合党支部",
    "无": "未建", "未建立": "未建", "未成立": "未建", "没有": "未建", "暂无": "未建", "未组建": "未建",
    "未建党组织": "未建", "无党组织": "未建",
}


def _compact(value: Any) -> str:
    return "".join(unicodedata.normalize("NFKC", str(value or "")).split())


def parse_unit_type(value: Any, label: str = "单位类型") -> str:
    """机关 … 其他; a company form from a 工商 extract is 国有企业 when it says so, else 非公企业."""
    text = _compact(value)
    if not text:
        return ""
    for choice in UNIT_TYPES:
        if text == choice:
            return choice
    text_full = "".join(str(value).split())
    if text_full in _TYPE_ALIASES:
        return _TYPE_ALIASES[text_full]
    if text in _TYPE_ALIASES:
        return _TYPE_ALIASES[text]
    if any(mark in text for mark in _PUBLIC_MARKS):
        return "国有企业"
    if any(mark in text for mark in _COMPANY_MARKS):
        return "非公企业"
    raise ValidationError(f"{label}“{str(value)[:30]}”无法识别，可选：{'、'.join(UNIT_TYPES)}", field=label)


def parse_party_org_type(value: Any, label: str = "党组织类型") -> str:
    text = _compact(value)
    if not text:
        return ""
    if text in PARTY_ORG_TYPES:
        return text
    if text in _ORG_ALIASES:
        return _ORG_ALIASES[text]
    raise ValidationError(
        f"{label}“{str(value)[:30]}”无法识别，可选：{'、'.join(PARTY_ORG_TYPES)}", field=label
    )


def parse_direction(value: Any, label: str = "挂职方向") -> str:
    text = _compact(value)
    if not text:
        raise ValidationError(f"请填写{label}：{'或'.join(DIRECTIONS)}", field=label)
    if text in DIRECTIONS:
        return text
    if text in ("到单位挂职", "社区到单位", "下派", "派出", "社区干部到单位挂职"):
        return TO_UNIT
    if text in ("来社区挂职", "单位到社区", "派入", "单位干部来社区挂职", "到社区挂职"):
        return FROM_UNIT
    raise ValidationError(f"{label}“{str(value)[:30]}”无法识别，可选：{'、'.join(DIRECTIONS)}", field=label)


def type_from_credit_code(code: str) -> str:
    """The unit type a 统一社会信用代码 tells for certain: 11 机关, 12 事业单位, 5x 社会组织
    (a company code cannot tell 国有 from 非公); "" otherwise."""
    if len(code) < 2:
        return ""
    if code[0] == "1":
        return {"1": "机关", "2": "事业单位"}.get(code[1], "")
    return "社会组织" if code[0] == "5" else ""


# ---- rules across the fields of one record ------------------------------------------------

def fill_unit_defaults(values: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(values)
    if not out.get("unit_type") and out.get("credit_code"):
        out["unit_type"] = type_from_credit_code(out["credit_code"])
    return out


def unit_problems(values: Mapping[str, Any], today: dt.date | None = None) -> list[ValidationError]:
    today = today or dt.date.today()
    found: list[ValidationError] = []
    org_type = values.get("party_org_type") or ""
    if org_type == NOT_BUILT:
        for key, label in (("party_org_name", "党组织名称"), ("secretary", "党组织书记")):
            if values.get(key):
                found.append(ValidationError(
                    f"党组织类型为“未建”，却填了{label}“{values[key]}”：请改党组织类型，或清空{label}",
                    field=key))
    members = values.get("party_members")
    if members is not None and not 0 <= members <= MAX_PARTY_MEMBERS:
        found.append(ValidationError(f"党员人数“{members}”不对，应为0或正整数", field="party_members"))
    left = values.get("left_on")
    if left is not None and left > today:
        found.append(ValidationError(f"迁出日期{cn_date(left)}晚于今天，请核对", field="left_on"))
    return found


def term_problems(start: dt.date | None, end: dt.date | None, *, start_key: str, end_key: str,
                  start_label: str, end_label: str) -> list[ValidationError]:
    if start is not None and end is not None and end < start:
        return [ValidationError(
            f"{end_label}{cn_date(end)}早于{start_label}{cn_date(start)}，请核对", field=end_key)]
    return []


def council_problems(values: Mapping[str, Any]) -> list[ValidationError]:
    return term_problems(values.get("term_start"), values.get("term_end"), start_key="term_start",
                         end_key="term_end", start_label="任期开始日期", end_label="任期届满日期")


def secondment_problems(values: Mapping[str, Any]) -> list[ValidationError]:
    return term_problems(values.get("starts_on"), values.get("ends_on"), start_key="starts_on",
                         end_key="ends_on", start_label="挂职开始日期", end_label="挂职结束日期")


def active_on(start: dt.date | None, end: dt.date | None, day: dt.date) -> bool:
    """Within [start, end] on ``day`` (an open end has not ended; no start: always begun)."""
    return (start is None or start <= day) and (end is None or day <= end)
