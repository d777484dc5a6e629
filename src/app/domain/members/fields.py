"""The member record's fields, declared once (党员基本信息采集表 16 items + community practice).

Table columns, the editor form, the Excel importer and exporter and the messages all read
MEMBER_SPEC. Each cleaner turns a raw cell or form value into the stored value and raises
ValidationError naming the field.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from app.domain.kit.changes import Change
from app.domain.kit.errors import ValidationError
from app.domain.kit.fields import Cleaner, Field, Kind, normalize_header
from app.domain.kit.masking import mask_id, mask_phone
from app.domain.kit.spec import RecordSpec
from app.domain.kit.text import normalize_digits, strip_invisible
from app.domain.members import catalog
from app.domain.members import rules as member_rules


def clean_name(f: Field, value: Any) -> str:
    """Names keep their characters; spaces inside a Chinese name are typing slips, and
    invisible characters (zero-width, bidirectional controls) are dropped."""
    typed = "".join(str(value or "").split())
    text = "".join(strip_invisible(typed).split())
    if not text:
        if typed:
            raise ValidationError(f"{f.label}只含看不见的字符（零宽字符或文字方向控制符），请重新输入{f.label}",
                                  field=f.key)
        raise ValidationError(f"{f.label}不能为空", field=f.key)
    if len(text) > (f.max_length or 30):
        raise ValidationError(f"{f.label}“{text[:40]}”过长（最多{f.max_length}个字）", field=f.key)
    return text


def _parsed(parse: Callable[[Any, str], str]) -> Cleaner:
    """A catalogue parser (which knows the spellings offices use) as a field's cleaner."""
    return lambda f, v: parse(v, f.label)


DERIVED = "不填时由公民身份号码推出"


# ---- recognising a column by what its cells hold ---------------------------------------------

_ID_LIKE = re.compile(r"^\d{17}[\dXx]$|^\d{15}$|^\d{3}\*{8,11}[\dXx*]{4}$")
_PHONE_LIKE = re.compile(r"^1[3-9]\d{9}$|^1[3-9]\d\*{4}\d{4}$|^0\d{2,3}-?\d{7,8}$")


def _text_of(value: Any) -> str:
    return "".join(normalize_digits(str(value)).split())


def _parses(parse: Callable[[Any, str], str], *exclude: str) -> Callable[[Any], bool]:
    """A cell holds this choice field when it parses and is not one of the words every list has."""
    def test(value: Any) -> bool:
        if _text_of(value) in exclude:
            return False
        try:
            return bool(parse(value, ""))
        except ValidationError:
            return False

    return test


def looks_like_id(value: Any) -> bool:
    return bool(_ID_LIKE.match(_text_of(value)))


def looks_like_phone(value: Any) -> bool:
    return bool(_PHONE_LIKE.match(_text_of(value).replace("+86", "")))


def looks_like_sex(value: Any) -> bool:
    return _text_of(value) in ("男", "女", "男性", "女性")


def looks_like_ethnicity(value: Any) -> bool:
    text = _text_of(value)
    return text.endswith("族") and _parses(catalog.parse_ethnic)(text)


def looks_like_management(value: Any) -> bool:
    return _text_of(value) in ("双管", "托管", "协管")


# Headers that offices use for either of two fields (the first is what the header means when
# the cells do not tell): 党员类别 is as often 正式/预备 as 常住/在职/离退休.
AMBIGUOUS_HEADERS: dict[str, tuple[str, ...]] = {
    h: ("category", "member_type") if h in ("党员类别", "人员类型", "类别", "党员分类") else ("member_type", "category")
    for h in ("党员类别", "人员类型", "类别", "党员分类", "人员类别", "党员类型", "类型")
}

