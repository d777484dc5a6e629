"""逐段编辑: the template shown as the text it prints, each figure as its value (highlighted;
hover for what it is), and the chosen paragraph edited below it with 插入数字 at hand.

The raw template stays the one source: this widget edits its lines and says so with
``changed``; conditions ([如果 …] lines) are shown as grey notes between the paragraphs.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from PySide6.QtCore import QPoint, Signal
from PySide6.QtGui import QMouseEvent, QTextCursor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTextBrowser,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from app.reports.briefings import figures, templates

ValueOf = Callable[[str], str | None]
NOTE = "color:#777777;font-size:small;"
FIGURE = "background:#FFF1B8;color:#000000;text-decoration:none;"
MISSING = "background:#FFD6D6;color:#B00020;text-decoration:none;"
_CONTROL_WORDS = {"如果": "以下各段仅当", "否则如果": "否则，当", "否则": "否则印出以下各段", "结束": "条件结束"}


_INLINE_WORDS = {"如果": "若", "否则如果": "否则若", "否则": "否则", "结束": "条件结束"}


def _control_note(word: str, condition: str, inline: bool = False) -> str:
    """How a condition reads between paragraphs, or inside a sentence (``inline``)."""
    if inline:
        return f"〔{_INLINE_WORDS[word]} {condition}：〕" if condition else f"〔{_INLINE_WORDS[word]}〕"
    if word in ("如果", "否则如果"):
        return f"〔{_CONTROL_WORDS[word]} {condition} 时印出〕"
    return f"〔{_CONTROL_WORDS[word]}〕"


class _View(QTextBrowser):
    """The rendered paragraphs; a figure's meaning shows on hover."""

    def __init__(self) -> None:
        super().__init__()
        self.setOpenLinks(False)
        self.setMouseTracking(True)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        anchor = self.anchorAt(event.position().toPoint())
        if anchor.startswith("fig:"):
            name = anchor[4:]
            found = figures.lookup(name)
            meaning = (found.help or found.group) if found else "不是可用的数字名称"
            QToolTip.showText(self.mapToGlobal(event.position().toPoint()) + QPoint(8, 8),
                              f"{{{name}}}：{meaning}", self)
        else:
            QToolTip.hideText()
        super().mouseMoveEvent(event)


