"""Organisation names in tables: short where the name is unique, with as much of the path as
it takes to tell same-named ones apart (第四网格党支部（和平社区党委）), and the full path
for the tooltip (青山县委组织部 / 城关街道党工委 / 和平社区党委 / 第四网格党支部)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from app.services.orgs.service import OrgRow

SEPARATOR = " / "


def path_text(path: tuple[str, ...]) -> str:
    return SEPARATOR.join(path)


def distinct_labels(paths: Mapping[int, tuple[str, ...]]) -> dict[int, str]:
    """Organisation id -> its name, followed where another has the same name by the nearest
    levels above it that differ: 第四网格党支部（和平社区党委）."""
    by_name: dict[str, list[int]] = defaultdict(list)
    for oid, path in paths.items():
        if path:
            by_name[path[-1]].append(oid)
    labels: dict[int, str] = {}
    for name, ids in by_name.items():
        if len(ids) == 1:
            labels[ids[0]] = name
            continue
        deepest = max(len(paths[i]) - 1 for i in ids)
        above: dict[int, tuple[str, ...]] = {i: () for i in ids}
        for levels in range(1, deepest + 1):
            above = {i: paths[i][-1 - levels:-1] for i in ids}
            if len(set(above.values())) == len(ids):
                break
        for i in ids:
            labels[i] = f"{name}（{SEPARATOR.join(above[i])}）" if above[i] else name
    return labels


def org_display(paths: Mapping[int, tuple[str, ...]]) -> tuple[dict[int, str], dict[int, str]]:
    """(labels, full paths) for a table's organisation column."""
    return distinct_labels(paths), {oid: path_text(p) for oid, p in paths.items()}


def org_choices(orgs: list[OrgRow], keep_id: int | None = None) -> list[tuple[str, int]]:
    """Open organisations in tree order (and ``keep_id`` even if closed), each named so that
    same-named branches can be told apart: 第一网格党支部（和平社区党委）."""
    by_id = {o.id: o for o in orgs}
    visible = {o.id for o in orgs if not o.is_closed or o.id == keep_id}
    children: dict[int | None, list[OrgRow]] = {}
    for o in orgs:
        parent = o.parent_id if o.parent_id in by_id else None
        children.setdefault(parent, []).append(o)
    names = [by_id[i].name for i in visible]
    out: list[tuple[str, int]] = []

    def walk(parent: int | None) -> None:
        for o in children.get(parent, []):
            if o.id in visible:
                text = o.name
                if names.count(o.name) > 1 and o.parent_id in by_id:
                    text = f"{o.name}（{by_id[o.parent_id].name}）"
                if o.is_closed:
                    text += "（已撤销）"
                out.append((text, o.id))
            walk(o.id)

    walk(None)
    return out


def proposed_org(orgs: list[OrgRow], scope: int | None) -> int | None:
    """The organisation a new member is proposed for: the scope when it is a branch, a 党小组's
    branch, or the first open branch below a committee (in tree order); None when there is none."""
    from app.domain.orgs.rules import BRANCH_TYPES, OrgType

    by_id = {o.id: o for o in orgs}
    o = by_id.get(scope) if scope is not None else None
    if o is None:
        return None
    if o.org_type is OrgType.GROUP and o.parent_id in by_id:
        o = by_id[o.parent_id]
    if o.org_type in BRANCH_TYPES:
        return o.id
    children: dict[int | None, list[OrgRow]] = {}
    for x in orgs:
        children.setdefault(x.parent_id, []).append(x)
    todo = list(reversed(children.get(o.id, [])))
    while todo:
        x = todo.pop()
        if x.org_type in BRANCH_TYPES and not x.is_closed:
            return x.id
        todo.extend(reversed(children.get(x.id, [])))
    return None


def org_refs(services: Any) -> list[tuple[str, int]]:
    """Every organisation as a form's drop-down offers it (the path where two names are alike)."""
    return org_choices(services.orgs.list())
