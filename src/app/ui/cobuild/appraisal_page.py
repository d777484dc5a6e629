"""The 双向评议 page: the yearly mutual appraisal of the community chosen on the left (the
community a chosen branch belongs to). 开始本年度评议 opens the year with last year's criteria;
the criteria and weights can be changed until the first score is saved; the grid takes the
community's scores of each unit (社区评单位) or each unit's scores of the community (单位评社区);
totals, ranks (ties share a rank) and grades come from the service after saving; every typed row
is checked before any is written, and a bad score is refused naming the unit and the criterion."""

from __future__ import annotations

import datetime as dt
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.cobuild import appraisal as rules
from app.domain.cobuild.appraisal import Criterion
from app.domain.kit.errors import AppError, ValidationError
from app.domain.orgs.rules import OrgType
from app.services.cobuild.appraisal import DIRECTIONS, OF_COMMUNITY, RoundRow
from app.services.container import Services
from app.ui.cobuild.appraisal_model import ScoreGridModel
from app.ui.kit.errors import show_error
from app.ui.kit.record_page import combo
from app.ui.kit.widgets import ErrorLine, dialog_buttons

YEARS_SHOWN = 6


class CriteriaDialog(QDialog):
    """The year's criteria and weights: one line each, added or removed."""

    def __init__(self, services: Services, r: RoundRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"{r.year}年度评分内容和权重")
        self.services, self.round = services, r
        self.grid = QTableWidget(0, 2)
        self.grid.setObjectName("criteriaGrid")
        self.grid.setHorizontalHeaderLabels(["评分内容", "权重"])
        self.grid.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for c in r.criteria:
            self.add_line(c.name, f"{c.weight.normalize():f}")
        add, drop = QPushButton("添加一项"), QPushButton("删除所选")
        add.clicked.connect(lambda: self.add_line("", "20"))
        drop.clicked.connect(lambda: self.grid.removeRow(self.grid.currentRow()))
        self.error = ErrorLine()
        row = QHBoxLayout()
        row.addWidget(add)
        row.addWidget(drop)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("各项满分100分；权重合计不是100时，总分按比例折算为百分制。"))
        layout.addWidget(self.grid)
        layout.addLayout(row)
        layout.addWidget(self.error)
        layout.addWidget(dialog_buttons(self, "保存", self.save))
        self.result_row: RoundRow | None = None

    def add_line(self, name: str, weight: str) -> None:
        r = self.grid.rowCount()
        self.grid.insertRow(r)
        self.grid.setItem(r, 0, QTableWidgetItem(name))
        self.grid.setItem(r, 1, QTableWidgetItem(weight))

    def cell(self, row: int, column: int) -> str:
        item = self.grid.item(row, column)
        return item.text().strip() if item is not None else ""

    def criteria(self) -> list[Criterion]:
        out = []
        for r in range(self.grid.rowCount()):
            name, raw = (self.cell(r, 0), self.cell(r, 1))
            try:
                weight = Decimal(unicodedata.normalize("NFKC", raw))
            except InvalidOperation as exc:
                raise ValidationError(f"“{name or f'第{r + 1}项'}”的权重“{raw}”不是数，请填写大于0的数",
                                      field="权重") from exc
            out.append(Criterion(name, weight))
        return out

    def save(self) -> None:
        try:
            self.result_row = self.services.appraisals.set_criteria(self.round.id, self.criteria())
        except AppError as exc:
            self.error.show_message(exc.message)
            return
        self.accept()


