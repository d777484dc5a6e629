"""Sources of funds and the category tree: what entries, budgets and imports name.

The four sources of 一主三辅 and the usual categories come with the ledger; an office adds its
own sources, and adds, renames and arranges categories. A category or source in use is never
deleted (the entries would lose their meaning); it can be renamed.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db.models import FundBudget, FundCategory, FundEntry, FundSource
from app.domain.access.permissions import Permission
from app.domain.kit.changes import Change
from app.domain.kit.errors import ConflictError, NotFoundError, ValidationError
from app.services.funds.rows import CategoryRow, SourceRow
from app.services.kit.base import Service
from app.services.safety import audit

MAX_NAME = 30


def clean_name(raw: Any, what: str) -> str:
    name = " ".join(str(raw or "").split())
    if not name:
        raise ValidationError(f"请填写{what}名称")
    if len(name) > MAX_NAME:
        raise ValidationError(f"{what}名称“{name[:12]}…”太长了，最多{MAX_NAME}个字")
    if "/" in name:
        raise ValidationError(f"{what}名称不能含有“/”（它用来分隔上下级类别）")
    return name


class Catalog:
    """Name ↔ id lookups inside a caller's session."""

    def __init__(self, s: Session) -> None:
        self.s = s

    def source_id(self, value: Any) -> Any:
        """An id stays; a name is looked up; anything unknown is refused naming it."""
        if value is None or value == "" or isinstance(value, int):
            return None if value == "" else value
        name = " ".join(str(value).split())
        found = self.s.scalar(select(FundSource.id).where(FundSource.name == name))
        if found is None:
            raise ValidationError(f"经费来源“{name}”不在来源列表中，请先在“经费来源”中添加", field="source_id")
        return found

    def source_name(self, source_id: int) -> str:
        return self.s.scalar(select(FundSource.name).where(FundSource.id == source_id)) or ""

    def category_id(self, value: Any) -> Any:
        """An id stays; a path (服务群众专项经费/党群建设) or a name found once is looked up."""
        if value is None or value == "" or isinstance(value, int):
            return None if value == "" else value
        text = "".join(str(value).split()).replace("／", "/").replace("-", "/").replace("→", "/")
        parts = [p for p in text.split("/") if p]
        candidates = self.s.scalars(select(FundCategory).where(FundCategory.name == parts[-1])).all() if parts else []
        if len(parts) > 1:
            candidates = [c for c in candidates if self._path(c).replace(" ", "") == "/".join(parts)]
        if len(candidates) == 1:
            return candidates[0].id
        if not candidates:
            raise ValidationError(f"支出类别“{value}”不在类别列表中，请先在“支出类别”中添加", field="category_id")
        raise ValidationError(f"支出类别“{value}”有{len(candidates)}个同名的，请写明上级类别，"
                              f"如“服务群众专项经费/党群建设”", field="category_id")

    def _path(self, category: FundCategory) -> str:
        names = [category.name]
        parent = category.parent_id
        while parent is not None and len(names) < 10:
            up = self.s.get(FundCategory, parent)
            if up is None:
                break
            names.append(up.name)
            parent = up.parent_id
        return "/".join(reversed(names))


class CatalogService(Service):
    read_permission = Permission.VIEW_RECORDS
    write_permission = Permission.EDIT_RECORDS

    def sources(self) -> list[SourceRow]:
        with self.reading() as s:
            q = select(FundSource).order_by(FundSource.sort, FundSource.id)
            return [SourceRow(r.id, r.name, r.standard, r.sort) for r in s.scalars(q)]

    def categories(self) -> list[CategoryRow]:
        """The tree in order: each category followed by those below it."""
        with self.reading() as s:
            all_ = list(s.scalars(select(FundCategory).order_by(FundCategory.sort, FundCategory.id)))
        children: dict[int | None, list[FundCategory]] = {}
        for c in all_:
            children.setdefault(c.parent_id, []).append(c)
        out: list[CategoryRow] = []

        def walk(parent: int | None, path: str) -> None:
            for c in children.get(parent, []):
                here = f"{path}/{c.name}" if path else c.name
                out.append(CategoryRow(c.id, c.name, c.parent_id, c.sort, here))
                walk(c.id, here)

        walk(None, "")
        return out

    def add_source(self, name: str) -> SourceRow:
        name = clean_name(name, "经费来源")
        with self.writing(Change.FUNDS) as s:
            if s.scalar(select(FundSource.id).where(FundSource.name == name)):
                raise ConflictError(f"经费来源“{name}”已经有了")
            sort = (s.scalar(select(func.max(FundSource.sort))) or 0) + 1
            source = FundSource(name=name, standard=False, sort=sort)
            s.add(source)
            s.flush()
            audit.append(s, self.actor.name, "新增经费来源", entity="fund_source", entity_id=source.id,
                         summary=f"新增经费来源“{name}”")
            return SourceRow(source.id, name, False, sort)

    def add_category(self, name: str, parent_id: int | None = None) -> CategoryRow:
        name = clean_name(name, "支出类别")
        with self.writing(Change.FUNDS) as s:
            if parent_id is not None and s.get(FundCategory, parent_id) is None:
                raise NotFoundError("找不到上级类别，请刷新后重选")
            same = select(FundCategory.id).where(FundCategory.name == name, FundCategory.parent_id.is_(None)
                                                 if parent_id is None else FundCategory.parent_id == parent_id)
            if s.scalar(same):
                raise ConflictError(f"同一上级下已有支出类别“{name}”")
            sort = (s.scalar(select(func.max(FundCategory.sort))) or 0) + 1
            category = FundCategory(name=name, parent_id=parent_id, sort=sort)
            s.add(category)
            s.flush()
            path = Catalog(s)._path(category)
            audit.append(s, self.actor.name, "新增支出类别", entity="fund_category", entity_id=category.id,
                         summary=f"新增支出类别“{path}”")
            return CategoryRow(category.id, name, parent_id, sort, path)

    def rename_category(self, category_id: int, name: str) -> None:
        name = clean_name(name, "支出类别")
        with self.writing(Change.FUNDS) as s:
            category = s.get(FundCategory, category_id)
            if category is None:
                raise NotFoundError("找不到该支出类别，请刷新")
            same = select(FundCategory.id).where(FundCategory.name == name, FundCategory.id != category_id,
                                                 FundCategory.parent_id.is_(None) if category.parent_id is None
                                                 else FundCategory.parent_id == category.parent_id)
            if s.scalar(same):
                raise ConflictError(f"同一上级下已有支出类别“{name}”")
            old, category.name = category.name, name
            audit.append(s, self.actor.name, "修改支出类别", entity="fund_category", entity_id=category_id,
                         summary=f"支出类别“{old}”改名为“{name}”", old={"名称": old}, new={"名称": name})

    def delete_category(self, category_id: int) -> None:
        """Only a category that nothing uses or hangs under."""
        with self.writing(Change.FUNDS) as s:
            category = s.get(FundCategory, category_id)
            if category is None:
                raise NotFoundError("找不到该支出类别，请刷新")
            for model, column, what in ((FundEntry, FundEntry.category_id, "收支记录"),
                                        (FundBudget, FundBudget.category_id, "预算"),
                                        (FundCategory, FundCategory.parent_id, "下级类别")):
                used = s.scalar(select(func.count()).select_from(model).where(column == category_id)) or 0
                if used:
                    raise ConflictError(f"支出类别“{category.name}”下有{used}条{what}，不能删除；可以改名")
            audit.append(s, self.actor.name, "删除支出类别", entity="fund_category", entity_id=category_id,
                         summary=f"删除支出类别“{category.name}”")
            s.delete(category)
