"""阈值: the numbers templates compare figures with ([如果 {35岁及以下党员占比} < {年轻党员占比下限}]),
set once for the office; each change is kept in the audit trail."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QWidget,
)

from app.domain.kit.errors import AppError
from app.services.briefings.service import THRESHOLDS, BriefingService
from app.ui.kit.errors import show_error


class ThresholdDialog(QDialog):
    def __init__(self, briefings: BriefingService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("阈值")
        self.briefings = briefings
        current = briefings.thresholds()
        self.boxes: dict[str, QDoubleSpinBox] = {}
        layout = QFormLayout(self)
        intro = QLabel("模板中按数字选择写法时与这些数值比较，例如年轻党员占比低于下限时写“年轻党员比例偏低”。")
        intro.setWordWrap(True)
        layout.addRow(intro)
        for name, (_default, unit, help_text) in THRESHOLDS.items():
            box = QDoubleSpinBox()
            box.setObjectName(f"threshold-{name}")
            box.setRange(0, 100 if unit == "%" else 100000)
            box.setDecimals(1)
            box.setSuffix(unit)
            box.setValue(float(current[name]))
            box.setToolTip(help_text)
            self.boxes[name] = box
            layout.addRow(name, box)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("保存")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addRow(buttons)

    def save(self) -> bool:
        current = self.briefings.thresholds()
        try:
            for name, box in self.boxes.items():
                value = Decimal(str(round(box.value(), 1)))
                if value != current[name]:
                    self.briefings.set_threshold(name, value)
        except AppError as exc:
            show_error(self, exc)
            return False
        self.accept()
        return True


def edit_thresholds(briefings: BriefingService, parent: QWidget | None = None) -> bool:
    return ThresholdDialog(briefings, parent).exec() == QDialog.DialogCode.Accepted
