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

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QProgressDialog,
    QTableView,
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
from app.ui.kit.record_table import fixed_rows
from app.ui.kit.widgets import ErrorLine

if TYPE_CHECKING:
    from app.io.members.importer import ImportOutcome, ImportPreview

Index = QModelIndex | QPersistentModelIndex
EXCEL_FILTER = "Excel 或 CSV 文件 (*.xlsx *.xls *.xlsm *.csv);;所有文件 (*)"
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


class ListModel(QAbstractTableModel):
    """A small read-only table of texts (preview lists; built once, never edited)."""

    def __init__(self, headers: Sequence[str], rows: Sequence[Sequence[Any]], parent=None) -> None:
        super().__init__(parent)
        self.headers = list(headers)
        self.rows = [tuple("" if v is None else str(v) for v in r) for r in rows]

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.headers[section] if 0 <= section < len(self.headers) else None
        return str(section + 1) if 0 <= section < len(self.rows) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        if not (0 <= index.row() < len(self.rows) and 0 <= index.column() < len(self.headers)):
            return None
        return self.rows[index.row()][index.column()]

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren


class Progress:
    """A QProgressDialog with 取消, as the engine's progress(done, total) -> bool callback."""

    def __init__(self, parent: QWidget | None, text: str) -> None:
        self.dialog = QProgressDialog(text, "取消", 0, 0, parent)
        self.dialog.setWindowTitle("请稍候")
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(0)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.setValue(0)
        QApplication.processEvents()

    def __call__(self, done: int, total: int) -> bool:
        if self.dialog.maximum() != max(total, 1):
            self.dialog.setMaximum(max(total, 1))
        self.dialog.setValue(min(done, max(total, 1)))
        self.dialog.setLabelText(f"{self.dialog.labelText().split('（')[0]}（{done}/{total}）")
        QApplication.processEvents()
        return not self.dialog.wasCanceled()

    def close(self) -> None:
        self.dialog.close()
        self.dialog.deleteLater()


def _table(model: ListModel, widths: Sequence[int]) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    fixed_rows(view)
    view.verticalHeader().hide()
    header = view.horizontalHeader()
    em = view.fontMetrics().horizontalAdvance("中")
    for col, chars in enumerate(widths):
        header.resizeSection(col, chars * em + 16)
    header.setStretchLastSection(True)
    return view


class ImportPreviewDialog(QDialog):
    """Shows what an import would do; writes only on 确认导入 (one transaction)."""

    def __init__(self, io: IoServices, preview: ImportPreview, *, reveal: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.io = io
        self.preview = preview
        self.reveal = reveal
        self.outcome: ImportOutcome | None = None
        self.setWindowTitle(f"导入预览：{preview.source.name}")
        self.resize(900, 560)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.create_orgs = QCheckBox("在本单位下新建这些组织（作为党支部）")
        self.create_orgs.toggled.connect(lambda _c: self._fill())
        self.tabs = QTabWidget()
        self.error = ErrorLine()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.confirm_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.confirm_button.setText("确认导入")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.buttons.accepted.connect(self.confirm)
        self.buttons.rejected.connect(self.reject)
        self.add_view = _table(ListModel([], [], self), ())
        self.update_view = _table(ListModel([], [], self), ())
        self.problem_view = _table(ListModel([], [], self), ())
        for view in (self.add_view, self.update_view, self.problem_view):
            self.tabs.addTab(view, "")
        if preview.missing_orgs:
            page = QWidget()
            box = QVBoxLayout(page)
            note = QLabel("下列党组织在组织架构中还没有。勾选后，确认导入时在本单位下新建它们；"
                          "不勾选，则这些行不导入。")
            note.setWordWrap(True)
            org_model = ListModel(["党组织名称", "涉及的Excel行", "说明"],
                                  [(name, "、".join(map(str, rows[:20])) + ("…" if len(rows) > 20 else ""),
                                    preview.org_problems.get(name, ""))
                                   for name, rows in preview.missing_orgs.items()], self)
            box.addWidget(note)
            box.addWidget(self.create_orgs)
            box.addWidget(_table(org_model, (16, 16)))
            self.tabs.addTab(page, f"新组织 {len(preview.missing_orgs)}")
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.org_names = {o.id: o.name for o in io.orgs.list()}
        self._fill()
        if not self.add_model.rows and not self.update_model.rows and self.problem_model.rows:
            self.tabs.setCurrentWidget(self.problem_view)

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
            [(r.row, r.name, self._id(r.data.id_number), org_text(r), r.data.member_type) for r in adds], self)
        self.update_model = ListModel(
            ["行号", "姓名", "公民身份号码", "将修改的内容（原值 → 新值）"],
            [(r.row, r.name, self._id(r.data.id_number), update_text(r)) for r in updates], self)
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

def build_preview(parent: QWidget | None, io: IoServices, path: str | Path) -> ImportPreview | None:
    """Reads and checks the file with a progress dialog; None when cancelled or unreadable."""
    from app.io.members.importer import Cancelled, MemberImporter

    progress = Progress(parent, f"正在读取并检查“{Path(path).name}”…")
    try:
        return MemberImporter(io).preview(path, progress=progress)
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


def import_excel(parent: QWidget, io: IoServices, *, reveal: bool = False, path: str | None = None) -> bool:
    """导入Excel…: choose a file, preview it, import on 确认导入. True when something was written."""
    if path is None:
        path, _ = QFileDialog.getOpenFileName(parent, "选择要导入的党员名册", "", EXCEL_FILTER)
        if not path:
            return False
    preview = build_preview(parent, io, path)
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
