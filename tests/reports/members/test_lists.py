"""Roster list (landscape, header on every page, masked numbers) and sign-in sheet."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from app.reports.members.roster_list import render_roster_list
from app.reports.members.signin_sheet import render_signin_sheet
from tests.reports.kit.pdfcheck import fonts, reader


@dataclass(frozen=True)
class Row:
    name: str
    sex: str = "男"
    ethnicity: str = "汉族"
    birth_date: dt.date | None = dt.date(1975, 3, 8)
    education: str = "大学本科"
    member_type: str = "正式党员"
    category: str = "在职党员"
    org_name: str = "第一网格党支部"
    joined_on: dt.date | None = dt.date(2001, 7, 1)
    work_unit: str = "青山县第一中学"
    phone: str = "13812345678"
    id_number: str = "11010519491231002X"


ROWS = [Row(f"张堃{i}") for i in range(60)]


def test_roster_list_is_landscape_with_headers_page_counts_and_masking() -> None:
    pdf, pages = render_roster_list(ROWS, org_name="和平社区党委", printed_on=dt.date(2026, 7, 1))
    doc = reader(pdf)
    assert pages == len(doc.pages) >= 2
    for n, page in enumerate(doc.pages, start=1):
        assert float(page.mediabox.width) > float(page.mediabox.height)  # landscape
        t = page.extract_text().replace(" ", "")
        assert "公民身份号码" in t and "姓名" in t  # the header repeats
        assert f"第{n}页共{pages}页" in t and "打印日期：2026年7月1日" in t
        assert "13812345678" not in t and "138****5678" in t
        assert "11010519491231002X" not in t and "110***********002X" in t
    assert "张堃59" in doc.pages[-1].extract_text()
    assert all(fonts(pdf).values())


def test_roster_list_shows_numbers_to_those_permitted() -> None:
    pdf, _ = render_roster_list(ROWS[:3], show_sensitive=True)
    t = reader(pdf).pages[0].extract_text()
    assert "13812345678" in t and "11010519491231002X" in t


def test_signin_sheet_lists_every_member_with_room_to_sign() -> None:
    people = [Row(n) for n in ("张堃", "李喆", "王赟", "赵昇", "钱镕")]
    pdf, pages = render_signin_sheet(people, title="第一网格党支部主题党日签到表",
                                     date=dt.date(2026, 7, 1), place="党群服务中心")
    assert pages == 1
    t = reader(pdf).pages[0].extract_text().replace(" ", "")
    for expected in ("签到表", "2026年7月1日", "党群服务中心", "张堃", "钱镕", "签名", "应到5人"):
        assert expected in t
