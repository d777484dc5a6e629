"""Whole-record rules of a member, and age bands.

``problems`` returns every broken rule as a ValidationError naming the field; ``check``
raises the first. Values are the cleaned field values keyed as in member_fields.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from app.domain.kit.errors import ValidationError
from app.domain.kit.idcard import birth_date_of, clean_id, sex_of
from app.domain.kit.phone import clean_phone
from app.domain.kit.text import cn_date
from app.domain.members import catalog

# The Party Constitution admits members from the age of eighteen.
MIN_JOIN_AGE = 18

AGE_BANDS: tuple[str, ...] = ("35岁及以下", "36–45岁", "46–59岁", "60岁及以上")
# The age bands of the annual 党内统计 report (党内统计年报).
STAT_AGE_BANDS: tuple[str, ...] = ("30岁及以下", "31至35岁", "36至40岁", "41至45岁", "46至50岁", "51至55岁",
                                   "56至60岁", "61岁及以上")
# The office's setting: which bands the roster's filter and figures panel show (both are counted).
AGE_BANDS_SETTING = "member_age_bands"
AGE_BAND_SETS: dict[str, tuple[str, ...]] = {"常用四段": AGE_BANDS, "党内统计": STAT_AGE_BANDS}
DEFAULT_AGE_BAND_SET = "常用四段"
# Each band's ages (inclusive; None open).
_BAND_LIMITS: dict[str, tuple[int | None, int | None]] = {
    AGE_BANDS[0]: (None, 35), AGE_BANDS[1]: (36, 45), AGE_BANDS[2]: (46, 59), AGE_BANDS[3]: (60, None),
    STAT_AGE_BANDS[0]: (None, 30), **{b: (26 + 5 * i, 30 + 5 * i) for i, b in enumerate(STAT_AGE_BANDS[1:-1], 1)},
    STAT_AGE_BANDS[-1]: (61, None),
}


def bands_of(choice: object) -> tuple[str, ...]:
    """The bands a setting's value names (the usual four when unknown)."""
    return AGE_BAND_SETS.get(str(choice or ""), AGE_BANDS)


def age(birth: dt.date, today: dt.date | None = None) -> int:
    """Whole years completed on ``today``."""
    today = today or dt.date.today()
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def party_years(full_on: dt.date, today: dt.date | None = None) -> int:
    """党龄 in whole years: it counts from the day one became a full member (转为正式党员之日)."""
    return max(age(full_on, today), 0)


def full_on_or_before(years: int, today: dt.date | None = None) -> dt.date:
    """The latest full-membership date of those with at least ``years`` of 党龄 on ``today``."""
    return _years_before(today or dt.date.today(), years)


def age_band(years: int, bands: tuple[str, ...] = AGE_BANDS) -> str:
    for band in bands:
        low, high = _BAND_LIMITS[band]
        if (low is None or years >= low) and (high is None or years <= high):
            return band
    return ""


def band_birth_range(band: str, today: dt.date | None = None) -> tuple[dt.date | None, dt.date | None]:
    """Birth dates (inclusive bounds, None = open) of the people in an age band on ``today``."""
    today = today or dt.date.today()
    if band not in _BAND_LIMITS:
        raise ValidationError(f"年龄段“{band}”无法识别，可选：{'、'.join(AGE_BANDS)}，"
                              f"或党内统计的{'、'.join(STAT_AGE_BANDS)}", field="年龄段")
    low, high = _BAND_LIMITS[band]
    # age >= low  <=> born on or before today minus low years
    latest = _years_before(today, low) if low is not None else None
    # age <= high <=> born after today minus (high + 1) years
    earliest = _years_before(today, high + 1) + dt.timedelta(days=1) if high is not None else None
    return earliest, latest


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def fill_defaults(values: Mapping[str, Any]) -> dict[str, Any]:
    """Birth date and sex from the ID number when left empty; 党籍状态 正常; the category's
    usual management."""
    out = dict(values)
    number = out.get("id_number") or ""
    if len(number) == 18:
        if not out.get("birth_date"):
            out["birth_date"] = birth_date_of(number)
        if not out.get("sex"):
            out["sex"] = sex_of(number)
    if not out.get("party_status"):
        out["party_status"] = "正常"
    if not out.get("management"):
        out["management"] = catalog.DEFAULT_MANAGEMENT.get(out.get("category") or "", catalog.NO_MANAGEMENT)
    return out


