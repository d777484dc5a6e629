"""Showing, printing and saving a PDF made by the app (briefings, roster lists, sign-in sheets).

The pages are drawn as images rendered by app.reports.kit.preview (pypdfium2), only when they come
into view, so a roster of hundreds of pages opens at once. Printing paints the same images onto
the printer chosen in the system print dialog, so the paper matches the preview; 另存为PDF
writes the PDF bytes unchanged.
"""

from __future__ import annotations

from collections import OrderedDict
from pathlib import Path

from PySide6.QtCore import QRect, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QImage, QKeySequence, QPainter, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.reports.kit import preview as pages
from app.ui.kit.fonts import relative_pt
from app.ui.kit.pdf_output import print_pdf, save_pdf

GAP = 12  # pixels between pages and around them
ZOOM_STEPS = (0.5, 0.67, 0.8, 1.0, 1.25, 1.5, 2.0, 3.0)  # pixels per PDF point
CACHE_PAGES = 16


class _Pages(QWidget):
    """The pages one below the other, on a grey background; renders what is painted."""

    def __init__(self, owner: PdfPreview) -> None:
        super().__init__()
        self.owner = owner
        self.setAutoFillBackground(False)

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.fillRect(event.rect(), QColor("#8a8f96"))
        owner = self.owner
        for index in range(owner.page_count()):
            rect = owner.page_rect(index)
            if rect.bottom() < event.rect().top():
                continue
            if rect.top() > event.rect().bottom():
                break
            painter.fillRect(rect.translated(2, 2), QColor("#5f646b"))
            painter.fillRect(rect, Qt.GlobalColor.white)
            image = owner.page_image(index)
            if not image.isNull():
                painter.drawImage(QRectF(rect), image)
        painter.end()


