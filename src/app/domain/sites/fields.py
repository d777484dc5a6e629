"""The fields of sites (阵地), the people who run the work, brands and grid visits, declared once.

The people are one record type with a kind: 第一书记 / 副书记 posted from county organs, 社区专职党务
工作者, and the community's 两委 members. Each kind's form shows only its own fields
(``STAFF_FORMS``); the service clears the others, so a record never holds another kind's values.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from app.domain.kit.changes import Change
from app.domain.kit.errors import ValidationError
from app.domain.kit.fields import Field, Kind, missing_required
from app.domain.kit.masking import mask_id
from app.domain.kit.spec import RecordSpec, Values
from app.domain.sites.rules import clean_area, clean_year, not_before, not_future

CENTRE, PLACE, SHARED = "党群服务中心", "活动场所", "共享型组织生活基地"
SITE_KINDS = (CENTRE, PLACE, SHARED)
FIRST_SECRETARY, DEPUTY_SECRETARY = "第一书记", "副书记"
WORKER, COMMITTEE = "专职党务工作者", "两委成员"
POSTED = (FIRST_SECRETARY, DEPUTY_SECRETARY)
STAFF_KINDS = (*POSTED, WORKER, COMMITTEE)
HIRE_WAYS = ("公开招聘", "选调", "其他")
COMMITTEE_POSTS = ("书记", "副书记", "主任", "副主任", "委员")
CADRE, CENTRAL_HOUSEHOLD = "社区干部", "党员中心户"
VISITOR_ROLES = (CADRE, CENTRAL_HOUSEHOLD)

F = Field


def _today() -> dt.date:
    return dt.date.today()


# ---- sites ---------------------------------------------------------------------------------

def site_problems(values: Values) -> list[ValidationError]:
    found = missing_required(SITE_FIELDS, values)
    kind = values.get("kind")
    if kind == SHARED and values.get("unit_id") is None and "unit_id" in values:
        found.append(ValidationError("共享型组织生活基地须选择提供场地的共建单位", field="unit_id"))
    if kind != SHARED and kind and values.get("unit_id") is not None:
        found.append(ValidationError(f"只有共享型组织生活基地才填共建单位，{kind}请清空共建单位", field="unit_id"))
    found += not_future(values, (("opened_on", "启用日期"), ("closed_on", "停用日期")), _today())
    found += not_before(values, ("closed_on", "停用日期"), ("opened_on", "启用日期"))
    return found


SITE_FIELDS: tuple[Field, ...] = (
    F("name", "阵地名称", Kind.TEXT, True, ("名称", "场所名称", "阵地"), max_length=60, width=22,
      sample="文化路社区党群服务中心"),
    F("kind", "阵地类型", Kind.CHOICE, True, ("类型", "类别"), choices=SITE_KINDS, max_length=12, width=14, sample=CENTRE),
    F("org_id", "所在社区", Kind.ORG, True, ("社区", "所属社区", "党组织"), width=16, ref="org"),
    F("unit_id", "共建单位", Kind.REF, False, ("提供单位", "共享单位"), width=18, ref="unit",
      help="共享型组织生活基地由哪个驻区共建单位提供"),
    F("menu", "服务菜单", Kind.LONG_TEXT, False, ("菜单", "服务项目", "提供内容"), max_length=2000, width=30,
      help="每行一项：可提供的场地、设备、服务"),
    F("address", "地址", Kind.TEXT, False, ("场所地址", "位置"), max_length=100, width=26),
    F("area", "面积（平方米）", Kind.INT, False, ("面积", "使用面积", "建筑面积", "面积(㎡)"), clean=clean_area,
      width=10, sample="320.5", help="单位平方米，最多两位小数"),
    F("owner", "产权单位", Kind.TEXT, False, ("产权", "所有权单位", "权属"), max_length=60, width=16),
    F("opened_on", "启用日期", Kind.DATE, False, ("建成日期", "投用日期", "启用时间"), width=11),
    F("standardised_year", "标准化建设年份", Kind.INT, False, ("标准化年份", "标准化建设"), clean=clean_year,
      width=8, help="达到标准化建设要求的年份；未达标不填"),
    F("remarks", "备注", Kind.LONG_TEXT, False, (), max_length=500, width=20),
    F("closed_on", "停用日期", Kind.DATE, False, ("撤除日期",), width=11),
)

SITE_SPEC = RecordSpec(key="site", noun="阵地", measure="处", fields=SITE_FIELDS, change=Change.SITES,
                       identity=("org_id", "name"), rules=site_problems)


# ---- the people who run the work -----------------------------------------------------------

def staff_problems(values: Values) -> list[ValidationError]:
    found = missing_required(STAFF_FIELDS, values)
    kind = values.get("kind")
    if kind in POSTED and "home_unit" in values and not values.get("home_unit"):
        found.append(ValidationError("请填写派出单位", field="home_unit"))
    if kind == COMMITTEE and "post" in values and not values.get("post"):
        found.append(ValidationError("请填写两委职务", field="post"))
    if values.get("certified") is False and (values.get("certificate") or values.get("certified_on")):
        found.append(ValidationError("填了证书却未勾选“持证上岗”，请核对", field="certified"))
    found += not_future(values, (("term_start", "任职开始日期"), ("certified_on", "发证日期")), _today())
    found += not_before(values, ("term_end", "任期结束日期"), ("term_start", "任职开始日期"))
    return found


STAFF_FIELDS: tuple[Field, ...] = (
    F("kind", "人员类别", Kind.CHOICE, True, ("类别", "身份"), choices=STAFF_KINDS, max_length=8, width=12, sample=FIRST_SECRETARY),
    F("name", "姓名", Kind.TEXT, True, ("人员姓名",), max_length=30, width=8, sample="王建国"),
    F("id_number", "公民身份号码", Kind.ID_NUMBER, False, ("身份证号", "身份证号码"), mask=mask_id, max_length=18, width=20),
    F("org_id", "所在社区", Kind.ORG, True, ("社区", "任职社区", "派驻社区"), width=16, ref="org"),
    F("home_unit", "派出单位", Kind.TEXT, False, ("原单位", "所在单位", "工作单位"), max_length=60, width=18),
    F("post", "职务", Kind.TEXT, False, ("两委职务", "担任职务"), choices=COMMITTEE_POSTS, max_length=30, width=10),
    F("cross_post", "交叉任职", Kind.BOOL, False, ("是否交叉任职",), width=6,
      help="社区党组织委员与居委会委员交叉任职"),
    F("term_start", "任职开始日期", Kind.DATE, False, ("任职时间", "派驻时间", "任期开始"), width=11),
    F("term_end", "任期结束日期", Kind.DATE, False, ("任期届满", "任期结束"), width=11),
    F("hired_year", "招聘年份", Kind.INT, False, ("入职年份", "聘用年份"), clean=clean_year, width=8),
    F("hire_way", "招聘方式", Kind.CHOICE, False, ("聘用方式", "录用方式"), choices=HIRE_WAYS, max_length=8, width=8),
    F("certified", "持证上岗", Kind.BOOL, False, ("是否持证",), width=6),
    F("certificate", "证书名称", Kind.TEXT, False, ("资格证书",), max_length=60, width=16),
    F("certified_on", "发证日期", Kind.DATE, False, ("取证日期",), width=11),
    F("remarks", "备注", Kind.LONG_TEXT, False, (), max_length=500, width=20),
)

STAFF_SPEC = RecordSpec(key="staff", noun="人员", measure="名", fields=STAFF_FIELDS, change=Change.SITES,
                        rules=staff_problems)

_COMMON = ("name", "org_id", "remarks")
_KIND_KEYS: dict[str, tuple[str, ...]] = {
    FIRST_SECRETARY: ("kind", "name", "id_number", "home_unit", "org_id", "term_start", "term_end", "remarks"),
    WORKER: ("name", "id_number", "org_id", "hired_year", "hire_way", "certified", "certificate", "certified_on",
             "remarks"),
    COMMITTEE: ("name", "org_id", "post", "cross_post", "term_start", "term_end", "remarks"),
}
_KIND_KEYS[DEPUTY_SECRETARY] = _KIND_KEYS[FIRST_SECRETARY]


def staff_keys(kind: str) -> tuple[str, ...]:
    """The fields a record of ``kind`` holds (besides its kind)."""
    return _KIND_KEYS.get(kind, _COMMON)


def staff_form(kind: str) -> list[Field]:
    """The fields of one kind's form, in order; a posted secretary chooses 第一书记 or 副书记."""
    out = []
    for key in staff_keys(kind):
        f = STAFF_SPEC.field(key)
        if key == "kind":
            f = dataclasses.replace(f, label="派驻职务", choices=POSTED)
        out.append(f)
    return out


