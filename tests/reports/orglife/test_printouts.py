"""The sign-in sheet, the 会议记录 page and the yearly attendance summary read back (pypdf) and
rendered to PNG: names and counts where a clerk looks for them, fonts embedded, A4."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from app.reports.orglife.printouts import print_attendance_summary, print_record, print_signin
from app.services.container import Services
from tests.reports.kit.pdfcheck import fonts, reader, text
from tests.services.orglife.helpers import meeting, roster


def _png(pdf: bytes, tmp: Path, name: str) -> Path:
    if shutil.which("pdftoppm") is None:
        pytest.skip("poppler-utils 未安装")
    src = tmp / f"{name}.pdf"
    src.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "1", str(src), str(tmp / name)], check=True)
    out = next(tmp.glob(f"{name}*.png"))
    assert out.stat().st_size > 3000  # a page with print on it, not a blank
    return out


@pytest.fixture
def held(services: Services) -> tuple[Services, int, int]:
    r = roster(services)
    m = services.orglife.create(meeting(r.tree.branch_a, "党课", speaker="李书记", topic="弘扬伟大建党精神",
                                        minutes="李书记讲授党课。\n=cmd|' /C calc'!A0", decisions="每月开展一次志愿服务。"))
    services.orglife.all_present(m.id)
    services.orglife.set_attendance(m.id, {i: ({"李秀英": "请假", "王红梅": "缺席"}.get(n, "出席"),
                                               "外出务工" if n == "李秀英" else "") for n, i in r.members.items()})
    return services, m.id, r.tree.branch_a


def test_the_sign_in_sheet_lists_the_roster_with_room_to_sign(held, tmp_path: Path) -> None:
    services, meeting_id, _org = held
    pdf, pages = print_signin(services, meeting_id)
    words = text(pdf)
    assert pages == 1 and "党课签到表" in words and "主讲人：李书记" in words and "签名" in words
    assert all(n in words for n in ("张建国", "李秀英", "王红梅", "赵志强")) and "应到4人" in words
    assert all(fonts(pdf).values())
    box = reader(pdf).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    _png(pdf, tmp_path, "signin")


def test_the_record_names_who_was_absent_and_on_leave(held, tmp_path: Path) -> None:
    services, meeting_id, _org = held
    pdf, _pages = print_record(services, meeting_id)
    words = text(pdf).replace("\n", "")
    assert "党课会议记录" in words and "应到4人，实到2人，请假1人，缺席1人" in words
    assert "李秀英（外出务工）" in words and "缺席人员：王红梅" in words
    assert "弘扬伟大建党精神" in words and "每月开展一次志愿服务" in words and "=cmd" in words  # printed as text
    _png(pdf, tmp_path, "record")


def test_the_yearly_summary_gives_each_member_a_rate(held, tmp_path: Path) -> None:
    services, _meeting_id, org = held
    year = services.orglife.get(_meeting_id).held_on.year
    pdf, _pages = print_attendance_summary(services, org, year)
    words = text(pdf)
    assert f"{year}年度组织生活出勤情况汇总表" in words and "出勤率" in words
    assert "100.0%" in words and "0.0%" in words and "合计：应到4人次，出席2人次，出勤率50.0%" in words.replace("\n", "")
    _png(pdf, tmp_path, "summary")


def _photo_bytes(fmt: str, color: str, size: tuple[int, int]) -> bytes:
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", size, color).save(buf, fmt)
    return buf.getvalue()


def test_the_record_prints_the_meetings_photos_and_names_a_picture_it_cannot_show(held, tmp_path: Path) -> None:
    services, meeting_id, _org = held
    photos = services.meeting_files
    photos.attach(meeting_id, "会场全景.jpg", _photo_bytes("JPEG", "#c8102e", (1600, 900)))
    photos.attach(meeting_id, "签到.png", _photo_bytes("PNG", "#2050a0", (600, 800)))
    # A PNG head on a body that is not one: accepted as a file, not shown as a picture.
    photos.attach(meeting_id, "损坏.png", b"\x89PNG\r\n\x1a\n" + b"\x13" * 200)
    photos.attach(meeting_id, "签到表扫描.pdf", b"%PDF-1.4\n%%EOF\n")
    pdf, pages = print_record(services, meeting_id)
    words = text(pdf)
    assert "会议照片（3张）" in words and "会场全景.jpg" in words and "签到.png" in words
    assert "照片“损坏.png”无法显示" in words and "其他附件：签到表扫描.pdf" in words
    images = sum(len(p.images) for p in reader(pdf).pages)
    assert images == 2 and pages >= 2
    for page in reader(pdf).pages:
        assert float(page.mediabox.width) == pytest.approx(595.28, abs=1)
    if shutil.which("pdftoppm") is not None:
        src = tmp_path / "record.pdf"
        src.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-r", "50", "-png", str(src), str(tmp_path / "record")], check=True)
        assert len(list(tmp_path.glob("record*.png"))) == pages
