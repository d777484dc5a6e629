"""统一社会信用代码 (GB 32100-2015) of the units in the area.

18 characters from 0123456789ABCDEFGHJKLMNPQRTUWXY (values 0–30; I O S V Z are never used):
position 1 registering body, 2 entity type, 3–8 administrative area, 9–17 the body's
identifier (the old 组织机构代码, with its own GB 11714 check character at position 17),
18 the check character over positions 1–17.

Cleaning strips spaces and hyphens, upper-cases and turns full-width characters half-width.
A wrong check character is reported together with the one the first 17 characters give —
offices mostly mistype a single character and can then compare with the licence — the same
choice as for 公民身份号码. The GB 11714 check inside the code and unknown registering bodies
are described, never refused: a new body code or an odd old code must not keep a real unit out.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass

from app.domain.kit.errors import ValidationError

LABEL = "统一社会信用代码"
CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_VALUE = {c: i for i, c in enumerate(CHARSET)}
_NEVER = {"I": "数字1", "O": "数字0", "S": "数字5", "V": "", "Z": "数字2"}

# GB 11714 (组织机构代码), positions 9–17.
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)

# Registering bodies (position 1) and their entity types (position 2), GB 32100 appendix A.
BODIES: dict[str, tuple[str, dict[str, str]]] = {
    "1": ("机构编制", {"1": "机关", "2": "事业单位", "3": "中央编办直接管理机构编制的群众团体",
                     "9": "其他"}),
    "2": ("外交", {"1": "外国常驻新闻机构", "9": "其他"}),
    "3": ("司法行政", {"1": "律师执业机构", "2": "公证处", "3": "基层法律服务所",
                     "4": "司法鉴定机构", "5": "仲裁委员会", "9": "其他"}),
    "4": ("文化", {"1": "外国在华文化中心", "9": "其他"}),
    "5": ("民政", {"1": "社会团体", "2": "民办非企业单位", "3": "基金会", "9": "其他"}),
    "6": ("旅游", {"1": "外国旅游部门常驻代表机构",
                 "2": "港澳台地区旅游部门常驻内地（大陆）代表机构", "9": "其他"}),
    "7": ("宗教", {"1": "宗教活动场所", "2": "宗教院校", "9": "其他"}),
    "8": ("工会", {"1": "基层工会", "9": "其他"}),
    "9": ("工商", {"1": "企业", "2": "个体工商户", "3": "农民专业合作社"}),
    "A": ("中央军委改革和编制办公室", {"1": "军队事业单位", "9": "其他"}),
    "N": ("农业", {"1": "组级集体经济组织", "2": "村级集体经济组织",
                 "3": "乡镇级集体经济组织", "9": "其他"}),
    "Y": ("其他", {}),
}


def check_char(first17: str) -> str:
    """The check character (position 18) for the first 17 characters."""
    total = sum(_VALUE[c] * w for c, w in zip(first17, WEIGHTS, strict=True))
    return CHARSET[(31 - total % 31) % 31]


def normalize_code(value: object) -> str:
    """Full-width to half-width, spaces and hyphens removed, upper case."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFKC", str(value))
    return "".join(text.split()).replace("-", "").upper()


def clean_credit_code(value: object, label: str = LABEL) -> str:
    """The code normalised and checked; "" when empty. Raises ValidationError naming ``label``."""
    if isinstance(value, float):
        raise ValidationError(
            f"{label}被Excel存成了数字，末几位已经丢失。请把这一列设为“文本”格式后重新填写",
            field=label,
        )
    code = normalize_code(value)
    if not code:
        return ""
    for position, char in enumerate(code, start=1):
        if char in _VALUE:
            continue
        if char in _NEVER:
            hint = f"，可能是{_NEVER[char]}" if _NEVER[char] else ""
            raise ValidationError(
                f"{label}“{value}”第{position}位不能是字母{char}（统一社会信用代码不使用"
                f"I、O、S、V、Z）{hint}，请核对",
                field=label,
            )
        raise ValidationError(
            f"{label}“{value}”第{position}位“{char}”不对：统一社会信用代码只由数字和大写字母组成"
            "（不含I、O、S、V、Z），请核对",
            field=label,
        )
    if len(code) != 18:
        raise ValidationError(
            f"{label}“{value}”应为18位，现在是{len(code)}位，请核对", field=label
        )
    expected = check_char(code[:17])
    if code[17] != expected:
        raise ValidationError(
            f"{label}“{value}”校验位（第18位）不对：按前17位算应为{expected}，可能有字符录错，"
            "请对照营业执照或登记证书核对",
            field=label,
        )
    return code


def is_valid_credit_code(value: object) -> bool:
    try:
        return bool(clean_credit_code(value))
    except ValidationError:
        return False


def org_check_char(body8: str) -> str:
    """GB 11714 check character for the 8-character body of an organisation code."""
    total = sum(int(c, 36) * w for c, w in zip(body8, _ORG_WEIGHTS, strict=True))
    rest = 11 - total % 11
    return "X" if rest == 10 else "0" if rest == 11 else str(rest)


@dataclass(frozen=True)
class CreditCodeInfo:
    code: str
    body: str  # 登记管理部门, e.g. 工商; "未知登记管理部门（B）" for a code not in the table
    kind: str  # 机构类别, e.g. 企业
    area: str  # 登记管理机关行政区划码 (positions 3–8)
    org_code: str  # 主体标识码 (positions 9–17), shown as XXXXXXXX-X
    org_code_ok: bool  # its GB 11714 check character agrees

    @property
    def text(self) -> str:
        return f"{self.body}登记的{self.kind}" if self.kind else f"{self.body}登记"


def describe(code: str) -> CreditCodeInfo:
    """What a valid code says about the unit (``code`` as returned by clean_credit_code)."""
    body_code, kind_code = code[0], code[1]
    if body_code in BODIES:
        body, kinds = BODIES[body_code]
        kind = kinds.get(kind_code, "其他" if kinds else "")
    else:
        body, kind = f"未知登记管理部门（{body_code}）", ""
    org = code[8:17]
    return CreditCodeInfo(code, body, kind, code[2:8], f"{org[:8]}-{org[8]}",
                          org_check_char(org[:8]) == org[8])


def make_credit_code(rng: random.Random | None = None, *, body: str = "9", kind: str = "1",
                     area: str = "110105") -> str:
    """A valid code for demonstration data, with a valid organisation code inside."""
    rng = rng or random.Random()
    if body not in CHARSET or kind not in CHARSET or len(area) != 6 or not area.isdigit():
        raise ValueError("body and kind must be code characters, area six digits")
    org_body = "".join(rng.choice(CHARSET) for _ in range(8))
    first17 = f"{body}{kind}{area}{org_body}{org_check_char(org_body)}"
    return first17 + check_char(first17)
