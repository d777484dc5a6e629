"""The demonstration county's co-building records: realistic, valid, every status shown."""

from __future__ import annotations

from app.domain.cobuild.credit_code import is_valid_credit_code
from app.domain.cobuild.lists import ItemStatus
from app.services.cobuild.agreement_query import AgreementQuery
from app.services.cobuild.list_rows import ListQuery
from app.services.cobuild.unit_query import UnitQuery
from app.services.container import Services


def test_units_have_valid_codes_members_and_one_has_left(demo_services: Services) -> None:
    s = demo_services
    units = s.units.rows(s.units.search_ids(UnitQuery(status="全部")))
    assert len(units) >= 25 and all(is_valid_credit_code(u.credit_code) for u in units)
    assert {u.unit_type for u in units} == {"机关", "事业单位", "国有企业", "非公企业", "社会组织"}
    assert sum(1 for u in units if not u.in_area) == 1
    assert sum(u.member_count for u in units) > 0  # in-service members linked by their 工作单位
    hospital = next(u for u in units if u.name == "青山县人民医院")
    assert all(m.work_unit == "青山县人民医院" for m in s.units.unit_members(hospital.id))


def test_agreements_in_every_status_with_commitments_and_renewals(demo_services: Services) -> None:
    s = demo_services
    for status in ("草拟", "生效", "即将到期", "已到期", "已终止"):
        assert s.agreements.count(AgreementQuery(status=status)) > 0, status
    assert s.agreements.ending_within()
    rows = s.agreements.rows(s.agreements.search_ids(AgreementQuery()))
    renewed = [r for r in rows if r.previous_id is not None]
    assert renewed and all(r.item_count >= 1 for r in renewed)  # open commitments carried over
    assert sum(r.items_done for r in rows) > 0


def test_lists_meetings_and_appraisal(demo_services: Services) -> None:
    s = demo_services
    counts = s.lists.counts_by_status(ListQuery())
    assert all(counts[st.value] > 0 for st in ItemStatus)
    assert s.lists.count(ListQuery(overdue=True)) > 0
    for kind in ("需求清单", "资源清单", "项目清单"):
        assert s.lists.count(ListQuery(kind=kind)) > 0
    assert s.meetings.count_all() >= 6
    scored = [r for r in s.appraisals.rounds() if r.sheets]
    assert scored and s.appraisals.table(scored[0].id)[0].rank == 1
