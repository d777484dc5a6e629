"""Issued briefings (简报) and work reports (工作汇报), kept with the PDF exactly as issued so
an old issue can be printed again.

Each issuing organisation numbers its own issues: 第X期 per kind, starting again each year, and
总第X期 per kind since its first. A number is taken only when ``issue`` keeps the document, which
callers do after the file is safely written (see app.reports.briefings.briefing.issue_briefing).
The issuer's 版记 (报 / 送 / 发, 共印X份) and the thresholds templates compare figures with are
settings kept here (``issuer_settings``, ``thresholds``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db.models import Organization, Setting
from app.db.models.briefing import Briefing
from app.domain.access.permissions import Permission
from app.domain.kit.changes import Change
from app.domain.kit.errors import ConflictError, NotFoundError, ValidationError
from app.services.kit.base import Service
from app.services.safety import audit

CHANGE = Change.BRIEFINGS
KINDS = ("工作汇报", "简报")
DISTRIBUTION = ("报", "送", "发")
MAX_LINE = 200
MAX_COPIES = 99999
ISSUER_KEY = "briefing_issuer:"  # + the organisation's uuid (stays right if data moves offices)
THRESHOLDS_KEY = "briefing_thresholds"
# Thresholds that templates compare figures with, e.g. [如果 {35岁及以下党员占比} < {年轻党员占比下限}].
# name -> (default, unit, what it is for)
THRESHOLDS: dict[str, tuple[Decimal, str, str]] = {
    "年轻党员占比下限": (Decimal(25), "%", "35岁及以下党员占比低于此值时，内置模板写“年轻党员比例偏低”"),
    "女党员占比下限": (Decimal(30), "%", "女党员占比低于此值时，内置模板提出注重发展女党员"),
}


@dataclass(frozen=True)
class IssuerSettings:
    """An issuing organisation's 版记 (and 报头): set once, changeable per issue."""

    masthead: str = ""  # 简报 name; empty: the template's 报头, else 党建工作简报
    lines: tuple[tuple[str, str], ...] = ()  # (报|送|发, to whom), only the ones filled
    copies: int | None = None  # 共印X份; None: not printed

    def line(self, key: str) -> str:
        return next((v for k, v in self.lines if k == key), "")


def clean_issuer_settings(masthead: str, lines: dict[str, str] | tuple[tuple[str, str], ...],
                          copies: int | None) -> IssuerSettings:
    """Checks what the user typed; raises ValidationError naming the field."""
    given = dict(lines)
    unknown = [k for k in given if k not in DISTRIBUTION]
    if unknown:
        raise ValidationError(f"版记只有报、送、发三项，没有“{unknown[0]}”", field="版记")
    out = []
    for key in DISTRIBUTION:
        value = " ".join(str(given.get(key) or "").split())
        if len(value) > MAX_LINE:
            raise ValidationError(f"“{key}”一栏太长（{len(value)}字），请不超过{MAX_LINE}字", field=key)
        if value:
            out.append((key, value))
    name = " ".join((masthead or "").split())
    if len(name) > 30:
        raise ValidationError("简报名称太长，请不超过30字", field="报头")
    if copies is not None and not (isinstance(copies, int) and 0 < copies <= MAX_COPIES):
        raise ValidationError(f"印数应为1到{MAX_COPIES}之间的整数", field="印数")
    return IssuerSettings(name, tuple(out), copies)


@dataclass(frozen=True)
class Numbers:
    number: int  # 第X期, within the year
    total: int  # 总第X期


@dataclass(frozen=True)
class IssueInput:
    kind: str
    number: int
    title: str
    issued_on: dt.date
    pdf: bytes
    pages: int
    org_id: int  # the issuing organisation, whose numbers these are
    total_number: int = 0  # 0: the next one
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
    total_number: int = 0

    @property
    def label(self) -> str:
        """2026年第3期 for a 简报, the title for a work report."""
        return f"{self.year}年第{self.number}期" if self.kind == "简报" else self.title


