"""The 材料 tab's form: which organisation, which period, what kind of document, who issues it
and to whom. It turns what the user chose into a BriefingRequest."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from app.reports.briefings import period as periods
from app.reports.briefings import templates
from app.reports.briefings.briefing import BriefingRequest, Kind
from app.reports.briefings.period import Period
from app.services.briefings.service import IssuerSettings
from app.services.orgs.service import OrgRow
from app.ui.kit.date_field import DateField

RECIPIENTS = ("报", "送", "发")
PERIOD_MODES = ("年度", "季度", "月份", "起止日期")
QUARTERS = ("第一季度", "第二季度", "第三季度", "第四季度")


def tree_order(rows: Sequence[OrgRow]) -> list[tuple[OrgRow, int]]:
    """Open organisations depth first, each with its depth (for indented lists)."""
    open_rows = [r for r in rows if not r.is_closed]
    ids = {r.id for r in open_rows}
    children: dict[int | None, list[OrgRow]] = {}
    for r in open_rows:  # rows arrive in sort order
        children.setdefault(r.parent_id if r.parent_id in ids else None, []).append(r)
    out: list[tuple[OrgRow, int]] = []

    def walk(parent: int | None, depth: int) -> None:
        for r in children.get(parent, []):
            out.append((r, depth))
            walk(r.id, depth + 1)

    walk(None, 0)
    return out


class OrgCombo(QComboBox):
    """The organisations in tree order, indented; the chosen one stands for its whole subtree."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("orgCombo")
        self.setMaxVisibleItems(20)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(14)
        self.rows: dict[int, OrgRow] = {}

    def load(self, rows: Sequence[OrgRow], keep: int | None = None) -> None:
        keep = keep if keep is not None else self.org_id()
        self.blockSignals(True)
        self.clear()
        self.rows = {}
        for row, depth in tree_order(rows):
            self.addItem("\u3000" * depth + row.name, row.id)
            self.setItemData(self.count() - 1, row.name, Qt.ItemDataRole.ToolTipRole)
            self.rows[row.id] = row
        index = self.findData(keep) if keep is not None else -1
        self.setCurrentIndex(index if index >= 0 else 0)
        self.blockSignals(False)

    def org_id(self) -> int | None:
        value = self.currentData()
        return int(value) if value is not None else None

    def org(self) -> OrgRow | None:
        org_id = self.org_id()
        return self.rows.get(org_id) if org_id is not None else None

    def select(self, org_id: int | None) -> None:
        index = self.findData(org_id)
        if index >= 0:
            self.setCurrentIndex(index)


