"""The PDF preview widget, printing onto a printer and saving as a PDF file."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QFileDialog

from app.reports.members.roster_list import render_roster_list
from app.reports.members.signin_sheet import render_signin_sheet
from app.ui.kit import pdf_output
from app.ui.kit.pdf_output import print_pdf, save_pdf
from app.ui.kit.pdf_preview import PdfPreview, PdfPreviewDialog
from tests.reports.kit.pdfcheck import reader

A4 = (595.3, 841.9)


@dataclass(frozen=True)
class Person:
    name: str


@pytest.fixture(scope="module")
def sheet() -> tuple[bytes, int]:
    """A sign-in sheet of several A4 portrait pages."""
    people = [Person(f"党员{i:03d}") for i in range(150)]
    return render_signin_sheet(people, title="测试党支部主题党日签到表", date=dt.date(2026, 7, 1), place="会议室")


@dataclass(frozen=True)
class RosterRow:
    name: str
    sex: str = "男"
    ethnicity: str = "汉族"
    birth_date: dt.date | None = dt.date(1970, 1, 1)
    education: str = "大学本科"
    member_type: str = "正式党员"
    category: str = "在职党员"
    org_name: str = "测试党支部"
    joined_on: dt.date | None = dt.date(2000, 7, 1)
    work_unit: str = "县医院"
    phone: str = "13900001111"
    id_number: str = "110101197001011234"


def fake_rows(n: int) -> list[RosterRow]:
    return [RosterRow(f"党员{i:03d}") for i in range(n)]


def non_blank(image: QImage) -> bool:
    white = QColor("white")
    return any(image.pixelColor(x, y) != white
               for x in range(0, image.width(), 7) for y in range(0, image.height(), 7))


def test_the_preview_shows_every_page_lazily(qtbot, sheet) -> None:
    pdf, pages = sheet
    assert pages >= 3
    widget = PdfPreview()
    qtbot.addWidget(widget)
    widget.resize(700, 600)
    widget.show()
    widget.set_pdf(pdf)
    assert widget.page_count() == pages
    assert widget.page_label.text() == f"第 1 / {pages} 页"
    first = widget.page_image(0)
    assert not first.isNull() and non_blank(first)
    assert len(widget._cache) < pages  # only the pages looked at are rendered
    widget.show_page(pages - 1)
    assert widget.current_page() == pages - 1
    assert widget.page_label.text() == f"第 {pages} / {pages} 页"


def test_zoom_in_out_and_fit_width(qtbot, sheet) -> None:
    widget = PdfPreview()
    qtbot.addWidget(widget)
    widget.resize(700, 600)
    widget.show()
    widget.set_pdf(sheet[0])
    fitted = widget.scale()
    page_width = widget.page_rect(0).width()
    assert page_width <= widget.area.viewport().width()
    widget.zoom_in()
    assert widget.scale() > fitted and widget.page_rect(0).width() > page_width
    widget.zoom_out()
    widget.zoom_out()
    assert widget.scale() < fitted
    widget.fit_width()
    assert widget.scale() == pytest.approx(fitted)
    assert widget.page_image(0).width() == pytest.approx(widget.page_rect(0).width(), abs=2)


def test_an_empty_preview_says_what_to_do(qtbot) -> None:
    widget = PdfPreview()
    qtbot.addWidget(widget)
    widget.set_pdf(None, "点“生成预览”")
    assert widget.page_count() == 0 and widget.page_image(0).isNull()
    assert widget.message.text() == "点“生成预览”" and not widget.zoom_in_button.isEnabled()


def test_save_as_pdf_writes_the_bytes_unchanged(qtbot, monkeypatch, tmp_path: Path, sheet) -> None:
    pdf, pages = sheet
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "签到表"), ""))
    path = save_pdf(None, pdf, "签到表")
    assert path == tmp_path / "签到表.pdf"
    assert path.read_bytes() == pdf
    assert not list(tmp_path.glob("*.tmp"))
    doc = reader(path.read_bytes())
    assert len(doc.pages) == pages
    box = doc.pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx(A4, abs=1)


def test_save_as_pdf_cancelled_writes_nothing(monkeypatch, tmp_path: Path, sheet) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: ("", ""))
    assert save_pdf(None, sheet[0], "签到表") is None


def printer_to(path: Path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def test_printing_paints_every_page_onto_the_printer(qtbot, monkeypatch, tmp_path: Path, sheet) -> None:
    pdf, pages = sheet
    monkeypatch.setattr(QPrintDialog, "exec", lambda self: 1)
    monkeypatch.setattr(pdf_output, "PRINT_DPI_CAP", 100)  # quick; the real cap is 300
    out = tmp_path / "printed.pdf"
    assert print_pdf(None, pdf, "签到表", printer=printer_to(out))
    doc = reader(out.read_bytes())
    assert len(doc.pages) == pages
    box = doc.pages[0].mediabox
    assert float(box.width) < float(box.height)


def test_a_landscape_list_is_printed_landscape(qtbot, monkeypatch, tmp_path: Path) -> None:
    pdf, pages = render_roster_list(fake_rows(40), org_name="测试党支部")
    monkeypatch.setattr(QPrintDialog, "exec", lambda self: 1)
    monkeypatch.setattr(pdf_output, "PRINT_DPI_CAP", 100)
    out = tmp_path / "roster.pdf"
    assert print_pdf(None, pdf, "名册", printer=printer_to(out))
    doc = reader(out.read_bytes())
    assert len(doc.pages) == pages
    box = doc.pages[0].mediabox
    assert float(box.width) > float(box.height)


def test_cancelling_the_print_dialog_prints_nothing(qtbot, monkeypatch, tmp_path: Path, sheet) -> None:
    monkeypatch.setattr(QPrintDialog, "exec", lambda self: 0)
    out = tmp_path / "none.pdf"
    assert not print_pdf(None, sheet[0], "签到表", printer=printer_to(out))
    assert not out.exists()


def test_preview_dialog_saves_and_refuses_printing_without_permission(qtbot, monkeypatch, tmp_path, sheet) -> None:
    dialog = PdfPreviewDialog(sheet[0], "签到表")
    qtbot.addWidget(dialog)
    assert dialog.print_button.isEnabled() and dialog.save_button.isEnabled()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "a.pdf"), ""))
    dialog.save_button.click()
    assert dialog.saved_to == tmp_path / "a.pdf" and "已保存" in dialog.status.text()
    refused = PdfPreviewDialog(sheet[0], "签到表", can_print=False)
    qtbot.addWidget(refused)
    assert not refused.print_button.isEnabled() and not refused.save_button.isEnabled()