class BriefingService(Service):
    read_permission = Permission.PRINT_REPORTS
    write_permission = Permission.PRINT_REPORTS

    def next_numbers(self, org_id: int, kind: str, year: int) -> Numbers:
        """The numbers the issuer's next issue of ``kind`` in ``year`` gets."""
        with self.reading() as s:
            return self._next(s, org_id, kind, year)

    def next_number(self, org_id: int, kind: str, year: int) -> int:
        """第X期 of the issuer's next issue (starts at 1 each year)."""
        return self.next_numbers(org_id, kind, year).number

    def issue(self, data: IssueInput) -> BriefingRow:
        """Keeps an issued document. Its numbers must still be the issuer's next ones (someone
        else may have issued in between: then nothing is kept and the user makes it again)."""
        if data.kind not in KINDS:
            raise ValidationError(f"材料类型“{data.kind}”无法识别，可选：{'、'.join(KINDS)}", field="类型")
        if not data.pdf.startswith(b"%PDF"):
            raise ValidationError("印发的材料不是PDF文件", field="PDF")
        title = " ".join(data.title.split())
        if not title:
            raise ValidationError("请填写标题", field="标题")
        year = data.issued_on.year
        with self.writing(CHANGE) as s:
            if s.get(Organization, data.org_id) is None:
                raise NotFoundError("找不到印发材料的党组织，请重新选择后再印发")
            expected = self._next(s, data.org_id, data.kind, year)
            if data.number != expected.number or data.total_number not in (0, expected.total):
                raise ConflictError(
                    f"{year}年{data.kind}第{data.number}期已经印发（下一期应为第{expected.number}期），"
                    "请重新生成后再印发"
                )
            b = Briefing(
                kind=data.kind, year=year, number=data.number, total_number=expected.total,
                title=title[:200], org_id=data.org_id, period_label=data.period_label[:60],
                period_start=data.period_start, period_end=data.period_end,
                issued_on=data.issued_on, issuer=data.issuer[:100], issued_by=self.actor.name,
                pages=data.pages, sha256=hashlib.sha256(data.pdf).hexdigest(),
                template=data.template, pdf=data.pdf,
            )
            s.add(b)
            s.flush()
            what = (f"{year}年第{data.number}期（总第{expected.total}期）{data.kind}" if data.kind == "简报"
                    else data.kind)
            audit.append(s, self.actor.name, "印发材料", entity="briefing", entity_id=b.id,
                         summary=f"{data.issuer or '本单位'}印发{what}“{title}”",
                         new={"类型": data.kind, "期号": data.number, "总期号": expected.total, "标题": title,
                              "印发单位": data.issuer, "印发日期": data.issued_on, "页数": data.pages,
                              "校验值": b.sha256})
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

    # ---- settings: the issuer's 版记, the templates' thresholds --------------------------------
    def issuer_settings(self, org_id: int) -> IssuerSettings:
        """What the organisation prints in its 版记 unless an issue says otherwise."""
        with self.reading() as s:
            row = s.get(Setting, self._issuer_key(s, org_id))
        try:
            data = json.loads(row.value) if row and row.value else {}
            return clean_issuer_settings(data.get("报头", ""), {k: data.get(k, "") for k in DISTRIBUTION},
                                         data.get("印数"))
        except (ValueError, AttributeError, ValidationError):
            return IssuerSettings()  # a damaged setting prints no 版记 rather than failing

    def set_issuer_settings(self, org_id: int, settings: IssuerSettings) -> IssuerSettings:
        clean = clean_issuer_settings(settings.masthead, settings.lines, settings.copies)
        value = {"报头": clean.masthead, **{k: clean.line(k) for k in DISTRIBUTION}, "印数": clean.copies}
        with self.writing(CHANGE) as s:
            key = self._issuer_key(s, org_id)
            row = s.get(Setting, key)
            old = json.loads(row.value) if row and row.value else {}
            if row is None:
                row = Setting(key=key)
                s.add(row)
            row.value = json.dumps(value, ensure_ascii=False)
            name = s.get(Organization, org_id).name  # type: ignore[union-attr]
            audit.append(s, self.actor.name, "修改版记", entity="setting", entity_id=key,
                         summary=f"修改“{name}”材料的报头和版记", old=old, new=value)
        return clean

    def thresholds(self) -> dict[str, Decimal]:
        """Every threshold with its value (the default unless the office changed it)."""
        with self.reading() as s:
            row = s.get(Setting, THRESHOLDS_KEY)
        try:
            stored = json.loads(row.value) if row and row.value else {}
        except ValueError:
            stored = {}
        out = {}
        for name, (default, _unit, _help) in THRESHOLDS.items():
            try:
                out[name] = Decimal(str(stored[name])) if name in stored else default
            except (InvalidOperation, TypeError):
                out[name] = default
        return out

    def set_threshold(self, name: str, value: Decimal | int | str) -> Decimal:
        if name not in THRESHOLDS:
            raise ValidationError(f"没有名为“{name}”的阈值，可选：{'、'.join(THRESHOLDS)}", field="阈值")
        try:
            number = Decimal(str(value).strip().rstrip("%％"))
        except InvalidOperation:
            raise ValidationError(f"“{name}”应填一个数，如 25", field=name) from None
        if not number.is_finite() or not (0 <= number <= 100000):
            raise ValidationError(f"“{name}”应在0到100000之间", field=name)
        values = {k: str(v) for k, v in self.thresholds().items()}
        old = values[name]
        values[name] = str(number)
        with self.writing(CHANGE) as s:
            row = s.get(Setting, THRESHOLDS_KEY)
            if row is None:
                row = Setting(key=THRESHOLDS_KEY)
                s.add(row)
            row.value = json.dumps(values, ensure_ascii=False)
            audit.append(s, self.actor.name, "修改设置", entity="setting", entity_id=THRESHOLDS_KEY,
                         summary=f"修改材料阈值“{name}”", old={name: old}, new={name: str(number)})
        return number

    @staticmethod
    def _issuer_key(s: Session, org_id: int) -> str:
        o = s.get(Organization, org_id)
        if o is None:
            raise NotFoundError("找不到这个党组织，请重新选择")
        return ISSUER_KEY + o.uuid

    @staticmethod
    def _next(s: Session, org_id: int, kind: str, year: int) -> Numbers:
        mine = (Briefing.org_id == org_id, Briefing.kind == kind)
        last = s.scalar(select(func.max(Briefing.number)).where(*mine, Briefing.year == year))
        total = s.scalar(select(func.max(Briefing.total_number)).where(*mine))
        return Numbers((last or 0) + 1, (total or 0) + 1)

    @staticmethod
    def _load(s: Session, briefing_id: int) -> Briefing:
        b = s.get(Briefing, briefing_id)
        if b is None:
            raise NotFoundError(f"找不到编号为{briefing_id}的已印发材料")
        return b

    @staticmethod
    def _row(b: Briefing, size: int) -> BriefingRow:
        return BriefingRow(b.id, b.kind, b.year, b.number, b.title, b.org_id, b.period_label,
                           b.issued_on, b.issuer, b.issued_by, b.pages, size, b.sha256, b.total_number)
