"""操作记录审计校验单: one page the auditor prints, checks and signs.

It states which database was checked and when, how many audit records it holds and over which
period, whether the hash chain holds, and the chain head (the hash of the newest record), set in
groups of eight characters so that it can be copied by hand and compared with the next sheet or
with a backup. The newest backups are listed with the chain heads their manifests recorded and
the record each one corresponds to, so that records removed since a backup are noticed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.domain.access.permissions import Permission
from app.reports.kit.blocks import Blank, DocSpec, Para, Table, Title
from app.reports.kit.document import render_counted
from app.services.access.auth import require
from app.services.safety.audit_query import AuditQueryService

if TYPE_CHECKING:
    from app.services.container import Services

TITLE = "操作记录审计校验单"
GROUP = 8
BACKUPS_SHOWN = 3


def groups(chain_hash: str, size: int = GROUP) -> list[str]:
    """"3f2a9c1d88e0…" -> ["3f2a9c1d", "88e0…", …]."""
    return [chain_hash[i:i + size] for i in range(0, len(chain_hash), size)]


def grouped(chain_hash: str) -> str:
    return " ".join(groups(chain_hash)) if chain_hash else "（无）"


def _when(value: dt.datetime | None) -> str:
    return f"{value:%Y-%m-%d %H:%M:%S}" if value else "—"


def _query(services: Services) -> AuditQueryService:
    found = getattr(services, "audit_query", None)
    return found if isinstance(found, AuditQueryService) else AuditQueryService(
        services.db, services.actor, services.hub)


def verdict(services: Services) -> tuple[bool, str, int, str]:
    """(whole?, the sentence for the sheet, records checked, chain head)."""
    report = services.audit.verify()
    if not report.ok:
        return False, f"发现问题：{report.problem}（此前 {report.checked} 条完好）", report.checked, report.head
    tail = services.backups.missing_tail()
    if tail:
        return False, f"发现问题：{tail}", report.checked, report.head
    return True, f"完好（{report.checked} 条记录逐条核对，前后相连，内容与校验值相符）", report.checked, report.head


@dataclass(frozen=True)
class AuditSheet:
    pdf: bytes
    pages: int
    ok: bool  # the chain holds and no records are missing since the newest backup
    result: str  # the sentence printed as 校验结果
    records: int
    head: str


def _spec(services: Services, now: dt.datetime | None) -> tuple[DocSpec, bool, str, int, str]:
    now = (now or dt.datetime.now()).replace(microsecond=0)
    query = _query(services)
    total = query.count()
    first, last = query.span()
    ok, sentence, _checked, head = verdict(services)
    office = query.office_name()
    where = services.db.where

    facts = (
        ("单位", office or "（未设置）"),
        ("数据库" if services.db.is_server else "数据库文件", where),
        ("打印时间", f"{now:%Y-%m-%d %H:%M}"),
        ("操作记录条数", f"{total} 条"),
        ("记录时间", f"{_when(first)} 至 {_when(last)}" if first else "—"),
        ("校验结果", sentence),
    )
    blocks: list = [
        Title(TITLE),
        Table(("项目", "内容"), facts, (1.0, 3.2), align_left=(1,), font_size=12),
    ]

    parts = groups(head) or ["（无）"]
    parts += [""] * (-len(parts) % 4)
    rows = tuple(tuple(parts[i:i + 4]) for i in range(0, len(parts), 4))
    blocks.append(Table(("第1、5组", "第2、6组", "第3、7组", "第4、8组"), rows, (1, 1, 1, 1),
                        caption="操作记录校验值（最新一条记录的校验值，每组8个字符）", font_size=14))

    backups = query.recent_backups(BACKUPS_SHOWN)
    if backups:
        rows_b = []
        for b in backups:
            at = query.position_of(b.audit_head) if b.ok else None
            state = ("已损坏：" + b.problem) if not b.ok else (
                f"对应第{at}条记录" if at else "在当前操作记录中找不到" if b.audit_head else "无操作记录")
            when = f"{b.taken_at:%Y-%m-%d %H:%M}" if b.taken_at else "时间不详"
            rows_b.append((f"{when} {b.reason}".strip(), grouped(b.audit_head), state))
        blocks.append(Table(("备份时间、原因", "备份时的操作记录校验值", "核对"), tuple(rows_b),
                            (1.45, 3.4, 1.25), caption=f"最近的{len(backups)}份备份（自动备份文件夹）",
                            align_left=(1,), font_size=10.5))
    else:
        blocks.append(Para(("自动备份文件夹中没有备份。",), indent=False))

    blocks += [
        Blank(0.5),
        Para(("审计员（签字）：__________　管理员（签字）：__________",), indent=False),
        Para(("日期：______年____月____日",), indent=False),
    ]
    spec = DocSpec(tuple(blocks), title=TITLE, author=office,
                   keywords=("审计", "校验"))
    return spec, ok, sentence, total, head


def make_audit_sheet(services: Services, now: dt.datetime | None = None) -> AuditSheet:
    """Checks the trail and lays out the sheet. Refused (PermissionDenied) unless the signed-in
    role may read the audit trail (审计员 and 管理员)."""
    require(services.actor, Permission.READ_AUDIT)
    spec, ok, sentence, total, head = _spec(services, now)
    pdf, pages = render_counted(spec)
    return AuditSheet(pdf, pages, ok, sentence, total, head)


def render_audit_sheet(services: Services, now: dt.datetime | None = None) -> bytes:
    """The sheet as PDF bytes (see ``make_audit_sheet``)."""
    return make_audit_sheet(services, now).pdf
