"""Funds and dues in the demonstration county: three years of entries in every community (the
earliest years closed), budgets for this year, special-fund projects at every step, and dues
assessed for every member on record with payments where some months are still unpaid."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from app.domain.funds.projects import STAGES
from app.domain.members.rules import ON_RECORD
from app.services.container import Services
from app.services.demo import DemoCounty, person_name
from app.services.funds.rows import EntryInput
from app.services.members.query import MemberQuery

INCOMES = (("财政投入", "区财政拨付社区党组织工作经费", 60000, 120000),
           ("财政投入", "拨付服务群众专项经费", 100000, 200000),
           ("党费补助", "上级党委返还党费", 3000, 12000),
           ("社会支持", "驻区单位共建捐助", 2000, 20000),
           ("社区自我补充", "社区服务用房出租收入", 1000, 8000))
SPENDING = (("办公经费", "购买办公用品", 200, 3000), ("办公经费", "打印复印及宣传资料", 100, 1500),
            ("党群建设", "“七一”主题党日活动", 800, 6000), ("公益服务", "慰问困难党员群众", 1000, 8000),
            ("社区管理", "楼栋长培训及工作补贴", 1000, 6000), ("绩效奖金", "社区工作者绩效奖金", 5000, 20000),
            ("党建品牌创建奖补", "“红色管家”品牌创建", 2000, 10000), ("党员教育培训", "党员冬训教材及场地", 500, 5000),
            ("阵地建设", "党群服务中心设施更新", 3000, 30000))
PROJECTS = ("老旧小区楼道照明改造", "“银发先锋”助老服务", "儿童四点半课堂", "小区健身器材更新", "邻里议事厅建设",
            "垃圾分类宣传引导")
COUNTERPARTIES = ("青山文具店", "县新华书店", "和平印务有限公司", "社区服务中心", "县第一建筑公司", "惠民超市")


def add_demo_funds(services: Services, county: DemoCounty, rng: random.Random, options: dict[str, Any]) -> None:
    today = dt.date.today()
    years = [today.year - 2, today.year - 1, today.year]
    for community in county.communities:
        _entries(services, community.id, rng, years, today)
        for year in years[:-1]:
            services.closings.close(community.id, year, today=today)
        _budgets(services, community.id, rng, today.year)
        _projects(services, community.id, rng, today)
    _dues(services, county, rng, today)


def _amount(rng: random.Random, low: int, high: int) -> str:
    fen = rng.randint(low * 100, max(low, high) * 100)  # integer 分, written as 元
    return f"{fen // 100}.{fen % 100:02d}"


def _day(rng: random.Random, year: int, today: dt.date) -> dt.date:
    last = today if year == today.year else dt.date(year, 12, 31)
    return dt.date(year, 1, 1) + dt.timedelta(days=rng.randint(0, (last - dt.date(year, 1, 1)).days))


def _entries(services: Services, org_id: int, rng: random.Random, years: list[int], today: dt.date) -> None:
    inputs: list[EntryInput] = []
    for year in years:
        for source, summary, low, high in INCOMES:
            inputs.append(EntryInput(org_id=org_id, entry_date=dt.date(year, rng.randint(1, min(3, today.month)), 10),
                                     summary=summary, direction="收入", source_id=source,
                                     amount=_amount(rng, low, high), handler=person_name(rng), attachments=1))
        for _ in range(rng.randint(25, 40)):
            category, summary, low, high = rng.choice(SPENDING)
            inputs.append(EntryInput(
                org_id=org_id, entry_date=_day(rng, year, today), summary=summary, direction="支出",
                source_id="财政投入" if rng.random() < 0.9 else rng.choice(("社会支持", "社区自我补充")),
                category_id=category, amount=_amount(rng, low, high // 6), counterparty=rng.choice(COUNTERPARTIES),
                payment_method=rng.choice(("银行转账", "公务卡", "现金")), handler=person_name(rng),
                reviewer=person_name(rng), approver=person_name(rng), attachments=rng.randint(1, 4)))
    services.ledger.add_posted(inputs, action="演示数据收支")
    for _ in range(3):  # this year's entries not yet posted
        category, summary, low, high = rng.choice(SPENDING)
        services.ledger.create(EntryInput(org_id=org_id, entry_date=today, summary=summary, direction="支出",
                                          source_id="财政投入", category_id=category,
                                          amount=_amount(rng, low, high // 4), handler=person_name(rng)))


def _budgets(services: Services, org_id: int, rng: random.Random, year: int) -> None:
    services.budgets.set(org_id, year, "服务群众专项经费", "200000")
    for category, _s, _low, high in SPENDING:
        if category in ("党群建设", "公益服务", "社区管理"):
            continue
        services.budgets.set(org_id, year, category, str(rng.randint(high, high * 3)))


def _projects(services: Services, org_id: int, rng: random.Random, today: dt.date) -> None:
    for i, name in enumerate(PROJECTS):
        start = max(today - dt.timedelta(days=rng.randint(60, 200)), dt.date(today.year, 1, 2))
        pid = services.fund_projects.create(org_id, name, resolved_on=start, by="社区党委会议",
                                            budget=str(rng.randint(5, 40) * 1000),
                                            proposed_on=start - dt.timedelta(days=7))
        day = start
        for stage in STAGES[1:1 + i % len(STAGES)]:
            day = min(day + dt.timedelta(days=rng.randint(5, 20)), today)
            services.fund_projects.advance(pid, day, person_name(rng) if stage != "审核备案" else "街道党工委")
            if stage == "实施":
                services.ledger.create_posted(EntryInput(
                    org_id=org_id, entry_date=day, summary=f"{name}项目支出", direction="支出", source_id="财政投入",
                    category_id="公益服务", amount=str(rng.randint(2, 5) * 1000), project_id=pid,
                    handler=person_name(rng), reviewer=person_name(rng), approver=person_name(rng), attachments=3))


def _dues(services: Services, county: DemoCounty, rng: random.Random, today: dt.date) -> None:
    ids = services.members.search_ids(MemberQuery(status=ON_RECORD))
    members = services.members.rows(ids)
    kinds = {"离退休党员": "离退休", "待业大学生党员": "学生", "下岗失业党员": "下岗失业"}
    rows: list[tuple[int, int, object, object]] = []
    for m in members:
        kind = kinds.get(m.category, "在职")
        base = None if kind in ("学生", "下岗失业") else (
            rng.randint(2000, 7000) if kind == "离退休" else rng.randint(2500, 12000))
        rows.append((m.id, today.year, kind, base))
    services.dues.assess_many(rows)
    payments = []
    for m in members:
        first = dt.date(today.year, 1, 1)
        if m.joined_on and m.joined_on > first:
            first = m.joined_on.replace(day=1)
        if first.month >= today.month or first.year > today.year:
            continue
        behind = rng.choice((0, 0, 0, 1, 1, 2, 3, 7))  # months not yet paid up to last month
        last = today.month - 1 - behind
        if last < first.month:
            continue
        for n, start in enumerate(range(first.month, last + 1, 3)):  # a quarter at a time
            end = min(start + 2, last)
            paid_on = min(dt.date(today.year, end, 1) + dt.timedelta(days=35), today)
            payments.append((m.id, dt.date(today.year, start, 1), dt.date(today.year, end, 1), paid_on,
                             f"DF{today.year}{m.id:05d}-{n + 1}"))
    services.dues.pay_many(payments)
