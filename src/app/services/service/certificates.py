"""志愿服务记录证明 (志愿服务记录与证明出具办法, 2021): issued for a person over a period from the
confirmed records only, numbered sequentially within the year, logged, and kept as issued so
that a reprint shows exactly what the first print showed."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass

from sqlalchemy import func, select

from app.db.models import Certificate, Organization, Volunteer
from app.domain.access.permissions import Permission
from app.domain.kit.changes import Change
from app.domain.kit.errors import NotFoundError, ValidationError
from app.domain.kit.masking import mask_id
from app.domain.kit.text import cn_date
from app.services.kit.base import Service
from app.services.safety import audit
from app.services.service.totals import ServiceTotals

CHANGE = Change.SERVICE


@dataclass(frozen=True)
class CertificateContent:
    number: str
    name: str
    id_type: str
    id_masked: str
    date_from: str  # ISO dates: kept as JSON
    date_to: str
    total_tenths: int
    services: tuple[tuple[str, str, int], ...]  # (date, content, tenths)
    issuer: str
    person_in_charge: str
    handler: str
    contact: str
    issued_on: str

    @classmethod
    def from_json(cls, text: str) -> CertificateContent:
        data = json.loads(text)
        data["services"] = tuple(tuple(x) for x in data["services"])
        return cls(**data)


def _field(text: str, label: str, limit: int = 40) -> str:
    value = " ".join(str(text or "").split())
    if len(value) > limit:
        raise ValidationError(f"{label}过长（最多{limit}个字）", field=label)
    return value


class CertificateService(Service):
    read_permission = Permission.VIEW_RECORDS
    write_permission = Permission.PRINT_REPORTS

    def issue(self, volunteer_id: int, date_from: dt.date | None, date_to: dt.date | None, *, person_in_charge: str = "",
              handler: str = "", contact: str = "", issuer: str = "") -> CertificateContent:
        """A new certificate over the confirmed records of the period (all of them by default)."""
        today = dt.date.today()
        date_to = min(date_to or today, today)
        if date_from is not None and date_from > date_to:
            raise ValidationError("证明的开始日期晚于结束日期，请核对", field="日期")
        history = self.alongside(ServiceTotals).person_history(volunteer_id, date_from, date_to)
        with self.writing(CHANGE) as s:
            person = s.get(Volunteer, volunteer_id)
            if person is None:
                raise NotFoundError(f"找不到编号为{volunteer_id}的志愿者，请刷新后重试")
            if not history:
                raise ValidationError(f"“{person.name}”在所选期间没有已确认的志愿服务记录，不能出具证明", field="日期")
            org = s.get(Organization, person.org_id)
            year = today.year
            seq = (s.scalar(select(func.max(Certificate.seq)).where(Certificate.year == year)) or 0) + 1
            first = date_from or min(d for d, _c, _t in history if d is not None)
            content = CertificateContent(
                number=f"〔{year}〕第{seq:04d}号", name=person.name, id_type="居民身份证",
                id_masked=mask_id(person.id_number) if person.id_number else "",
                date_from=first.isoformat(), date_to=date_to.isoformat(), total_tenths=sum(t for _d, _c, t in history),
                services=tuple((d.isoformat() if d else "", c, t) for d, c, t in history),
                issuer=_field(issuer or (org.name if org else ""), "出具组织", 60),
                person_in_charge=_field(person_in_charge, "负责人", 30), handler=_field(handler, "经办人", 30) or self.actor.name[:30],
                contact=_field(contact, "联系电话", 30),  # the issuing office's number, shown in full
                issued_on=today.isoformat())
            s.add(Certificate(year=year, seq=seq, number=content.number, volunteer_id=volunteer_id, issued_on=today,
                              issued_by=self.actor.name, content=json.dumps(asdict(content), ensure_ascii=False)))
            audit.append(s, self.actor.name, "出具志愿服务记录证明", entity="service_certificate", entity_id=content.number,
                         summary=f"为“{person.name}”出具志愿服务记录证明{content.number}（{cn_date(first)}至{cn_date(date_to)}）")
        return content

    def reprint(self, number: str) -> CertificateContent:
        """The certificate exactly as issued."""
        with self.reading() as s:
            text = s.scalar(select(Certificate.content).where(Certificate.number == number))
        if text is None:
            raise NotFoundError(f"没有编号为{number}的志愿服务记录证明")
        return CertificateContent.from_json(text)

    def issued(self, volunteer_id: int | None = None) -> list[tuple[str, str, dt.date, str]]:
        """(number, name, issued on, by whom) of the certificates issued, newest first."""
        stmt = (select(Certificate.number, Volunteer.name, Certificate.issued_on, Certificate.issued_by)
                .join(Volunteer, Volunteer.id == Certificate.volunteer_id)
                .order_by(Certificate.year.desc(), Certificate.seq.desc()))
        if volunteer_id is not None:
            stmt = stmt.where(Certificate.volunteer_id == volunteer_id)
        with self.reading() as s:
            return [(n, name, d, by) for n, name, d, by in s.execute(stmt)]

    def volunteer_by_id_number(self, id_number: str) -> int:
        text = str(id_number or "").strip().upper()
        with self.reading() as s:
            vid = s.scalar(select(Volunteer.id).where(Volunteer.id_number == text))
        if vid is None:
            raise ValidationError(f"没有身份证号为{mask_id(text) if len(text) == 18 else text[:20]}的志愿者", field="身份证号")
        return vid
