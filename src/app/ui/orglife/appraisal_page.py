"""The 民主评议 page: the chosen organisation's members with a result each for a year (优秀 / 合格 /
基本合格 / 不合格, or none), the date of the appraisal, saved in one step and one transaction."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.kit.errors import AppError
from app.domain.orglife.kinds import RESULTS, Result
from app.services.container import Services
from app.services.orglife.appraisals import AppraisalLine
from app.ui.kit.date_field import DateField
from app.ui.kit.errors import show_error
from app.ui.orglife.meetings_page import year_box

NONE = "（未评议）"
GRID_LIMIT = 3000  # a choice per member: more than a community's roster is entered per branch


class AppraisalPage(QWidget):
    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.scope: int | None = None
        self.editable = True
        self.lines: list[AppraisalLine] = []
        self.boxes: list[QComboBox] = []
        self.year = year_box("appraisalYear", with_all=False)
        self.year.setCurrentIndex(1 if dt.date.today().month < 7 else 0)
        self.year.currentIndexChanged.connect(lambda _i: self.load())
        self.day = DateField(label="评议日期")
        self.day.setObjectName("appraisalDate")
        self.day.set_value(dt.date.today())
        self.all_pass = QPushButton("未评的都设为合格")
        self.all_pass.setObjectName("appraisalAllPass")
        self.all_pass.clicked.connect(self.set_unset_to_pass)
        self.save_button = QPushButton("保存评议结果")
        self.save_button.setObjectName("appraisalSave")
        self.save_button.clicked.connect(self.save)
        self.note = QLabel()
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("appraisalTable")
        self.table.setHorizontalHeaderLabels(["姓名", "所在党组织", "评议结果"])
        self.table.verticalHeader().hide()
        em = self.fontMetrics().horizontalAdvance("中")
        self.table.setColumnWidth(0, 8 * em)
        self.table.setColumnWidth(1, 16 * em)
        self.table.setColumnWidth(2, 9 * em)
        self.table.horizontalHeader().setStretchLastSection(False)
        top = QHBoxLayout()
        top.addWidget(QLabel("年度"))
        top.addWidget(self.year)
        top.addWidget(QLabel("评议日期"))
        top.addWidget(self.day)
        top.addStretch(1)
        top.addWidget(self.all_pass)
        top.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.note)

    def set_scope(self, org_id: int | None) -> None:
        self.scope = org_id
        self.load()

    def set_editable(self, editable: bool) -> None:
        self.editable = editable
        for w in (self.all_pass, self.save_button, self.day):
            w.setEnabled(editable)

    def load(self) -> None:
        self.table.setRowCount(0)
        self.boxes = []
        if self.scope is None:
            self.lines = []
            self.note.setText("请在左侧选择一个党支部（或社区）录入民主评议结果。")
            return
        self.lines = self.services.orglife_appraisals.lines(self.scope, self.year.currentData())
        if len(self.lines) > GRID_LIMIT:
            self.note.setText(f"所选组织有{len(self.lines)}名党员，请在左侧选择一个社区或党支部再录入民主评议结果。")
            self.lines = []
            return
        self.table.setRowCount(len(self.lines))
        for r, line in enumerate(self.lines):
            self.table.setItem(r, 0, QTableWidgetItem(line.name))
            self.table.setItem(r, 1, QTableWidgetItem(line.org_name))
            box = QComboBox()
            box.addItems([NONE, *RESULTS])
            box.setCurrentText(line.result or NONE)
            box.setEnabled(self.editable)
            box.currentIndexChanged.connect(lambda _i: self._count())
            self.table.setCellWidget(r, 2, box)
            self.boxes.append(box)
        dated = next((line.appraised_on for line in self.lines if line.appraised_on), None)
        if dated is not None:
            self.day.set_value(dated)
        self._count()

    def _count(self) -> None:
        chosen = [b.currentText() for b in self.boxes]
        self.note.setText(f"共{len(chosen)}名党员：" + "，".join(f"{k}{chosen.count(k)}名" for k in RESULTS)
                          + f"，未评议{chosen.count(NONE)}名")

    def set_unset_to_pass(self) -> None:
        for box in self.boxes:
            if box.currentText() == NONE:
                box.setCurrentText(Result.PASS.value)

    def choose(self, name: str, result: str) -> None:
        for line, box in zip(self.lines, self.boxes, strict=True):
            if line.name == name:
                box.setCurrentText(result)

    def save(self) -> bool:
        if self.scope is None:
            return False
        results = {line.member_id: ("" if box.currentText() == NONE else box.currentText())
                   for line, box in zip(self.lines, self.boxes, strict=True)}
        try:
            self.services.orglife_appraisals.set_results(self.scope, self.year.currentData(), self.day.value(),
                                                         results)
        except AppError as exc:
            show_error(self, exc)
            return False
        self.load()
        return True