class PeriodPicker(QWidget):
    """年度 / 季度 / 月份 / 起止日期, with the year and the quarter, month or dates."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None, today: dt.date | None = None) -> None:
        super().__init__(parent)
        today = today or dt.date.today()
        self.mode = QComboBox()
        self.mode.addItems(PERIOD_MODES)
        self.year = QSpinBox()
        self.year.setRange(1921, 2100)
        self.year.setValue(today.year)
        self.year.setSuffix("年")
        self.quarter = QComboBox()
        self.quarter.addItems(QUARTERS)
        self.quarter.setCurrentIndex((today.month - 1) // 3)
        self.month = QSpinBox()
        self.month.setRange(1, 12)
        self.month.setValue(today.month)
        self.month.setSuffix("月")
        self.start = DateField(label="起始日期", required=True)
        self.start.set_value(dt.date(today.year, 1, 1))
        self.end = DateField(label="截止日期", required=True)
        self.end.set_value(today)
        self.to_label = QLabel("至")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for w in (self.mode, self.year, self.quarter, self.month, self.start, self.to_label, self.end):
            layout.addWidget(w)
        layout.addStretch(1)
        self.mode.currentIndexChanged.connect(lambda _i: self._show_fields())
        for signal in (self.mode.currentIndexChanged, self.year.valueChanged, self.quarter.currentIndexChanged,
                       self.month.valueChanged, self.start.committed, self.end.committed):
            signal.connect(lambda *_a: self.changed.emit())
        self.mode.setAccessibleName("时间段类型")
        self.setFocusProxy(self.mode)  # the form's 时间段(&T) goes to the first choice
        self._show_fields()

    def _show_fields(self) -> None:
        mode = self.mode.currentText()
        self.year.setVisible(mode != "起止日期")
        self.quarter.setVisible(mode == "季度")
        self.month.setVisible(mode == "月份")
        for w in (self.start, self.to_label, self.end):
            w.setVisible(mode == "起止日期")

    def set_mode(self, mode: str) -> None:
        self.mode.setCurrentText(mode)

    def period(self) -> Period:
        """Raises ValidationError when the end date is before the start."""
        mode = self.mode.currentText()
        y = self.year.value()
        if mode == "季度":
            return periods.quarter(y, self.quarter.currentIndex() + 1)
        if mode == "月份":
            return periods.month(y, self.month.value())
        if mode == "起止日期":
            start, end = self.start.value(), self.end.value()
            assert start is not None and end is not None  # required
            return periods.between(start, end)
        return periods.year(y)


class BriefingForm(QWidget):
    """Organisation, period, kind, title, issuer, date and, for a 简报, its name and 版记.

    The issuer (印发单位) follows the chosen organisation, and so do the 简报's name and 版记:
    they are the organisation's own settings (``issuer_settings``), changeable for one issue
    here, and kept as the organisation's with “存为本单位默认”.
    """

    changed = Signal()
    kind_changed = Signal(str)
    save_defaults = Signal(int, object)  # organisation id, IssuerSettings

    def __init__(self, parent: QWidget | None = None,
                 issuer_settings: Callable[[int], IssuerSettings] | None = None) -> None:
        super().__init__(parent)
        self.issuer_settings = issuer_settings or (lambda _org_id: IssuerSettings())
        self.org = OrgCombo()
        self.period = PeriodPicker()
        self.kind = QComboBox()
        self.kind.setObjectName("kindCombo")
        for k in Kind:
            self.kind.addItem(k.value, k)
        self.issued_on = DateField(label="印发日期", required=True)
        self.issued_on.set_value(dt.date.today())
        self.title = QLineEdit()
        self.title.setObjectName("briefingTitle")
        self.title.setPlaceholderText("留空则用模板中“标题：”一行")
        self.issuer = QLineEdit()
        self.issuer.setObjectName("briefingIssuer")
        self.issuer.setPlaceholderText("所选党组织的名称")
        self.masthead = QLineEdit()
        self.masthead.setObjectName("mastheadName")
        self.masthead.setPlaceholderText("留空则为“党建工作简报”")
        self.recipients = {k: QLineEdit() for k in RECIPIENTS}
        for key, edit in self.recipients.items():
            edit.setObjectName(f"distribution{RECIPIENTS.index(key)}")
            edit.setPlaceholderText({"报": "上级机关，如：县委组织部（不填则不印）", "送": "同级有关单位（不填则不印）",
                                     "发": "下属党组织（不填则不印）"}[key])
        self.copies = QSpinBox()
        self.copies.setRange(0, 99999)
        self.copies.setSuffix("份")
        self.copies.setSpecialValueText("不写印数")
        self.save_button = QPushButton("存为本单位默认")
        self.save_button.setObjectName("saveDistribution")
        self.save_button.setToolTip("把简报名称、报送发和印数存为所选党组织的默认值，以后每期自动填好")
        self.save_button.clicked.connect(self._save_defaults)

        kind_row = QHBoxLayout()
        kind_row.addWidget(self.kind)
        kind_row.addSpacing(12)
        date_label = QLabel("印发日期")
        date_label.setBuddy(self.issued_on)
        kind_row.addWidget(date_label)
        kind_row.addWidget(self.issued_on)
        kind_row.addStretch(1)
        copies_row = QHBoxLayout()
        copies_row.addWidget(self.copies)
        copies_row.addStretch(1)
        copies_row.addWidget(self.save_button)
        self.copies_row = QWidget()
        self.copies_row.setLayout(copies_row)
        copies_row.setContentsMargins(0, 0, 0, 0)
        self.form = QFormLayout(self)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.form.setVerticalSpacing(4)
        self.form.addRow("党组织(&O)", self.org)
        self.form.addRow("时间段(&T)", self.period)
        kind_label = QLabel("材料类型(&K)")  # a row of several fields: the label names the first
        kind_label.setBuddy(self.kind)
        self.form.addRow(kind_label, kind_row)
        self.form.addRow("标题", self.title)
        self.form.addRow("印发单位", self.issuer)
        self.form.addRow("简报名称", self.masthead)
        for key, edit in self.recipients.items():
            self.form.addRow(key, edit)
        self.form.addRow("共印", self.copies_row)

        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.org.currentIndexChanged.connect(lambda _i: self._org_changed())
        self.period.changed.connect(self.changed)
        self.issued_on.committed.connect(self.changed.emit)
        for edit in (self.title, self.issuer, self.masthead, *self.recipients.values()):
            edit.textChanged.connect(lambda _t: self.changed.emit())
        self.copies.valueChanged.connect(lambda _v: self.changed.emit())
        self._show_distribution()

    # ---- kind and organisation -----------------------------------------------------------
    def current_kind(self) -> Kind:
        return Kind(self.kind.currentData())

    def set_kind(self, kind: Kind | str) -> None:
        self.kind.setCurrentIndex(self.kind.findText(Kind(kind).value))

    def _kind_changed(self) -> None:
        self._show_distribution()
        self.kind_changed.emit(self.current_kind().value)
        self.changed.emit()

    def _show_distribution(self) -> None:
        bulletin = self.current_kind() is Kind.BULLETIN
        for edit in (self.masthead, *self.recipients.values(), self.copies_row):
            self.form.setRowVisible(edit, bulletin)

    def _org_changed(self) -> None:
        self.follow_org()
        self.changed.emit()

    def follow_org(self) -> None:
        """印发单位, 简报名称 and 版记 become the chosen organisation's."""
        org = self.org.org()
        self.issuer.setText(org.name if org else "")
        own = self.issuer_settings(org.id) if org else IssuerSettings()
        self.masthead.setText(own.masthead)
        for key, edit in self.recipients.items():
            edit.setText(own.line(key))
        self.copies.setValue(own.copies or 0)

    def distribution(self) -> IssuerSettings:
        """The 简报 name and 版记 as they stand in the form (not checked)."""
        lines = tuple((k, e.text().strip()) for k, e in self.recipients.items() if e.text().strip())
        return IssuerSettings(self.masthead.text().strip(), lines, self.copies.value() or None)

    def _save_defaults(self) -> None:
        org_id = self.org.org_id()
        if org_id is not None:
            self.save_defaults.emit(org_id, self.distribution())

    # ---- the template's distribution settings ---------------------------------------------
    def take_settings(self, text: str) -> None:
        """A template that names its own 报/送/发 or 印数 fills the fields it names (its 报头 is
        used when the 简报名称 field is left empty)."""
        tpl = templates.parse(text)
        for key, edit in self.recipients.items():
            if tpl.setting(key):
                edit.setText(tpl.setting(key))
        copies = tpl.setting("印数").rstrip("份").strip()
        if copies.isdigit():
            self.copies.setValue(min(int(copies), self.copies.maximum()))

    # ---- the request -----------------------------------------------------------------------
    def _issued_on(self) -> dt.date:
        day = self.issued_on.value()
        assert day is not None  # required
        return day

    def request(self, template_text: str) -> BriefingRequest:
        """What to render; raises ValidationError for an impossible period."""
        org_id = self.org.org_id()
        if org_id is None:
            from app.domain.kit.errors import ValidationError

            raise ValidationError("请先在“组织”页建立党组织，再生成材料", field="党组织")
        kind = self.current_kind()
        recipients: tuple[tuple[str, str], ...] | None = None
        copies: int | None = None
        masthead = ""
        if kind is Kind.BULLETIN:  # exactly what the form shows: an empty line is not printed
            own = self.distribution()
            recipients, copies, masthead = own.lines, own.copies or 0, own.masthead
        return BriefingRequest(
            org_id=org_id, period=self.period.period(), kind=kind, title=self.title.text().strip(),
            issuer=self.issuer.text().strip(), issued_on=self._issued_on(),
            template_text=template_text, recipients=recipients, copies=copies, masthead_name=masthead,
        )