class AppraisalPage(QWidget):
    def __init__(self, services: Services, config: dict[str, Any] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.scope: int | None = None
        self.org_id: int | None = None  # the community appraising
        self.round: RoundRow | None = None
        self.editable = True
        year = dt.date.today().year
        self.year_box = combo("appraisalYear", [(f"{y}年度", y) for y in range(year, year - YEARS_SHOWN, -1)])
        self.direction_box = combo("appraisalDirection", [(d, d) for d in DIRECTIONS])
        self.org_label = QLabel()
        self.org_label.setObjectName("appraisalOrg")
        self.open_button = QPushButton("开始本年度评议")
        self.criteria_button = QPushButton("修改评分内容和权重")
        self.save_button = QPushButton("保存评分")
        self.clear_button = QPushButton("清除全部评分")
        self.print_button = QPushButton("打印评议表")
        self.open_button.clicked.connect(self.open_year)
        self.criteria_button.clicked.connect(self.edit_criteria)
        self.save_button.clicked.connect(self.save_scores)
        self.clear_button.clicked.connect(self.clear_scores)
        self.print_button.clicked.connect(self.print_table)
        self.model = ScoreGridModel(self)
        self.grid = QTableView()
        self.grid.setObjectName("scoreGrid")
        self.grid.setModel(self.model)
        self.grid.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.grid.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.grid.horizontalHeader().setStretchLastSection(True)
        self.grid.setAlternatingRowColors(True)
        self.summary = QLabel()
        self.summary.setObjectName("appraisalSummary")
        self.summary.setWordWrap(True)
        self.error = ErrorLine()
        top = QHBoxLayout()
        for w in (QLabel("评议年度"), self.year_box, self.org_label):
            top.addWidget(w)
        top.addStretch(1)
        top.addWidget(self.open_button)
        top.addWidget(self.criteria_button)
        second = QHBoxLayout()
        second.addWidget(QLabel("评议方向"))
        second.addWidget(self.direction_box)
        second.addStretch(1)
        for b in (self.save_button, self.clear_button, self.print_button):
            second.addWidget(b)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addLayout(second)
        layout.addWidget(self.grid, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.summary)
        self.year_box.currentIndexChanged.connect(lambda _i: self.reload())
        self.direction_box.currentIndexChanged.connect(lambda _i: self.reload())

    # ---- what is shown -------------------------------------------------------------------
    def community_of(self, org_id: int | None) -> tuple[int, str] | None:
        """The community of the scope: the scope itself or the nearest one above it that is a
        社区党委 or sits right under a street (a community's 党总支, a business-district 党委)."""
        if org_id is None:
            return None
        orgs = {o.id: o for o in self.services.orgs.list()}
        o = orgs.get(org_id)
        while o is not None and o.org_type != OrgType.COMMUNITY:
            parent = orgs.get(o.parent_id) if o.parent_id is not None else None
            if parent is not None and parent.org_type == OrgType.STREET:
                break
            o = parent
        return (o.id, o.name) if o is not None else None

    def set_scope(self, org_id: int | None) -> None:
        self.scope = org_id
        found = self.community_of(org_id)
        self.org_id = found[0] if found else None
        self.org_label.setText(f"评议组织：{found[1]}" if found else "请在左边选择一个社区（或其下属党组织）")
        self.reload()

    def set_editable(self, editable: bool) -> None:
        self.editable = editable
        self.update_buttons()

    def year(self) -> int:
        return int(self.year_box.currentData())

    def direction(self) -> str:
        return str(self.direction_box.currentData())

    def reload(self) -> None:
        self.error.show_message("")
        a = self.services.appraisals
        try:
            self.round = a.round_of(self.org_id, self.year()) if self.org_id is not None else None
            units = self.services.units.names(self.org_id) if self.round is not None else []
            saved = a.table(self.round.id, self.direction()) if self.round is not None else []
        except AppError as exc:
            show_error(self, exc)
            return
        self.model.set_rows(self.round.criteria if self.round else (), units, saved)
        self.model.editable = self.editable and self.round is not None
        self.summary.setText(self.summary_text())
        self.update_buttons()

    def summary_text(self) -> str:
        r = self.round
        if self.org_id is None:
            return ""
        if r is None:
            return f"{self.year()}年度的双向评议还没有开始：点“开始本年度评议”，评分内容和权重沿用上一年度。"
        t = self.services.appraisals.thresholds()
        weights = "、".join(f"{c.name}{c.weight.normalize():f}" for c in r.criteria)
        parts = [f"评分内容及权重：{weights}。等次：好（{t.good.normalize():f}分及以上）、较好（{t.fairly_good.normalize():f}分及以上）、"
                 f"一般（{t.fair.normalize():f}分及以上）、差。"]
        note = rules.weights_note(r.criteria)
        if note:
            parts.append(note + "。")
        if self.direction() == OF_COMMUNITY:
            mean = self.services.appraisals.community_total(r.id)
            parts.append(f"共建单位对社区的平均评分：{mean:.2f}分。" if mean is not None else "还没有单位对社区评分。")
        scored = sum(1 for row in self.model.rows if row.saved is not None)
        parts.append(f"已评{scored}个单位，共{len(self.model.rows)}个单位。双击分数格录入，录完点“保存评分”。")
        return "".join(parts)

    def update_buttons(self) -> None:
        r, writes = self.round, self.editable and self.org_id is not None
        for b in (self.open_button, self.criteria_button, self.save_button, self.clear_button):
            b.setVisible(self.editable)
        self.open_button.setEnabled(writes and r is None)
        self.criteria_button.setEnabled(writes and r is not None and r.sheets == 0)
        self.criteria_button.setToolTip("已有评分时不能修改；如确需修改，请先清除全部评分" if r and r.sheets else "")
        self.save_button.setEnabled(writes and r is not None)
        self.clear_button.setEnabled(writes and r is not None and r.sheets > 0)
        self.print_button.setEnabled(r is not None)
        self.model.editable = writes and r is not None
        triggers = QAbstractItemView.EditTrigger
        self.grid.setEditTriggers(triggers.DoubleClicked | triggers.EditKeyPressed | triggers.AnyKeyPressed
                                  if self.model.editable else triggers.NoEditTriggers)

    # ---- commands ------------------------------------------------------------------------
    def open_year(self) -> RoundRow | None:
        if self.org_id is None:
            return None
        try:
            r = self.services.appraisals.open_year(self.org_id, self.year())
        except AppError as exc:
            show_error(self, exc)
            return None
        self.reload()
        return r

    def criteria_dialog(self) -> CriteriaDialog | None:
        return CriteriaDialog(self.services, self.round, self) if self.round is not None else None

    def edit_criteria(self) -> None:
        dialog = self.criteria_dialog()
        if dialog is not None and dialog.exec():
            self.reload()

    def save_scores(self) -> int:
        """Writes every row typed in, in one transaction; checks them all first, so a bad cell
        writes nothing and is pointed at. Returns the number of sheets saved."""
        r = self.round
        if r is None:
            return 0
        rows = self.model.edited_rows()
        names = [c.name for c in r.criteria]
        try:
            sheets = []
            for row in rows:
                scores = {n: row.text(n) for n in names}
                rules.parsed_scores(scores, r.criteria, f"“{row.name}”")
                sheets.append((row, scores, row.text("备注")))
            if sheets:
                self.services.appraisals.set_sheets(r.id, self.direction(),
                                                    [(row.unit_id, scores, remarks) for row, scores, remarks in sheets])
        except AppError as exc:
            self.error.show_message(exc.message)
            self._focus_cell(exc)
            return 0
        self.reload()
        return len(rows)

    def _focus_cell(self, exc: AppError) -> None:
        for i, row in enumerate(self.model.rows):
            if f"“{row.name}”" in exc.message:
                column = next((self.model.column_of(c.name) for c in self.round.criteria if c.name in (exc.field or "")),
                              1) if self.round else 1
                self.grid.setCurrentIndex(self.model.index(i, max(column, 1)))
                return

    def clear_scores(self) -> int:
        r = self.round
        if r is None or QMessageBox.question(self, "清除评分", f"确定清除{r.year}年度{r.sheets}份评分吗？") \
                != QMessageBox.StandardButton.Yes:
            return 0
        try:
            n = self.services.appraisals.clear_scores(r.id)
        except AppError as exc:
            show_error(self, exc)
            return 0
        self.reload()
        return n

    def print_table(self) -> Any:
        from app.reports.cobuild.appraisal_sheet import print_appraisal
        from app.ui.kit.pdf_preview import PdfPreviewDialog

        if self.round is None:
            return None
        try:
            pdf, pages = print_appraisal(self.services, self.round.id)
        except AppError as exc:
            show_error(self, exc)
            return None
        title = f"{self.round.year}年度双向评议结果"
        preview = PdfPreviewDialog(pdf, f"{title}（{pages}页）", self, file_name=title)
        preview.exec()
        return preview