def problems(values: Mapping[str, Any], today: dt.date | None = None) -> list[ValidationError]:
    """Every broken rule of one member record."""
    today = today or dt.date.today()
    found: list[ValidationError] = []

    def bad(label: str, message: str) -> None:
        found.append(ValidationError(message, field=label))

    v = values.get
    if not (v("name") or "").strip():
        bad("姓名", "姓名不能为空")
    number = v("id_number") or ""
    if not number:
        bad("公民身份号码", "公民身份号码不能为空")
    else:
        try:
            number = clean_id(number)
        except ValidationError as exc:
            found.append(exc)
            number = ""
    birth = v("birth_date")
    if number:
        id_birth, id_sex = birth_date_of(number), sex_of(number)
        if birth and birth != id_birth:
            bad("出生日期", f"出生日期{cn_date(birth)}与公民身份号码中的{cn_date(id_birth)}不一致")
        if v("sex") and v("sex") != id_sex:
            bad("性别", f"性别“{v('sex')}”与公民身份号码不一致（身份证号第17位表示{id_sex}性）")
    if not birth:
        bad("出生日期", "出生日期不能为空")
    if v("sex") and v("sex") not in catalog.SEXES:
        bad("性别", f"性别“{v('sex')}”只能是男或女")
    if v("org_id") in (None, ""):
        bad("所在党组织", "所在党组织不能为空")

    joined, full = v("joined_on"), v("full_on")
    for label, day in (("出生日期", birth), ("加入党组织日期", joined), ("转为正式党员日期", full),
                       ("失联年月", v("lost_since"))):
        if day and day > today:
            bad(label, f"{label}{cn_date(day)}晚于今天，请核对")
    if not joined:
        bad("加入党组织日期", "加入党组织日期不能为空")
    elif birth:
        if joined <= birth:
            bad("加入党组织日期", f"加入党组织日期{cn_date(joined)}必须晚于出生日期{cn_date(birth)}")
        elif age(birth, joined) < MIN_JOIN_AGE:
            bad("加入党组织日期",
                f"加入党组织日期{cn_date(joined)}时未满{MIN_JOIN_AGE}周岁（出生于{cn_date(birth)}），请核对")
    if joined and full and full < joined:
        bad("转为正式党员日期", f"转为正式党员日期{cn_date(full)}不能早于加入党组织日期{cn_date(joined)}")

    member_type = v("member_type") or ""
    if not member_type:
        bad("人员类别", "人员类别不能为空，请选择正式党员或预备党员")
    elif member_type not in catalog.MEMBER_TYPES:
        bad("人员类别", f"人员类别“{member_type}”只能是正式党员或预备党员")
    elif member_type == catalog.FULL and not full:
        bad("转为正式党员日期", "正式党员须填写转为正式党员日期")
    elif member_type == catalog.PROBATIONARY and full:
        bad("转为正式党员日期", "预备党员尚未转正，不应填写转为正式党员日期（转正请用“转为正式党员”登记）")

    if v("party_status") and v("party_status") not in catalog.PARTY_STATUSES:
        bad("党籍状态", f"党籍状态“{v('party_status')}”只能是正常或停止党籍")
    if v("mobile") and not (v("mobile_to") or "").strip():
        bad("外出流向", "流动党员须填写外出流向（省、市、县）")
    if v("lost_contact"):
        if not v("lost_since"):
            bad("失联年月", "失联党员须填写失去联系的年月")
        elif joined and v("lost_since") < joined.replace(day=1):
            bad("失联年月", "失联年月不能早于加入党组织日期")
    if v("category") and v("category") not in catalog.CATEGORIES:
        bad("党员类别", f"党员类别“{v('category')}”无法识别，可选：{'、'.join(catalog.CATEGORIES)}")
    if v("management") and v("management") not in catalog.MANAGEMENT:
        bad("管理方式", f"管理方式“{v('management')}”无法识别，可选：{'、'.join(catalog.MANAGEMENT)}")
    if v("phone"):
        try:
            clean_phone(v("phone"))
        except ValidationError as exc:
            found.append(exc)
    return found


def check(values: Mapping[str, Any], today: dt.date | None = None) -> None:
    """Raises the first broken rule."""
    found = problems(values, today)
    if found:
        raise found[0]


# ---- events: the member's state follows from its history --------------------------------
ON_RECORD = "在册"
STATUSES: tuple[str, ...] = (ON_RECORD, "已转出", "已去世", "已出党")