class PdfPreview(QWidget):
    """The pages of a PDF in a scroll area, with zoom and "第 x / y 页"."""

    page_changed = Signal(int, int)  # current page (from 1), page count

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._pdf: bytes | None = None
        self._count = 0
        self._page_size = QSize(595, 842)  # points; A4 until a PDF says otherwise
        self._scale = 1.0  # pixels per point
        self._fit = True
        self._cache: OrderedDict[int, QImage] = OrderedDict()

        self.canvas = _Pages(self)
        self.area = QScrollArea()
        self.area.setObjectName("pdfPages")
        self.area.setWidget(self.canvas)
        self.area.setWidgetResizable(False)
        self.area.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.area.setBackgroundRole(self.area.backgroundRole())
        self.area.setStyleSheet("QScrollArea#pdfPages { background: #8a8f96; }")
        self.area.verticalScrollBar().valueChanged.connect(lambda _v: self._update_page_label())
        self.message = QLabel()
        self.message.setObjectName("pdfMessage")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        self.message.setStyleSheet(f"color: #555; font-size: {relative_pt(1.15)}; padding: 24px;")

        self.zoom_out_button = self._tool("缩小", "缩小（Ctrl+-）", self.zoom_out)
        self.zoom_in_button = self._tool("放大", "放大（Ctrl++）", self.zoom_in)
        self.fit_button = self._tool("适合宽度", "页面宽度适合窗口", self.fit_width)
        self.zoom_label = QLabel()
        self.page_label = QLabel()
        self.page_label.setObjectName("pdfPageLabel")
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        for w in (self.zoom_out_button, self.zoom_in_button, self.fit_button, self.zoom_label):
            bar.addWidget(w)
        bar.addStretch(1)
        bar.addWidget(self.page_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.message, 1)
        layout.addWidget(self.area, 1)
        for keys, slot in ((QKeySequence.StandardKey.ZoomIn, self.zoom_in),
                           (QKeySequence.StandardKey.ZoomOut, self.zoom_out)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        self._refit = QTimer(self)
        self._refit.setSingleShot(True)
        self._refit.setInterval(0)
        self._refit.timeout.connect(self._apply_fit)
        self.set_pdf(None)

    def _tool(self, text: str, tip: str, slot) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setToolTip(tip)
        button.clicked.connect(slot)
        return button

    # ---- content -------------------------------------------------------------------------
    def set_pdf(self, pdf: bytes | None, message: str = "") -> None:
        """Shows ``pdf`` (None: shows ``message`` instead of pages), keeping the zoom."""
        self._pdf = pdf or None
        self._cache.clear()
        self._count = 0
        if self._pdf is not None:
            first = pages.render_page(self._pdf, 0, dpi=72)
            self._page_size = QSize(first.width, first.height)
            self._count = pages.page_count(self._pdf)
        self.message.setText(message or "还没有可显示的页面。")
        self.message.setVisible(self._pdf is None)
        self.area.setVisible(self._pdf is not None)
        for button in (self.zoom_in_button, self.zoom_out_button, self.fit_button):
            button.setEnabled(self._pdf is not None)
        self.area.verticalScrollBar().setValue(0)
        if self._fit:
            self._apply_fit()
        else:
            self._layout_pages()

    def pdf(self) -> bytes | None:
        return self._pdf

    def page_count(self) -> int:
        return self._count

    def current_page(self) -> int:
        """The page at the middle of the view, from 0."""
        if not self._count:
            return 0
        middle = self.area.verticalScrollBar().value() + self.area.viewport().height() // 2
        pitch = self._page_pixels().height() + GAP
        return max(0, min(self._count - 1, (middle - GAP // 2) // max(pitch, 1)))

    def show_page(self, index: int) -> None:
        """Scrolls so that page ``index`` (from 0) starts at the top of the view."""
        if self._count:
            index = max(0, min(self._count - 1, index))
            self.area.verticalScrollBar().setValue(self.page_rect(index).top() - GAP)

    # ---- zoom ----------------------------------------------------------------------------
    def scale(self) -> float:
        return self._scale

    def set_scale(self, scale: float) -> None:
        self._fit = False
        self._set_scale(scale)

    def zoom_in(self) -> None:
        bigger = [z for z in ZOOM_STEPS if z > self._scale + 0.01]
        self.set_scale(bigger[0] if bigger else ZOOM_STEPS[-1])

    def zoom_out(self) -> None:
        smaller = [z for z in ZOOM_STEPS if z < self._scale - 0.01]
        self.set_scale(smaller[-1] if smaller else ZOOM_STEPS[0])

    def fit_width(self) -> None:
        self._fit = True
        self._apply_fit()

    def _apply_fit(self) -> None:
        if not self._fit:
            return
        # The vertical scroll bar is counted as shown: with more than one page it will be.
        room = (self.area.width() - 2 * self.area.frameWidth() - 2 * GAP - 1
                - self.area.verticalScrollBar().sizeHint().width())
        self._set_scale(max(0.2, min(4.0, room / max(self._page_size.width(), 1))))

    def _set_scale(self, scale: float) -> None:
        top = self.current_page()
        if abs(scale - self._scale) > 1e-3:
            self._scale = scale
            self._cache.clear()
        self._layout_pages()
        if top:
            self.show_page(top)
        self.zoom_label.setText(f"{round(self._scale * 100 / 1.3333)}%")  # 100% = printed size

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self._fit:
            self._refit.start()

    # ---- geometry and images --------------------------------------------------------------
    def _page_pixels(self) -> QSize:
        return QSize(int(self._page_size.width() * self._scale), int(self._page_size.height() * self._scale))

    def page_rect(self, index: int) -> QRect:
        size = self._page_pixels()
        return QRect(GAP, GAP + index * (size.height() + GAP), size.width(), size.height())

    def _layout_pages(self) -> None:
        size = self._page_pixels()
        self.canvas.resize(size.width() + 2 * GAP, GAP + self._count * (size.height() + GAP))
        self.canvas.update()
        self._update_page_label()

    def page_image(self, index: int) -> QImage:
        """Page ``index`` (from 0) at the current zoom, rendered when first needed."""
        if self._pdf is None or not 0 <= index < self._count:
            return QImage()
        if index in self._cache:
            self._cache.move_to_end(index)
            return self._cache[index]
        ratio = self.devicePixelRatioF()
        rendered = pages.render_page(self._pdf, index, dpi=72 * self._scale * ratio)
        image = QImage.fromData(rendered.png)
        image.setDevicePixelRatio(ratio)
        self._cache[index] = image
        while len(self._cache) > CACHE_PAGES:
            self._cache.popitem(last=False)
        return image

    def _update_page_label(self) -> None:
        if not self._count:
            self.page_label.setText("")
            return
        current = self.current_page() + 1
        self.page_label.setText(f"第 {current} / {self._count} 页")
        self.page_changed.emit(current, self._count)


# ---- the preview dialog ---------------------------------------------------------------------

class PdfPreviewDialog(QDialog):
    """Any printout before it goes to paper: the pages, 打印…, 另存为PDF…, 关闭."""

    def __init__(self, pdf: bytes, title: str, parent: QWidget | None = None, *, can_print: bool = True,
                 file_name: str = "") -> None:
        super().__init__(parent)
        self.pdf = pdf
        self.title = title
        self.file_name = file_name or title
        self.printed = False
        self.saved_to: Path | None = None
        self.setWindowTitle(f"打印预览：{title}")
        self.preview = PdfPreview()
        self.preview.set_pdf(pdf)
        self.status = QLabel()
        self.status.setObjectName("previewStatus")
        self.print_button = QPushButton("打印…")
        self.print_button.setShortcut(QKeySequence.StandardKey.Print)
        self.print_button.setToolTip("打印（Ctrl+P）")
        self.print_button.clicked.connect(self.print_)
        self.save_button = QPushButton("另存为PDF…")
        self.save_button.setShortcut(QKeySequence.StandardKey.Save)
        self.save_button.setToolTip("另存为PDF文件（Ctrl+S）")
        self.save_button.clicked.connect(self.save)
        close = QPushButton("关闭")
        close.clicked.connect(self.reject)
        for button in (self.print_button, self.save_button):
            button.setEnabled(can_print)
            if not can_print:
                button.setToolTip("当前用户的角色没有“打印材料”的权限")
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.save_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.preview, 1)
        layout.addLayout(buttons)
        screen = self.screen().availableGeometry() if self.screen() else QRect(0, 0, 1280, 800)
        self.resize(min(1000, screen.width() - 80), min(900, screen.height() - 80))
        self.print_button.setFocus()

    def print_(self) -> bool:
        self.printed = print_pdf(self, self.pdf, self.title) or self.printed
        if self.printed:
            self.status.setText("已发送到打印机。")
        return self.printed

    def save(self) -> Path | None:
        path = save_pdf(self, self.pdf, self.file_name)
        if path is not None:
            self.saved_to = path
            self.status.setText(f"已保存：{path}")
        return path
