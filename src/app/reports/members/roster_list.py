"""The printed roster list (党员名册): landscape A4, the header row on every page,
"第x页 共y页" and the printed date; members grouped by organisation with a count each, columns
sized to their content so that 25 and more members fit a page. ID and phone numbers are masked unless the user's role may
see them (the caller says so with ``show_sensitive``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace
from typing import Protocol

from app.domain.kit.masking import mask_id, mask_phone
from app.domain.kit.pinyin import name_keys
from app.reports.kit import styles as st
from app.reports.kit.blocks import Table
from app.reports.kit.document import ListSpec, render_list_counted
from app.reports.kit.paged_table import fit_widths


class RosterRow(Protocol):
    """What the list prints of a member, read-only (app.services.members.service.MemberRow has
    all of it)."""

    @property
    def name(self) -> str: ...
    @property
    def sex(self) -> str: ...
    @property
    def ethnicity(self) -> str: ...
    @property
    def birth_date(self) -> dt.date | None: ...
    @property
    def education(self) -> str: ...
    @property
    def member_type(self) -> str: ...
    @property
    def category(self) -> str: ...
    @property
    def org_name(self) -> str: ...
    @property
    def joined_on(self) -> dt.date | None: ...
    @property
    def work_unit(self) -> str: ...
    @property
    def phone(self) -> str: ...
    @property
    def id_number(self) -> str: ...


COLUMNS = ("序号", "姓名", "性别", "民族", "出生\n年月", "学历", "人员类别", "党员类别", "所在党组织",
           "入党\n时间", "工作单位", "联系电话", "公民身份号码")
LEFT_COLUMNS = (1, 8, 10)
FLEXIBLE = (8, 10)  # free text that may wrap when the page is full: organisation, work unit
FONT_SIZE = 10.0
LEADING = 11.5
PADDING = (2.5, 2.0, 2.5)  # 16 pt a row: 25 rows and more on a landscape page


def _month(d: dt.date | None) -> str:
    return f"{d.year}.{d.month:02d}" if d else ""


def _number_key(text: str) -> tuple:
    """Sorts 第二网格 before 第十网格: Chinese and Arabic numbers compare as numbers."""
    digits = "零一二三四五六七八九"
    out: list = []
    i = 0
    while i < len(text):
        j = i
        while j < len(text) and (text[j] in digits or text[j] == "十" or text[j].isdigit()):
            j += 1
        if j > i:
            run = text[i:j]
            if run.isdigit():
                value = int(run)
            else:
                tens, _, ones = run.partition("十")
                value = (digits.index(tens) if tens else 1) * 10 + (digits.index(ones) if ones else 0) \
                    if "十" in run else int("".join(str(digits.index(c)) for c in run))
            out.append((0, value, ""))
            i = j
        else:
            out.append((1, 0, name_keys(text[i])[0] or text[i]))
            i += 1
    return tuple(out)


def _name_key(m: RosterRow) -> tuple:
    return (getattr(m, "name_pinyin", "") or name_keys(m.name)[0], m.name)


class OrgLike(Protocol):
    @property
    def id(self) -> int: ...
    @property
    def name(self) -> str: ...
    @property
    def parent_id(self) -> int | None: ...


def _tree_positions(orgs: Sequence[OrgLike]) -> dict[int, int]:
    """Each organisation's place when the tree is read depth first (children in list order)."""
    ids = {o.id for o in orgs}
    children: dict[int | None, list[OrgLike]] = {}
    for o in orgs:
        children.setdefault(o.parent_id if o.parent_id in ids else None, []).append(o)
    order: dict[int, int] = {}
    stack = list(reversed(children.get(None, [])))
    while stack:
        o = stack.pop()
        if o.id in order:
            continue
        order[o.id] = len(order)
        stack += reversed(children.get(o.id, []))
    return order


