"""The candidate record's fields (发展党员), declared once: the person, the branch, each stage's
date, the two 入党介绍人, the training and the political review."""

from __future__ import annotations

from typing import Any

from app.domain.cobuild.fields import clean_person, clean_title
from app.domain.kit.changes import Change
from app.domain.kit.errors import ValidationError
from app.domain.kit.fields import Field, Kind, missing_required
from app.domain.kit.idcard import birth_date_of, clean_id, sex_of
from app.domain.kit.masking import mask_id, mask_phone
from app.domain.kit.spec import RecordSpec, Values
from app.domain.kit.text import cn_date
from app.domain.orglife import candidates as rules

DERIVED = "不填时由公民身份号码推出"


def _defaults(values: Values) -> Values:
    out = dict(values)
    number = out.get("id_number") or ""
    if len(number) == 18:
        out["birth_date"] = out.get("birth_date") or birth_date_of(number)
        out["sex"] = out.get("sex") or sex_of(number)
    return out


def _rules(values: Values) -> list[ValidationError]:
    found = missing_required(CANDIDATE_FIELDS, values)
    number, birth = values.get("id_number") or "", values.get("birth_date")
    if number:
        try:
            clean_id(number)
        except ValidationError as exc:
            found.append(ValidationError(exc.message, field="id_number"))
        else:
            if birth and birth != birth_date_of(number):
                found.append(ValidationError(
                    f"出生日期{cn_date(birth)}与公民身份号码中的{cn_date(birth_date_of(number))}不一致",
                    field="birth_date"))
            if values.get("sex") and values["sex"] != sex_of(number):
                found.append(ValidationError(f"性别“{values['sex']}”与公民身份号码不一致", field="sex"))
    return found + rules.problems(values)


def _date(key: str, aliases: tuple[str, ...], required: bool = False, group: str = "各阶段") -> Field:
    return Field(key, rules.DATE_LABELS[key], Kind.DATE, required, aliases, width=11, group=group)


F = Field
CANDIDATE_FIELDS: tuple[Field, ...] = (
    F("name", "姓名", Kind.TEXT, True, ("申请人", "申请人姓名"), clean=clean_person, max_length=30, width=8,
      group="基本信息", sample="李明"),
    F("id_number", "公民身份号码", Kind.ID_NUMBER, True, ("身份证号", "身份证号码", "证件号码"), mask=mask_id,
      max_length=18, width=20, group="基本信息", sample="11010520000101003X"),
    F("sex", "性别", Kind.CHOICE, False, (), ("男", "女"), max_length=2, width=4, help=DERIVED, group="基本信息"),
    F("birth_date", "出生日期", Kind.DATE, False, ("出生年月", "生日"), width=11, help=DERIVED, group="基本信息"),
    F("phone", "联系电话", Kind.PHONE, False, ("电话", "手机", "手机号码"), mask=mask_phone, max_length=30,
      width=13, group="基本信息"),
    F("native_place", "籍贯", Kind.TEXT, False, (), clean=clean_title, max_length=30, width=10, group="基本信息"),
    F("org_id", "所在党支部", Kind.ORG, True, ("党支部", "支部", "所在党组织", "培养党支部"), width=16, ref="org",
      group="基本信息", sample="第一网格党支部"),
    _date("applied_on", ("申请日期", "递交入党申请书日期", "申请入党日期"), True),
    _date("activist_on", ("确定积极分子日期", "积极分子日期", "列为积极分子日期")),
    _date("target_on", ("确定发展对象日期", "发展对象日期", "列为发展对象日期")),
    _date("admitted_on", ("接收预备党员日期", "入党日期")),
    _date("full_on", ("转正日期", "转正时间")),
    F("introducer1_id", "入党介绍人一", Kind.REF, False, ("第一入党介绍人", "介绍人一", "入党介绍人"), width=8,
      ref="member", group="介绍人与培养"),
    F("introducer2_id", "入党介绍人二", Kind.REF, False, ("第二入党介绍人", "介绍人二"), width=8, ref="member",
      group="介绍人与培养"),
    F("training", "培训情况", Kind.LONG_TEXT, False, ("培训", "集中培训"), max_length=500, width=16,
      group="介绍人与培养", placeholder="如：参加街道党校发展对象培训班（3天）"),
    F("training_on", "培训结业日期", Kind.DATE, False, ("结业日期", "培训日期"), width=11, group="介绍人与培养"),
    F("review", "政治审查情况", Kind.LONG_TEXT, False, ("政审情况", "政审"), max_length=500, width=16,
      group="介绍人与培养"),
    F("review_on", "政治审查日期", Kind.DATE, False, ("政审日期",), width=11, group="介绍人与培养"),
    F("remarks", "备注", Kind.LONG_TEXT, False, ("说明",), max_length=500, width=16, group="介绍人与培养"),
)

CANDIDATE_SPEC = RecordSpec(
    key="candidate", noun="入党申请人", measure="名", fields=CANDIDATE_FIELDS, change=Change.ORGLIFE,
    identity=("id_number",), rules=_rules, defaults=_defaults,
    state_labels={"stage": "所处阶段", "member_id": "党员记录"},
)


def who(values: Any) -> str:
    """入党申请人“李明” — the candidate named by the stage they are at."""
    name = values.get("name") if isinstance(values, dict) else getattr(values, "name", "")
    stage = values.get("stage") if isinstance(values, dict) else getattr(values, "stage", "")
    return f"{stage or '入党申请人'}“{name}”"