def staff_only_own(values: dict[str, Any]) -> dict[str, Any]:
    """The other kinds' fields cleared (empty text, no date, False, None)."""
    keep = set(staff_keys(values.get("kind") or "")) | {"kind"}
    out = dict(values)
    for f in STAFF_FIELDS:
        if f.key not in keep and f.key in out:
            out[f.key] = False if f.kind is Kind.BOOL else (None if f.nullable else "")
    return out


# ---- brands --------------------------------------------------------------------------------

BRAND_FIELDS: tuple[Field, ...] = (
    F("name", "品牌名称", Kind.TEXT, True, ("品牌", "特色品牌", "项目名称"), max_length=40, width=16, sample="红色物业"),
    F("org_id", "所在社区", Kind.ORG, True, ("社区",), width=16, ref="org"),
    F("description", "品牌简介", Kind.LONG_TEXT, False, ("简介", "内容", "主要做法"), max_length=4000, width=40),
    F("remarks", "备注", Kind.LONG_TEXT, False, (), max_length=500, width=20),
)

BRAND_SPEC = RecordSpec(key="brand", noun="特色品牌", measure="个", fields=BRAND_FIELDS, change=Change.SITES,
                        identity=("org_id", "name"), rules=lambda v: missing_required(BRAND_FIELDS, v))


