"""The 材料 tab: work reports (工作汇报) and numbered briefings (简报) from the records.

Left: what to make (organisation, period, kind, title, issuer, distribution), the template
text the user edits, with figures inserted as {名称}, and the problems of the last preview
(every placeholder the records could not fill; clicking one selects it in the text).
Right: the preview as it will be printed, 打印… / 另存为PDF… / 正式印发, and the list of
documents already issued (printed again exactly as they were).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.access.permissions import Permission
from app.domain.kit.changes import Change, Changes
from app.domain.kit.errors import AppError, ValidationError
from app.reports.briefings import templates
from app.reports.briefings.briefing import (
    BriefingResult,
    FigureValues,
    Kind,
    Problem,
    issue_briefing,
    render_briefing,
)
from app.services.access.auth import can
from app.services.container import Services
from app.ui.briefings.editing import TemplateArea
from app.ui.briefings.form import BriefingForm
from app.ui.briefings.issued_list import IssuedList
from app.ui.briefings.problems import PROBLEM_ROLE, ProblemPanel, select_in_template
from app.ui.kit.changes import ChangeBus
from app.ui.kit.errors import show_error
from app.ui.kit.pdf_output import print_pdf, save_pdf
from app.ui.kit.pdf_preview import PdfPreview
from app.ui.safety.backup_dialog import busy

AUTO_PREVIEW_MS = 700
NO_PERMISSION = "当前用户的角色没有“打印材料”的权限"


class BriefingTab(QWidget):
    title = "材料"

    def __init__(self, services: Services, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.bus = bus
        self.can_print = can(services.actor, Permission.PRINT_REPORTS)
        self.result: BriefingResult | None = None
        self.issued_number: str = ""  # what the shown preview was issued as
        self._stale = False
        self._template_name = ""

        # ---- left: the form, the template, the problems ------------------------------------
        self.form = BriefingForm(issuer_settings=self._issuer_settings)
        self.form.save_defaults.connect(self.save_distribution)
        self.area = TemplateArea(self.form.current_kind)
        self.area.message.connect(self.status_text)
        self.area.loaded.connect(self.form.take_settings)
        # the names the tests and the rest of the tab use
        self.editor = self.area.editor
        self.template_choice = self.area.template_choice
        self.insert_button = self.area.insert_button
        self.thresholds_button = QPushButton("阈值…")
        self.thresholds_button.setObjectName("thresholdsButton")
        self.thresholds_button.setToolTip("模板按数字选择写法时比较的数值（如年轻党员占比下限），本单位可修改")
        self.thresholds_button.clicked.connect(self.edit_thresholds)
        self.area.template_row.addWidget(self.thresholds_button)
        self.problem_panel = ProblemPanel()
        self.problems, self.problems_label = self.problem_panel.list, self.problem_panel.label
        self.problems.itemActivated.connect(self.select_problem)
        self.problems.itemClicked.connect(self.select_problem)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.form)
        left_layout.addWidget(self.area, 1)
        left_layout.addWidget(self.problem_panel)

        # ---- right: commands, preview, issued documents -------------------------------------
        self.actions_: dict[str, QAction] = {}
        self.buttons: dict[str, QPushButton] = {}
        command_row = QHBoxLayout()
        for key, text, shortcut, slot in (
            ("generate", "生成预览", "Ctrl+R", self.generate),
            ("print", "打印…", "Ctrl+P", self.print_),
            ("save", "另存为PDF…", "Ctrl+S", self.save_pdf),
            ("issue", "正式印发…", None, self.issue),
        ):
            action = QAction(text, self)
            if shortcut:
                action.setShortcut(QKeySequence(shortcut))
            action.triggered.connect(slot)
            self.addAction(action)
            button = QPushButton(text)
            button.setObjectName(f"{key}Button")
            button.setToolTip(f"{text}（{shortcut}）" if shortcut else text)
            button.clicked.connect(action.trigger)
            command_row.addWidget(button)
            self.actions_[key] = action
            self.buttons[key] = button
        self.buttons["generate"].setDefault(True)
        self.buttons["issue"].setToolTip("编定期号、保存这份材料，以后可原样重新打印")
        self.status = QLabel()
        self.status.setObjectName("briefingStatus")
        self.status.setWordWrap(True)
        command_row.addWidget(self.status, 1)
        self.preview = PdfPreview()
        self.issued = IssuedList(services.briefings, self.can_print)
        self.issued.use_template.connect(self._use_issued_template)
        self.right_tabs = QTabWidget()
        self.right_tabs.addTab(self.preview, "预览")
        self.right_tabs.addTab(self.issued, "已印发")
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addLayout(command_row)
        right_layout.addWidget(self.right_tabs, 1)

        # On a small screen the form scrolls instead of widening the window.
        left_area = QScrollArea()
        left_area.setObjectName("briefingForm")
        left_area.setWidget(left)
        left_area.setWidgetResizable(True)
        left_area.setFrameShape(QFrame.Shape.NoFrame)
        left_area.setMinimumWidth(240)
        splitter = QSplitter()
        splitter.addWidget(left_area)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([540, 740])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

        self._load_orgs()
        office = services.settings.get("office_org_id")
        if office is not None:
            self.form.org.select(int(office))
        self.form.follow_org()
        self.load_template(templates.builtin(self.form.current_kind().value), self.form.current_kind().value)
        self.form.kind_changed.connect(self._kind_changed)
        self.form.changed.connect(self._mark_stale)
        self.area.changed.connect(self._mark_stale)
        # The preview follows what is chosen and typed, a moment after the last change.
        self.auto = QTimer(self)
        self.auto.setSingleShot(True)
        self.auto.setInterval(AUTO_PREVIEW_MS)
        self.auto.timeout.connect(self.refresh)
        self.form.changed.connect(self.auto.start)
        self.area.changed.connect(self.auto.start)
        bus.changed.connect(self._on_changed)
        self._stale = False
        self.preview.set_pdf(None, "选好党组织、时间段和材料类型，预览随即出现（也可按 Ctrl+R 重新生成）。")
        self._update_state()
        if self.can_print:
            self.auto.start()

    # ---- organisations and changes elsewhere ------------------------------------------------
    def _issuer_settings(self, org_id: int):
        try:
            return self.services.briefings.issuer_settings(org_id)
        except AppError:
            from app.services.briefings.service import IssuerSettings

            return IssuerSettings()

    def save_distribution(self, org_id: int, settings) -> bool:
        """存为本单位默认: the form's 简报名称 and 版记 become the organisation's own."""
        try:
            saved = self.services.briefings.set_issuer_settings(org_id, settings)
        except AppError as exc:
            show_error(self, exc)
            return False
        org = self.form.org.org()
        self.status.setText(f"已存为“{org.name if org else ''}”的默认版记："
                            + ("；".join(f"{k}：{v}" for k, v in saved.lines) or "不印报送发")
                            + (f"；共印{saved.copies}份" if saved.copies else ""))
        return True

    def _load_orgs(self) -> None:
        try:
            self.form.org.load(self.services.orgs.list(include_closed=False))
        except AppError as exc:
            self.status.setText(exc.message)

    def _on_changed(self, changes: Changes) -> None:
        if Change.ORGS in changes:
            self._load_orgs()
        if Change.BRIEFINGS in changes:
            self.issued.refresh()
            self._update_issued_tab()

    # ---- templates (TemplateArea) and thresholds ---------------------------------------------
    def template_text(self) -> str:
        return self.area.template_text()

    def load_template(self, text: str, name: str, *, ask: bool = False) -> bool:
        return self.area.load_template(text, name, ask=ask)

    def open_template(self) -> bool:
        return self.area.open_template()

    def save_template(self) -> Path | None:
        return self.area.save_template()

    def insert_text(self, text: str) -> None:
        self.area.insert_text(text)

    def status_text(self, text: str) -> None:
        self.status.setStyleSheet("")
        self.status.setText(text)

    def _kind_changed(self, kind: str) -> None:
        if self.area.name in (k.value for k in Kind) and self.area.name != kind:
            self.load_template(templates.builtin(kind), kind, ask=True)

    def _use_issued_template(self, kind: str, text: str) -> None:
        self.form.set_kind(kind)
        if self.load_template(text, f"{kind}（已印发的一期）", ask=True):
            self.right_tabs.setCurrentWidget(self.preview)

    def edit_thresholds(self) -> bool:
        from app.ui.briefings.thresholds import edit_thresholds

        if edit_thresholds(self.services.briefings, self):
            self._mark_stale()
            self.auto.start()
            return True
        return False

    # ---- preview ------------------------------------------------------------------------------
    def generate(self, *, quiet: bool = False) -> BriefingResult | None:
        """生成预览: renders the document from the records and lists what could not be filled.
        ``quiet`` (the preview that follows the user's changes): a problem goes to the status
        line, not into a message box."""
        self.auto.stop()
        if not self.can_print:
            return None
        try:
            request = self.form.request(self.template_text())
            result = busy(lambda: render_briefing(self.services, request))
        except AppError as exc:
            if quiet:
                self.status.setText(exc.message)
                self.status.setStyleSheet("color: #b00020;")
            else:
                show_error(self, exc)
            return None
        self.show_result(result)
        values = FigureValues(self.services, request)
        self.area.set_values(values.text)
        return result

    def refresh(self) -> BriefingResult | None:
        """The preview, remade a moment after the last change (only while it is out of date)."""
        if self.result is not None and not self._stale:
            return self.result
        return self.generate(quiet=True)

    def show_result(self, result: BriefingResult, issued: str = "") -> None:
        self.result = result
        self.issued_number = issued
        self._stale = False
        self.preview.set_pdf(result.pdf)
        self.right_tabs.setCurrentWidget(self.preview)
        self.problem_panel.show_problems(result.problems)
        self._update_state()

    def problem_list(self) -> list[Problem]:
        return self.problem_panel.problems()

    def select_problem(self, item: QListWidgetItem) -> None:
        """Selects the problem's placeholder (or chart line) in the template text."""
        self.area.tabs.setCurrentIndex(1)  # the raw text, where the line is
        select_in_template(self.editor, item.data(PROBLEM_ROLE))

    def _mark_stale(self) -> None:
        if self.result is not None and not self._stale:
            self._stale = True
            self._update_state()

    def _update_state(self) -> None:
        result = self.result
        has = result is not None
        ok = result is not None and not result.problems and not self._stale and not self.issued_number
        for key, enabled in (("generate", True), ("print", has), ("save", has), ("issue", ok)):
            allowed = enabled and self.can_print
            self.actions_[key].setEnabled(allowed)
            self.buttons[key].setEnabled(allowed)
            if not self.can_print:
                self.buttons[key].setToolTip(NO_PERMISSION)
        self.status.setStyleSheet("")
        if not self.can_print:
            text = NO_PERMISSION + "。"
        elif result is None:
            text = ""
        elif self._stale:
            text = "内容已修改，预览还是修改前的样子：稍后自动重新生成预览（也可按 Ctrl+R）。"
            self.status.setStyleSheet("color: #8a5a00;")
        elif self.issued_number:
            text = f"已正式印发为{self.issued_number}。可以打印；如需再出一期，请修改后重新生成预览。"
        elif result.problems:
            text = f"共{result.pages}页。有{len(result.problems)}处数字没有填上（见左下“问题”），不能正式印发。"
            self.status.setStyleSheet("color: #b00020;")
        else:
            text = f"共{result.pages}页，数字都已从台账填上，可以打印或正式印发。"
        self.status.setText(text)
        self._update_issued_tab()

    def _update_issued_tab(self) -> None:
        self.right_tabs.setTabText(1, f"已印发（{self.issued.count()}）")

    # ---- print, save, issue ------------------------------------------------------------------
    def _title(self) -> str:
        return self.result.title if self.result else self.form.current_kind().value

    def print_(self) -> bool:
        if self.result is None or not self.can_print:
            return False
        return print_pdf(self, self.result.pdf, self._title())

    def save_pdf(self) -> Path | None:
        if self.result is None or not self.can_print:
            return None
        name = self._title()
        if self.issued_number:
            name = f"{self.issued_number}-{name}"
        path = save_pdf(self, self.result.pdf, name)
        if path is not None:
            self.status.setText(f"已保存：{path}")
        return path

    def issue(self):
        """正式印发: gives the document its number and keeps it. Refused while problems remain.
        Returns the BriefingRow, or None."""
        if not self.can_print:
            return None
        if self.result is None or self._stale:
            show_error(self, ValidationError("请先生成预览（Ctrl+R），看过印出来的样子再正式印发。"))
            return None
        if self.result.problems:
            show_error(self, ValidationError(
                f"材料中还有{len(self.result.problems)}处数字没有填上（见左下“问题”列表），不能正式印发。"
                "请改正模板或补全台账后重新生成预览。"))
            return None
        try:
            request = self.form.request(self.template_text())
            year = request.issued_on.year if request.issued_on else self.result.request.period.year
            numbers = self.services.briefings.next_numbers(request.org_id, request.kind.value, year)
        except AppError as exc:
            show_error(self, exc)
            return None
        what = (f"{year}年第{numbers.number}期（总第{numbers.total}期）简报" if request.kind is Kind.BULLETIN
                else f"{year}年第{numbers.number}份工作汇报")
        answer = QMessageBox.question(
            self, "正式印发",
            f"将“{self.result.title}”正式印发为{what}。\n印发后期号不再更改，材料原样保存，以后可以重新打印。\n确定印发吗？")
        if answer != QMessageBox.StandardButton.Yes:
            return None
        try:
            row, result = busy(lambda: issue_briefing(self.services, request))
        except AppError as exc:
            show_error(self, exc)
            return None
        label = f"{row.year}年第{row.number}期" + ("简报" if row.kind == "简报" else "工作汇报")
        self.show_result(result, issued=label)
        self.issued.refresh()
        self.issued.select(row.id)
        self._update_issued_tab()
        return row
