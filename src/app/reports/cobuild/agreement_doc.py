"""The 共建协议书 printed from the record, ready to sign: title and number, the parties, the
term, the content, the mechanisms in force, each side's commitments, the liaisons, and a
signature and seal block for each side."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from app.domain.cobuild.agreements import PARTY_A, PARTY_B
from app.domain.kit.masking import mask_phone
from app.domain.kit.text import cn_date
from app.reports.kit.blocks import Block, DocSpec, Heading, Para, Seals, Subtitle, Title
from app.reports.kit.document import render_counted
from app.services.cobuild.agreement_rows import AgreementRow, CommitmentRow

TITLE = "党建共建协议书"
NUMERALS = "一二三四五六七八九十"
INTRO = ("为深入推进城市基层党建工作，推动驻区单位与社区党组织资源共享、优势互补、共驻共建，"
         "经甲乙双方协商一致，签订本协议。")
CLOSING = "本协议一式两份，甲乙双方各执一份，自双方负责人签字并加盖公章之日起生效。未尽事宜由双方协商解决。"


def agreement_blocks(a: AgreementRow, items: Sequence[CommitmentRow], *, reveal: bool = False) -> list[Block]:
    party_b = a.unit_party_org or a.unit_name
    blocks: list[Block] = [Title(TITLE), Subtitle(a.number),
                           Para((f"甲方：{a.org_name}",), indent=False),
                           Para((f"乙方：{party_b}" + (f"（{a.unit_name}）" if party_b != a.unit_name else ""),),
                                indent=False),
                           Para((INTRO,))]
    sections: list[tuple[str, list[str]]] = []
    if a.starts_on and a.ends_on:
        sections.append(("协议期限", [f"本协议期限自{cn_date(a.starts_on)}起至{cn_date(a.ends_on)}止。"]))
    content = [line.strip() for line in (a.content or "").splitlines() if line.strip()]
    if content:
        sections.append(("共建内容", content))
    if a.mechanism_list:
        sections.append(("共建机制", [f"双方建立{'、'.join(a.mechanism_list)}的工作机制，定期沟通，共同落实。"]))
    for side, label in ((PARTY_A, "甲方承诺"), (PARTY_B, "乙方承诺")):
        lines = [f"{i}. {c.content}" + (f"（完成时限：{cn_date(c.deadline)}）" if c.deadline else "")
                 for i, c in enumerate((c for c in items if c.side == side), start=1)]
        if lines:
            sections.append((label, lines))
    liaisons = [_liaison(role, name, phone, reveal) for role, name, phone in
                ((PARTY_A, a.liaison_a, a.liaison_a_phone), (PARTY_B, a.liaison_b, a.liaison_b_phone)) if name]
    if liaisons:
        sections.append(("联络人", liaisons))
    sections.append(("其他", [CLOSING, *([a.remarks.strip()] if a.remarks.strip() else [])]))
    for n, (heading, lines) in enumerate(sections):
        blocks.append(Heading((f"{NUMERALS[n]}、{heading}",), 1))
        blocks.extend(Para((line,)) for line in lines)
    blocks.append(Seals(((PARTY_A, a.org_name), (PARTY_B, party_b))))
    return blocks


def _liaison(role: str, name: str, phone: str, reveal: bool) -> str:
    shown = phone if reveal else mask_phone(phone)
    return f"{role}联络人：{name}" + (f"，联系电话：{shown}" if shown else "") + "。"


def render_agreement(a: AgreementRow, items: Sequence[CommitmentRow], *, reveal: bool = False) -> tuple[bytes, int]:
    """PDF bytes and page count. Liaisons' phones are masked unless ``reveal``."""
    spec = DocSpec(tuple(agreement_blocks(a, items, reveal=reveal)), title=f"{TITLE}（{a.number}）",
                   author=a.org_name, keywords=("共建协议", a.number))
    return render_counted(spec)


def print_agreement(services: Any, agreement_id: int) -> tuple[bytes, int]:
    """The agreement as the records hold it; phones in full only for a role that may see them."""
    from app.domain.access.permissions import Permission, allowed

    row = services.agreements.get(agreement_id)
    role = services.agreements.actor.role
    reveal = role is None or allowed(role, Permission.SHOW_SENSITIVE)
    return render_agreement(row, services.commitments.of(agreement_id), reveal=reveal)