# ---- grid visits ---------------------------------------------------------------------------

def visit_problems(values: Values) -> list[ValidationError]:
    found = missing_required(VISIT_FIELDS, values)
    found += not_future(values, (("visited_on", "走访日期"), ("done_on", "办结日期")), _today())
    found += not_before(values, ("due_on", "办理期限"), ("visited_on", "走访日期"))
    found += not_before(values, ("done_on", "办结日期"), ("visited_on", "走访日期"))
    if not values.get("follow_up", "x"):
        for key, label in (("due_on", "办理期限"), ("done_on", "办结日期")):
            if values.get(key) is not None:
                found.append(ValidationError(f"填了{label}却没有填跟进事项，请补上跟进事项", field="follow_up"))
                break
    return found


VISIT_FIELDS: tuple[Field, ...] = (
    F("visitor", "走访人", Kind.TEXT, True, ("走访人员", "姓名", "入户人"), max_length=30, width=8, sample="李秀兰"),
    F("visitor_role", "走访人身份", Kind.CHOICE, False, ("身份",), choices=VISITOR_ROLES, max_length=8, width=10, sample=CADRE),
    F("member_id", "党员", Kind.REF, False, (), width=8, ref="member", export=False,
      help="走访人是名册中的党员时选择"),
    F("org_id", "所在社区", Kind.ORG, True, ("社区",), width=16, ref="org"),
    F("grid", "网格", Kind.TEXT, False, ("所在网格", "网格名称"), max_length=30, width=10, sample="第三网格"),
    F("household", "走访户（楼栋）", Kind.TEXT, True, ("走访户", "住户", "楼栋", "走访对象", "户"), max_length=60,
      width=18, sample="3号楼2单元501"),
    F("visited_on", "走访日期", Kind.DATE, True, ("日期", "入户日期", "走访时间"), width=11),
    F("matters", "反映事项", Kind.LONG_TEXT, False, ("反映问题", "诉求", "群众诉求"), max_length=2000, width=30),
    F("follow_up", "跟进事项", Kind.LONG_TEXT, False, ("跟进措施", "处理措施"), max_length=2000, width=24),
    F("due_on", "办理期限", Kind.DATE, False, ("期限", "限办日期"), width=11),
    F("result", "办理结果", Kind.LONG_TEXT, False, ("结果", "处理结果"), max_length=2000, width=24),
    F("done_on", "办结日期", Kind.DATE, False, ("完成日期", "办结时间"), width=11),
)

VISIT_SPEC = RecordSpec(key="visit", noun="走访记录", measure="次", fields=VISIT_FIELDS, change=Change.SITES,
                        title="household", rules=visit_problems)