F = Field
MEMBER_FIELDS: tuple[Field, ...] = (
    # The 16 items of 党员基本信息采集表.
    F("name", "姓名", Kind.TEXT, True, ("党员姓名", "名字"), clean=clean_name, max_length=30, width=8,
      group="基本信息", sample="张三"),
    F("sex", "性别", Kind.CHOICE, False, (), catalog.SEXES, _parsed(catalog.parse_sex), max_length=2, width=4,
      help=DERIVED, group="基本信息", sample="男", recognise=looks_like_sex),
    F("ethnicity", "民族", Kind.CHOICE, False, ("民族名称",), catalog.ETHNIC_NAMES,
      _parsed(catalog.parse_ethnic), max_length=20, width=6, group="基本信息", sample="汉族",
      recognise=looks_like_ethnicity),
    F("id_number", "公民身份号码", Kind.ID_NUMBER, True, ("身份证号", "身份证号码", "身份证", "证件号码", "证件号"),
      mask=mask_id, max_length=18, width=20, group="基本信息", sample="11010519491231002X",
      recognise=looks_like_id),
    F("birth_date", "出生日期", Kind.DATE, False, ("出生年月", "生日", "出生年月日"),
      width=11, help=DERIVED, group="基本信息", sample="1949-12-31"),
    F("education", "学历", Kind.CHOICE, False, ("文化程度", "最高学历"), catalog.EDUCATION,
      _parsed(catalog.parse_education), max_length=20, width=10, group="基本信息", sample="大学本科",
      recognise=_parses(catalog.parse_education, "其他", "其它", "无")),
    F("member_type", "人员类别", Kind.CHOICE, True, ("党员类型", "正式/预备", "正式或预备党员", "类型"),
      catalog.MEMBER_TYPES, _parsed(catalog.parse_member_type), max_length=8, width=8, group="党籍",
      sample="正式党员", recognise=_parses(catalog.parse_member_type), help="不填时按转为正式党员日期推定"),
    F("org_id", "所在党组织", Kind.ORG, True, ("所在党支部", "党支部", "支部", "所属支部", "所在支部", "所属党组织"),
      width=16, group="党籍", sample="第一网格党支部", ref="org"),
    F("joined_on", "加入党组织日期", Kind.DATE, True, ("入党时间", "入党日期", "入党年月", "加入党组织时间"),
      width=11, group="党籍", sample="1975-07-01"),
    F("full_on", "转为正式党员日期", Kind.DATE, False, ("转正时间", "转正日期", "转正年月", "转为正式党员时间"),
      width=11, group="党籍", sample="1976-07-01"),
    F("native_place", "籍贯", Kind.TEXT, False, ("祖籍", "籍贯地"), max_length=30, width=10, group="基本信息",
      sample="山东青岛"),
    F("introducers", "入党介绍人", Kind.TEXT, False, ("介绍人",), max_length=60, width=12, group="党籍",
      sample="王建国、李秀英"),
    F("party_post", "党内职务", Kind.TEXT, False, ("党内职位", "党内任职", "支部职务"), catalog.DEFAULT_PARTY_POSTS,
      max_length=20, width=8, group="党籍", sample="党员"),
    F("post", "工作岗位", Kind.TEXT, False, ("岗位", "职业"), catalog.DEFAULT_POSTS,
      max_length=30, width=12, group="工作与联系", sample="退休人员"),
    F("phone", "联系电话", Kind.PHONE, False, ("电话", "手机", "手机号", "手机号码", "联系方式", "电话号码"),
      mask=mask_phone, max_length=30, width=13, group="工作与联系", sample="13812345678",
      recognise=looks_like_phone),
    F("address", "家庭住址", Kind.TEXT, False, ("住址", "现住址", "居住地址", "家庭地址"),
      max_length=100, width=24, group="工作与联系", sample="和平路12号3单元401室"),
    F("party_status", "党籍状态", Kind.CHOICE, False, ("党籍",), catalog.PARTY_STATUSES,
      _parsed(catalog.parse_party_status), max_length=8, width=8, help="不填视为“正常”", group="党籍",
      sample="正常", recognise=_parses(catalog.parse_party_status)),
    F("lost_contact", "失联", Kind.BOOL, False, ("是否失联", "失联党员", "是否失联党员"),
      width=4, group="流动与失联", sample="否"),
    F("lost_since", "失联年月", Kind.MONTH, False, ("失去联系年月", "失联时间", "失联日期"),
      width=9, group="流动与失联"),
    F("mobile", "流动", Kind.BOOL, False, ("是否流动党员", "流动党员", "是否流动"),
      width=4, group="流动与失联", sample="否"),
    F("mobile_to", "外出流向", Kind.TEXT, False, ("流向", "流出地", "外出流向地"),
      max_length=60, width=16, group="流动与失联"),
    # The community's own fields.
    F("category", "党员类别", Kind.CHOICE, False, ("类别", "党员分类", "人员类型"), catalog.CATEGORIES,
      _parsed(catalog.parse_category), max_length=10, width=10, group="社区管理", sample="离退休党员",
      recognise=_parses(catalog.parse_category)),
    F("management", "管理方式", Kind.CHOICE, False, ("管理类型",), catalog.MANAGEMENT,
      _parsed(catalog.parse_management), max_length=4, width=6, group="社区管理", sample="托管",
      recognise=looks_like_management),
    F("work_unit", "工作单位", Kind.TEXT, False, ("单位", "工作单位及职务", "所在单位"),
      max_length=60, width=20, group="社区管理"),
    F("grid", "所在网格", Kind.TEXT, False, ("网格",), max_length=30, width=10, group="社区管理",
      sample="第一网格"),
    F("center_household", "党员中心户", Kind.BOOL, False, ("是否党员中心户", "中心户"),
      width=6, group="社区管理", sample="否"),
    F("remarks", "备注", Kind.LONG_TEXT, False, ("说明",), max_length=500, width=20, group="社区管理"),
)

# The 16 national items, in the order of 党员基本信息采集表.
NATIONAL_KEYS: tuple[str, ...] = (
    "name", "sex", "ethnicity", "id_number", "birth_date", "education", "member_type", "org_id",
    "joined_on", "full_on", "post", "phone", "address", "party_status", "lost_contact", "mobile",
)

MEMBER_SPEC = RecordSpec(
    key="member", noun="党员", measure="名", fields=MEMBER_FIELDS, change=Change.MEMBERS, identity=("id_number",),
    rules=member_rules.problems, defaults=member_rules.fill_defaults,
    state_labels={"status": "状态", "left_on": "离开日期"},
)
FIELDS_BY_KEY: dict[str, Field] = MEMBER_SPEC.by_key
HEADER_INDEX: dict[str, Field] = MEMBER_SPEC.header_index
AMBIGUOUS_HEADERS = {normalize_header(h): keys for h, keys in AMBIGUOUS_HEADERS.items()}


def clean_values(raw: dict[str, Any]) -> dict[str, Any]:
    """Runs each field's cleaner over the keys present in ``raw`` (raises on the first problem)."""
    return {key: FIELDS_BY_KEY[key].cleaned(value) for key, value in raw.items() if key in FIELDS_BY_KEY}


def display_value(key: str, value: Any, *, reveal: bool = False) -> str:
    """How a stored member value is shown in tables and exports (see RecordSpec.display)."""
    return MEMBER_SPEC.display(key, value, reveal=reveal)
