"""Issued briefings (简报) and work reports (工作汇报): numbered per kind and year, kept with
the PDF exactly as issued, so an old issue can be printed again."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db.models.briefing import Briefing
from app.domain.access.permissions import Permission
from app.domain.kit.changes import Change
from app.domain.kit.errors import ConflictError, NotFoundError, ValidationError
from app.services.kit.base import Service
from app.services.safety import audit

CHANGE = Change.BRIEFINGS
KINDS = ("工作汇报", "简报")


@dataclass(frozen=True)
class IssueInput:
    kind: str
    number: int
    title: str
    issued_on: dt.date
    pdf: bytes
    pages: int
    org_id: int | None = None
    period_label: str = ""
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    issuer: str = ""
    template: str = ""


@dataclass(frozen=True)
class BriefingRow:
    id: int
    kind: str
    year: int
    number: int
    title: str
    org_id: int | None
    period_label: str
    issued_on: dt.date
    issuer: str
    issued_by: str
    pages: int
    size: int  # bytes of the PDF
    sha256: str

    @property
    def label(self) -> str:
        """2026年第3期 for a 简报, the title for a work report."""
        return f"{self.year}年第{self.number}期" if self.kind == "简报" else self.title


class BriefingService(Service):
    read_permission = Permission.PRINT_REPORTS
    write_permission = Permission.PRINT_REPORTS

    def next_number(self, kind: str, year: int) -> int:
        """The number the next issue of ``kind`` in ``year`` gets (第X期 starts at 1 each year)."""
        with self.reading() as s:
            return self._next(s, kind, year)

    def issue(self, data: IssueInput) -> BriefingRow:
        """Keeps an issued document. Its number must still be the next one (someone else may
        have issued in between: then nothing is kept and the user makes it again)."""
        if data.kind not in KINDS:
            raise ValidationError(f"材料类型“{data.kind}”无法识别，可选：{'、'.join(KINDS)}", field="类型")
        if not data.pdf.startswith(b"%PDF"):
            raise ValidationError("印发的材料不是PDF文件", field="PDF")
        title = " ".join(data.title.split())
        if not title:
            raise ValidationError("请填写标题", field="标题")
        year = data.issued_on.year
        with self.writing(CHANGE) as s:
            expected = self._next(s, data.kind, year)
            if data.number != expected:
                raise ConflictError(
                    f"{year}年{data.kind}第{data.number}期已经印发（下一期应为第{expected}期），"
                    "请重新生成后再印发"
                )
            b = Briefing(
                kind=data.kind, year=year, number=data.number, title=title[:200],
                org_id=data.org_id, period_label=data.period_label[:60],
                period_start=data.period_start, period_end=data.period_end,
                issued_on=data.issued_on, issuer=data.issuer[:100], issued_by=self.actor.name,
                pages=data.pages, sha256=hashlib.sha256(data.pdf).hexdigest(),
                template=data.template, pdf=data.pdf,
            )
            s.add(b)
            s.flush()
            what = f"{year}年第{data.number}期{data.kind}" if data.kind == "简报" else data.kind
            audit.append(s, self.actor.name, "印发材料", entity="briefing", entity_id=b.id,
                         summary=f"印发{what}“{title}”",
                         new={"类型": data.kind, "期号": data.number, "标题": title,
                              "印发日期": data.issued_on, "页数": data.pages, "校验值": b.sha256})
            return self._row(b, len(data.pdf))

    def list(self, kind: str | None = None, year: int | None = None) -> list[BriefingRow]:
        """Newest first."""
        with self.reading() as s:
            q = select(Briefing, func.length(Briefing.pdf)).order_by(
                Briefing.issued_on.desc(), Briefing.id.desc())
            if kind:
                q = q.where(Briefing.kind == kind)
            if year:
                q = q.where(Briefing.year == year)
            return [self._row(b, size or 0) for b, size in s.execute(q)]

    def get(self, briefing_id: int) -> BriefingRow:
        with self.reading() as s:
            b = self._load(s, briefing_id)
            return self._row(b, len(b.pdf or b""))

    def pdf(self, briefing_id: int) -> bytes:
        """The PDF exactly as issued."""
        with self.reading() as s:
            return bytes(self._load(s, briefing_id).pdf)

    def template_text(self, briefing_id: int) -> str:
        """The template text the issue was made from (to make the next one like it)."""
        with self.reading() as s:
            return self._load(s, briefing_id).template

    @staticmethod
    def _next(s: Session, kind: str, year: int) -> int:
        last = s.scalar(select(func.max(Briefing.number)).where(
            Briefing.kind == kind, Briefing.year == year))
        return (last or 0) + 1

    @staticmethod
    def _load(s: Session, briefing_id: int) -> Briefing:
        b = s.get(Briefing, briefing_id)
        if b is None:
            raise NotFoundError(f"找不到编号为{briefing_id}的已印发材料")
        return b

    @staticmethod
    def _row(b: Briefing, size: int) -> BriefingRow:
        return BriefingRow(b.id, b.kind, b.year, b.number, b.title, b.org_id, b.period_label,
                           b.issued_on, b.issuer, b.issued_by, b.pages, size, b.sha256)
