"""Organisation figures ({党支部数}, {届满未换届党组织数} ...), the 党组织类型 chart and the
下级党组织情况 table, over the organisations that existed at the period's end."""

from __future__ import annotations

from app.domain.orgs.rules import BRANCH_TYPES, COMMITTEE_TYPES, OrgType
from app.reports.briefings.figures import ChartData, FigureContext, chart, figure, table
from app.reports.briefings.figures_members import member_stats
from app.reports.kit.blocks import Table
from app.services.orgs.service import OrgRow

# ---- organisations ------------------------------------------------------------------------
ORGS = "党组织"


def _count(ctx: FigureContext, *types: OrgType) -> int:
    return sum(1 for o in ctx.below if o.org_type in types)


@figure("下属党组织数", "个", ORGS, "所选组织以下的各级党组织（不含本级）")
def _below(ctx: FigureContext) -> int:
    return len(ctx.below)


@figure("街道党工委数", "个", ORGS)
def _streets(ctx: FigureContext) -> int:
    return _count(ctx, OrgType.STREET)


@figure("社区党委数", "个", ORGS)
def _communities(ctx: FigureContext) -> int:
    return _count(ctx, OrgType.COMMUNITY)


@figure("党总支数", "个", ORGS)
def _general(ctx: FigureContext) -> int:
    return _count(ctx, OrgType.GENERAL_BRANCH)


@figure("社区党组织数", "个", ORGS, "社区党委，以及直属街道的社区党总支")
def _community_orgs(ctx: FigureContext) -> int:
    types = {o.id: o.org_type for o in ctx.subtree}

    def counts(o: OrgRow) -> bool:
        parent_type = types.get(o.parent_id) if o.parent_id is not None else None
        return o.org_type is OrgType.COMMUNITY or (
            o.org_type is OrgType.GENERAL_BRANCH and parent_type in (OrgType.STREET, OrgType.COUNTY))

    return len([o for o in ctx.below if counts(o)])


@figure("行业党委数", "个", ORGS)
def _industry(ctx: FigureContext) -> int:
    return _count(ctx, OrgType.INDUSTRY)


@figure("商圈党委数", "个", ORGS)
def _business(ctx: FigureContext) -> int:
    return _count(ctx, OrgType.BUSINESS_DISTRICT)


@figure("楼宇党委数", "个", ORGS, "商务楼宇党委")
def _buildings(ctx: FigureContext) -> int:
    return _count(ctx, OrgType.OFFICE_BUILDING)


@figure("党支部数", "个", ORGS, "各类党支部：党支部、网格党支部、临时党支部、联合党支部")
def _branches(ctx: FigureContext) -> int:
    return _count(ctx, *BRANCH_TYPES)


@figure("网格党支部数", "个", ORGS)
def _grid_branches(ctx: FigureContext) -> int:
    return _count(ctx, OrgType.GRID_BRANCH)


@figure("临时党支部数", "个", ORGS)
def _temp_branches(ctx: FigureContext) -> int:
    return _count(ctx, OrgType.TEMP_BRANCH)


@figure("联合党支部数", "个", ORGS)
def _joint_branches(ctx: FigureContext) -> int:
    return _count(ctx, OrgType.JOINT_BRANCH)


@figure("党小组数", "个", ORGS)
def _groups(ctx: FigureContext) -> int:
    return _count(ctx, OrgType.GROUP)


def expired(ctx: FigureContext) -> list[OrgRow]:
    """Organisations (this one included) whose term had ended by ``as_of`` with no election
    yet: the term they were serving then, from the audit trail when they have held an election
    since. Read once per briefing."""
    return ctx.once("orgs.expired", _read_expired)


def _read_expired(ctx: FigureContext) -> list[OrgRow]:
    electing = COMMITTEE_TYPES | BRANCH_TYPES | {OrgType.GENERAL_BRANCH}
    day = ctx.as_of
    rows = [o for o in ctx.subtree if o.org_type in electing]
    renewed = [o.id for o in rows if o.term_start is not None and o.term_start > day]
    past = ctx.services.orgs.term_ends_on(renewed, day) if renewed else {}
    out = []
    for o in rows:
        end = past.get(o.id) if o.id in past else o.term_end
        if end is not None and end < day:
            out.append(o)
    return out


@figure("届满未换届党组织数", "个", ORGS, "截止日期时已过届满日期、尚未换届的党委、党总支和党支部（含本级）")
def _expired(ctx: FigureContext) -> int:
    return len(expired(ctx))


@figure("新成立党组织数", "个", ORGS, "成立日期在本期内的下属党组织")
def _founded(ctx: FigureContext) -> int:
    p = ctx.period
    return sum(1 for o in ctx.below if o.established and p.start <= o.established <= p.end)


@figure("撤销党组织数", "个", ORGS, "本期内撤销的下属党组织")
def _closed(ctx: FigureContext) -> int:
    p = ctx.period
    return sum(1 for o in ctx.tree.below(ctx.org_id) if o.closed_on and p.start <= o.closed_on <= p.end)


# ---- organisation charts and tables -------------------------------------------------------
@chart("党组织类型")
def _org_types(ctx: FigureContext) -> ChartData:
    counts = {t: _count(ctx, t) for t in OrgType}
    shown = [(t.value, n) for t, n in counts.items() if n]
    return ChartData("下属党组织类型分布", tuple(k for k, _ in shown),
                     tuple(float(n) for _, n in shown), "个")


@table("下级党组织情况")
def _children_table(ctx: FigureContext) -> Table:
    """One row per direct subordinate organisation: what lies below it (and its members)."""
    children = [o for o in ctx.below if o.parent_id == ctx.org_id]
    shown = {o.id for o in ctx.subtree}

    def under(root: int) -> list[OrgRow]:
        return [o for o in ctx.tree.below(root) if o.id in shown]

    has_members = getattr(ctx.services, "members", None) is not None
    header: tuple[str, ...] = ("党组织", "类型", "党支部", "网格党支部", "党小组")
    if has_members:
        header += ("党员",)
    totals = member_stats(ctx).by_org if has_members else {}
    rows: list[tuple[str, ...]] = []
    for c in children:
        sub = under(c.id)
        row: tuple[str, ...] = (c.display_name, c.org_type.value,
               str(sum(1 for o in sub if o.org_type in BRANCH_TYPES)),
               str(sum(1 for o in sub if o.org_type is OrgType.GRID_BRANCH)),
               str(sum(1 for o in sub if o.org_type is OrgType.GROUP)))
        if has_members:
            row += (str(sum(totals.get(o.id, 0) for o in [c, *sub])),)
        rows.append(row)
    widths = (3, 2, 1.2, 1.8, 1.2) + ((1.2,) if has_members else ())
    # a count column that is 0 on every row says nothing (a community's branches have no branches)
    keep = [i for i in range(len(header)) if i < 2 or i == 5 or any(r[i] != "0" for r in rows)]
    return Table(tuple(header[i] for i in keep), tuple(tuple(r[i] for i in keep) for r in rows),
                 tuple(widths[i] for i in keep), caption="下级党组织情况", align_left=(0,))
