"""What a page's import and export commands share: choosing the file (or taking the one a test
gives), and the dialog that shows an import's check before anything is written.

The dialog shows the summary, the first rows that cannot be imported (第N行 字段：原因), and,
when the area offers them, a choice of how to import (导入为草稿 / 导入并记账). When some rows
have problems, 确认导入 waits until the user ticks 跳过有问题的行: importing the good rows and
then the whole corrected file again would enter them twice, so skipping is a decision, not a
default. The write itself runs through the kit's runner (a 请稍候 box, the window still drawn).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGroupBox,
    QLabel,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.ui.kit import runner
from app.ui.kit.colours import RED

SHEET_FILTER = "Excel 或 CSV 文件 (*.xlsx *.xls *.csv);;所有文件 (*)"
XLSX_ONLY = {"Excel 工作簿 (*.xlsx)": ".xlsx"}
XLSX_OR_CSV = {"Excel 工作簿 (*.xlsx)": ".xlsx", "CSV 文件，逗号分隔 (*.csv)": ".csv"}
SHOWN_PROBLEMS = 20


def open_sheet(parent: QWidget, title: str, path: str | Path | None = None) -> str | None:
    """The spreadsheet to import: ``path`` when given, else the one the user picks (None: none)."""
    if path is not None:
        return str(path)
    chosen, _f = QFileDialog.getOpenFileName(parent, title, "", SHEET_FILTER)
    return chosen or None


def save_target(parent: QWidget, title: str, default_name: str, path: str | Path | None = None,
                filters: Mapping[str, str] = XLSX_OR_CSV) -> str | None:
    """The file to write: ``path`` when given, else the one the user names, with the suffix of
    the chosen type added when none was typed (None: cancelled)."""
    if path is not None:
        return str(path)
    chosen, kind = QFileDialog.getSaveFileName(parent, title, default_name, ";;".join(filters))
    if not chosen:
        return None
    if not Path(chosen).suffix:
        chosen += filters.get(kind, next(iter(filters.values())))
    return chosen


def problem_lines(problems: Sequence[str], shown: int = SHOWN_PROBLEMS) -> list[str]:
    """The first ``shown`` problems, and how many more there are."""
    lines = list(problems[:shown])
    if len(problems) > shown:
        lines.append(f"……另有{len(problems) - shown}行有问题，未列出。请改正后重新检查。")
    return lines


class ImportCheckDialog(QDialog):
    """An import's check: ``summary`` lines, ``where`` the records go, the ``problems`` found;
    ``count`` records can be written, by ``apply(choice)`` (``choices``: key and label, the
    first chosen at first) on 确认导入. ``outcome`` holds what ``apply`` returned."""

    def __init__(self, title: str, summary: Sequence[str], problems: Sequence[str], count: int,
                 apply: Callable[[str], Any], *, measure: str, where: str = "",
                 choices: Sequence[tuple[str, str]] = (), parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName("importCheck")
        self.apply_fn = apply
        self.count = count
        self.outcome: Any = None
        self.resize(640, 460 if problems else 300)
        layout = QVBoxLayout(self)
        self.summary = QLabel("\n".join([*summary, where] if where else summary))
        self.summary.setObjectName("importSummary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.problems = QPlainTextEdit("\n".join(problem_lines(problems)))
        self.problems.setObjectName("importProblems")
        self.problems.setReadOnly(True)
        self.skip = QCheckBox(f"跳过有问题的行，只导入其余{count}{measure}")
        self.skip.setObjectName("importSkip")
        note = QLabel("下列各行有问题，不会导入。改正后请只导入改正的这几行；再次导入整个文件，"
                      "已导入的行会重复。")
        note.setWordWrap(True)
        if problems:
            layout.addWidget(note)
            layout.addWidget(self.problems, 1)
            if count:
                layout.addWidget(self.skip)
        self.choice_group = QButtonGroup(self)
        self.choice_buttons: dict[str, QRadioButton] = {}
        if choices and count:
            box = QGroupBox("导入方式")
            column = QVBoxLayout(box)
            for n, (key, label) in enumerate(choices):
                button = QRadioButton(label)
                button.setObjectName(f"importChoice_{key}")
                button.setChecked(n == 0)
                self.choice_group.addButton(button)
                self.choice_buttons[key] = button
                column.addWidget(button)
            layout.addWidget(box)
        self.nothing = QLabel("没有可导入的内容。" if not count else "")
        self.nothing.setStyleSheet(f"color: {RED};")
        self.nothing.setVisible(not count)
        layout.addWidget(self.nothing)
        if not problems:
            layout.addStretch(1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.confirm_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.confirm_button.setText("确认导入")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消" if count else "关闭")
        self.buttons.accepted.connect(self.confirm)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.has_problems = bool(problems)
        self.skip.toggled.connect(lambda _on: self._update())
        self._update()

    def _update(self) -> None:
        self.confirm_button.setEnabled(self.count > 0 and (not self.has_problems or self.skip.isChecked()))

    def choice(self) -> str:
        """The key of the way chosen; "" when the area offers no choice or nothing can be imported."""
        return next((k for k, b in self.choice_buttons.items() if b.isChecked()), "")

    def choose(self, key: str) -> None:
        self.choice_buttons[key].setChecked(True)

    def confirm(self) -> None:
        if not self.confirm_button.isEnabled():
            return
        choice = self.choice()
        # One transaction, written in the background; a refusal is shown and the dialog stays.
        done = runner.run_modal(self, "正在导入，请稍候…", lambda _task: (self.apply_fn(choice),), cancellable=False)
        if done is None:
            return
        self.outcome = done[0]
        self.accept()
