"""Printing and saving a PDF made by the app: the system print dialog, the pages painted onto the
printer as images at up to PRINT_DPI_CAP, and 另存为PDF writing the bytes unchanged."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import QApplication, QFileDialog, QProgressDialog, QWidget

from app.domain.kit.errors import AppError
from app.reports.kit import preview as pages
from app.ui.kit.errors import show_error

PDF_FILTER = "PDF 文件 (*.pdf)"
PRINT_DPI_CAP = 300  # sharp enough for text on office printers; higher only makes spooling slow


def _orientation(pdf: bytes) -> QPageLayout.Orientation:
    first = pages.render_page(pdf, 0, dpi=12)
    landscape = first.width > first.height
    return QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait


def print_pdf(parent: QWidget | None, pdf: bytes, title: str, printer: QPrinter | None = None) -> bool:
    """Opens the system print dialog and prints the pages as they look in the preview.
    True when the pages were sent to the printer; False when the user cancelled."""
    count = pages.page_count(pdf)
    if printer is None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(title)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(_orientation(pdf))
    printer.setFullPage(True)  # the PDF already has its margins
    printer.setFromTo(1, count)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(f"打印：{title}")
    dialog.setMinMax(1, count)
    dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintPageRange, True)
    dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintToFile, True)
    if not dialog.exec():
        return False
    first, last = 1, count
    if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
        first, last = printer.fromPage(), min(printer.toPage() or count, count)
    return _paint(parent, printer, pdf, range(first - 1, last), title)


def _paint(parent: QWidget | None, printer: QPrinter, pdf: bytes, indexes: range, title: str) -> bool:
    dpi = min(printer.resolution(), PRINT_DPI_CAP)
    progress = None
    if len(indexes) > 2:
        progress = QProgressDialog(f"正在发送到打印机：{title}", "取消", 0, len(indexes), parent)
        progress.setWindowTitle("打印")
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(0)
    painter = QPainter()
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        if not painter.begin(printer):
            raise AppError("无法开始打印：打印机没有准备好。请检查打印机是否开机、是否已连接，"
                           "或在打印对话框中换一台打印机。")
        target = painter.viewport()
        for n, index in enumerate(indexes):
            if progress is not None:
                progress.setValue(n)
                progress.setLabelText(f"正在发送到打印机：{title}（第{n + 1}页，共{len(indexes)}页）")
                QApplication.processEvents()
                if progress.wasCanceled():
                    printer.abort()
                    return False
            if n:
                printer.newPage()
            image = QImage.fromData(pages.render_page(pdf, index, dpi=dpi).png)
            size = image.size().scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
            x = target.x() + (target.width() - size.width()) // 2
            y = target.y() + (target.height() - size.height()) // 2
            painter.drawImage(QRect(x, y, size.width(), size.height()), image)
        return True
    except AppError as exc:
        show_error(parent, exc)
        return False
    finally:
        if painter.isActive():
            painter.end()
        QApplication.restoreOverrideCursor()
        if progress is not None:
            progress.close()
            progress.deleteLater()


def safe_file_name(name: str) -> str:
    clean = "".join(ch for ch in name if ch not in '\\/:*?"<>|\r\n\t').strip(". ")
    return clean or "材料"


def save_pdf(parent: QWidget | None, pdf: bytes, suggested_name: str) -> Path | None:
    """另存为PDF…: asks where, then writes the bytes unchanged (never half a file)."""
    name = safe_file_name(suggested_name)
    if not name.lower().endswith(".pdf"):
        name += ".pdf"
    chosen, _ = QFileDialog.getSaveFileName(parent, "另存为PDF", str(Path.home() / name), PDF_FILTER)
    if not chosen:
        return None
    path = Path(chosen)
    if path.suffix.lower() != ".pdf":
        path = path.with_name(path.name + ".pdf")
    from app.services.kit.files import write_bytes

    try:
        write_bytes(path, pdf, kind="PDF")
    except AppError as exc:
        show_error(parent, exc)
        return None
    return path