class ParagraphEditor(QWidget):
    changed = Signal(str)  # the whole template text after an edit here

    def __init__(self, pick: Callable[[], str | None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pick = pick
        self.text = ""
        self.value_of: ValueOf = lambda _name: None
        self.shown: list[int] = []  # template line index of each paragraph in the view
        self.current: int | None = None
        self.view = _View()
        self.view.setObjectName("paragraphView")
        self.view.cursorPositionChanged.connect(self._clicked)
        self.edit = QPlainTextEdit()
        self.edit.setObjectName("paragraphEdit")
        self.edit.setPlaceholderText("点上面的一段，在这里修改它的文字；花括号中的名称由台账自动填写。")
        self.edit.setMaximumHeight(self.fontMetrics().height() * 6)
        self.edit.textChanged.connect(self._edited)
        self.insert_button = QPushButton("插入数字…")
        self.insert_button.setObjectName("insertFigure")
        self.insert_button.setToolTip("从列表中查找一个数字（显示当前值），插在光标处")
        self.insert_button.clicked.connect(self.insert_figure)
        self.add_button = QPushButton("新增一段")
        self.add_button.clicked.connect(self.add_paragraph)
        self.remove_button = QPushButton("删除本段")
        self.remove_button.clicked.connect(self.remove_paragraph)
        self.where = QLabel()
        buttons = QHBoxLayout()
        buttons.addWidget(self.where, 1)
        for b in (self.insert_button, self.add_button, self.remove_button):
            buttons.addWidget(b)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.edit)
        self._update_buttons()

    # ---- content -----------------------------------------------------------------------------
    def set_template(self, text: str) -> None:
        if text == self.text:
            return
        self.text = text
        self._render()

    def set_values(self, value_of: ValueOf) -> None:
        self.value_of = value_of
        self._render()

    def lines(self) -> list[str]:
        return self.text.split("\n")

    def _render(self) -> None:
        position = self.view.verticalScrollBar().value()
        self.shown = []
        out = []
        for index, raw in enumerate(self.lines()):
            line = raw.strip().lstrip("\ufeff")
            if not line or line.startswith("#"):
                continue
            control = templates.CONTROL.fullmatch(line)
            if control:
                body = f'<span style="{NOTE}">{html.escape(_control_note(control[1], control[2]))}</span>'
            else:
                body = self._paragraph_html(line)
            selected = "background:#E3F0FF;" if index == self.current else ""
            out.append(f'<p style="margin:3px 0;{selected}">{body}</p>')
            self.shown.append(index)
        self.view.blockSignals(True)
        self.view.setHtml("".join(out) or f'<p style="{NOTE}">模板是空的。</p>')
        self.view.blockSignals(False)
        self.view.verticalScrollBar().setValue(position)

    def _paragraph_html(self, line: str) -> str:
        heading = any(p.match(line) for _level, p in templates.HEADINGS)
        setting = templates.SETTING.match(line)
        if templates.MARKER.match(line) or templates.PROBLEM_LIST.match(line):
            return f'<span style="{NOTE}">〔插入：{html.escape(line.strip("[]【】"))}〕</span>'
        pieces = []
        pos = 0
        for m in re.finditer(templates.PLACEHOLDER.pattern + "|" + templates.CONTROL.pattern, line):
            pieces.append(html.escape(line[pos:m.start()]))
            if m[0].startswith("{"):
                name = m[1].strip()
                value = self.value_of(name)
                shown = value if value is not None else f"【{name}？】"
                style = FIGURE if value is not None else MISSING
                pieces.append(f'<a href="fig:{html.escape(name)}" style="{style}">{html.escape(shown)}</a>')
            else:
                word, condition = m[3], m[4]
                pieces.append(f'<span style="{NOTE}">{html.escape(_control_note(word, condition, True))}</span>')
            pos = m.end()
        pieces.append(html.escape(line[pos:]))
        body = "".join(pieces)
        if setting:
            return f'<span style="{NOTE}">{html.escape(setting[1])}：</span>{body[len(setting[1]) + 1:]}'
        if heading:  # a run-in heading: its first sentence is the heading, as printed
            head, dot, rest = body.partition("。")
            return f"<b>{head}{dot}</b>{rest}"
        return "　　" + body

    # ---- choosing and editing a paragraph ----------------------------------------------------
    def _clicked(self) -> None:
        block = self.view.textCursor().blockNumber()
        if 0 <= block < len(self.shown):
            self.select_line(self.shown[block])

    def select_line(self, index: int) -> None:
        self.current = index
        self.edit.blockSignals(True)
        self.edit.setPlainText(self.lines()[index])
        self.edit.blockSignals(False)
        self.where.setText(f"正在修改模板第{index + 1}行")
        self._render()
        self._update_buttons()

    def _edited(self) -> None:
        if self.current is None:
            return
        new = " ".join(self.edit.toPlainText().splitlines())  # one paragraph is one line
        lines = self.lines()
        if lines[self.current] == new:
            return
        lines[self.current] = new
        self._set_lines(lines)

    def _set_lines(self, lines: list[str]) -> None:
        self.text = "\n".join(lines)
        self._render()
        self.changed.emit(self.text)

    def insert_figure(self) -> None:
        name = self.pick()
        if not name:
            return
        if self.current is None:
            self.add_paragraph()
        self.edit.insertPlainText("{" + name + "}")
        self.edit.setFocus()

    def add_paragraph(self) -> None:
        lines = self.lines()
        at = (self.current + 1) if self.current is not None else len(lines)
        lines.insert(at, "")
        self._set_lines(lines)
        self.select_line(at)
        self.edit.setFocus()

    def remove_paragraph(self) -> None:
        if self.current is None:
            return
        lines = self.lines()
        del lines[self.current]
        self.current = None
        self.edit.blockSignals(True)
        self.edit.clear()
        self.edit.blockSignals(False)
        self.where.setText("")
        self._set_lines(lines)
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.remove_button.setEnabled(self.current is not None)
        self.edit.setEnabled(self.current is not None)
        if self.current is not None:
            cursor = self.edit.textCursor()
            cursor.movePosition(QTextCursor.MoveOperation.End)
            self.edit.setTextCursor(cursor)
