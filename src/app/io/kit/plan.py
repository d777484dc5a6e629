"""What every import's preview is made of, for any record type: a refused row's problem
(第N行 字段: 原因), a field an update changes (字段：旧 → 新), and the list of those changes
worked out from the spec. The member, unit and service-hours imports show them alike."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from app.domain.kit.fields import Kind
from app.domain.kit.spec import RecordSpec


@dataclass(frozen=True, slots=True)
class RowProblem:
    row: int  # the row number Excel shows
    label: str  # the field's Chinese label
    reason: str

    def __str__(self) -> str:
        return f"第{self.row}行 {self.label}: {self.reason}"


@dataclass(frozen=True, slots=True)
class FieldChange:
    label: str
    old: str
    new: str

    def __str__(self) -> str:
        return f"{self.label}：{self.old or '（空）'} → {self.new or '（空）'}"


def masked_message(label: str) -> str:
    """A masked number (with *) read from a file: it cannot be imported."""
    return f"{label}已遮蔽（含*号），不能用于导入。请导出时选择显示完整号码，或填写完整号码"


def field_changes(spec: RecordSpec, old: Mapping[str, Any], new: Mapping[str, Any],
                  org_label: Callable[[Any], str]) -> tuple[FieldChange, ...]:
    """The fields of ``spec`` whose value differs between ``old`` and ``new`` (fields missing
    from either are left out; empty and None are the same), as the spec displays them (numbers masked).
    An organisation shows by ``org_label``; one still to be created by the name the file gives."""
    out: list[FieldChange] = []
    for f in spec.fields:
        if f.key not in new or f.key not in old:
            continue
        a, b = old[f.key], new[f.key]
        if (a or None) == (b or None) or a == b:
            continue
        if f.kind is Kind.ORG:
            out.append(FieldChange(f.label, org_label(a), org_label(b) if b is None or isinstance(b, int) else str(b)))
        else:
            out.append(FieldChange(f.label, spec.display(f.key, a), spec.display(f.key, b)))
    return tuple(out)
