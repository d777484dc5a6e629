"""The 材料 tab's text: 逐段编辑 (each paragraph as it prints, figures shown as their values)
and 模板原文 (the raw template for those who want it), the templates offered and kept as files,
and the thresholds templates compare figures with."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.kit.errors import AppError, os_error_text
from app.reports.briefings import figures, templates
from app.reports.briefings.briefing import Kind
from app.ui.briefings.figure_picker import pick_figure
from app.ui.briefings.paragraphs import ParagraphEditor
from app.ui.kit.errors import show_error
from app.ui.kit.pdf_output import safe_file_name

TEMPLATE_FILTER = "模板文件 (*.txt);;所有文件 (*)"
ValueOf = Callable[[str], str | None]


class TemplateArea(QWidget):
    changed = Signal()  # the template text was edited
    loaded = Signal(str)  # another template was put in (its text)
    message = Signal(str)  # a line for the tab's status

    def __init__(self, kind: Callable[[], Kind], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self.value_of: ValueOf = lambda _name: None
        self.name = ""
        self.template_choice = QComboBox()
        self.template_choice.setObjectName("templateChoice")
        self.template_choice.setToolTip("内置模板和本单位保存的模板")
        self.template_choice.setMinimumContentsLength(8)
        self.template_choice.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        open_button = QPushButton("打开模板…")
        open_button.setToolTip("打开别的单位共享的模板文件（.txt）")
        open_button.clicked.connect(self.open_template)
        save_button = QPushButton("保存模板…")
        save_button.setToolTip("把模板存为文件，下次再用，或复制给其他单位共用")
        save_button.clicked.connect(self.save_template)
        self.insert_button = QPushButton("插入数字")
        self.insert_button.setToolTip("在光标处插入一个由台账自动填写的数字，如 {党员总数}")
        self.insert_button.setMenu(self._figure_menu())
        self.template_row = template_row = QHBoxLayout()
        caption = QLabel("模板(&M)")
        caption.setBuddy(self.template_choice)
        template_row.addWidget(caption)
        template_row.addWidget(self.template_choice, 1)
        for w in (open_button, save_button):
            template_row.addWidget(w)
        self.editor = QPlainTextEdit()
        self.editor.setObjectName("templateText")
        self.editor.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.editor.setTabChangesFocus(True)
        self.editor.setPlaceholderText("每行一段。花括号中的名称由台账自动填写，如 {党员总数}；以 # 开头的行不打印。")
        self.paragraphs = ParagraphEditor(self.pick)
        raw = QWidget()
        raw_layout = QVBoxLayout(raw)
        raw_layout.setContentsMargins(0, 0, 0, 0)
        raw_row = QHBoxLayout()
        raw_row.addWidget(QLabel("模板原文：每行一段；[如果 …]…[结束] 按数字选择写法"), 1)
        raw_row.addWidget(self.insert_button)
        raw_layout.addLayout(raw_row)
        raw_layout.addWidget(self.editor, 1)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("templateTabs")
        self.tabs.addTab(self.paragraphs, "逐段编辑")
        self.tabs.addTab(raw, "模板原文")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(template_row)
        layout.addWidget(self.tabs, 1)
        self.editor.textChanged.connect(self._raw_edited)
        self.paragraphs.changed.connect(self._paragraphs_edited)
        self.template_choice.activated.connect(self._template_chosen)
        self._fill_template_choice()

    # ---- the two views of one text -----------------------------------------------------------
    def template_text(self) -> str:
        return self.editor.toPlainText()

    def _raw_edited(self) -> None:
        self.paragraphs.set_template(self.editor.toPlainText())
        self.changed.emit()

    def _paragraphs_edited(self, text: str) -> None:
        self.editor.blockSignals(True)
        self.editor.setPlainText(text)
        self.editor.document().setModified(True)
        self.editor.blockSignals(False)
        self.changed.emit()

    def set_values(self, value_of: ValueOf) -> None:
        """Each figure's current value (after a preview), for the paragraphs and 插入数字."""
        self.value_of = value_of
        self.paragraphs.set_values(value_of)

    def pick(self) -> str | None:
        return pick_figure(self.value_of, self)

    # ---- the raw editor's 插入数字 menu --------------------------------------------------------
    def _figure_menu(self) -> QMenu:
        menu = QMenu(self)
        search = menu.addAction("查找数字（显示当前值）…")
        search.triggered.connect(lambda _c=False: self._insert_picked())
        menu.addSeparator()
        groups: dict[str, QMenu] = {}
        for f in figures.catalogue():
            sub = groups.get(f.group)
            if sub is None:
                sub = groups[f.group] = menu.addMenu(f.group or "其他")
                sub.setToolTipsVisible(True)
            action = sub.addAction(f.name + (f"（{f.unit}）" if f.unit else ""))
            action.setToolTip(f.help or f.name)
            action.triggered.connect(lambda _c=False, name=f.name: self.insert_text("{" + name + "}"))
        menu.addSeparator()
        for label, marker, names in (("柱状图", "柱状图", figures.CHARTS), ("饼图", "饼图", figures.CHARTS),
                                     ("表格", "表格", figures.TABLES)):
            if not names:
                continue
            sub = menu.addMenu(label)
            for name in names:
                action = sub.addAction(name)
                action.triggered.connect(lambda _c=False, m=marker, n=name: self.insert_line(f"[{m}：{n}]"))
        problems = menu.addAction("问题清单（台账反映的问题）")
        problems.triggered.connect(lambda _c=False: self.insert_line("[问题清单]"))
        return menu

    def _insert_picked(self) -> None:
        if name := self.pick():
            self.insert_text("{" + name + "}")

    def insert_text(self, text: str) -> None:
        """Puts ``text`` at the cursor (a figure such as {党员总数})."""
        self.editor.insertPlainText(text)
        self.editor.setFocus()

    def insert_line(self, text: str) -> None:
        """A chart or table marker on a line of its own after the cursor's line."""
        cursor = self.editor.textCursor()
        cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock)
        cursor.insertText("\n" + text)
        self.editor.setTextCursor(cursor)
        self.editor.setFocus()

    # ---- templates as files --------------------------------------------------------------------
    def _fill_template_choice(self) -> None:
        self.template_choice.blockSignals(True)
        self.template_choice.clear()
        for name, path in templates.available().items():
            self.template_choice.addItem(name, str(path))
        self.template_choice.blockSignals(False)
        self._show_template_name()

    def _show_template_name(self) -> None:
        index = self.template_choice.findText(self.name)
        if index < 0 and self.name:
            self.template_choice.addItem(self.name, "")
            index = self.template_choice.count() - 1
        self.template_choice.blockSignals(True)
        self.template_choice.setCurrentIndex(index)
        self.template_choice.blockSignals(False)

    def load_template(self, text: str, name: str, *, ask: bool = False) -> bool:
        """Puts a template in (asks first when ``ask`` and the text was edited)."""
        if ask and self.editor.document().isModified() and text != self.editor.toPlainText():
            answer = QMessageBox.question(
                self, "换模板", f"换成模板“{name}”吗？\n修改过的文字将被替换（需要的话，先点“保存模板…”）。")
            if answer != QMessageBox.StandardButton.Yes:
                self._show_template_name()
                return False
        self.editor.setPlainText(text)
        self.editor.document().setModified(False)
        self.name = name
        self._show_template_name()
        self.loaded.emit(text)
        return True

    def _template_chosen(self, index: int) -> None:
        path = self.template_choice.itemData(index)
        name = self.template_choice.itemText(index)
        if not path or name == self.name and not self.editor.document().isModified():
            return
        try:
            text = templates.load(path)
        except AppError as exc:
            show_error(self, exc)
            self._show_template_name()
            return
        self.load_template(text, name, ask=True)

    def open_template(self) -> bool:
        folder = templates.user_dir() if templates.user_dir().is_dir() else Path.home()
        path, _ = QFileDialog.getOpenFileName(self, "打开模板", str(folder), TEMPLATE_FILTER)
        if not path:
            return False
        try:
            text = templates.load(path)
        except AppError as exc:
            show_error(self, exc)
            return False
        return self.load_template(text, Path(path).stem, ask=True)

    def save_template(self) -> Path | None:
        folder = templates.user_dir()
        name = safe_file_name(self.name or self.kind().value)
        if name in (k.value for k in Kind):
            name = f"本单位{name}"  # the built-in ones stay as they are
        path, _ = QFileDialog.getSaveFileName(self, "保存模板", str(folder / f"{name}.txt"), TEMPLATE_FILTER)
        if not path:
            return None
        target = Path(path)
        if not target.suffix:
            target = target.with_suffix(".txt")
        from app.services.kit.files import write_text

        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            write_text(target, self.editor.toPlainText(), kind="模板")
        except OSError as exc:
            show_error(self, AppError(f"模板无法保存：{os_error_text(exc, target)}"))
            return None
        except AppError as exc:
            show_error(self, exc)
            return None
        self.editor.document().setModified(False)
        self.name = target.stem
        self._fill_template_choice()
        self.message.emit(f"模板已保存：{target}。把这个文件复制给其他单位，用“打开模板…”即可共用。")
        return target
