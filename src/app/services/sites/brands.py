"""Brand projects (一社区一特色一品牌) and their steps 品牌申报 → 组织实施 → 成果展示 → 评比验收, recorded
in order, none skipped; the last step recorded may be taken back (entered by mistake)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from app.db.models import Brand, BrandStep, Organization
from app.domain.kit.errors import ConflictError, ValidationError
from app.domain.kit.text import cn_date
from app.domain.sites.fields import BRAND_SPEC
from app.domain.sites.rules import BRAND_STEPS, check_step
from app.services.kit.records import AnySelect
from app.services.sites.base import SitesRecords
from app.services.sites.rows import BrandRow, BrandStepRow, SitesQuery


class BrandService(SitesRecords[BrandRow]):
    spec = BRAND_SPEC
    model = Brand
    row_type = BrandRow
    sorts = {"name": "name", "org_id": "org_id"}
    searched = ("name", "description")

    def rows(self, ids: Any) -> list[BrandRow]:
        out = super().rows(ids)
        if not out:
            return out
        steps: dict[int, list[BrandStepRow]] = {}
        with self.reading() as s:
            q = (select(BrandStep).where(BrandStep.brand_id.in_([r.id for r in out]))
                 .order_by(BrandStep.brand_id, BrandStep.step_no))
            for st in s.scalars(q):
                steps.setdefault(st.brand_id, []).append(BrandStepRow(st.step_no, st.step, st.done_on, st.result))
        return [BrandRow(**{**{k: getattr(r, k) for k in r.__dataclass_fields__}, "steps": tuple(steps.get(r.id, ()))})
                for r in out]

    def _rows_select(self, ids: list[int]) -> AnySelect:
        return select(Brand, Organization.name).join(Organization, Organization.id == Brand.org_id).where(
            Brand.id.in_(ids))

    def _row(self, record: Any, *extra: Any) -> BrandRow:
        return super()._row(record, extra[0], ())

    def _valid(self, s: Session, data: Any, current: Any) -> dict[str, Any]:
        values = super()._valid(s, data, current)
        same = select(Brand.id).where(Brand.org_id == values["org_id"], Brand.name == values["name"])
        if current is not None:
            same = same.where(Brand.id != current.id)
        if s.scalar(same.limit(1)) is not None:
            raise ConflictError(f"本社区已有名为“{values['name']}”的特色品牌", field="name")
        return values

    def record_step(self, brand_id: int, step: str, on: dt.date | None, result: str = "",
                    today: dt.date | None = None) -> BrandRow:
        """The brand's next step done on ``on`` with its result; a step out of order is refused."""
        text = (result or "").strip()
        with self.writing(self.spec.change) as s:
            brand = self._load(s, brand_id)
            done = [(st.step, st.done_on) for st in self._steps(s, brand.id)]
            try:
                check_step(done, step, on, text, today)
            except ValidationError as exc:
                raise ValidationError(f"{BRAND_SPEC.who(brand)}：{exc.message}", field=exc.field) from None
            assert on is not None
            s.add(BrandStep(brand_id=brand.id, step_no=len(done) + 1, step=step, done_on=on, result=text))
            s.flush()
            self._audit(s, None, f"品牌{step}", brand.id, f"{BRAND_SPEC.who(brand)}{step}（{cn_date(on)}）",
                        new={"步骤": step, "日期": on, "结果": text})
        return self.get(brand_id)

    def undo_step(self, brand_id: int) -> BrandRow:
        """Takes back the last step recorded."""
        with self.writing(self.spec.change) as s:
            brand = self._load(s, brand_id)
            steps = self._steps(s, brand.id)
            if not steps:
                raise ConflictError(f"{BRAND_SPEC.who(brand)}还没有登记任何步骤")
            last = steps[-1]
            s.execute(delete(BrandStep).where(BrandStep.id == last.id))
            self._audit(s, None, "撤回品牌步骤", brand.id, f"{BRAND_SPEC.who(brand)}撤回“{last.step}”",
                        old={"步骤": last.step, "日期": last.done_on, "结果": last.result})
        return self.get(brand_id)

    @staticmethod
    def _steps(s: Session, brand_id: int) -> list[BrandStep]:
        return list(s.scalars(select(BrandStep).where(BrandStep.brand_id == brand_id).order_by(BrandStep.step_no)))

    def of_subtree(self, org_id: int | None) -> list[BrandRow]:
        return self.rows(self.search_ids(SitesQuery(org_id=org_id)))


STEPS = BRAND_STEPS
