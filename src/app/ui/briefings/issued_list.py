"""Briefings and work reports already issued: each kept with its number and its PDF exactly as
issued, so it can be looked at, printed again or saved as a file years later."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.kit.errors import AppError
from app.services.briefings.service import BriefingRow, BriefingService
from app.ui.kit.errors import show_error
from app.ui.kit.pdf_output import print_pdf, save_pdf
from app.ui.kit.pdf_preview import PdfPreviewDialog

COLUMNS = ("年度", "类型", "期号", "印发日期", "标题", "时间段", "页数", "印发人", "印发单位")


def file_name(row: BriefingRow) -> str:
    if row.kind == "简报":
        return f"{row.issuer}{row.year}年第{row.number}期简报-{row.title}"
    return f"{row.title}-{row.issued_on.isoformat()}"


class IssuedList(QWidget):
    """The table of issued documents (newest first) and what can be done with one."""

    use_template = Signal(str, str)  # the kind and the template text of the chosen issue

    def __init__(self, briefings: BriefingService, can_print: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.briefings = briefings
        self.can_print = can_print
        self.rows: list[BriefingRow] = []
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("issuedTable")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        em = self.fontMetrics().horizontalAdvance("中")
        for col, chars in enumerate((4, 5, 5, 7, 0, 9, 3, 6, 9)):
            if chars:
                header.resizeSection(col, chars * em + 16)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _i: self.open_preview())
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout()
        for key, text, tip, slot in (
            ("preview", "查看…", "查看所选材料印发时的样子（双击）", self.open_preview),
            ("print", "重新打印…", "按印发时的原样再打印一次", self.reprint),
            ("save", "另存为PDF…", "把印发时的PDF文件另存一份", self.save),
            ("template", "用它的模板", "把这一期所用的模板放进左边的编辑框，编写下一期", self._use_template),
        ):
            button = QPushButton(text)
            button.setToolTip(tip)
            button.clicked.connect(slot)
            row.addWidget(button)
            self.buttons[key] = button
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.note)
        layout.addLayout(row)
        self.refresh()

    def refresh(self) -> None:
        keep = self.current_id()
        if not self.can_print:
            self.rows = []
            self.note.setText("当前用户的角色没有“打印材料”的权限，不能查看已印发的材料。")
        else:
            try:
                self.rows = self.briefings.list()
            except AppError as exc:
                self.rows = []
                self.note.setText(exc.message)
            else:
                self.note.setText("" if self.rows else "还没有正式印发过材料。生成预览、检查无误后点“正式印发”。")
        self.note.setVisible(bool(self.note.text()))
        self.table.setRowCount(len(self.rows))
        for r, b in enumerate(self.rows):
            values = (f"{b.year}", b.kind, f"第{b.number}期", b.issued_on.isoformat(), b.title,
                      b.period_label, str(b.pages), b.issued_by, b.issuer)
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                if c in (0, 2, 6):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                if c == 2 and b.total_number:
                    item.setToolTip(f"{b.issuer}{b.kind}总第{b.total_number}期")
                self.table.setItem(r, c, item)
        if keep is not None:
            self.select(keep)
        self._update_buttons()

    def count(self) -> int:
        return len(self.rows)

    def select(self, briefing_id: int) -> None:
        for r, b in enumerate(self.rows):
            if b.id == briefing_id:
                self.table.selectRow(r)
                return

    def current(self) -> BriefingRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.rows[rows[0].row()] if rows and rows[0].row() < len(self.rows) else None

    def current_id(self) -> int | None:
        row = self.current() if self.rows else None
        return row.id if row else None

    def _update_buttons(self) -> None:
        has = self.current() is not None
        for button in self.buttons.values():
            button.setEnabled(has and self.can_print)

    def _pdf(self) -> tuple[BriefingRow, bytes] | None:
        row = self.current()
        if row is None:
            return None
        try:
            return row, self.briefings.pdf(row.id)
        except AppError as exc:
            show_error(self, exc)
            return None

    def open_preview(self) -> None:
        got = self._pdf()
        if got:
            row, pdf = got
            PdfPreviewDialog(pdf, row.title, self, can_print=self.can_print, file_name=file_name(row)).exec()

    def reprint(self) -> bool:
        got = self._pdf()
        return got is not None and print_pdf(self, got[1], got[0].title)

    def save(self):
        got = self._pdf()
        return save_pdf(self, got[1], file_name(got[0])) if got else None

    def _use_template(self) -> None:
        row = self.current()
        if row is None:
            return
        try:
            text = self.briefings.template_text(row.id)
        except AppError as exc:
            show_error(self, exc)
            return
        self.use_template.emit(row.kind, text)
