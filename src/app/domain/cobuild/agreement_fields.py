"""The fields of a 共建协议 and of its commitments (双向承诺事项), declared once."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

from app.domain.cobuild import agreements as ag
from app.domain.cobuild.fields import clean_person, clean_title
from app.domain.kit.changes import Change
from app.domain.kit.errors import ValidationError
from app.domain.kit.fields import Field, Kind, missing_required
from app.domain.kit.masking import mask_phone
from app.domain.kit.spec import RecordSpec, Values

_SEPARATORS = re.compile(r"[、,，;；/\s]+")


def clean_mechanisms(f: Field, value: Any) -> str:
    """The mechanisms in force as stored: "双向承诺、双向服务" in the usual order. A form hands a
    list of choices, a spreadsheet a text with 、 , ； or spaces between them."""
    if value is None:
        return ""
    parts: Iterable[str] = value if isinstance(value, list | tuple | set | frozenset) else _SEPARATORS.split(str(value))
    try:
        chosen = ag.check_mechanisms([str(p) for p in parts])
    except ValidationError as exc:
        raise ValidationError(exc.message, field=f.key) from exc
    return "、".join(chosen)


def clean_number(f: Field, value: Any) -> str:
    """共建〔2026〕3号 as the standard writes it when it can be read; another form as typed."""
    text = clean_title(f, value)
    return ag.normalize_number(text) if text else ""


def mechanisms_of(text: str) -> tuple[str, ...]:
    return tuple(p for p in (text or "").split("、") if p)


def agreement_problems(values: Values) -> list[ValidationError]:
    found = missing_required(AGREEMENT_FIELDS, values)
    start, end = values.get("starts_on"), values.get("ends_on")
    if start is not None and end is not None:
        try:
            ag.Term(start, end)
        except ValidationError as exc:
            found.append(ValidationError(exc.message, field="ends_on"))
    signed = values.get("signed_on")
    if signed is not None and start is not None and end is not None and not found:
        try:
            ag.check_signing(ag.Term(start, end), signed, dt.date.today())
        except ValidationError as exc:
            found.append(ValidationError(exc.message, field="signed_on"))
    return found


F = Field
AGREEMENT_FIELDS: tuple[Field, ...] = (
    F("number", "协议编号", Kind.TEXT, False, ("编号", "协议号"), clean=clean_number, max_length=40, width=16,
      group="协议", help="不填时按年度自动编号，如：共建〔2026〕3号", placeholder="自动编号"),
    F("org_id", "甲方", Kind.ORG, True, ("甲方党组织", "社区党组织", "社区"), width=16, group="协议", ref="org"),
    F("unit_id", "乙方单位", Kind.REF, True, ("共建单位", "驻区单位", "乙方"), width=20, group="协议", ref="unit"),
    F("unit_party_org", "乙方党组织", Kind.TEXT, False, ("单位党组织",), clean=clean_title, max_length=60,
      width=20, group="协议", help="不填时取该单位登记的党组织名称"),
    F("signed_on", "签订日期", Kind.DATE, False, ("签约日期", "签署日期"), width=11, group="期限"),
    F("starts_on", "协议开始日期", Kind.DATE, True, ("开始日期", "起始日期", "协议期限起"), width=11, group="期限"),
    F("ends_on", "协议结束日期", Kind.DATE, True, ("结束日期", "截止日期", "协议期限止", "到期日期"), width=11,
      group="期限"),
    F("liaison_a", "甲方联络人", Kind.TEXT, False, ("社区联络人",), clean=clean_person, max_length=30, width=8,
      group="联络"),
    F("liaison_a_phone", "甲方联系电话", Kind.PHONE, False, ("社区联系电话",), mask=mask_phone, max_length=30,
      width=13, group="联络"),
    F("liaison_b", "乙方联络人", Kind.TEXT, False, ("单位联络人",), clean=clean_person, max_length=30, width=8,
      group="联络"),
    F("liaison_b_phone", "乙方联系电话", Kind.PHONE, False, ("单位联系电话",), mask=mask_phone, max_length=30,
      width=13, group="联络"),
    F("mechanisms", "共建机制", Kind.TEXT, False, ("双向机制", "工作机制"), ag.MECHANISMS, clean=clean_mechanisms,
      max_length=60, width=30, group="内容", help="可多选：" + "、".join(ag.MECHANISMS)),
    F("content", "共建内容", Kind.LONG_TEXT, False, ("协议内容", "共建事项"), max_length=4000, width=40,
      group="内容"),
    F("remarks", "备注", Kind.LONG_TEXT, False, (), max_length=500, width=20, group="内容"),
)

AGREEMENT_SPEC = RecordSpec(
    key="agreement", noun="共建协议", measure="份", fields=AGREEMENT_FIELDS, change=Change.COBUILD,
    identity=("number",), title="number", rules=agreement_problems,
    state_labels={"terminated_on": "终止日期", "terminated_reason": "终止原因", "previous_id": "续签自"},
)


def commitment_problems(values: Values) -> list[ValidationError]:
    found = missing_required(COMMITMENT_FIELDS, values)
    done = values.get("done_on")
    if done is not None and done > dt.date.today():
        found.append(ValidationError(f"兑现日期{done.isoformat()}晚于今天，请核对", field="done_on"))
    return found


COMMITMENT_FIELDS: tuple[Field, ...] = (
    F("side", "承诺方", Kind.CHOICE, True, ("承诺单位",), (ag.PARTY_A, ag.PARTY_B), max_length=2, width=6),
    F("content", "承诺内容", Kind.TEXT, True, ("承诺事项", "内容"), clean=clean_title, max_length=200, width=40),
    F("deadline", "完成时限", Kind.DATE, False, ("时限", "完成时间"), width=11),
    F("done_on", "兑现日期", Kind.DATE, False, ("完成日期",), width=11),
    F("evidence", "兑现情况", Kind.TEXT, False, ("佐证材料", "完成情况"), clean=clean_title, max_length=200, width=30),
)

COMMITMENT_SPEC = RecordSpec(
    key="commitment", noun="承诺事项", measure="项", fields=COMMITMENT_FIELDS, change=Change.COBUILD,
    title="content", rules=commitment_problems,
)
