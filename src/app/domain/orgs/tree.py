"""The organisation tree, walked in one place.

Every area's scope (an organisation and everything below it), the import's name lookup, the
briefing tables and the forms read the tree through an OrgTree built from the organisation
rows, so "below", "the path to" and "in tree order" mean the same thing everywhere. (SQL
queries that filter by a subtree use the one recursive CTE in app.services.orgs.service.)
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Generic, Protocol, TypeVar


class Node(Protocol):
    @property
    def id(self) -> int: ...

    @property
    def parent_id(self) -> int | None: ...

    @property
    def name(self) -> str: ...

    @property
    def sort_order(self) -> int: ...


N = TypeVar("N", bound=Node)


class OrgTree(Generic[N]):
    """Organisations by id with their children in display order (sort order, then id). A
    parent missing from the rows makes its children roots; a loop in bad data is cut."""

    def __init__(self, rows: Iterable[N]) -> None:
        self.by_id: dict[int, N] = {r.id: r for r in rows}
        self._children: dict[int | None, list[N]] = {}
        for r in self.by_id.values():
            parent = r.parent_id if r.parent_id in self.by_id else None
            self._children.setdefault(parent, []).append(r)
        for kids in self._children.values():
            kids.sort(key=lambda r: (r.sort_order, r.id))

    def __contains__(self, org_id: object) -> bool:
        return org_id in self.by_id

    def __len__(self) -> int:
        return len(self.by_id)

    def get(self, org_id: int | None) -> N | None:
        return self.by_id.get(org_id) if org_id is not None else None

    def roots(self) -> list[N]:
        return list(self._children.get(None, []))

    def children(self, org_id: int | None) -> list[N]:
        return list(self._children.get(org_id, []))

    def walk(self, org_id: int | None = None) -> Iterator[N]:
        """The organisation and everything below it in tree order (depth first); the whole
        tree for None."""
        start = self.children(None) if org_id is None else [self.by_id[org_id]] if org_id in self.by_id else []
        stack = list(reversed(start))
        seen: set[int] = set()
        while stack:
            node = stack.pop()
            if node.id in seen:
                continue
            seen.add(node.id)
            yield node
            stack.extend(reversed(self._children.get(node.id, [])))

    def subtree(self, org_id: int | None) -> list[N]:
        return list(self.walk(org_id))

    def subtree_ids(self, org_id: int | None) -> set[int]:
        return {n.id for n in self.walk(org_id)}

    def below(self, org_id: int) -> list[N]:
        """Everything under the organisation, not itself."""
        return [n for n in self.walk(org_id) if n.id != org_id]

    def path(self, org_id: int) -> list[N]:
        """From the top of the tree down to the organisation."""
        out: list[N] = []
        seen: set[int] = set()
        node = self.by_id.get(org_id)
        while node is not None and node.id not in seen:
            seen.add(node.id)
            out.append(node)
            node = self.by_id.get(node.parent_id) if node.parent_id is not None else None
        return list(reversed(out))

    def path_text(self, org_id: int, sep: str = " / ") -> str:
        """青山县委组织部 / 城关街道党工委 / 和平社区党委 / 第四网格党支部"""
        return sep.join(n.name for n in self.path(org_id))

    def order(self) -> dict[int, int]:
        """Each organisation's position in tree order (for sorting by organisation)."""
        return {n.id: i for i, n in enumerate(self.walk())}
