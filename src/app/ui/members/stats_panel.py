"""Figures of the chosen organisation's members on record: a headline and small tables."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from app.services.members.service import MemberService

SECTIONS = (("党员类别", "by_category"), ("性别", "by_sex"), ("年龄段", "by_age_band"),
            ("学历", "by_education"), ("民族", "by_ethnicity"))


def _share(n: int, total: int) -> str:
    return f"{n * 100 / total:.1f}%" if total else ""


def _row(*texts: str) -> list[QStandardItem]:
    items = [QStandardItem(t) for t in texts]
    for item in items:
        item.setEditable(False)
    for item in items[1:]:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return items


class MemberStatsPanel(QWidget):
    """Shows MemberService.stats(org_id); the tab calls ``show_org`` when scope or records change."""

    def __init__(self, members: MemberService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.members = members
        self.stat_bands = False  # the 年龄段 section in the 党内统计 report's eight bands
        self.org_id: int | None = None
        self.org_name = ""
        self.headline = QLabel()
        self.headline.setObjectName("statsHeadline")
        self.headline.setWordWrap(True)
        self.model = QStandardItemModel(0, 3, self)
        self.model.setHorizontalHeaderLabels(["项目", "人数", "占比"])
        self.table = QTreeView()
        self.table.setObjectName("statsTable")
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setRootIsDecorated(True)
        self.table.setUniformRowHeights(True)
        self.table.setAlternatingRowColors(True)
        header = self.table.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in (1, 2):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Fixed)
        self._fit_columns()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        title = QLabel("在册党员统计")
        font = title.font()
        font.setBold(True)
        title.setFont(font)
        layout.addWidget(title)
        layout.addWidget(self.headline)
        layout.addWidget(self.table, 1)
        self.figures: dict[str, dict[str, int]] = {}

    def _fit_columns(self) -> None:
        for col in (1, 2):
            self.table.header().resizeSection(col, self.fontMetrics().horizontalAdvance("0000000"))

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # a new 字号
            self._fit_columns()

    def show_org(self, org_id: int | None, org_name: str = "") -> None:
        self.org_id = org_id
        self.org_name = org_name
        self.refresh()

    def refresh(self) -> None:
        stats = self.members.stats(self.org_id)
        total = stats.total
        where = f"{self.org_name}：" if self.org_name else ""
        extra = [f"{label}{n}人" for label, n in (("流动", stats.mobile), ("失联", stats.lost_contact),
                                                  ("停止党籍", stats.stopped)) if n]
        self.headline.setText(
            f"{where}在册 {total} 人，其中正式党员 {stats.full} 人、预备党员 {stats.probationary} 人"
            + ("；" + "、".join(extra) if extra else "") + "。"
        )
        expanded = {self.model.index(i, 0).data(): self.table.isExpanded(self.model.index(i, 0))
                    for i in range(self.model.rowCount())}
        self.model.removeRows(0, self.model.rowCount())
        self.figures = {"人员类别": {"正式党员": stats.full, "预备党员": stats.probationary}}
        for title, attr in SECTIONS:
            if attr == "by_age_band" and self.stat_bands:
                attr = "by_stat_age_band"  # the office counts by the 党内统计 report's bands
            self.figures[title] = dict(getattr(stats, attr))
        for title, counts in self.figures.items():
            section = _row(title, str(sum(counts.values())), "")
            font = section[0].font()
            font.setBold(True)
            section[0].setFont(font)
            for label, n in counts.items():
                if not n and title in ("学历", "民族"):
                    continue  # long lists show only what occurs
                section[0].appendRow(_row(label, str(n), _share(n, total)))
            self.model.appendRow(section)
            self.table.setExpanded(section[0].index(), expanded.get(title, title != "民族"))
