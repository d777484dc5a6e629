"""The member record's fields, declared once (党员基本信息采集表 16 items + community practice).

Table columns, the editor form, the Excel importer and exporter and the messages all read
MEMBER_FIELDS. Each ``clean`` turns a raw cell or form value into the stored value and raises
ValidationError naming the field.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from app.domain.kit.dates import parse_date, parse_month
from app.domain.kit.errors import ValidationError
from app.domain.kit.fields import Field, Kind, by_key, header_index, normalize_header
from app.domain.kit.idcard import clean_id
from app.domain.kit.masking import mask_id, mask_phone
from app.domain.kit.phone import clean_phone
from app.domain.kit.text import normalize_digits, strip_invisible
from app.domain.members import catalog

TRUE_WORDS = frozenset({"是", "有", "√", "✓", "✔", "y", "yes", "true", "1", "1.0", "对"})
FALSE_WORDS = frozenset({"否", "无", "不是", "没有", "×", "✗", "n", "no", "false", "0", "0.0", "-", "—", "/"})


def clean_text(label: str, max_len: int) -> Callable[[Any], str]:
    def clean(value: Any) -> str:
        if value is None:
            return ""
        text = " ".join(normalize_digits(str(value)).split()) if max_len <= 60 else str(value).strip()
        if len(text) > max_len:
            raise ValidationError(f"{label}过长（最多{max_len}个字，现在{len(text)}个字）", field=label)
        return text

    return clean


def clean_name(value: Any) -> str:
    """Names keep their characters; spaces inside a Chinese name are typing slips, and
    invisible characters (zero-width, bidirectional controls) are dropped."""
    typed = "".join(str(value or "").split())
    text = "".join(strip_invisible(typed).split())
    if not text:
        if typed:
            raise ValidationError("姓名只含看不见的字符（零宽字符或文字方向控制符），请重新输入姓名", field="姓名")
        raise ValidationError("姓名不能为空", field="姓名")
    if len(text) > 30:
        raise ValidationError(f"姓名“{text}”过长（最多30个字）", field="姓名")
    return text


def clean_bool(label: str) -> Callable[[Any], bool]:
    def clean(value: Any) -> bool:
        if value is None or isinstance(value, bool):
            return bool(value)
        if isinstance(value, int | float):
            return value != 0
        text = "".join(str(value).split()).lower()
        if not text or text in FALSE_WORDS:
            return False
        if text in TRUE_WORDS:
            return True
        raise ValidationError(f"{label}“{value}”请填“是”或“否”", field=label)

    return clean


def _clean_org(value: Any) -> Any:
    """The organisation arrives as an id (forms) or a name (imports; resolved by the service)."""
    if value is None or value == "":
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    return " ".join(str(value).split())


def _number_text(value: Any) -> str | None:
    """A phone number Excel stored as a number (13812345678.0) back to its digits."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return None if value is None else str(value)


def _date(label: str) -> Callable[[Any], Any]:
    return lambda v: parse_date(v, label)


def _month(label: str) -> Callable[[Any], Any]:
    return lambda v: parse_month(v, label)


