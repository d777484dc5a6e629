"""What the 阵地队伍 pages share: the form dialog from a spec's fields, and import / export."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from PySide6.QtWidgets import QFileDialog, QMessageBox

from app.domain.kit.fields import Field
from app.services.container import Services
from app.ui.kit.record_dialogs import RecordDialog, StepDialog
from app.ui.kit.record_page import Page
from app.ui.kit.ref_search import LabelOf, Lookup

PREVIEW_LINES = 20


def org_refs(services: Services) -> list[tuple[str, int]]:
    from app.ui.orgs.names import org_choices

    return org_choices(services.orgs.list())


class SitesPage(Page):
    """A page of the tab: its dialogs run, then the saved record is chosen in the table."""

    services: Services

    def run_dialog(self, dialog: RecordDialog | StepDialog) -> Any:
        if dialog.exec() and dialog.result_row is not None:
            self.apply()
            self.table.select_ids([dialog.result_row.id], dialog.result_row.id)
            return dialog.result_row
        return None

    def record_dialog(self, title: str, fields: Sequence[Field], input_type: type, save: Callable[[Any], Any],
                      values: dict[str, Any], refs: dict[str, list[tuple[str, int]]] | None = None,
                      lookups: Mapping[str, tuple[Lookup, LabelOf]] | None = None) -> RecordDialog:
        return RecordDialog(title, fields, input_type, save, values=values,
                            refs={"org_id": org_refs(self.services), **(refs or {})}, lookups=lookups, parent=self)

    def import_file(self, kind: str, noun: str, path: str | None = None) -> int | None:
        """Preview, then one transaction when the user agrees (problems listed first)."""
        from app.io.sites.records_io import Importer

        if path is None:
            path, _ = QFileDialog.getOpenFileName(self, f"导入{noun}", "", "Excel 或 CSV (*.xlsx *.xls *.csv)")
            if not path:
                return None
        importer = Importer(self.services, kind, self.scope)
        preview = self.attempt(lambda: importer.preview(path))
        if preview is None:
            return None
        lines = preview.summary(noun) + [str(p) for p in preview.refused[:PREVIEW_LINES]]
        if len(preview.refused) > PREVIEW_LINES:
            lines.append(f"……另有{len(preview.refused) - PREVIEW_LINES}处问题")
        if not preview.adds and not preview.updates:
            QMessageBox.information(self, f"导入{noun}", "\n".join(lines + ["没有可导入的内容。"]))
            return 0
        ask = "\n".join(lines + ["", "有问题的行不会导入。是否导入其余各行？" if preview.refused else "是否导入？"])
        if QMessageBox.question(self, f"导入{noun}", ask) != QMessageBox.StandardButton.Yes:
            return None
        outcome = self.attempt(lambda: importer.apply(preview))
        if outcome is None:
            return None
        self.apply()
        return len(outcome[0]) + len(outcome[1])

    def export_file(self, kind: str, noun: str, path: str | None = None) -> Any:
        from app.io.sites.records_io import export

        if path is None:
            path, _ = QFileDialog.getSaveFileName(self, f"导出{noun}", f"{noun}.xlsx", "Excel (*.xlsx);;CSV (*.csv)")
            if not path:
                return None
        chosen = path
        return self.attempt(lambda: export(self.services, kind, chosen, self.model.query))
