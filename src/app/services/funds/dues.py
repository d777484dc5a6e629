"""Party dues (党费): each member's yearly assessment, monthly payments, the list of who has not
paid, remittances upward, and dues returned to the community (党费补助, income in the ledger).

The brackets and the months are the domain's (app.domain.funds.dues); the rounding step and
way, and the farmers' amount, are settings of the office.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db.models import DuesAssessment, DuesPayment, DuesRemittance, Member, Organization
from app.domain.access.permissions import Permission
from app.domain.funds import dues as rules
from app.domain.kit.changes import Change
from app.domain.kit.dates import month_text
from app.domain.kit.errors import ConflictError, NotFoundError, ValidationError
from app.domain.kit.money import format_yuan, parse_fen
from app.domain.kit.text import cn_date
from app.domain.members.rules import ON_RECORD
from app.services.funds.dues_rows import (
    AssessInput,
    AssessmentRow,
    DuesTotals,
    PaymentResult,
    UnpaidRow,
)
from app.services.kit.base import Service
from app.services.orgs.service import subtree_select
from app.services.safety import audit

MAX_RECEIPT = 30


class DuesService(Service):
    read_permission = Permission.VIEW_RECORDS
    write_permission = Permission.EDIT_RECORDS

    # ---- settings and calculation ---------------------------------------------------------
    def settings(self) -> rules.DuesSettings:
        from app.services.access.settings import SettingsService

        get = self.alongside(SettingsService).get
        return rules.DuesSettings(step=Decimal(str(get("dues_step"))),
                                  rounding=rules.ROUNDINGS.get(str(get("dues_rounding")), ROUND_HALF_UP),
                                  farmer_amount=Decimal(str(get("dues_farmer_amount"))))

    def calculate(self, kind: object, base: object = None) -> rules.DuesAssessment:
        """The 党费计算 dialog's and `dues calc`'s answer: rate, bracket and monthly amount."""
        return rules.assess_dues(kind, base, self.settings())

    # ---- assessments ----------------------------------------------------------------------
    def assessment(self, member_id: int, year: int) -> AssessmentRow | None:
        with self.reading() as s:
            a = s.scalar(select(DuesAssessment).where(DuesAssessment.member_id == member_id,
                                                      DuesAssessment.year == year))
            return None if a is None else _assessment_row(a)

    def assess(self, member_id: int, year: int, kind: object, base: object = None, *, reduced: object = None,
               reduction_body: str = "", reduction_on: dt.date | None = None, remarks: str = "") -> AssessmentRow:
        """Fixes a member's monthly dues for ``year`` (a re-assessment replaces it, audited)."""
        result = self.calculate(kind, base)
        reduced_fen = None
        if reduced not in (None, ""):
            reduced_fen = rules.check_reduction(result.monthly_fen, reduced, reduction_body, reduction_on)
        with self.writing(Change.DUES) as s:
            self._assess(s, member_id, year, result, reduced_fen, reduction_body.strip(), reduction_on, remarks)
        found = self.assessment(member_id, year)
        assert found is not None
        return found

    def assess_from(self, member_id: int, year: int, data: AssessInput) -> AssessmentRow:
        """The 核定党费 form's save: an assessment, or a re-assessment in the year with its reason;
        months already paid keep what was paid, the months still owed follow the new amount."""
        remarks = " ".join((data.remarks or "").split())
        if len(remarks) > 100:
            raise ValidationError("核定原因太长了，最多100个字", field="remarks")
        if len((data.reduction_body or "").strip()) > 60:
            raise ValidationError("批准组织名称太长了，最多60个字", field="reduction_body")
        if data.reduction_on is not None and data.reduction_on > dt.date.today():
            raise ValidationError("批准日期晚于今天，请核对", field="reduction_on")
        if self.assessment(member_id, year) is not None and not remarks:
            raise ValidationError(f"{year}年度已核定过党费，重新核定请写明原因", field="remarks")
        return self.assess(member_id, year, data.kind, data.base, reduced=data.reduced,
                           reduction_body=data.reduction_body or "", reduction_on=data.reduction_on,
                           remarks=remarks)

    def assess_many(self, rows: Sequence[tuple[int, int, object, object]]) -> int:
        """(member_id, year, kind, base) for many members in one transaction (an import, demo)."""
        settings = self.settings()
        results = [(m, y, rules.assess_dues(k, b, settings)) for m, y, k, b in rows]
        with self.writing(Change.DUES) as s:
            for member_id, year, result in results:
                self._assess(s, member_id, year, result, None, "", None, "")
        return len(results)

    def _assess(self, s: Session, member_id: int, year: int, result: rules.DuesAssessment, reduced: int | None,
                body: str, on: dt.date | None, remarks: str) -> None:
        member = s.get(Member, member_id)
        if member is None:
            raise NotFoundError("找不到该党员，请刷新")
        if not 2000 <= year <= dt.date.today().year + 1:
            raise ValidationError(f"年度{year}不对，请核对", field="year")
        row = s.scalar(select(DuesAssessment).where(DuesAssessment.member_id == member_id,
                                                    DuesAssessment.year == year))
        values = {"kind": str(result.kind), "base": result.base_fen, "rate": result.rate_text,
                  "bracket": result.bracket[:40], "monthly": result.monthly_fen, "reduced": reduced,
                  "reduction_body": body[:60], "reduction_on": on, "remarks": remarks}
        shown = {"党费类别": values["kind"], "基数": None if result.base_fen is None else format_yuan(result.base_fen),
                 "每月党费": format_yuan(result.monthly_fen)}
        if reduced is not None:
            shown["减免后每月党费"] = format_yuan(reduced)
        if row is None:
            s.add(DuesAssessment(member_id=member_id, year=year, **values))
            action = "核定党费"
        else:
            for key, value in values.items():
                setattr(row, key, value)
            action = "重新核定党费"
        audit.append(s, self.actor.name, action, entity="dues", entity_id=member_id,
                     summary=f"{action}：{member.name}{year}年每月{format_yuan(reduced or result.monthly_fen)}元",
                     new=shown)

    # ---- payments -------------------------------------------------------------------------
    def pay(self, member_id: int, first: dt.date, last: dt.date | None = None, *, paid_on: dt.date | None = None,
            receipt_no: str = "", amount: object = None, remarks: str = "") -> PaymentResult:
        """One payment for one or several months; ``amount`` (if typed) must be what they owe.
        Back payment beyond 6 months is flagged, not refused."""
        with self.writing(Change.DUES) as s:
            return self._pay(s, member_id, first, last, paid_on or dt.date.today(), receipt_no, amount, remarks)

    def pay_many(self, payments: Sequence[tuple[int, dt.date, dt.date | None, dt.date, str]]) -> int:
        """(member_id, first month, last month, paid on, receipt) for many in one transaction."""
        with self.writing(Change.DUES) as s:
            for member_id, first, last, paid_on, receipt in payments:
                self._pay(s, member_id, first, last, paid_on, receipt, None, "")
        return len(payments)

    def _pay(self, s: Session, member_id: int, first: dt.date, last: dt.date | None, paid_on: dt.date,
             receipt_no: str, amount: object, remarks: str) -> PaymentResult:
        months = rules.covered_months(first, last)
        receipt_no = " ".join((receipt_no or "").split())
        if len(receipt_no) > MAX_RECEIPT:
            raise ValidationError(f"收据号太长了，最多{MAX_RECEIPT}个字", field="receipt_no")
        if months[-1] > rules.add_months(rules.month_of(paid_on), 12):
            raise ValidationError("预交党费最多预交到一年以后，请核对月份", field="month")
        warning = rules.back_payment_warning(months, paid_on)
        member = s.get(Member, member_id)
        if member is None:
            raise NotFoundError("找不到该党员，请刷新")
        due = self._due_by_month(s, member_id, months)
        total = sum(due.values())
        if amount not in (None, ""):
            typed = parse_fen(amount, "交纳金额", allow_zero=False)
            if typed != total:
                raise ValidationError(f"交纳金额{format_yuan(typed or 0)}元与应交的{format_yuan(total)}元"
                                      f"（{len(months)}个月）不符，请核对", field="amount")
        done = set(s.scalars(select(DuesPayment.month).where(DuesPayment.member_id == member_id,
                                                             DuesPayment.month.in_(months))))
        if done:
            raise ConflictError(f"{member.name}{month_text(min(done))}的党费已经交过了")
        for month in months:
            s.add(DuesPayment(member_id=member_id, month=month, amount=due[month], paid_on=paid_on,
                              receipt_no=receipt_no, late=(warning or "")[:120], remarks=remarks))
        span = month_text(months[0]) + ("" if len(months) == 1 else f"至{month_text(months[-1])}")
        audit.append(s, self.actor.name, "交纳党费", entity="dues", entity_id=member_id,
                     summary=f"{member.name}交纳{span}党费{format_yuan(total)}元",
                     new={"月份": span, "金额": format_yuan(total), "收据号": receipt_no,
                          "交纳日期": paid_on.isoformat()})
        return PaymentResult(months, total, warning)

    def _due_by_month(self, s: Session, member_id: int, months: Sequence[dt.date]) -> dict[dt.date, int]:
        years = sorted({m.year for m in months})
        found = {a.year: a for a in s.scalars(select(DuesAssessment).where(
            DuesAssessment.member_id == member_id, DuesAssessment.year.in_(years)))}
        for year in years:
            if year not in found:
                raise ConflictError(f"该党员{year}年度的党费还没有核定，请先核定（党费类别和基数）")
        return {m: _monthly(found[m.year]) for m in months}

    def paid_months(self, member_id: int, year: int) -> list[dt.date]:
        with self.reading() as s:
            return list(s.scalars(select(DuesPayment.month).where(
                DuesPayment.member_id == member_id, DuesPayment.month >= dt.date(year, 1, 1),
                DuesPayment.month <= dt.date(year, 12, 1)).order_by(DuesPayment.month)))

    # ---- who has not paid -----------------------------------------------------------------
    def unpaid(self, month: dt.date, org_id: int | None = None) -> list[UnpaidRow]:
        """Members on record who have not paid for ``month``, by branch and name, with how many
        months of the year they owe up to it; six or more in a row is flagged."""
        month = rules.month_of(month)
        start = dt.date(month.year, 1, 1)
        a, p = DuesAssessment, DuesPayment
        paid_this = select(p.member_id).where(p.month == month)
        q = (select(Member.id, Member.name, Organization.name, Member.joined_on, a.monthly, a.reduced)
             .join(Organization, Organization.id == Member.org_id)
             .outerjoin(a, (a.member_id == Member.id) & (a.year == month.year))
             .where(Member.status == ON_RECORD, Member.id.not_in(paid_this))
             .order_by(Member.org_id, Member.name_pinyin, Member.id))
        if org_id is not None:
            q = q.where(Member.org_id.in_(subtree_select(org_id)))
        with self.reading() as s:
            found = s.execute(q).all()
            ids = [r[0] for r in found]
            paid: dict[int, list[dt.date]] = {}
            for i in range(0, len(ids), 500):
                for member_id, m in s.execute(select(p.member_id, p.month).where(
                        p.member_id.in_(ids[i:i + 500]), p.month >= start, p.month <= month)):
                    paid.setdefault(member_id, []).append(m)
        out = []
        for member_id, name, org_name, joined, monthly, reduced in found:
            first = rules.dues_start(month.year, joined)
            if first > month:
                continue  # admitted after this month
            owed = rules.unpaid_months(paid.get(member_id, []), first, month)
            run = 0
            for m in reversed(owed):
                if m != rules.add_months(month, -run):
                    break
                run += 1
            amount = None if monthly is None else (reduced if reduced is not None else monthly)
            out.append(UnpaidRow(member_id, name, org_name, amount, len(owed), run >= rules.BACK_PAYMENT_LIMIT))
        return out

    def totals(self, org_id: int | None, start: dt.date, end: dt.date) -> DuesTotals:
        """Due and paid for the months from ``start`` to ``end``, members not paid in the last
        month, and what was remitted in the period."""
        months = rules.covered_months(start, end) if rules.months_between(start, end) < 24 else ()
        a, p = DuesAssessment, DuesPayment
        scope = [Member.org_id.in_(subtree_select(org_id))] if org_id is not None else []
        with self.reading() as s:
            due = 0
            for year in sorted({m.year for m in months}):
                count = sum(1 for m in months if m.year == year)
                due += int(s.scalar(select(func.sum(func.coalesce(a.reduced, a.monthly)))
                                    .join(Member, Member.id == a.member_id)
                                    .where(a.year == year, Member.status == ON_RECORD, *scope)) or 0) * count
            paid = int(s.scalar(select(func.sum(p.amount)).join(Member, Member.id == p.member_id)
                                .where(p.month >= rules.month_of(start), p.month <= rules.month_of(end), *scope)) or 0)
            r = DuesRemittance
            rscope = [r.org_id.in_(subtree_select(org_id))] if org_id is not None else []
            remitted = int(s.scalar(select(func.sum(r.amount)).where(r.remitted_on >= start, r.remitted_on <= end,
                                                                     *rscope)) or 0)
        unpaid = len(self.unpaid(end, org_id)) if months else 0
        return DuesTotals(due, paid, unpaid, remitted)

    # ---- remittances ----------------------------------------------------------------------
    def remit(self, org_id: int, on: dt.date | None, amount: object, to_org: str, receipt_no: str = "",
              remarks: str = "") -> int:
        fen = parse_fen(amount, "上缴金额", allow_zero=False)
        to_org = " ".join((to_org or "").split())
        if not to_org:
            raise ValidationError("请填写党费上缴给哪个党组织", field="to_org")
        if len(to_org) > 60:
            raise ValidationError("上缴党组织名称太长了，最多60个字", field="to_org")
        if not isinstance(on, dt.date):
            raise ValidationError("请填写上缴日期", field="remitted_on")
        if on > dt.date.today():
            raise ValidationError(f"上缴日期{cn_date(on)}晚于今天，请核对", field="remitted_on")
        receipt_no = " ".join((receipt_no or "").split())
        if len(receipt_no) > 30:
            raise ValidationError("收据号太长了，最多30个字", field="receipt_no")
        remarks = (remarks or "").strip()
        if len(remarks) > 500:
            raise ValidationError("备注太长了，最多500个字", field="remarks")
        with self.writing(Change.DUES) as s:
            if s.get(Organization, org_id) is None:
                raise NotFoundError("找不到该党组织，请刷新")
            row = DuesRemittance(org_id=org_id, remitted_on=on, amount=fen, to_org=to_org,
                                 receipt_no=receipt_no, remarks=remarks)
            s.add(row)
            s.flush()
            audit.append(s, self.actor.name, "上缴党费", entity="dues_remittance", entity_id=row.id,
                         summary=f"上缴党费{format_yuan(fen or 0)}元给{to_org}")
            return row.id


    def returned(self, org_id: int, on: dt.date, amount: object, summary: str = "上级党委返还党费") -> int:
        """Dues returned to the community (党费补助): posted as income in the ledger."""
        from app.services.funds.ledger import LedgerService
        from app.services.funds.rows import EntryInput

        data = EntryInput(org_id=org_id, entry_date=on, summary=summary, direction="收入", source_id="党费补助",
                          amount=amount)
        return self.alongside(LedgerService).create_posted(data).id


def _monthly(a: DuesAssessment) -> int:
    return a.reduced if a.reduced is not None else a.monthly


def _assessment_row(a: DuesAssessment) -> AssessmentRow:
    return AssessmentRow(a.member_id, a.year, a.kind, a.base, a.rate, a.bracket, a.monthly, a.reduced,
                         a.reduction_body, a.reduction_on)
