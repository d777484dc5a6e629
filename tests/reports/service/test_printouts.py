"""The quarterly feedback to units and the 志愿服务记录证明, read back from the PDF; only
confirmed records count; certificates numbered in sequence, logged, reprinted identically."""

from __future__ import annotations

import datetime as dt

import pytest

from app.domain.kit.errors import PermissionDenied, ValidationError
from app.reports.service.printouts import print_feedback, render_certificate
from app.services.container import Services
from app.services.kit.base import Actor
from app.services.service.feedback import parse_quarter, quarter_days
from tests.reports.kit.pdfcheck import fonts, reader, text
from tests.services.cobuild.helpers import unit
from tests.services.service.helpers import DAY, Place, build_place, record

YEAR, QUARTER = DAY.year, (DAY.month - 1) // 3 + 1


@pytest.fixture
def place(services: Services) -> Place:
    p = build_place(services)
    r = services.service_records
    a = r.create(record(p, content="调解邻里纠纷", start="9:00", end="11:30"))
    r.create(record(p, p.volunteer_ids[1], content="未确认的服务"))  # waits: never printed
    b = r.create(record(p, p.resident_id, content="清扫楼道"))
    r.confirm([a.id, b.id])
    return p


def flat(pdf: bytes) -> str:
    return text(pdf).replace("\n", "").replace(" ", "")


@pytest.mark.parametrize(("raw", "expected"), [("2026Q3", (2026, 3)), ("2026q1", (2026, 1)),
                                               ("2026年第3季度", (2026, 3)), ("２０２６年第四季度", (2026, 4))])
def test_a_quarter_is_read_as_typed(raw: str, expected: tuple[int, int]) -> None:
    assert parse_quarter(raw) == expected


@pytest.mark.parametrize("raw", ["2026Q5", "Q3", "", "2026-07", "1900Q1", "2026Q3; rm -rf /"])
def test_a_bad_quarter_is_refused_in_chinese(raw: str) -> None:
    with pytest.raises(ValidationError, match="无法识别"):
        parse_quarter(raw)


def test_feedback_has_one_page_a_unit_with_only_confirmed_services(services: Services, place: Place,
                                                                  tmp_path) -> None:
    from app.services.service.rows import ReportInput
    from tests.services.cobuild.helpers import in_service

    school = services.units.create(unit(place.tree.community, "青山县实验小学")).id
    teacher = in_service(services, place.tree.branch_a, "赵老师", work_unit="青山县实验小学")
    services.reports.report_in(ReportInput(teacher, school, place.tree.community, quarter_days(YEAR, QUARTER)[0]))
    pdf, pages = print_feedback(services, YEAR, QUARTER, remarks="服务积极，群众满意")
    assert pages == 2 and len(reader(pdf).pages) == 2
    first = reader(pdf).pages[0].extract_text().replace("\n", "").replace(" ", "")
    assert "在职党员到社区报到服务情况反馈表" in first and "青山县人民医院" in first
    assert "调解邻里纠纷" in first and "2.5" in first and "未确认的服务" not in first and "清扫楼道" not in first
    assert "社区意见：服务积极，群众满意" in first and "还差" in first
    second = reader(pdf).pages[1].extract_text().replace("\n", "").replace(" ", "")
    assert "青山县实验小学" in second and "赵老师" in second
    assert all(fonts(pdf).values())  # fonts embedded
    one, n = print_feedback(services, YEAR, QUARTER, unit_id=school)
    assert n == 1 and "赵老师" in flat(one) and "青山县人民医院" not in flat(one)
    (tmp_path / "feedback.pdf").write_bytes(pdf)


def test_feedback_for_a_unit_without_reported_members_is_refused(services: Services, place: Place) -> None:
    empty = services.units.create(unit(place.tree.community, "空单位")).id
    with pytest.raises(ValidationError, match="没有到社区报到的在职党员"):
        print_feedback(services, YEAR, QUARTER, unit_id=empty)


def test_a_certificate_states_what_the_rules_ask_and_reprints_identically(services: Services, place: Place) -> None:
    c = services.certificates.issue(place.resident_id, None, None, person_in_charge="李书记", handler="王干事",
                                    contact="0531-88886666")
    assert c.number == f"〔{dt.date.today().year}〕第0001号" and c.total_tenths == 20
    pdf, pages = render_certificate(c)
    got = flat(pdf)
    for words in ("志愿服务记录证明", "王阿姨", "居民身份证", c.id_masked, "累计志愿服务时长2.0小时", "清扫楼道",
                  "出具组织：和平社区党委", "负责人：李书记", "经办人：王干事", "联系电话：0531-88886666", "（盖章）",
                  c.number):
        assert words.replace(" ", "") in got, words
    assert "*" in c.id_masked and pages == 1
    # Records confirmed later do not change a certificate already issued.
    more = services.service_records.create(record(place, place.resident_id, day=DAY - dt.timedelta(days=2)))
    services.service_records.confirm([more.id])
    again = services.certificates.reprint(c.number)
    assert again == c and flat(render_certificate(again)[0]) == got
    second = services.certificates.issue(place.resident_id, None, None)
    assert second.number.endswith("第0002号") and second.total_tenths == 40
    assert [n for n, *_ in services.certificates.issued(place.resident_id)] == [second.number, c.number]


def test_a_certificate_needs_confirmed_service_and_the_right_to_print(services: Services, place: Place) -> None:
    with pytest.raises(ValidationError, match="没有已确认的志愿服务记录"):
        services.certificates.issue(place.volunteer_ids[1], None, None)
    with pytest.raises(ValidationError, match="过长"):
        services.certificates.issue(place.resident_id, None, None, handler="经" * 31)
    with pytest.raises(ValidationError, match="开始日期晚于结束日期"):
        services.certificates.issue(place.resident_id, DAY, DAY - dt.timedelta(days=5))
    assert services.certificates.issued() == []
    services.act_as(Actor("审计", role="审计员"))
    with pytest.raises(PermissionDenied):
        services.certificates.issue(place.resident_id, None, None)
