"""Importing and exporting the roster from the 党员 tab: file choice, progress, the preview.

The work is the io engine's (app.io.members.importer / member_export); this module chooses the
files, shows progress with a 取消 button, and lets the user look over an import before
anything is written: 新增 / 更新 (old → new) / 不能导入 (row, field, reason) / 新组织.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.kit.errors import AppError
from app.domain.kit.masking import mask_id
from app.services.access.settings import SettingsService
from app.services.members.service import MemberQuery, MemberRow, MemberService
from app.services.orgs.service import OrgService
from app.services.safety.exports import ExportLogService
from app.ui.kit.errors import show_error
from app.ui.kit.widgets import ErrorLine
from app.ui.members.io_views import ListModel, Progress, list_table

if TYPE_CHECKING:
    from app.io.members.importer import ImportOutcome, ImportPreview

Index = QModelIndex | QPersistentModelIndex
EXCEL_FILTER = "Excel 或 CSV 文件 (*.xlsx *.xls *.xlsm *.csv *.txt);;所有文件 (*)"
EXPORT_FILTERS = {"Excel 工作簿 (*.xlsx)": ".xlsx", "CSV 文件，逗号分隔 (*.csv)": ".csv"}


@dataclass(frozen=True)
class IoServices:
    """The services the import and export engine reads (it takes them as one object)."""

    members: MemberService
    orgs: OrgService
    settings: SettingsService
    exports: ExportLogService

    @classmethod
    def of(cls, members: MemberService, orgs: OrgService, settings: SettingsService,
           exports: ExportLogService | None = None) -> IoServices:
        if exports is None:
            exports = members.alongside(ExportLogService)
        return cls(members, orgs, settings, exports)


class ImportPreviewDialog(QDialog):
    """Shows what an import would do; writes only on 确认导入 (one transaction)."""

    def __init__(self, io: IoServices, preview: ImportPreview, *, reveal: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from app.domain.members.fields import MEMBER_FIELDS
        from app.ui.members.columns import ColumnMapping

        self.io = io
        self.preview = preview
        self.reveal = reveal
        self.outcome: ImportOutcome | None = None
        self.setWindowTitle(f"导入预览：{preview.source.name}")
        self.resize(900, 560)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.create_orgs = QCheckBox()
        self.create_orgs.toggled.connect(lambda _c: self._fill())
        self.tabs = QTabWidget()
        self.error = ErrorLine()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.confirm_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.confirm_button.setText("确认导入")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.buttons.accepted.connect(self.confirm)
        self.buttons.rejected.connect(self.reject)
        self.add_view = list_table(ListModel([], [], self), ())
        self.update_view = list_table(ListModel([], [], self), ())
        self.problem_view = list_table(ListModel([], [], self), ())
        for view in (self.add_view, self.update_view, self.problem_view):
            self.tabs.addTab(view, "")
        self.columns = ColumnMapping(MEMBER_FIELDS)
        self.columns.changed.connect(self.remap)
        self.tabs.addTab(self.columns, "列的识别")
        self.org_page = QWidget()
        box = QVBoxLayout(self.org_page)
        self.org_note = QLabel()
        self.org_note.setWordWrap(True)
        self.org_view = list_table(ListModel([], [], self), (16, 16))
        box.addWidget(self.org_note)
        box.addWidget(self.create_orgs)
        box.addWidget(self.org_view)
        self.org_tab = self.tabs.addTab(self.org_page, "")
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.org_names = {o.id: o.name for o in io.orgs.list()}
        self._show(preview)
        if not self.add_model.rows and not self.update_model.rows and self.problem_model.rows:
            self.tabs.setCurrentWidget(self.problem_view)

    def _show(self, preview: ImportPreview) -> None:
        """Shows ``preview`` (the first one, or one made again after a column was changed)."""
        self.preview = preview
        where = preview.new_org_parent or "本单位"
        self.create_orgs.setText(f"在“{where}”下新建这些组织（作为党支部）")
        self.org_note.setText(f"下列党组织在组织架构中还没有。勾选后，确认导入时在“{where}”下新建它们；"
                              "不勾选，则这些行不导入。")
        rows = [(name, "、".join(map(str, r[:20])) + ("…" if len(r) > 20 else ""), preview.org_problems.get(name, ""))
                for name, r in preview.missing_orgs.items()]
        old = self.org_view.model()
        self.org_view.setModel(ListModel(["党组织名称", "涉及的Excel行", "说明"], rows, self))
        if old is not None and old.parent() is self:
            old.deleteLater()
        self.tabs.setTabText(self.org_tab, f"新组织 {len(preview.missing_orgs)}")
        self.tabs.setTabVisible(self.org_tab, bool(preview.missing_orgs))
        self.columns.set_plan(preview.plan, preview.overrides, reveal=self.reveal)
        self._fill()

    def remap(self, overrides: dict[str, str | None]) -> None:
        """Previews the file again with the user's column choices."""
        from app.io.members.importer import Cancelled, MemberImporter

        progress = Progress(self, "正在按新的列设置重新检查…")
        try:
            again = MemberImporter(self.io).preview(
                self.preview.source, progress=progress, scope_id=self.preview.scope_id, columns=overrides)
        except Cancelled:
            return
        except AppError as exc:
            self.error.show_message(exc.message)
            return
        finally:
            progress.close()
        self.error.hide()
        self._show(again)

    def _id(self, number: str) -> str:
        return number if self.reveal else mask_id(number)

    def _fill(self) -> None:
        """Fills the lists for the current choice about new organisations."""
        create = self.create_orgs.isChecked()
        p = self.preview
        adds, updates = p.writable(create)
        problems = p.problems(create)

        def org_text(row: Any) -> str:
            if row.new_org:
                return f"{row.new_org}（新建）"
            return self.org_names.get(row.data.org_id, "")

        def update_text(row: Any) -> str:
            parts = [str(c) for c in row.changes]
            if row.new_org:
                parts.append(f"所在党组织：新建“{row.new_org}”")
            return "；".join(parts)

        self.add_model = ListModel(
            ["行号", "姓名", "公民身份号码", "所在党组织", "人员类别"],
            [(r.row, r.title, self._id(r.data.id_number), org_text(r), r.data.member_type) for r in adds], self)
        self.update_model = ListModel(
            ["行号", "姓名", "公民身份号码", "将修改的内容（原值 → 新值）"],
            [(r.row, r.title, self._id(r.data.id_number), update_text(r)) for r in updates], self)
        self.problem_model = ListModel(["Excel行号", "字段", "原因"],
                                       [(x.row, x.label, x.reason) for x in problems], self)
        for view, model, widths in ((self.add_view, self.add_model, (4, 6, 12, 16)),
                                    (self.update_view, self.update_model, (4, 6, 12)),
                                    (self.problem_view, self.problem_model, (5, 8))):
            old = view.model()
            view.setModel(model)
            if old is not None and old.parent() is self:
                old.deleteLater()
            em = view.fontMetrics().horizontalAdvance("中")
            for col, chars in enumerate(widths):
                view.horizontalHeader().resizeSection(col, chars * em + 16)
        self.tabs.setTabText(0, f"新增 {len(adds)}")
        self.tabs.setTabText(1, f"更新 {len(updates)}")
        self.tabs.setTabText(2, f"不能导入 {len({x.row for x in problems})}")
        self.summary.setText("\n".join(p.summary(create)))
        self.confirm_button.setEnabled(bool(adds or updates))

    def confirm(self) -> None:
        from app.io.members.importer import Cancelled, MemberImporter

        progress = Progress(self, "正在导入…")
        try:
            self.outcome = MemberImporter(self.io).apply(
                self.preview, create_missing_orgs=self.create_orgs.isChecked(), progress=progress)
        except Cancelled:
            self.error.show_message("已取消导入，没有写入任何内容。")
            return
        except AppError as exc:
            self.error.show_message(exc.message)
            return
        finally:
            progress.close()
        self.accept()


