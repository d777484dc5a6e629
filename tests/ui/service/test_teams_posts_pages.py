"""The 服务队伍 and 服务岗位 pages and the quota and points settings of 时长统计, driven in pytest-qt
over real services: a team made through its form (hostile input refused), members found by pinyin
and added — a roster member and a resident — a leader chosen; a post claimed until full and the
refusal seen; a quota set and the progress column and shortfall list changing; the points rules
and the ranking; read-only roles; the models under qtmodeltester; each page rendered."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from app.services.container import Services
from app.services.kit.base import Actor
from app.services.service.rows import PostInput, PostQuery, TeamInput, TeamQuery
from app.ui.kit.changes import ChangeBus
from app.ui.service.models import PostTableModel, TeamTableModel
from app.ui.service.tab import ServiceTab
from tests.services.members.helpers import member
from tests.services.service.helpers import DAY, Place, build_place, record

SHOTS = Path("/tmp/h-svc-shots")


@pytest.fixture
def place(services: Services) -> Place:
    p = build_place(services)
    services.settings.set("office_org_id", p.tree.county)
    r = services.service_records
    r.confirm([r.create(record(p, content="调解邻里纠纷")).id])
    r.create(record(p, p.volunteer_ids[1], content="陪老人看病"))
    return p


@pytest.fixture
def tab(qtbot, services: Services, place: Place) -> ServiceTab:
    widget = ServiceTab(services, ChangeBus(services.hub))
    qtbot.addWidget(widget)
    widget.resize(1100, 720)
    widget.show()
    return widget


def _shoot(widget, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    assert widget.grab().save(str(SHOTS / f"{name}.png"))


def test_a_team_from_its_form_to_its_members_and_leader(tab: ServiceTab, services: Services, place: Place) -> None:
    retired = services.members.create(member(place.tree.branch_a, "赵退休")).id  # not yet a volunteer
    page = tab.teams
    tab.pages.setCurrentWidget(page)
    dialog = page.dialog()
    form = dialog.form
    form.set_value("kind", "银发先锋")
    form.set_value("name", "银发先锋志愿服务队")
    for key, bad, words in (("name", "", "队伍名称不能为空"), ("name", "队" * 41, "过长"),
                            ("founded_on", dt.date.today() + dt.timedelta(days=3), "晚于今天")):
        good = form.value(key)
        form.set_value(key, bad)
        dialog.save()
        assert words in dialog.error.text(), (key, dialog.error.text())
        form.set_value(key, good)
    form.set_value("kind", "我们自己的队伍类型")  # the kind is editable
    dialog.save()
    team = dialog.result_row
    assert team is not None and team.kind == "我们自己的队伍类型" and services.teams.count_all() == 1
    page.apply()
    page.table.select_ids([team.id], team.id)
    members = page.members_dialog(page.current())
    members.search.setText("zhao")
    members.look_up()
    assert [members.found.item(i).data(256) for i in range(members.found.count())] == [-retired]
    members.add_keys([-retired])
    members.search.setText("")
    members.look_up()
    members.add_keys([place.resident_id])
    assert members.count.text() == "本队队员（2名）" and members.leader.count() == 3
    members.set_leader(-retired)
    _shoot(members, "team-members-dialog")
    members.save()
    assert members.result() and members.result_row.size == 2 and members.result_row.leader_name == "赵退休"
    page.apply()
    model = page.model
    assert model.data(model.index(0, 2)) == "赵退休" and model.data(model.index(0, 3)) == "2"
    # The leader taken out: the team is saved without one.
    again = page.members_dialog(page.current())
    leader = again.leader.currentData()
    again.remove_keys([leader])
    assert again.leader.currentData() is None
    again.save()
    assert services.teams.get(team.id).leader_id is None and services.teams.get(team.id).size == 1
    _shoot(tab, "teams-page")


def test_a_dissolved_team_leaves_the_list_and_refuses_members(tab: ServiceTab, services: Services, place: Place,
                                                             shown_messages: list[str]) -> None:
    team = services.teams.create(TeamInput(name="党员攻坚队", kind="党员攻坚队", org_id=place.tree.community))
    page = tab.teams
    page.apply()
    page.table.select_ids([team.id], team.id)
    step = page.dissolve_dialog(page.current())
    step.confirm()
    assert step.result()
    page.apply()
    assert page.model.rowCount() == 0
    page.dissolved_box.setChecked(True)
    assert page.model.rowCount() == 1 and "已撤销" in page.model.data(page.model.index(0, 6))
    page.table.select_ids([team.id], team.id)
    page.members()
    assert "撤销，不能再调整队员" in shown_messages[-1]


def test_a_post_claimed_until_full_refuses_one_more(tab: ServiceTab, services: Services, place: Place) -> None:
    page = tab.posts
    tab.pages.setCurrentWidget(page)
    dialog = page.dialog()
    form = dialog.form
    form.set_value("title", "楼道长")
    form.set_value("category", "社区治理")
    form.set_value("description", "每周巡查楼道，提醒清理杂物")
    for bad, words in (("-1", "人数上限“-1”应为正整数"), ("0", "应为正整数"), ("abc", "人数上限"),
                       ("99999999999", "人数上限")):
        form.set_value("capacity", bad)
        dialog.save()
        assert words in dialog.error.text(), (bad, dialog.error.text())
    form.set_value("title", "")
    form.set_value("capacity", "2")
    dialog.save()
    assert "岗位名称不能为空" in dialog.error.text() and services.posts.count_all() == 0
    form.set_value("title", "楼道长")
    dialog.save()
    post = dialog.result_row
    assert post.capacity == 2
    page.apply()
    for person in (place.volunteer_ids[0], place.resident_id):
        page.table.select_ids([post.id], post.id)
        step = page.claim_dialog(page.current())
        step.confirm()
        assert "请选择认领人" in step.error.text()
        step.choice.setCurrentIndex(step.choice.findData(person))
        step.confirm()
        assert step.result(), step.error.text()
        page.apply()
    assert page.model.data(page.model.index(0, 3)) == "2/2" and page.model.data(page.model.index(0, 7)) == "已满"
    assert page.model.data(page.model.index(0, 4)) == "李一、王阿姨"
    page.table.select_ids([post.id], post.id)
    step = page.claim_dialog(page.current())
    assert step.choice.findData(place.resident_id) < 0  # who claimed it is not offered again
    step.choice.setCurrentIndex(step.choice.findData(place.volunteer_ids[1]))
    step.confirm()
    assert not step.result() and "已有2人认领，达到人数上限2人" in step.error.text()
    _shoot(step, "post-claim-refused")
    release = page.release_dialog(page.current())
    assert release.choice.count() == 3  # （请选择）and the two who claimed
    release.choice.setCurrentIndex(release.choice.findData(place.resident_id))
    release.confirm()
    assert services.posts.get(post.id).claimed == 1
    _shoot(tab, "posts-page")


def test_a_quota_set_changes_the_progress_column_and_the_shortfall_list(tab: ServiceTab, services: Services,
                                                                        place: Place) -> None:
    page = tab.hours
    tab.pages.setCurrentWidget(page)
    page.date_to.set_value(DAY)
    assert page.quota_text.text() == "年度指标：在职党员每年50.0小时"
    page.show_progress()
    assert page.table.rowCount() == 2 and page.table.horizontalHeaderItem(3).text() == "进度"
    first = {page.table.item(r, 1).text(): page.table.item(r, 3).text() for r in range(2)}
    assert "还差" in first["李一"] and "还差" in first["李二"]
    page.show_behind()
    assert page.table.rowCount() == 2
    dialog = page.edit_quotas(show=False)
    assert dialog.rows.rows() == [("在职党员", "小时", "50")]
    line = dialog.rows.table.cellWidget(0, 2)
    for bad, words in (("abc", "不是数字"), ("0", "应大于0"), ("", "请填写在职党员的年度服务指标"), ("50.25", "最多一位小数")):
        line.setText(bad)
        dialog.save()
        assert words in dialog.error.text() and "第1行" in dialog.error.text(), (bad, dialog.error.text())
    dialog.rows.add_row(("在职党员", "次数", "3"))
    line.setText("12")
    dialog.save()
    assert "设置了两次" in dialog.error.text()
    dialog.rows.table.setCurrentCell(1, 0)
    dialog.rows.remove_current()
    dialog.rows.table.cellWidget(0, 1).setCurrentText("次数")
    line.setText("1")
    _shoot(dialog, "quota-dialog")
    dialog.save()
    assert dialog.result() and services.service_totals.quotas()["在职党员"].text == "在职党员每年1次"
    page.show_quotas()
    assert page.quota_text.text() == "年度指标：在职党员每年1次"
    page.show_progress()
    after = {page.table.item(r, 1).text(): page.table.item(r, 3).text() for r in range(2)}
    assert "达到进度" in after["李一"] and "还差" in after["李二"]
    assert {page.table.item(r, 1).text(): page.table.item(r, 4).text() for r in range(2)}["李一"] == "100.0%"
    _shoot(tab, "hours-progress")
    page.show_behind()
    assert page.table.rowCount() == 1 and page.table.item(0, 1).text() == "李二"


def test_points_rules_and_the_ranking(tab: ServiceTab, services: Services, place: Place) -> None:
    r = services.service_records
    r.confirm([r.create(record(place, place.resident_id, content="文艺演出", start="14:00", end="15:00",
                               category="文体")).id])
    page = tab.hours
    tab.pages.setCurrentWidget(page)
    page.date_to.set_value(DAY)
    page.show_ranking()
    assert [page.table.item(i, 1).text() for i in range(page.table.rowCount())] == ["李一", "王阿姨"]
    dialog = page.edit_points(show=False)
    assert dialog.per_hour.text() == "1"
    for bad, words in (("abc", "不是数字"), ("-2", "应为0至1000"), ("", "请填写每小时积分")):
        dialog.per_hour.setText(bad)
        dialog.save()
        assert words in dialog.error.text(), (bad, dialog.error.text())
    dialog.per_hour.setText("1")
    dialog.rows.add_row(("文体", "", ""))
    dialog.save()
    assert "请为“文体”填写" in dialog.error.text()
    dialog.rows.table.cellWidget(0, 2).setText("5")
    _shoot(dialog, "points-dialog")
    dialog.save()
    assert dialog.result()
    page.show_ranking()
    got = [[page.table.item(i, c).text() for c in range(3)] for i in range(page.table.rowCount())]
    assert got == [["1", "王阿姨", "6"], ["2", "李一", "2"]]
    _shoot(tab, "hours-ranking")


def test_a_viewer_may_look_but_neither_edit_teams_and_posts_nor_set_quotas(qtbot, services: Services,
                                                                          place: Place) -> None:
    services.act_as(Actor("查看者", role="查看"))
    widget = ServiceTab(services, ChangeBus(services.hub))
    qtbot.addWidget(widget)
    widget.show()
    assert not widget.teams.actions_["addTeam"].isEnabled() and not widget.posts.actions_["addPost"].isEnabled()
    assert not widget.hours.quota_button.isEnabled() and not widget.hours.points_button.isEnabled()
    assert widget.hours.progress_button.isEnabled() and widget.hours.ranking_button.isEnabled()


def test_the_team_and_post_models_pass_qtmodeltester(qtmodeltester, services: Services, place: Place) -> None:
    c = place.tree.community
    team = services.teams.create(TeamInput(name="党员义工队", kind="党员义工队", org_id=c, leader_id=place.resident_id))
    services.teams.create(TeamInput(name="老队", kind="志愿服务队", org_id=c))
    services.teams.dissolve(team.id, dt.date.today())
    post = services.posts.create(PostInput(title="法律咨询", category="法律援助", org_id=c, capacity=1))
    services.posts.create(PostInput(title="健康讲座", category="健康医疗", org_id=c))
    services.posts.claim(post.id, place.resident_id)
    teams, posts = TeamTableModel(services.teams), PostTableModel(services.posts)
    teams.set_query(TeamQuery(include_dissolved=True))
    posts.set_query(PostQuery())
    assert teams.rowCount() == 2 and posts.rowCount() == 2
    for model in (teams, posts):
        qtmodeltester.check(model, force_py=True)
