"""Organisation names as spreadsheets write them, to organisations and back.

Many organisations share a name (every community has a 第一网格党支部), so a roster may write
the plain name, the short name, or the name with its parent in front: 和平社区第一网格党支部,
和平社区党委/第一网格党支部. ``resolve`` accepts all of these; ``label`` writes the shortest of
them that is unambiguous, so an exported roster imports back to the same organisations.
"""

from __future__ import annotations

from collections.abc import Iterable

from app.domain.kit.errors import ValidationError
from app.domain.kit.text import strip_invisible
from app.domain.orgs.tree import OrgTree
from app.services.orgs.service import OrgRow

SEPARATORS = ("/", "／", "\\", "＼", ">", "＞", "》")
LABEL = "所在党组织"


def _key(text: str) -> str:
    value = "".join(strip_invisible(str(text or "")).split())
    for sep in SEPARATORS:
        value = value.replace(sep, "/")
    return value.replace("（", "(").replace("）", ")")


class OrgNames:
    def __init__(self, orgs: Iterable[OrgRow], office_id: int | None = None) -> None:
        self.tree = OrgTree(orgs)
        self.by_id = self.tree.by_id
        self.office_ids = self.tree.subtree_ids(office_id) if office_id in self.by_id else set(self.by_id)
        self.index: dict[str, list[OrgRow]] = {}
        for o in self.by_id.values():
            for k in self._spellings(o):
                bucket = self.index.setdefault(k, [])
                if o not in bucket:
                    bucket.append(o)

    def _spellings(self, o: OrgRow) -> set[str]:
        own = {o.name, o.short_name} - {""}
        found = set(own)
        parent = self.by_id.get(o.parent_id) if o.parent_id is not None else None
        if parent is not None:
            for p in {parent.name, parent.short_name} - {""}:
                for n in own:
                    found.add(p + n)
                    found.add(f"{p}/{n}")
        found.add("/".join(a.name for a in self._path(o)))
        return {_key(s) for s in found}

    def _path(self, o: OrgRow) -> list[OrgRow]:
        return self.tree.path(o.id)

    def resolve(self, text: str, current: int | None = None) -> OrgRow | None:
        """The organisation a cell names; None when none has that name.

        ``current`` is the organisation the record is in now: a closed organisation of that
        name is accepted when it is this one (the record stays where it is).
        Raises ValidationError when the name is ambiguous or names only closed organisations.
        """
        candidates = self.index.get(_key(text), [])
        if not candidates:
            return None
        open_ = self._open_matches(text)
        if not open_:
            if current is not None and any(o.id == current for o in candidates):
                return self.by_id[current]
            raise ValidationError(f"“{text}”已撤销，不能再把党员编入其中", field=LABEL)
        if len(open_) > 1:
            examples = "、".join(f"“{self.label(o.id)}”" for o in open_[:3])
            raise ValidationError(
                f"有{len(open_)}个名为“{text}”的组织，请写明上级，如{examples}", field=LABEL
            )
        return open_[0]

    def _open_matches(self, text: str) -> list[OrgRow]:
        """Open organisations with this spelling; those of the office first, when that decides."""
        open_ = [o for o in self.index.get(_key(text), []) if not o.is_closed]
        if len(open_) > 1:
            mine = [o for o in open_ if o.id in self.office_ids]
            open_ = mine or open_
        return open_

    def label(self, org_id: int | None) -> str:
        """The shortest spelling that ``resolve`` maps back to this organisation."""
        o = self.by_id.get(org_id) if org_id is not None else None
        if o is None:
            return ""
        parent = self.by_id.get(o.parent_id) if o.parent_id is not None else None
        options = [o.name]
        if parent is not None:
            options += [parent.display_name + o.name, f"{parent.name}/{o.name}"]
        options.append("/".join(a.name for a in self._path(o)))
        for text in options:
            if self._open_matches(text) == [o] or (o.is_closed and self.index.get(_key(text)) == [o]):
                return text
        return options[-1]