# ---- commands the tab calls --------------------------------------------------------------------

def build_preview(parent: QWidget | None, io: IoServices, path: str | Path,
                  scope_id: int | None = None) -> ImportPreview | None:
    """Reads and checks the file with a progress dialog; None when cancelled or unreadable.
    ``scope_id``: the organisation the tab shows, where names are looked up first and new
    organisations go."""
    from app.io.members.importer import Cancelled, MemberImporter

    progress = Progress(parent, f"正在读取并检查“{Path(path).name}”…")
    try:
        return MemberImporter(io).preview(path, progress=progress, scope_id=scope_id)
    except Cancelled:
        return None
    except AppError as exc:
        progress.close()
        show_error(parent, exc)
        return None
    finally:
        progress.close()


def import_outcome_text(outcome: ImportOutcome) -> str:
    text = f"导入完成：新增党员{len(outcome.added_ids)}名，更新{len(outcome.updated_ids)}名"
    if outcome.unchanged:
        text += f"，无变化{outcome.unchanged}名"
    if outcome.refused_rows:
        text += f"，有问题未导入{len(outcome.refused_rows)}行"
    if outcome.created_orgs:
        text += "。\n已新建党组织：" + "、".join(outcome.created_orgs)
    return text + "。"


def import_excel(parent: QWidget, io: IoServices, *, reveal: bool = False, path: str | None = None,
                 scope_id: int | None = None) -> bool:
    """导入Excel…: choose a file, preview it, import on 确认导入. True when something was written.

    A user who may not match on ID numbers is told so before choosing a file."""
    try:
        io.members.check_match_by_id_number()
    except AppError as exc:
        show_error(parent, exc)
        return False
    if path is None:
        path, _ = QFileDialog.getOpenFileName(parent, "选择要导入的党员名册", "", EXCEL_FILTER)
        if not path:
            return False
    preview = build_preview(parent, io, path, scope_id)
    if preview is None:
        return False
    dialog = ImportPreviewDialog(io, preview, reveal=reveal, parent=parent)
    if not dialog.exec() or dialog.outcome is None:
        return False
    QMessageBox.information(parent, "导入完成", import_outcome_text(dialog.outcome))
    return True