EVENT_KINDS: tuple[str, ...] = (
    "转入", "转出", "转为正式党员", "外出流动", "流动返回", "失去联系", "恢复联系", "停止党籍", "恢复党籍",
    "去世", "出党",
)
# Recorded by 发展党员 when a candidate is admitted (the record is made then), not by hand.
ADMITTED = "接收为预备党员"
# Events whose ``other_org`` must be given, and what it means.
EVENT_OTHER_ORG: dict[str, str] = {"转入": "转出单位", "转出": "转往单位", "外出流动": "外出流向"}
_LEAVING = {"转出": "已转出", "去世": "已去世", "出党": "已出党"}


def event_changes(kind: str, day: dt.date | None, other_org: str, current: Mapping[str, Any],
                  today: dt.date | None = None) -> dict[str, Any]:
    """The changes an event makes to a member record, or ValidationError if it cannot happen.

    ``current`` holds the member's present values (status, member_type, joined_on, mobile,
    lost_contact, party_status).
    """
    today = today or dt.date.today()
    if kind not in EVENT_KINDS:
        raise ValidationError(f"事项“{kind}”无法识别，可选：{'、'.join(EVENT_KINDS)}", field="事项")
    if day is None:
        raise ValidationError(f"请填写{kind}的日期", field="日期")
    if day > today:
        raise ValidationError(f"{kind}日期{cn_date(day)}晚于今天，请核对", field="日期")
    joined = current.get("joined_on")
    if joined and day < joined and kind != "转入":
        raise ValidationError(f"{kind}日期{cn_date(day)}不能早于加入党组织日期{cn_date(joined)}", field="日期")
    other = " ".join((other_org or "").split())
    if kind in EVENT_OTHER_ORG and not other:
        raise ValidationError(f"{kind}须填写{EVENT_OTHER_ORG[kind]}", field=EVENT_OTHER_ORG[kind])
    status = current.get("status") or ON_RECORD
    if kind == "转入":
        if status in ("已去世", "已出党"):
            raise ValidationError(f"该党员{status}，不能登记转入", field="事项")
        return {"status": ON_RECORD, "left_on": None}
    if status != ON_RECORD:
        raise ValidationError(f"该党员{status}，不能登记{kind}；如已转回，请先登记“转入”", field="事项")
    if kind in _LEAVING:
        return {"status": _LEAVING[kind], "left_on": day}
    if kind == "转为正式党员":
        if current.get("member_type") != "预备党员":
            raise ValidationError("该党员已是正式党员", field="事项")
        return {"member_type": "正式党员", "full_on": day}
    flags: dict[str, tuple[str, object, dict[str, Any], str]] = {
        "外出流动": ("mobile", False, {"mobile": True, "mobile_to": other}, "该党员已登记为流动党员"),
        "流动返回": ("mobile", True, {"mobile": False, "mobile_to": ""}, "该党员不是流动党员"),
        "失去联系": ("lost_contact", False, {"lost_contact": True, "lost_since": day.replace(day=1)},
                 "该党员已登记为失联"),
        "恢复联系": ("lost_contact", True, {"lost_contact": False, "lost_since": None}, "该党员没有登记失联"),
        "停止党籍": ("party_status", "正常", {"party_status": "停止党籍"}, "该党员已停止党籍"),
        "恢复党籍": ("party_status", "停止党籍", {"party_status": "正常"}, "该党员党籍状态正常，无需恢复"),
    }
    key, needed, changes, refusal = flags[kind]
    have = current.get(key)
    if key == "party_status":
        have = have or "正常"
    mismatch = (bool(have) != needed) if isinstance(needed, bool) else (have != needed)
    if mismatch:
        raise ValidationError(refusal, field="事项")
    return changes


# ---- where a member may be placed -------------------------------------------------------------

# Members belong to a Party branch (支部 of any kind) or to a 党小组 of one; a committee or a
# 总支 holds members directly only where the office's setting allows it.
MEMBERS_IN_COMMITTEES_SETTING = "members_in_committees"


def org_refusal(org_name: str, org_type: Any, allowed_in_committees: bool) -> str | None:
    """Why a member cannot be put in this organisation, or None."""
    from app.domain.orgs.rules import BRANCH_TYPES, OrgType

    if allowed_in_committees or org_type in BRANCH_TYPES or org_type is OrgType.GROUP:
        return None
    kind = getattr(org_type, "value", org_type)
    return (f"“{org_name}”是{kind}，党员应编入其下的党支部（或党小组）。请选择党支部；如本单位确需把党员"
            "直接编在党委、党总支，请管理员在“数据→设置”中允许")
