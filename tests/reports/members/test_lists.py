"""Roster list (landscape, header on every page, masked numbers) and sign-in sheet."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from app.domain.kit.pinyin import name_keys
from app.reports.members.roster_list import render_roster_list
from app.reports.members.signin_sheet import render_signin_sheet
from tests.reports.kit.pdfcheck import fonts, reader, text


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


CATEGORIES = ("离退休党员", "在职党员", "下岗失业党员", "待业大学生党员", "进城务工党员")
BRANCHES = ("第十网格党支部", "第二网格党支部", "离退休党员党支部", "第一网格党支部")
SURNAMES = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许"


def county_rows(n: int) -> list[Row]:
    return [Row(f"{SURNAMES[i % 20]}{'建华国强'[i % 4]}{i}", category=CATEGORIES[i % 5], org_name=BRANCHES[i % 4],
                work_unit="青山县城关街道社区卫生服务中心" if i % 3 else "")
            for i in range(n)]


def _page_rows(page_text: str) -> list[str]:
    return [line for line in page_text.splitlines() if line.strip()[:1].isdigit() and "页" not in line]


def test_the_roster_uses_the_paper_grouped_by_branch_with_counts(tmp_path) -> None:
    rows = county_rows(530)
    pdf, pages = render_roster_list(rows, org_name="和平社区党委", printed_on=dt.date(2026, 7, 1))
    assert pages <= 530 // 25 + 1  # was 36 pages at 13–15 rows
    layout = _layout(pdf, tmp_path)
    for n, page in enumerate(layout[1:-1], start=2):  # every full page after the first
        assert len(_page_rows(page)) >= 25, n
    whole = "\n".join(layout)
    # no column wraps its words: categories and units print whole on one line
    for category in CATEGORIES:
        assert category in whole
    assert "青山县城关街道社区卫生服务中心" in whole
    # grouped by branch in natural order (第一, 第二, 第十, then the others), each with its count
    heads = [line.strip() for line in whole.splitlines() if "名）" in line and "党支部" in line]
    assert heads == ["第一网格党支部（132名）", "第二网格党支部（133名）", "第十网格党支部（133名）",
                     "离退休党员党支部（132名）"]
    # within a branch by name (pinyin), numbered straight through
    first_group = [line.split()[1] for line in _page_rows(layout[0])][:5]
    assert first_group == sorted(first_group, key=lambda s: name_keys(s)[0])


def test_a_roster_in_another_order_is_printed_in_that_order(tmp_path) -> None:
    rows = county_rows(30)[::-1]
    pdf, _ = render_roster_list(rows, grouped=False)
    names = [line.split()[1] for line in _page_rows(_layout(pdf, tmp_path)[0])]
    assert names[:3] == [r.name for r in rows[:3]]
    assert "名）" not in text(pdf)  # no group rows


def test_a_branch_going_on_to_the_next_page_is_named_again(tmp_path) -> None:
    pdf, _ = render_roster_list([Row(f"张{i}", org_name="第一网格党支部") for i in range(40)])
    second = _layout(pdf, tmp_path)[1]
    assert "第一网格党支部（续）" in second


def test_signin_sheet_runs_down_the_left_then_the_right_of_each_page(tmp_path) -> None:
    people = [Row(f"党员{i:03d}") for i in range(1, 80)]
    pdf, pages = render_signin_sheet(people, title="和平社区党委主题党日签到表", date=dt.date(2026, 7, 1))
    layout = _layout(pdf, tmp_path)
    assert pages == len(layout) >= 2
    per_page = []
    for page in layout:
        pairs = [line.split() for line in page.splitlines() if line.strip()[:1].isdigit() and "党员" in line]
        left = [int(p[0]) for p in pairs]
        right = [int(p[2]) for p in pairs if len(p) >= 4]
        per_page.append((left, right))
    (left1, right1), (left2, _right2) = per_page[0], per_page[1]
    rows1 = len(left1)
    assert left1 == list(range(1, rows1 + 1)) and right1 == list(range(rows1 + 1, 2 * rows1 + 1))
    assert left2[0] == 2 * rows1 + 1  # page 2 goes on from page 1, not beside the far end
    assert "应到79人" in layout[0]
    everyone = sorted(n for left, right in per_page for n in left + right)
    assert everyone == list(range(1, 80))


def _layout(pdf: bytes, tmp) -> list[str]:  # type: ignore[no-untyped-def]
    import subprocess

    path = tmp / "list.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return [p for p in out.split("\f") if p.strip()]
