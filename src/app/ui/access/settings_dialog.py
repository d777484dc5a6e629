"""设置: the office-wide settings an administrator may change (backups, the idle lock, where
members may be placed, the age bands the roster counts in, how often each kind of organisation
life is due)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.domain.kit.errors import AppError
from app.domain.members.rules import AGE_BAND_SETS
from app.domain.orglife.kinds import FREQUENCIES, frequencies
from app.services.access.settings import LABELS, SettingsService
from app.ui.kit.widgets import ErrorLine, dialog_buttons

# key -> (minimum, maximum); 0 minutes of idle lock means "never lock".
NUMBERS: dict[str, tuple[int, int]] = {
    "idle_lock_minutes": (0, 240),
    "backup_interval_minutes": (5, 24 * 60),
    "backup_keep_daily": (1, 366),
    "backup_keep_weekly": (0, 104),
    "backup_keep_monthly": (0, 120),
}
# Yes/no settings, shown as check boxes.
CHECKS: tuple[str, ...] = ("members_in_committees",)


class SettingsDialog(QDialog):
    def __init__(self, settings: SettingsService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.setWindowTitle("设置")
        form = QFormLayout()
        self.boxes: dict[str, QSpinBox] = {}
        for key, (low, high) in NUMBERS.items():
            box = QSpinBox()
            box.setRange(low, high)
            box.setValue(int(settings.get(key)))
            if key == "idle_lock_minutes":
                box.setSpecialValueText("从不锁定")
            self.boxes[key] = box
            form.addRow(LABELS[key], box)
        self.checks: dict[str, QCheckBox] = {}
        for key in CHECKS:
            check = QCheckBox(LABELS[key])
            check.setChecked(bool(settings.get(key)))
            check.setToolTip("党员一般编入党支部（或党小组）。只有本单位确需把党员直接编在党委、党总支时才勾选。")
            self.checks[key] = check
            form.addRow("", check)
        self.age_bands = QComboBox()
        self.age_bands.setObjectName("ageBands")
        self.age_bands.addItems(list(AGE_BAND_SETS))
        self.age_bands.setCurrentText(str(settings.get("member_age_bands")))
        form.addRow("党员年龄段", self.age_bands)
        frequency_box = QGroupBox("组织生活开展频次（落实情况按此检查）")
        frequency_form = QFormLayout(frequency_box)
        self.frequencies: dict[str, QComboBox] = {}
        for kind, frequency in frequencies(settings.get("orglife_frequencies")).items():
            combo = QComboBox()
            combo.addItems(list(FREQUENCIES))
            combo.setCurrentText(frequency.value)
            self.frequencies[kind.value] = combo
            frequency_form.addRow(kind.value, combo)
        self.error = ErrorLine()
        buttons = dialog_buttons(self, "保存", self.save)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(frequency_box)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def save(self) -> None:
        try:
            for key, box in self.boxes.items():
                if box.value() != int(self.settings.get(key)):
                    self.settings.set(key, box.value())
            for key, check in self.checks.items():
                if check.isChecked() != bool(self.settings.get(key)):
                    self.settings.set(key, check.isChecked())
            if self.age_bands.currentText() != self.settings.get("member_age_bands"):
                self.settings.set("member_age_bands", self.age_bands.currentText())
            chosen = {kind: combo.currentText() for kind, combo in self.frequencies.items()}
            current = {k.value: f.value for k, f in frequencies(self.settings.get("orglife_frequencies")).items()}
            if chosen != current:
                self.settings.set("orglife_frequencies", chosen)
        except AppError as exc:
            self.error.show_message(exc.message)
            return
        self.accept()
