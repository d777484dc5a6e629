"""A unit's page: its record, the in-service members who report to the community from it, its
agreements, and its 大党委 part-time members and postings."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFormLayout,
    QGroupBox,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.cobuild.fields import UNIT_SPEC
from app.services.cobuild.agreement_query import AgreementQuery
from app.services.container import Services
from app.ui.kit.record_table import fixed_rows
from app.ui.kit.widgets import dialog_buttons

SHOWN = ("credit_code", "unit_type", "address", "grid", "party_org_name", "party_org_type", "secretary",
         "party_members", "on_council", "liaison", "phone", "remarks")


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], name: str) -> QTableWidget:
    t = QTableWidget(len(rows), len(headers))
    t.setObjectName(name)
    t.setHorizontalHeaderLabels(list(headers))
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.horizontalHeader().setStretchLastSection(True)
    fixed_rows(t)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            t.setItem(r, c, QTableWidgetItem(value))
    return t


class UnitDetailDialog(QDialog):
    def __init__(self, services: Services, unit_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        unit = services.units.get(unit_id)
        reveal = services.actor.role is None or _may_see(services)
        self.setWindowTitle(f"驻区单位：{unit.name}")
        self.resize(60 * self.fontMetrics().horizontalAdvance("中"), 44 * self.fontMetrics().height())
        info = QGroupBox(f"{unit.name}（{unit.org_name}，{unit.status}）")
        form = QFormLayout(info)
        for key in SHOWN:
            text = UNIT_SPEC.display(key, getattr(unit, key), reveal=reveal)
            if text:
                label = QLabel(text)
                label.setWordWrap(True)
                form.addRow(UNIT_SPEC.label(key) + "：", label)
        if unit.left_on:
            form.addRow("迁出：", QLabel(f"{unit.left_on.isoformat()} {unit.left_reason}"))
        members = services.units.unit_members(unit_id)
        self.members = table(("姓名", "所在党组织", "党员类别", "联系电话", "报到日期"), [
            (m.name, m.org_name, m.category, UNIT_SPEC.display("phone", m.phone, reveal=reveal),
             m.reported_on.isoformat() if m.reported_on else "") for m in members], "unitMembers")
        agreements = services.agreements.rows(services.agreements.search_ids(AgreementQuery(unit_id=unit_id)))
        self.agreements = table(("协议编号", "甲方", "协议期限", "状态", "承诺兑现"), [
            (a.number, a.org_name, f"{a.starts_on} 至 {a.ends_on}", a.status,
             f"{a.items_done}/{a.item_count}") for a in agreements], "unitAgreements")
        council = services.council.list_rows(unit_id=unit_id)
        posted = services.secondments.list_rows(unit_id=unit_id)
        self.people = table(("姓名", "身份", "职务", "期限"), [
            *((c.name, "大党委兼职委员", c.council_post, f"{c.term_start or ''} 至 {c.term_end or ''}"
               + ("（已届满）" if c.term().expired else "")) for c in council),
            *((p.name, p.direction, p.post, f"{p.starts_on or ''} 至 {p.ends_on or ''}") for p in posted)],
            "unitPeople")
        layout = QVBoxLayout(self)
        layout.addWidget(info)
        for title, widget in ((f"到社区报到的在职党员（{len(members)}名）", self.members),
                              (f"共建协议（{len(agreements)}份）", self.agreements),
                              ("兼职委员和挂职人员", self.people)):
            layout.addWidget(QLabel(title))
            layout.addWidget(widget, 1)
        buttons = dialog_buttons(self, "关闭")
        buttons.button(buttons.StandardButton.Cancel).hide()
        layout.addWidget(buttons)


def _may_see(services: Services) -> bool:
    from app.domain.access.permissions import Permission, allowed

    return allowed(services.actor.role, Permission.SHOW_SENSITIVE)