def by_branch(rows: Sequence[RosterRow], orgs: Sequence[OrgLike] = ()) -> list[tuple[str, list[RosterRow]]]:
    """The members grouped by their organisation, each group by name. Groups follow the
    organisation tree when ``orgs`` is given (else the names, 第二 before 第十); a name that two
    organisations share is told apart by the organisation above it."""
    groups: dict[object, list[RosterRow]] = {}
    for m in rows:
        groups.setdefault(getattr(m, "org_id", None) or m.org_name, []).append(m)
    by_id = {o.id: o for o in orgs}
    position = _tree_positions(orgs)
    names = {key: (members[0].org_name or "未填写党组织") for key, members in groups.items()}
    shared = {n for n in names.values() if list(names.values()).count(n) > 1}
    labels = {}
    for key, name in names.items():
        own = by_id.get(key) if isinstance(key, int) else None
        parent = by_id.get(own.parent_id) if own is not None and own.parent_id is not None else None
        labels[key] = f"{parent.name} {name}" if name in shared and parent is not None else name

    def order(key: object) -> tuple:
        if isinstance(key, int) and key in position:
            return (0, position[key], ())
        return (1, 0, _number_key(labels[key]))

    return [(labels[k], sorted(groups[k], key=_name_key)) for k in sorted(groups, key=order)]


def roster_table(rows: Sequence[RosterRow], *, show_sensitive: bool = False, grouped: bool = True,
                 width: float | None = None, orgs: Sequence[OrgLike] = ()) -> Table:
    """The list's table: grouped by organisation with a count each (``grouped``; the group row
    names the organisation, so its column is left out), or in the order given; columns sized to
    what they hold."""
    org_column = COLUMNS.index("所在党组织")
    keep = [i for i in range(len(COLUMNS)) if not (grouped and i == org_column)]
    body: list[tuple[str, ...]] = []
    groups: set[int] = set()
    sections = by_branch(rows, orgs) if grouped else [("", list(rows))]
    number = 0
    for org, members in sections:
        if org:
            groups.add(len(body))
            body.append((f"{org}（{len(members)}名）", org) + ("",) * (len(keep) - 2))
        for m in members:
            number += 1
            phone = m.phone if show_sensitive else mask_phone(m.phone)
            id_number = m.id_number if show_sensitive else mask_id(m.id_number)
            values = (str(number), m.name, m.sex, m.ethnicity, _month(m.birth_date), m.education,
                      m.member_type, m.category, m.org_name, _month(m.joined_on), m.work_unit,
                      phone, id_number)
            body.append(tuple(values[i] for i in keep))
    left = tuple(keep.index(i) for i in LEFT_COLUMNS if i in keep)
    flexible = tuple(keep.index(i) for i in FLEXIBLE if i in keep)
    table = Table(tuple(COLUMNS[i] for i in keep), tuple(body), align_left=left, font_size=FONT_SIZE,
                  groups=frozenset(groups))
    room = width or (st.LIST_PAGE[0] - 2 * st.LIST_MARGIN)
    return replace(table, widths=fit_widths(table, room, FONT_SIZE, flexible=flexible, pad_x=PADDING[0]))


def render_roster_list(rows: Sequence[RosterRow], *, org_name: str = "", title: str = "党员名册",
                       show_sensitive: bool = False, printed_on: dt.date | None = None,
                       grouped: bool = True, orgs: Sequence[OrgLike] = ()) -> tuple[bytes, int]:
    """PDF bytes and page count. With ``grouped`` (the usual order) the members are listed by
    organisation (in the order of the tree ``orgs``, when given), then by name, each organisation
    headed by its count; without it (the user chose another order) in the order given."""
    info = f"党组织：{org_name}" if org_name else ""
    info_right = f"共{len(rows)}名"
    if not show_sensitive:
        info_right += "（身份证号码、电话已部分隐藏）"
    spec = ListSpec(title, roster_table(rows, show_sensitive=show_sensitive, grouped=grouped, orgs=orgs), info,
                    info_right, printed_on or dt.date.today(), font_size=FONT_SIZE, leading=LEADING,
                    padding=PADDING)
    return render_list_counted(spec)
