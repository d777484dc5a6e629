"""A member picked from the roster by typing (the kit's RefSearch): the on-record members of an
organisation's subtree whose name, pinyin, initials or ID number match what is typed, each shown
as “张三（第一网格党支部）”."""

from __future__ import annotations

from app.services.container import Services
from app.services.members.query import MemberQuery
from app.services.members.rows import MemberRow
from app.ui.kit.ref_search import LIMIT, LONGEST, LabelOf, Lookup

PLACEHOLDER = "输入姓名或拼音首字母查找"


def member_label(m: MemberRow) -> str:
    return f"{m.name}（{m.org_name}）"


def member_lookup(services: Services, org_id: int | None) -> tuple[Lookup, LabelOf]:
    """``lookup(text)``: the first matches in ``org_id``'s subtree (None: everywhere), by name;
    ``label_of(id)``: the member's label, any organisation (a record keeps a member who moved)."""
    members = services.members

    def lookup(text: str) -> list[tuple[str, int]]:
        text = text.strip()
        if not text or len(text) > LONGEST:
            return []
        ids = members.search_ids(MemberQuery(org_id=org_id, text=text))[:LIMIT]
        return [(member_label(m), m.id) for m in members.rows(ids)]

    def label_of(member_id: int) -> str:
        found = members.rows([member_id])
        return member_label(found[0]) if found else f"（已不在名册：{member_id}号）"

    return lookup, label_of
