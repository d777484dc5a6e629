"""The 材料 tab's problem list: every figure the last preview could not fill, and, for the one
the user clicks, its place selected in the template's raw text."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QTextCursor
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.reports.briefings import templates
from app.reports.briefings.briefing import Problem

PROBLEM_ROLE = Qt.ItemDataRole.UserRole + 1


class ProblemPanel(QWidget):
    """问题：… above the list of problems (the list hidden while there are none)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.list = QListWidget()
        self.list.setObjectName("problemList")
        self.list.setWordWrap(True)
        self.list.setMaximumHeight(self.fontMetrics().height() * 7)
        self.label = QLabel("问题：还没有生成预览。")
        self.list.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.list)

    def show_problems(self, problems: tuple[Problem, ...]) -> None:
        self.list.clear()
        for p in problems:
            item = QListWidgetItem(str(p))
            item.setData(PROBLEM_ROLE, p)
            item.setForeground(Qt.GlobalColor.darkRed)
            self.list.addItem(item)
        self.list.setVisible(bool(problems))
        if problems:
            self.label.setText(f"问题：{len(problems)}处数字没有填上（点一条，在模板中选中它）")
            font = QFont(self.label.font())
            font.setBold(True)
            self.label.setFont(font)
            self.label.setStyleSheet("color: #b00020;")
        else:
            self.label.setText("问题：没有。所有数字都已从台账填上。")
            self.label.setFont(self.font())
            self.label.setStyleSheet("")

    def problems(self) -> list[Problem]:
        return [self.list.item(i).data(PROBLEM_ROLE) for i in range(self.list.count())]


def select_in_template(editor: QPlainTextEdit, p: Problem) -> bool:
    """Selects the problem's placeholder (or chart line) in the template text; False when it
    is not found there."""
    doc = editor.document()
    blocks = [doc.findBlockByNumber(p.line - 1)] if p.line else [doc.findBlockByNumber(i)
                                                                for i in range(doc.blockCount())]
    for block in blocks:
        if not block.isValid():
            continue
        text = block.text()
        span = None
        for m in templates.PLACEHOLDER.finditer(text):
            if m[1].strip() == p.placeholder:
                span = (m.start(), m.end())
                break
        if span is None and p.line and p.placeholder in text:
            start = text.find(p.placeholder)
            span = (start, start + len(p.placeholder))
        if span is not None:
            cursor = QTextCursor(block)
            cursor.setPosition(block.position() + span[0])
            cursor.setPosition(block.position() + span[1], QTextCursor.MoveMode.KeepAnchor)
            editor.setTextCursor(cursor)
            editor.centerCursor()
            editor.setFocus()
            return True
    return False
