"""The co-building records' fields, declared once: a unit in the area, a 大党委 / 大工委
part-time member, a two-way posting (双向挂职).

The unit's header aliases are the column names of the lists offices really keep: the unit list
a 街道 keeps (单位名称, 单位性质, 党组织名称, 联系人 …) and a 工商 extract (企业名称, 统一社会信用代码,
企业类型, 住所).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from app.domain.cobuild import units
from app.domain.kit.changes import Change
from app.domain.kit.errors import ValidationError
from app.domain.kit.fields import Cleaner, Field, Kind, missing_required
from app.domain.kit.masking import mask_phone
from app.domain.kit.spec import RecordSpec, Rules, Values

# Zero-width and direction marks pasted in from web pages and WeChat; control characters.
_INVISIBLE = re.compile(r"[\u0000-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")


def clean_title(f: Field, value: Any) -> str:
    """A name or title: invisible characters removed, spaces folded, bounded, not empty
    when required."""
    text = " ".join(_INVISIBLE.sub("", str(value if value is not None else "")).split())
    if f.required and not text:
        raise ValidationError(f"{f.label}不能为空", field=f.key)
    if f.max_length is not None and len(text) > f.max_length:
        raise ValidationError(f"{f.label}“{text[:30]}…”过长（最多{f.max_length}个字）", field=f.key)
    return text


def clean_person(f: Field, value: Any) -> str:
    """A person's name: spaces inside a Chinese name are typing slips."""
    text = "".join(_INVISIBLE.sub("", str(value if value is not None else "")).split())
    if f.required and not text:
        raise ValidationError(f"{f.label}不能为空", field=f.key)
    if f.max_length is not None and len(text) > f.max_length:
        raise ValidationError(f"{f.label}“{text[:30]}…”过长（最多{f.max_length}个字）", field=f.key)
    return text


def _rules(fields: tuple[Field, ...], own: Rules) -> Rules:
    """The required fields the cleaners let through empty, then the record's own rules."""

    def rules(values: Values) -> list[ValidationError]:
        return missing_required(fields, values) or own(values)

    return rules


def _parsed(parse: Callable[[Any, str], str]) -> Cleaner:
    return lambda f, v: parse(v, f.label)


F = Field
UNIT_FIELDS: tuple[Field, ...] = (
    F("name", "单位名称", Kind.TEXT, True,
      ("驻区单位", "驻区单位名称", "单位", "单位全称", "企业名称", "名称", "机构名称", "单位详细名称", "共建单位"),
      clean=clean_title, max_length=60, width=24, group="基本信息", sample="青山县人民医院"),
    F("credit_code", "统一社会信用代码", Kind.CREDIT_CODE, False,
      ("信用代码", "社会信用代码", "统一代码", "统一社会信用代码证号", "统一社会信用码"),
      max_length=18, width=20, group="基本信息", sample="12371122AY4CL12T2W",
      help="18位，不填也可以；填写时核对校验位"),
    F("unit_type", "单位类型", Kind.CHOICE, False, ("单位性质", "单位类别", "类型", "性质", "企业类型", "机构类型"),
      units.UNIT_TYPES, _parsed(units.parse_unit_type), max_length=8, width=8, group="基本信息",
      sample="事业单位", help="不填时由统一社会信用代码推出（机关、事业单位、社会组织）"),
    F("org_id", "所在社区", Kind.ORG, True, ("所属社区", "所在社区党组织", "属地社区", "社区", "所属社区党组织"),
      width=14, group="基本信息", sample="和平社区党委", ref="org"),
    F("address", "单位地址", Kind.TEXT, False, ("地址", "住所", "注册地址", "经营场所", "详细地址", "办公地址"),
      clean=clean_title, max_length=100, width=24, group="基本信息", sample="青山县和平路88号"),
    F("grid", "所在网格", Kind.TEXT, False, ("网格",), clean=clean_title, max_length=30, width=10,
      group="基本信息", sample="第二网格"),
    F("party_org_name", "党组织名称", Kind.TEXT, False, ("单位党组织", "单位党组织名称", "党组织", "所属党组织名称"),
      clean=clean_title, max_length=60, width=20, group="党组织", sample="青山县人民医院党委"),
    F("party_org_type", "党组织类型", Kind.CHOICE, False,
      ("党组织形式", "党组织类别", "建立党组织情况", "党组织建立情况", "党组织设置"),
      units.PARTY_ORG_TYPES, _parsed(units.parse_party_org_type), max_length=6, width=8, group="党组织",
      sample="党委"),
    F("secretary", "党组织书记", Kind.TEXT, False, ("书记", "党组织书记姓名", "书记姓名"),
      clean=clean_person, max_length=30, width=8, group="党组织", sample="王建国"),
    F("party_members", "党员人数", Kind.INT, False, ("党员数", "党员数量", "党员（人）", "党员人数（名）"),
      width=6, group="党组织", sample="126"),
    F("on_council", "大党委成员单位", Kind.BOOL, False,
      ("是否大党委成员单位", "大党委单位", "大工委成员单位", "是否大工委成员单位", "大党委（大工委）成员单位"),
      width=6, group="党组织", sample="是"),
    F("liaison", "联络员", Kind.TEXT, False, ("联系人", "党建联络员", "共建联络员", "联系人姓名"),
      clean=clean_person, max_length=30, width=8, group="联系", sample="李敏"),
    F("phone", "联系电话", Kind.PHONE, False, ("电话", "联系方式", "手机", "联系人电话", "联络员电话", "手机号码"),
      mask=mask_phone, max_length=30, width=13, group="联系", sample="13953112345"),
    F("remarks", "备注", Kind.LONG_TEXT, False, ("说明",), max_length=500, width=20, group="联系"),
    F("left_on", "迁出日期", Kind.DATE, False, ("迁离日期", "撤离日期", "退出日期", "迁出时间"),
      width=11, group="迁出", help="单位迁离辖区时填写；记录保留"),
)

