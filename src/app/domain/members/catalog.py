"""Value lists of the member record: 民族, 学历, 人员类别, 党籍状态, 党员类别, 管理方式, 性别.

Each ``parse_*`` accepts the everyday spellings found in old spreadsheets and returns the
standard value, or raises ValidationError naming the field and the choices.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from app.domain.kit.errors import ValidationError
from app.domain.kit.text import normalize_digits

# GB/T 3304 民族名称和代码.
ETHNIC_GROUPS: tuple[tuple[str, str], ...] = tuple(
    (f"{i:02d}", name)
    for i, name in enumerate(
        ["汉族", "蒙古族", "回族", "藏族", "维吾尔族", "苗族", "彝族", "壮族", "布依族", "朝鲜族", "满族", "侗族", "瑶族", "白族", "土家族", "哈尼族", "哈萨克族", "傣族", "黎族", "傈僳族", "佤族", "畲族", "高山族", "拉祜族", "水族", "东乡族", "纳西族", "景颇族", "柯尔克孜族", "土族", "达斡尔族", "仫佬族", "羌族", "布朗族", "撒拉族", "毛南族", "仡佬族", "锡伯族", "阿昌族", "普米族", "塔吉克族", "怒族", "乌孜别克族", "俄罗斯族", "鄂温克族", "德昂族", "保安族", "裕固族", "京族", "塔塔尔族", "独龙族", "鄂伦春族", "赫哲族", "门巴族", "珞巴族", "基诺族"],
        start=1,
    )
) + (("97", "其他"), ("98", "外国血统中国籍人士"))
ETHNIC_NAMES: tuple[str, ...] = tuple(name for _, name in ETHNIC_GROUPS)
ETHNIC_CODE: dict[str, str] = {name: code for code, name in ETHNIC_GROUPS}
_ETHNIC_ALIASES = {"维族": "维吾尔族", "蒙族": "蒙古族", "鲜族": "朝鲜族", "外国血统": "外国血统中国籍人士",
                   "其它": "其他", "其他族": "其他", "穿青人": "其他"}

EDUCATION: tuple[str, ...] = (
    "研究生（博士）", "研究生（硕士）", "大学本科", "大学专科", "中等职业", "高中", "初中", "小学", "其他",
)
_EDUCATION_ALIASES = {
    "博士": "研究生（博士）", "博士研究生": "研究生（博士）", "研究生博士": "研究生（博士）",
    "博士研究生毕业": "研究生（博士）",
    "硕士": "研究生（硕士）", "硕士研究生": "研究生（硕士）", "研究生硕士": "研究生（硕士）",
    "硕士研究生毕业": "研究生（硕士）",
    "本科": "大学本科", "大学": "大学本科", "大本": "大学本科", "本科毕业": "大学本科", "大学本科毕业": "大学本科",
    "大专": "大学专科", "专科": "大学专科", "高职": "大学专科", "大学专科毕业": "大学专科", "高职高专": "大学专科",
    "中专": "中等职业", "中职": "中等职业", "中技": "中等职业", "技校": "中等职业", "职高": "中等职业",
    "中等专科": "中等职业", "中等专业学校": "中等职业", "技工学校": "中等职业", "职业高中": "中等职业",
    "高中毕业": "高中", "普通高中": "高中", "初中毕业": "初中", "小学毕业": "小学",
    "其它": "其他", "无": "其他", "文盲": "其他", "半文盲": "其他", "扫盲班": "其他",
}

MEMBER_TYPES: tuple[str, ...] = ("正式党员", "预备党员")
FULL, PROBATIONARY = MEMBER_TYPES

PARTY_STATUSES: tuple[str, ...] = ("正常", "停止党籍")

CATEGORIES: tuple[str, ...] = (
    "常住党员", "在职党员", "离退休党员", "流动党员", "进城务工党员", "下岗失业党员", "待业大学生党员",
)
_CATEGORY_ALIASES = {"退休党员": "离退休党员", "离休党员": "离退休党员", "退休": "离退休党员",
                     "离退休": "离退休党员", "离休": "离退休党员", "下岗党员": "下岗失业党员",
                     "失业党员": "下岗失业党员", "待业大学生": "待业大学生党员", "社区党员": "常住党员",
                     "报到党员": "在职党员", "在职报到党员": "在职党员", "务工党员": "进城务工党员"}

NO_MANAGEMENT = "—"
MANAGEMENT: tuple[str, ...] = ("双管", "托管", "协管", NO_MANAGEMENT)
# The management a category normally has (DOMAIN.md: 在职 双管, 离退休 托管, 流动 协管).
DEFAULT_MANAGEMENT: dict[str, str] = {"在职党员": "双管", "离退休党员": "托管", "流动党员": "协管"}

SEXES: tuple[str, ...] = ("男", "女")

# 党内职务: the default of an editable list (any text is accepted, as for 工作岗位).
DEFAULT_PARTY_POSTS: tuple[str, ...] = (
    "书记", "副书记", "组织委员", "宣传委员", "纪检委员", "委员", "党小组长", "党员",
)

# 工作岗位: the national list's codes are not confirmed, so this is only the default of an
# editable list (a setting); any text is accepted.
DEFAULT_POSTS: tuple[str, ...] = (
    "公务员", "参照公务员法管理人员", "事业单位管理人员", "事业单位专业技术人员", "企业管理人员",
    "企业专业技术人员", "工勤技能人员", "农牧渔民", "学生", "离休干部", "退休人员", "社区工作者",
    "自由职业人员", "个体工商户", "军人、武警", "其他从业人员", "无业人员",
)


def _key(value: object) -> str:
    text = normalize_digits(str(value or ""))
    text = "".join(text.split()).replace("(", "（").replace(")", "）")
    return text


def _choose(value: object, label: str, choices: Sequence[str],
            aliases: Mapping[str, str] | None = None, required: bool = False) -> str:
    text = _key(value)
    if not text:
        if required:
            raise ValidationError(f"{label}不能为空，可选：{'、'.join(choices)}", field=label)
        return ""
    if text in choices:
        return text
    if aliases and text in aliases:
        return aliases[text]
    raise ValidationError(f"{label}“{value}”无法识别，可选：{'、'.join(choices)}", field=label)


def parse_ethnic(value: object, label: str = "民族") -> str:
    """汉 / 汉族 / 01 / 1 → 汉族."""
    text = _key(value)
    if not text:
        return ""
    if text in ETHNIC_CODE:
        return text
    if text in _ETHNIC_ALIASES:
        return _ETHNIC_ALIASES[text]
    if text.isdigit():
        code = f"{int(text):02d}"
        for c, name in ETHNIC_GROUPS:
            if c == code:
                return name
    if text + "族" in ETHNIC_CODE:
        return text + "族"
    raise ValidationError(f"{label}“{value}”无法识别，请填写民族全称，如“汉族”“回族”", field=label)


def parse_education(value: object, label: str = "学历") -> str:
    text = _key(value)
    if text in ("研究生", "研究生毕业"):
        raise ValidationError(f"{label}“{value}”请写明是研究生（博士）还是研究生（硕士）", field=label)
    return _choose(value, label, EDUCATION, {**_EDUCATION_ALIASES,
                                             **{e.replace("（", "").replace("）", ""): e for e in EDUCATION}})


def parse_member_type(value: object, label: str = "人员类别") -> str:
    return _choose(value, label, MEMBER_TYPES, {"正式": FULL, "预备": PROBATIONARY})


def parse_party_status(value: object, label: str = "党籍状态") -> str:
    return _choose(value, label, PARTY_STATUSES, {"停止": "停止党籍", "停止党员党籍": "停止党籍",
                                                  "正常党籍": "正常"})


def parse_category(value: object, label: str = "党员类别") -> str:
    aliases = {c.removesuffix("党员"): c for c in CATEGORIES} | _CATEGORY_ALIASES
    return _choose(value, label, CATEGORIES, aliases)


def parse_management(value: object, label: str = "管理方式") -> str:
    return _choose(value, label, MANAGEMENT, {"-": NO_MANAGEMENT, "－": NO_MANAGEMENT, "无": NO_MANAGEMENT,
                                              "/": NO_MANAGEMENT, "——": NO_MANAGEMENT})


def parse_sex(value: object, label: str = "性别") -> str:
    return _choose(value, label, SEXES, {"男性": "男", "女性": "女", "1": "男", "2": "女"})
