"""Importing a roster: what the preview tells the user, and what apply writes (all or nothing)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from app.domain.kit.errors import AppError
from app.domain.orgs.rules import OrgType
from app.io.kit.progress import Cancelled
from app.io.kit.sheets import LOST_DIGITS
from app.io.members.importer import ImportPreview, MemberImporter
from app.services.container import Services
from app.services.members.query import MemberQuery
from app.services.orgs.service import OrgInput
from tests.io.kit.workbooks import write_csv, write_xlsx
from tests.io.members.roster import HEADER, Office, id_for, make_office, member_row


@pytest.fixture
def office(services: Services) -> Office:
    return make_office(services)


def roster_count(services: Services) -> int:
    return services.members.count(MemberQuery(include_left=True))


def preview(services: Services, path: Path) -> ImportPreview:
    return MemberImporter(services).preview(path)


def lines(p: ImportPreview, create: bool = False) -> list[str]:
    return [str(x) for x in p.problems(create)]


def test_messy_office_roster_is_read_as_meant(services: Services, office: Office, tmp_path: Path) -> None:
    """Title, filler, merged cells, aliases, extra columns, blank and total rows, every date spelling."""
    header = ["序号", "党员姓名", "身份证号码", "性别", "党员类型", "所在支部", "入党时间", "转正时间",
              "手机", "爱好", "家庭住址"]
    joined = [dt.date(1985, 7, 1), "1985-07-01", "1985/7/1", "1985.07.01", "1985年7月1日", "19850701",
              31229, "1985.7", "1985年7月"]
    rows: list[list[object]] = [
        ["和平社区党员花名册（2026年）"],
        ["填报单位：和平社区党委", None, None, None, None, None, None, None, "填报日期：2026年3月1日"],
        [],
        header,
    ]
    for i, day in enumerate(joined, start=1):
        number = id_for(i, sex="女") if i % 2 else id_for(i)
        if i == 2:
            number = number.replace("X", "x")
        if i == 4:
            number = number.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
        rows.append([i, f"党员{i}", number, None, "正式党员", "第一党支部" if i <= 6 else None, day,
                     dt.date(1986, 7, 1), 13812340000 + i, "书法", f"和平路{i}号"])
        if i == 5:
            rows.append([None] * len(header))  # a blank line in the middle
    rows.append(["合计", f"{len(joined)}人"])
    write_xlsx(tmp_path / "roster.xlsx", rows, merges=["A1:K1", "F11:F14"])
    p = preview(services, tmp_path / "roster.xlsx")
    assert lines(p) == []
    assert p.header_row == 4
    assert len(p.adds) == len(joined) and not p.updates
    assert p.ignored_columns == ("爱好",)  # 籍贯 is a member field now
    assert [s.reason[:3] for s in p.skipped] == ["合计行"]
    assert [a.row for a in p.adds] == [5, 6, 7, 8, 9, 11, 12, 13, 14]
    outcome = MemberImporter(services).apply(p)
    assert len(outcome.added_ids) == len(joined)
    members = services.members.rows(outcome.added_ids)
    assert {m.joined_on for m in members[:7]} == {dt.date(1985, 7, 1)}  # day given in every spelling
    assert {m.joined_on for m in members[7:]} == {dt.date(1985, 7, 1)}  # month only: the first
    assert {m.org_id for m in members} == {office.first}  # merged cells filled down
    assert members[0].sex == "女" and members[1].sex == "男"  # derived from the ID number
    assert members[1].id_number == id_for(2) and id_for(2).endswith("X")  # typed as a lower-case x
    assert members[3].id_number == id_for(4)
    assert members[0].phone == "13812340001"


def test_every_problem_of_a_row_is_listed_with_its_excel_row(
    services: Services, office: Office, tmp_path: Path,
) -> None:
    bad_check = id_for(2)[:17] + ("0" if id_for(2)[17] != "0" else "1")
    rows = [HEADER,
            member_row(1),
            member_row(2, **{"公民身份号码": bad_check, "加入党组织日期": "2099-01-01",
                             "联系电话": "12345"}),
            member_row(3, **{"人员类别": "积极分子", "转为正式党员日期": "1980-01-01"})]
    p = preview(services, write_xlsx(tmp_path / "a.xlsx", rows))
    assert len(p.adds) == 1
    found = lines(p)
    assert [x.split(":")[0] for x in found] == [
        "第3行 公民身份号码", "第3行 联系电话", "第3行 加入党组织日期", "第3行 转为正式党员日期",
        "第4行 人员类别", "第4行 转为正式党员日期",
    ]
    assert "校验位不对" in found[0] and "晚于今天" in found[2] and "积极分子" in found[4]
    assert p.refused_rows == [3, 4]


def test_id_that_excel_stored_as_a_number(services: Services, office: Office, tmp_path: Path) -> None:
    rows = [HEADER, member_row(1, **{"公民身份号码": float(id_for(1)[:17] + "0")})]
    p = preview(services, write_xlsx(tmp_path / "a.xlsx", rows))
    assert lines(p) == [f"第2行 公民身份号码: {LOST_DIGITS}"]  # not also "出生日期不能为空"


def test_duplicate_id_in_the_file_is_refused_on_its_second_row(
    services: Services, office: Office, tmp_path: Path,
) -> None:
    rows = [HEADER, member_row(1), member_row(2), member_row(3, **{"公民身份号码": id_for(1)})]
    p = preview(services, write_xlsx(tmp_path / "a.xlsx", rows))
    assert [a.row for a in p.adds] == [2, 3]
    assert lines(p) == ["第4行 公民身份号码: 与第2行的公民身份号码重复（同一人只能出现一次）"]


def test_existing_members_are_matched_by_id_and_changes_shown(
    services: Services, office: Office, tmp_path: Path,
) -> None:
    first = [HEADER, member_row(1, "张三"), member_row(2, "李四")]
    importer = MemberImporter(services)
    importer.apply(importer.preview(write_xlsx(tmp_path / "a.xlsx", first)))
    # Second file: 张三 moves branch; 李四's phone cell is blank (kept); a new member.
    second = [HEADER, member_row(1, "张三", org="第二党支部"),
              member_row(2, "李四", **{"联系电话": None}), member_row(3, "王五")]
    p = importer.preview(write_xlsx(tmp_path / "b.xlsx", second))
    assert [a.title for a in p.adds] == ["王五"]
    assert [(u.title, [str(c) for c in u.changes]) for u in p.updates] == [
        ("张三", ["所在党组织：第一党支部 → 第二党支部"]),
    ]
    assert [u.title for u in p.unchanged] == ["李四"]
    outcome = importer.apply(p)
    assert len(outcome.added_ids) == 1 and len(outcome.updated_ids) == 1
    zhang = services.members.find_by_id_number(id_for(1))
    li = services.members.find_by_id_number(id_for(2))
    assert zhang is not None and zhang.org_id == office.second
    assert li is not None and li.phone == "13812340002"
    assert roster_count(services) == 3


def test_an_old_15_digit_id_number_finds_the_member_on_record(
    services: Services, office: Office, tmp_path: Path,
) -> None:
    full = id_for(1, dt.date(1950, 5, 17))
    old = full[:6] + full[8:17]  # the same person's number before 1999
    importer = MemberImporter(services)
    importer.apply(importer.preview(write_xlsx(tmp_path / "a.xlsx", [HEADER, member_row(1, **{"公民身份号码": full})])))
    rows = [HEADER, member_row(1, **{"公民身份号码": old, "联系电话": "13900001111"})]
    p = importer.preview(write_xlsx(tmp_path / "b.xlsx", rows, text_columns=[3]))
    assert not p.adds and [str(c) for u in p.updates for c in u.changes] == [
        "联系电话：138****0001 → 139****1111"]
    outcome = importer.apply(p)
    assert outcome.added_ids == [] and len(outcome.updated_ids) == 1
    assert services.members.find_by_id_number(full).phone == "13900001111"  # type: ignore[union-attr]
    assert roster_count(services) == 1


def test_missing_organisations_are_listed_and_created_only_when_agreed(
    services: Services, office: Office, tmp_path: Path,
) -> None:
    rows = [HEADER, member_row(1), member_row(2, org="第九党支部"), member_row(3, org="第九党支部")]
    path = write_xlsx(tmp_path / "a.xlsx", rows)
    importer = MemberImporter(services)
    p = importer.preview(path)
    assert p.missing_orgs == {"第九党支部": [3, 4]}
    assert [x.split(":")[0] for x in lines(p)] == ["第3行 所在党组织", "第4行 所在党组织"]
    assert lines(p, create=True) == []
    orgs_before = services.orgs.count()
    outcome = importer.apply(p)  # not agreed: only the row whose branch exists
    assert len(outcome.added_ids) == 1 and services.orgs.count() == orgs_before
    p = importer.preview(path)
    outcome = importer.apply(p, create_missing_orgs=True)
    assert outcome.created_orgs == ["第九党支部"]
    (new,) = [o for o in services.orgs.list() if o.name == "第九党支部"]
    assert new.org_type is OrgType.BRANCH and new.parent_id == office.office_id
    assert {m.org_id for m in services.members.rows(outcome.added_ids)} == {new.id}


def test_ambiguous_branch_name_asks_for_the_parent(
    services: Services, office: Office, tmp_path: Path,
) -> None:
    for name in ("东区党总支", "西区党总支"):
        parent = services.orgs.create(OrgInput(name, OrgType.GENERAL_BRANCH, office.office_id))
        services.orgs.create(OrgInput("老干部党支部", OrgType.BRANCH, parent.id))
    rows = [HEADER, member_row(1, org="老干部党支部"), member_row(2, org="东区党总支老干部党支部"),
            member_row(3, org="西区党总支/老干部党支部")]
    p = preview(services, write_xlsx(tmp_path / "a.xlsx", rows))
    (problem,) = lines(p)
    assert problem.startswith("第2行 所在党组织: 有2个名为“老干部党支部”的组织，请写明上级")
    assert len(p.adds) == 2


def test_masked_export_cannot_be_imported(services: Services, office: Office, tmp_path: Path) -> None:
    rows = [HEADER, member_row(1, **{"公民身份号码": "370***********1234", "联系电话": "138****0001"})]
    p = preview(services, write_xlsx(tmp_path / "a.xlsx", rows))
    assert [x.split(":")[0] for x in lines(p)] == ["第2行 公民身份号码", "第2行 联系电话"]
    assert "已遮蔽" in lines(p)[0]


def test_missing_required_column_refuses_the_file(services: Services, office: Office,
                                                  tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "a.xlsx", [["姓名", "身份证号", "所在党组织"], ["张三", id_for(1), "第一党支部"]])
    with pytest.raises(AppError, match="缺少必填列“人员类别”、“加入党组织日期”"):
        preview(services, path)


def test_gbk_csv_from_chinese_excel(services: Services, office: Office, tmp_path: Path) -> None:
    rows = [["党员花名册"], HEADER, member_row(1, "张三"), member_row(2, "李四")]
    p = preview(services, write_csv(tmp_path / "a.csv", rows, encoding="gbk"))
    assert [a.title for a in p.adds] == ["张三", "李四"] and lines(p) == []


def test_a_failure_in_the_middle_leaves_nothing(services: Services, office: Office, tmp_path: Path) -> None:
    closing = services.orgs.create(OrgInput("第三党支部", OrgType.BRANCH, office.office_id))
    rows = [HEADER, member_row(1), member_row(2), member_row(3, org="第三党支部")]
    importer = MemberImporter(services)
    p = importer.preview(write_xlsx(tmp_path / "a.xlsx", rows))
    assert len(p.adds) == 3
    services.orgs.close(closing.id, dt.date.today(), "合并到第一党支部")  # after the preview
    audit_before = services.audit.count()
    with pytest.raises(AppError, match="已撤销"):
        importer.apply(p)
    assert roster_count(services) == 0
    assert services.audit.count() == audit_before


def test_cancel_writes_nothing(services: Services, office: Office, tmp_path: Path) -> None:
    rows = [HEADER, *(member_row(n) for n in range(1, 6))]
    importer = MemberImporter(services)
    p = importer.preview(write_xlsx(tmp_path / "a.xlsx", rows))
    seen: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> bool:
        seen.append((done, total))
        return done < 3  # cancel once three members have gone into the transaction

    importer_ticks = MemberImporter(services)
    with pytest.raises(Cancelled):
        importer_ticks.apply(p, progress=progress)
    assert seen[-1] == (3, 5)
    assert roster_count(services) == 0
    done: list[int] = []
    importer.apply(p, progress=lambda d, t: done.append(d) or True)
    assert done[-1] == 5 and roster_count(services) == 5


def test_preview_made_stale_by_someone_else_writes_nothing(
    services: Services, office: Office, tmp_path: Path,
) -> None:
    rows = [HEADER, member_row(1), member_row(2)]
    path = write_xlsx(tmp_path / "a.xlsx", rows)
    importer = MemberImporter(services)
    p = importer.preview(path)
    importer.apply(importer.preview(write_xlsx(tmp_path / "b.xlsx", [HEADER, member_row(2)])))
    with pytest.raises(AppError, match="第3行的党员“党员2”已在预览后被他人登记"):
        importer.apply(p)
    assert roster_count(services) == 1


def test_new_organisations_go_in_with_the_members_or_not_at_all(
    services: Services, office: Office, tmp_path: Path,
) -> None:
    east = services.orgs.create(OrgInput("东区党总支", OrgType.GENERAL_BRANCH, office.office_id))
    rows = [HEADER, member_row(1, org="第九党支部"), member_row(2), member_row(3, org="第九党支部"),
            member_row(4, org="东区党总支/第一小组"), member_row(6, org="第一党支部/第二小组")]
    importer = MemberImporter(services)
    p = importer.preview(write_xlsx(tmp_path / "a.xlsx", rows))
    assert set(p.missing_orgs) == {"第九党支部", "东区党总支/第一小组", "第一党支部/第二小组"}
    assert lines(p, create=True) == [  # a branch cannot sit under a branch: said before writing
        "第6行 所在党组织: “第一党支部/第二小组”无法自动新建：党支部不能设在党支部之下：下级组织的层级必须低于上级组织"]
    orgs_before = services.orgs.count()

    # Cancelled after the organisations were made inside the transaction: neither is kept.
    with pytest.raises(Cancelled):
        importer.apply(p, create_missing_orgs=True, progress=lambda done, total: done < 2)
    assert services.orgs.count() == orgs_before and roster_count(services) == 0

    # A failure after them (a branch closed since the preview) keeps neither either.
    stale = importer.preview(write_xlsx(tmp_path / "b.xlsx", [*rows, member_row(5, org="第二党支部")]))
    services.orgs.close(office.second, dt.date.today(), "合并")
    audit_before = services.audit.count()
    with pytest.raises(AppError, match="已撤销"):
        importer.apply(stale, create_missing_orgs=True)
    assert services.orgs.count() == orgs_before and roster_count(services) == 0
    assert services.audit.count() == audit_before

    outcome = importer.apply(p, create_missing_orgs=True)
    assert outcome.created_orgs == ["东区党总支/第一小组", "第九党支部"]
    assert outcome.refused_rows == [6]
    by_name = {o.name: o for o in services.orgs.list()}
    assert by_name["第九党支部"].parent_id == office.office_id
    assert by_name["第一小组"].parent_id == east.id
    members = services.members.rows(outcome.added_ids)
    assert [m.org_id for m in members] == [by_name["第九党支部"].id, office.first, by_name["第九党支部"].id,
                                           by_name["第一小组"].id]
    assert services.audit.verify().ok