UNIT_SPEC = RecordSpec(
    key="unit", noun="驻区单位", measure="个", fields=UNIT_FIELDS, change=Change.COBUILD,
    identity=("credit_code",), rules=_rules(UNIT_FIELDS, units.unit_problems), defaults=units.fill_unit_defaults,
    state_labels={"left_reason": "迁出原因"},
)

COUNCIL_FIELDS: tuple[Field, ...] = (
    F("name", "姓名", Kind.TEXT, True, ("兼职委员", "委员姓名"), clean=clean_person, max_length=30, width=8,
      sample="刘志强"),
    F("member_id", "本社区党员", Kind.REF, False, ("党员",), width=10, ref="member",
      help="兼职委员是花名册上的党员时选择，可不选"),
    F("org_id", "大党委（大工委）", Kind.ORG, True, ("所在大党委", "所在大工委", "大党委", "大工委"),
      width=14, ref="org"),
    F("unit_id", "所在单位", Kind.REF, False, ("单位", "工作单位", "驻区单位"), width=18, ref="unit"),
    F("council_post", "兼任职务", Kind.TEXT, False, ("大党委职务", "职务"), units.COUNCIL_POSTS,
      clean=clean_title, max_length=30, width=10, sample="兼职委员"),
    F("unit_post", "单位职务", Kind.TEXT, False, ("本单位职务", "现任职务"), clean=clean_title, max_length=30,
      width=12, sample="党委副书记"),
    F("phone", "联系电话", Kind.PHONE, False, ("电话", "手机"), mask=mask_phone, max_length=30, width=13),
    F("term_start", "任期开始日期", Kind.DATE, False, ("任职日期", "任期开始"), width=11),
    F("term_end", "任期届满日期", Kind.DATE, False, ("届满日期", "任期结束", "任期届满"), width=11),
    F("remarks", "备注", Kind.LONG_TEXT, False, (), max_length=500, width=20),
)

COUNCIL_SPEC = RecordSpec(
    key="council_member", noun="兼职委员", measure="名", fields=COUNCIL_FIELDS, change=Change.COBUILD,
    rules=_rules(COUNCIL_FIELDS, units.council_problems),
)

SECONDMENT_FIELDS: tuple[Field, ...] = (
    F("name", "姓名", Kind.TEXT, True, ("挂职人员", "挂职干部"), clean=clean_person, max_length=30, width=8),
    F("member_id", "本社区党员", Kind.REF, False, ("党员",), width=10, ref="member"),
    F("direction", "挂职方向", Kind.CHOICE, True, ("方向", "挂职类型"), units.DIRECTIONS,
      _parsed(units.parse_direction), max_length=10, width=14),
    F("org_id", "社区", Kind.ORG, True, ("所在社区", "社区党组织"), width=14, ref="org"),
    F("unit_id", "共建单位", Kind.REF, True, ("单位", "驻区单位"), width=18, ref="unit"),
    F("post", "挂职岗位", Kind.TEXT, False, ("挂任职务", "岗位", "职务"), clean=clean_title, max_length=40,
      width=14),
    F("starts_on", "挂职开始日期", Kind.DATE, True, ("开始日期", "起始日期"), width=11),
    F("ends_on", "挂职结束日期", Kind.DATE, False, ("结束日期", "截止日期"), width=11),
    F("remarks", "备注", Kind.LONG_TEXT, False, (), max_length=500, width=20),
)

SECONDMENT_SPEC = RecordSpec(
    key="secondment", noun="挂职人员", measure="名", fields=SECONDMENT_FIELDS, change=Change.COBUILD,
    rules=_rules(SECONDMENT_FIELDS, units.secondment_problems),
)