def export_path(parent: QWidget, default_name: str) -> str | None:
    """The file to export to, with the suffix of the chosen type when the user typed none."""
    path, chosen = QFileDialog.getSaveFileName(parent, "导出党员名册", default_name, ";;".join(EXPORT_FILTERS))
    if not path:
        return None
    if not Path(path).suffix:
        path += EXPORT_FILTERS.get(chosen, ".xlsx")
    return path


def export_roster(parent: QWidget, io: IoServices, members: MemberQuery | Sequence[MemberRow], *, reveal: bool,
                  path: str | None = None, default_name: str = "党员花名册.xlsx") -> Path | None:
    """导出…: the members the tab shows (a query: scope, search, filters, order), or the rows
    chosen in the table, to .xlsx or .csv."""
    from app.io.kit.progress import Cancelled
    from app.io.members.exporter import export_members

    if path is None:
        path = export_path(parent, default_name)
        if path is None:
            return None
    progress = Progress(parent, "正在导出…")
    try:
        result = export_members(io, members if isinstance(members, MemberQuery) else list(members), path,
                                show_sensitive=reveal, progress=progress)
    except Cancelled:
        return None
    except AppError as exc:
        progress.close()
        show_error(parent, exc)
        return None
    finally:
        progress.close()
    shown = "身份证号和电话已遮蔽" if result.masked else "含完整身份证号和电话，请妥善保管"
    QMessageBox.information(parent, "导出完成", f"已导出{result.count}名党员到：\n{result.path}\n（{shown}）")
    return result.path


def save_template(parent: QWidget, path: str | None = None) -> Path | None:
    """保存导入模板…: a blank roster with the header row, an example and notes."""
    from app.io.members.exporter import write_template

    if path is None:
        path, _ = QFileDialog.getSaveFileName(parent, "保存党员名册导入模板", "党员名册导入模板.xlsx",
                                              "Excel 工作簿 (*.xlsx)")
        if not path:
            return None
        if not Path(path).suffix:
            path += ".xlsx"
    try:
        target = write_template(path)
    except AppError as exc:
        show_error(parent, exc)
        return None
    QMessageBox.information(parent, "模板已保存", f"导入模板已保存到：\n{target}\n请按“填写说明”工作表填写后导入。")
    return target
