"""The agreement printed from the record, ready to sign, and the appraisal table: read back
(text in order, fonts embedded, A4), phones masked unless the role may see them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from app.domain.cobuild.appraisal import DEFAULT_CRITERIA
from app.reports.cobuild.agreement_doc import print_agreement
from app.reports.cobuild.appraisal_sheet import print_appraisal
from app.services.cobuild.agreement_rows import AgreementInput, CommitmentInput
from app.services.cobuild.appraisal import OF_COMMUNITY, OF_UNIT
from app.services.container import Services
from app.services.kit.base import Actor
from tests.reports.kit.pdfcheck import fonts, reader, text
from tests.services.cobuild.helpers import Tree, build_tree, unit


@pytest.fixture
def tree(services: Services) -> Tree:
    return build_tree(services)


def flat(pdf: bytes) -> str:
    return text(pdf).replace("\n", "").replace(" ", "")


def agreement(services: Services, tree: Tree) -> int:
    u = services.units.create(unit(tree.community, "青山县人民医院", party_org_name="青山县人民医院党委"))
    start = dt.date.today() - dt.timedelta(days=10)
    row = services.agreements.create(AgreementInput(
        org_id=tree.community, unit_id=u.id, starts_on=start, ends_on=start + dt.timedelta(days=364),
        liaison_a="王敏", liaison_a_phone="13812345678", liaison_b="李强", liaison_b_phone="0531-86012345",
        mechanisms=("双向承诺", "双向服务"), content="双方结对共建。\n共同开展志愿服务。", remarks="附件：共建项目清单"))
    services.commitments.add(row.id, CommitmentInput("乙方", "每季度义诊一次", dt.date(2026, 12, 31)))
    services.commitments.add(row.id, CommitmentInput("甲方", "提供活动场地"))
    return row.id


def test_the_agreement_prints_ready_to_sign(services: Services, tree: Tree) -> None:
    pdf, pages = print_agreement(services, agreement(services, tree))
    doc = reader(pdf)
    assert pages == len(doc.pages)
    assert all(abs(float(p.mediabox.width) - 595.28) < 0.5 and abs(float(p.mediabox.height) - 841.89) < 0.5
               for p in doc.pages)  # A4 portrait
    assert all(fonts(pdf).values())
    t = flat(pdf)
    order = ["党建共建协议书", f"共建〔{dt.date.today().year}〕1号".replace(" ", ""), "甲方：和平社区党委",
             "乙方：青山县人民医院党委（青山县人民医院）", "一、协议期限", "二、共建内容", "双方结对共建。",
             "共同开展志愿服务。", "三、共建机制", "双方建立双向承诺、双向服务的工作机制", "四、甲方承诺", "1.提供活动场地",
             "五、乙方承诺", "1.每季度义诊一次（完成时限：2026年12月31日）", "六、联络人", "七、其他", "附件：共建项目清单",
             "甲方（盖章）：", "乙方（盖章）：", "负责人（签字）："]
    positions = [t.find(s) for s in order]
    assert -1 not in positions, [s for s, p in zip(order, positions, strict=True) if p < 0]
    assert positions[:-2] == sorted(positions[:-2])
    assert "13812345678" in t  # the office's own clerk may see numbers in full


def test_a_viewer_gets_the_phones_masked(services: Services, tree: Tree) -> None:
    agreement_id = agreement(services, tree)
    services.act_as(Actor("小李", role="查看"))
    t = flat(print_agreement(services, agreement_id)[0])
    assert "138****5678" in t and "13812345678" not in t and "86012345" not in t


def test_the_appraisal_table_prints_both_directions(services: Services, tree: Tree) -> None:
    ids = [services.units.create(unit(tree.community, n)).id for n in ("甲医院", "乙学校", "丙公司")]
    r = services.appraisals.open_year(tree.community, 2025)
    for unit_id, score in zip(ids, (95, 80, 80), strict=True):
        services.appraisals.set_scores(r.id, unit_id, OF_UNIT, {c.name: score for c in DEFAULT_CRITERIA})
        services.appraisals.set_scores(r.id, unit_id, OF_COMMUNITY,
                                       {c.name: Decimal(score) - 1 for c in DEFAULT_CRITERIA})
    pdf, pages = print_appraisal(services, r.id, dt.date(2026, 1, 10))
    assert all(fonts(pdf).values()) and pages == len(reader(pdf).pages)
    t = flat(pdf)
    assert "和平社区党委2025年度共驻共建双向评议结果" in t
    assert "评分内容及权重：组织共建20、活动共办20、资源共享20、服务共抓20、承诺兑现20" in t
    assert "一、和平社区党委对共建单位的评议" in t and "二、共建单位对和平社区党委的评议" in t
    assert "1甲医院959595959595.00好" in t
    assert "2丙公司808080808080.00较好2乙学校" in t  # tied: same rank, by name
    assert "平均评分为84.00分" in t and "2026年1月10日" in t


def test_an_appraisal_without_scores_says_so(services: Services, tree: Tree) -> None:
    r = services.appraisals.open_year(tree.community, 2026)
    assert "本年度尚未录入评议分数" in flat(print_appraisal(services, r.id)[0])


def test_the_sign_in_sheet_of_a_meeting(services: Services, tree: Tree) -> None:
    from app.reports.cobuild.meeting_signin import print_meeting_signin
    from app.services.cobuild.meetings import MeetingInput

    ids = [services.units.create(unit(tree.community, n)).id for n in ("甲医院", "乙学校")]
    m = services.meetings.create(MeetingInput(org_id=tree.community, held_on=dt.date(2026, 6, 18),
                                              place="社区党群服务中心", host="王书记", agenda="认领需求清单"), ids)
    pdf, pages = print_meeting_signin(services, m.id)
    t = flat(pdf)
    assert pages == 1 and all(fonts(pdf).values())
    assert "共驻共建联席会议签到表" in t and "时间：2026年6月18日" in t and "议题：认领需求清单" in t
    assert "1甲医院" in t and "2乙学校" in t and "应到单位2个" in t
