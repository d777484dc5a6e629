"""The search line and the filters over the roster: what the 党员 tab's query is made of."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.domain.members import catalog
from app.domain.members.rules import AGE_BANDS, ON_RECORD, STATUSES

SEARCH_DELAY_MS = 250
# 状态 filter: text -> (status, include_left)
STATUS_CHOICES: tuple[tuple[str, tuple[str | None, bool]], ...] = (
    (ON_RECORD, (None, False)),
    ("含已离开", (None, True)),
    *((s, (s, False)) for s in STATUSES if s != ON_RECORD),
)
# 其他 filter: text -> (mobile, lost_contact)
OTHER_CHOICES: tuple[tuple[str, tuple[bool | None, bool | None]], ...] = (
    ("不限", (None, None)), ("流动党员", (True, None)), ("失联党员", (None, True)),
)

# 党龄 filter: text -> at least so many years (光荣在党50年: fifty years of 党龄).
PARTY_YEARS_CHOICES: tuple[tuple[str, int | None], ...] = (
    ("不限", None), ("党龄50年以上", 50), ("党龄40年以上", 40), ("党龄30年以上", 30),
)


def _combo(first: str, values: tuple[str, ...] | list[str]) -> QComboBox:
    combo = QComboBox()
    combo.addItem(first, None)
    for v in values:
        combo.addItem(v, v)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    return combo


class MemberFilters(QWidget):
    """Search as you type (after a short pause), six filters, and the count of the result."""

    changed = Signal()  # search again
    search_done = Signal()  # Enter in the search line

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search = QLineEdit()
        self.search.setObjectName("memberSearch")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText("查找：姓名、拼音或首字母（如 zsf）、身份证号或电话号码的一部分（Ctrl+F）")
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(SEARCH_DELAY_MS)
        self.timer.timeout.connect(self.changed.emit)
        self.search.textChanged.connect(lambda _t: self.timer.start())
        self.search.returnPressed.connect(self.search_done.emit)
        self.count_label = QLabel()
        self.count_label.setObjectName("memberCount")

        self.category = _combo("全部党员类别", catalog.CATEGORIES)
        self.member_type = _combo("正式和预备", catalog.MEMBER_TYPES)
        self.status = QComboBox()
        for status_text, status_value in STATUS_CHOICES:
            self.status.addItem(status_text, status_value)
        self.age_band = _combo("全部年龄", AGE_BANDS)
        self.sex = _combo("男女不限", catalog.SEXES)
        self.other = QComboBox()
        for text, value in OTHER_CHOICES:
            self.other.addItem(text, value)
        self.party_years = QComboBox()
        self.party_years.setObjectName("memberPartyYears")
        for text, years in PARTY_YEARS_CHOICES:
            self.party_years.addItem(text, years)
        filters = QHBoxLayout()
        filters.setContentsMargins(0, 0, 0, 0)
        for label, combo in (("党员类别", self.category), ("人员类别", self.member_type), ("状态", self.status),
                             ("年龄", self.age_band), ("性别", self.sex), ("党龄", self.party_years),
                             ("其他", self.other)):
            caption = QLabel(label)
            caption.setBuddy(combo)
            filters.addWidget(caption)
            filters.addWidget(combo)
            filters.addSpacing(6)
            combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
        filters.addStretch(1)

        search_row = QHBoxLayout()
        search_row.addWidget(self.search, 1)
        search_row.addWidget(self.count_label)
        # On a narrow screen the filters scroll sideways instead of widening the window.
        filter_box = QWidget()
        filter_box.setLayout(filters)
        self.filter_area = QScrollArea()
        self.filter_area.setObjectName("memberFilters")
        self.filter_area.setWidget(filter_box)
        self.filter_area.setWidgetResizable(True)
        self.filter_area.setFrameShape(QFrame.Shape.NoFrame)
        self.filter_area.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.filter_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.filter_area.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self._fit_height()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(search_row)
        layout.addWidget(self.filter_area)

    def _fit_height(self) -> None:
        box = self.filter_area.widget()
        assert box is not None
        self.filter_area.setFixedHeight(box.sizeHint().height()
                                        + self.filter_area.horizontalScrollBar().sizeHint().height())

    def event(self, event: QEvent) -> bool:
        done = super().event(event)
        if event.type() == QEvent.Type.FontChange:  # a new 字号: the filters' row grows
            self._fit_height()
        return done

    def values(self) -> dict[str, Any]:
        """The query's fields the search line and filters decide."""
        status, include_left = self.status.currentData()
        mobile, lost = self.other.currentData()
        return dict(text=self.search.text().strip(), category=self.category.currentData(),
                    member_type=self.member_type.currentData(), status=status, include_left=include_left,
                    age_band=self.age_band.currentData(), sex=self.sex.currentData(), mobile=mobile,
                    lost_contact=lost, party_years_min=self.party_years.currentData())

    def set_age_bands(self, bands: tuple[str, ...]) -> None:
        """The 年龄 filter's bands (the office's setting); the choice is kept when still offered."""
        chosen = self.age_band.currentData()
        self.age_band.blockSignals(True)
        self.age_band.clear()
        self.age_band.addItem("全部年龄", None)
        for band in bands:
            self.age_band.addItem(band, band)
        self.age_band.setCurrentIndex(max(self.age_band.findData(chosen), 0) if chosen else 0)
        self.age_band.blockSignals(False)

    def show_count(self, n: int) -> None:
        self.count_label.setText(f"共 {n} 人")