def _choice(parse: Callable[[Any, str], str], label: str) -> Callable[[Any], str]:
    return lambda v: parse(v, label)


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
    F("name", "姓名", Kind.TEXT, True, ("党员姓名", "名字"), clean=clean_name, width=8),
    F("sex", "性别", Kind.CHOICE, False, (), catalog.SEXES, _choice(catalog.parse_sex, "性别"), width=4,
      help=DERIVED, recognise=looks_like_sex),
    F("ethnicity", "民族", Kind.CHOICE, False, ("民族名称",), catalog.ETHNIC_NAMES,
      _choice(catalog.parse_ethnic, "民族"), width=6, recognise=looks_like_ethnicity),
    F("id_number", "公民身份号码", Kind.TEXT, True, ("身份证号", "身份证号码", "身份证", "证件号码", "证件号"),
      clean=lambda v: clean_id(v), mask=mask_id, width=20, recognise=looks_like_id),
    F("birth_date", "出生日期", Kind.DATE, False, ("出生年月", "生日", "出生年月日"),
      clean=_date("出生日期"), width=11, help=DERIVED),
    F("education", "学历", Kind.CHOICE, False, ("文化程度", "最高学历"), catalog.EDUCATION,
      _choice(catalog.parse_education, "学历"), width=10,
      recognise=_parses(catalog.parse_education, "其他", "其它", "无")),
    F("member_type", "人员类别", Kind.CHOICE, True, ("党员类型", "正式/预备", "正式或预备党员", "类型"),
      catalog.MEMBER_TYPES, _choice(catalog.parse_member_type, "人员类别"), width=8,
      recognise=_parses(catalog.parse_member_type), help="不填时按转为正式党员日期推定"),
    F("org_id", "所在党组织", Kind.ORG, True, ("所在党支部", "党支部", "支部", "所属支部", "所在支部", "所属党组织"),
      clean=_clean_org, width=16),
    F("joined_on", "加入党组织日期", Kind.DATE, True, ("入党时间", "入党日期", "入党年月", "加入党组织时间"),
      clean=_date("加入党组织日期"), width=11),
    F("full_on", "转为正式党员日期", Kind.DATE, False, ("转正时间", "转正日期", "转正年月", "转为正式党员时间"),
      clean=_date("转为正式党员日期"), width=11),
    F("post", "工作岗位", Kind.TEXT, False, ("岗位", "职业"), catalog.DEFAULT_POSTS,
      clean_text("工作岗位", 30), width=12),
    F("phone", "联系电话", Kind.TEXT, False, ("电话", "手机", "手机号", "手机号码", "联系方式", "电话号码"),
      clean=lambda v: clean_phone(_number_text(v)), mask=mask_phone, width=13, recognise=looks_like_phone),
    F("address", "家庭住址", Kind.TEXT, False, ("住址", "现住址", "居住地址", "家庭地址"),
      clean=clean_text("家庭住址", 100), width=24),
    F("party_status", "党籍状态", Kind.CHOICE, False, ("党籍",), catalog.PARTY_STATUSES,
      _choice(catalog.parse_party_status, "党籍状态"), width=8, help="不填视为“正常”",
      recognise=_parses(catalog.parse_party_status)),
    F("lost_contact", "失联", Kind.BOOL, False, ("是否失联", "失联党员", "是否失联党员"),
      clean=clean_bool("失联"), width=4),
    F("lost_since", "失联年月", Kind.MONTH, False, ("失去联系年月", "失联时间", "失联日期"),
      clean=_month("失联年月"), width=9),
    F("mobile", "流动", Kind.BOOL, False, ("是否流动党员", "流动党员", "是否流动"),
      clean=clean_bool("流动"), width=4),
    F("mobile_to", "外出流向", Kind.TEXT, False, ("流向", "流出地", "外出流向地"),
      clean=clean_text("外出流向", 60), width=16),
    # The community's own fields.
    F("category", "党员类别", Kind.CHOICE, False, ("类别", "党员分类", "人员类型"), catalog.CATEGORIES,
      _choice(catalog.parse_category, "党员类别"), width=10, recognise=_parses(catalog.parse_category)),
    F("management", "管理方式", Kind.CHOICE, False, ("管理类型",), catalog.MANAGEMENT,
      _choice(catalog.parse_management, "管理方式"), width=6, recognise=looks_like_management),
    F("work_unit", "工作单位", Kind.TEXT, False, ("单位", "工作单位及职务", "所在单位"),
      clean=clean_text("工作单位", 60), width=20),
    F("grid", "所在网格", Kind.TEXT, False, ("网格",), clean=clean_text("所在网格", 30), width=10),
    F("center_household", "党员中心户", Kind.BOOL, False, ("是否党员中心户", "中心户"),
      clean=clean_bool("党员中心户"), width=6),
    F("remarks", "备注", Kind.LONG_TEXT, False, ("说明",), clean=clean_text("备注", 500), width=20),
)

FIELDS_BY_KEY: dict[str, Field] = by_key(MEMBER_FIELDS)
HEADER_INDEX: dict[str, Field] = header_index(MEMBER_FIELDS)
AMBIGUOUS_HEADERS = {normalize_header(h): keys for h, keys in AMBIGUOUS_HEADERS.items()}

# The 16 national items, in the order of 党员基本信息采集表.
NATIONAL_KEYS: tuple[str, ...] = (
    "name", "sex", "ethnicity", "id_number", "birth_date", "education", "member_type", "org_id",
    "joined_on", "full_on", "post", "phone", "address", "party_status", "lost_contact", "mobile",
)


def clean_values(raw: dict[str, Any]) -> dict[str, Any]:
    """Runs each field's cleaner over the keys present in ``raw``."""
    return {key: FIELDS_BY_KEY[key].clean(value) if FIELDS_BY_KEY[key].clean else value
            for key, value in raw.items() if key in FIELDS_BY_KEY}


def display_value(key: str, value: Any, *, reveal: bool = False) -> str:
    """How a stored value is shown in tables and exports: dates 1985-03-12, months 2024年3月,
    是/否, ID and phone masked unless ``reveal``."""
    f = FIELDS_BY_KEY.get(key)
    if value is None or value == "":
        return ""
    if f is not None and f.kind is Kind.BOOL:
        return "是" if value else "否"
    if f is not None and f.kind is Kind.MONTH:
        return f"{value.year}年{value.month}月"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    text = str(value)
    if f is not None and f.mask is not None and not reveal:
        return f.mask(text)
    return text
