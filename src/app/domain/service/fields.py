"""The volunteer service records' fields, declared once: a volunteer (a roster member or a
resident who is not a Party member), an in-service member's reporting in (在职党员报到), a
service team, a post to claim (岗位).

Activities and service records are app.domain.service.record_fields.
"""

from __future__ import annotations

from typing import Any

from app.domain.cobuild.fields import clean_person, clean_title
from app.domain.kit.changes import Change
from app.domain.kit.errors import ValidationError
from app.domain.kit.fields import Field, Kind, missing_required
from app.domain.kit.masking import mask_id, mask_phone
from app.domain.kit.spec import RecordSpec, Values

TEAM_KINDS: tuple[str, ...] = ("银发先锋", "党员义工队", "志愿服务队", "党员先锋队", "党员攻坚队")
# Teams of these kinds are counted as {党员先锋队数}.
VANGUARD_KINDS: tuple[str, ...] = ("党员先锋队", "党员攻坚队")
POST_CATEGORIES: tuple[str, ...] = ("组织建设", "法律援助", "助困扶残就业", "社区治理", "健康医疗", "文体",
                                    "安全宣传巡逻", "其他")
REPORTED, LEFT = "已报到", "已离开"
REPORT_STATUSES: tuple[str, ...] = (REPORTED, LEFT)
IN_SERVICE = "在职党员"


def _volunteer_rules(values: Values) -> list[ValidationError]:
    found = missing_required(VOLUNTEER_FIELDS, values)
    if values.get("member_id") is None and not values.get("id_number"):
        found.append(ValidationError("不是党员的志愿者须填写公民身份号码，以便出具服务证明", field="id_number"))
    if values.get("rep_body") and not values.get("is_rep"):
        found.append(ValidationError("填写了代表、委员所在的人大或政协，请同时勾选“两代表一委员”", field="is_rep"))
    return found


def _capacity_rule(fields: tuple[Field, ...]) -> Any:
    def rules(values: Values) -> list[ValidationError]:
        found = missing_required(fields, values)
        cap = values.get("capacity")
        if cap is not None and not 0 < cap <= 100_000:
            found.append(ValidationError(f"人数上限“{cap}”应为正整数（不填为不限）", field="capacity"))
        return found
    return rules


F = Field
VOLUNTEER_FIELDS: tuple[Field, ...] = (
    F("name", "姓名", Kind.TEXT, True, ("志愿者", "志愿者姓名", "人员姓名"), clean=clean_person, max_length=30,
      width=8, group="基本信息"),
    F("org_id", "所属社区", Kind.ORG, True, ("社区", "登记社区"), width=14, ref="org", group="基本信息"),
    F("member_id", "党员", Kind.REF, False, ("关联党员",), width=8, ref="member", group="基本信息",
      help="是党员的，从党员名册中选择"),
    F("id_number", "公民身份号码", Kind.ID_NUMBER, False, ("身份证号", "身份证号码", "证件号码"), mask=mask_id,
      max_length=18, width=20, group="基本信息", sample="11010519491231002X"),
    F("phone", "联系电话", Kind.PHONE, False, ("电话", "手机", "手机号码"), mask=mask_phone, max_length=30,
      width=13, group="基本信息"),
    F("is_rep", "两代表一委员", Kind.BOOL, False, ("是否两代表一委员",), width=6, group="身份"),
    F("rep_body", "代表委员所在", Kind.TEXT, False, ("人大政协", "代表委员"), clean=clean_title, max_length=40,
      width=14, group="身份", placeholder="如：青山县第十八届人大"),
    F("skills", "特长", Kind.TEXT, False, ("技能", "专长"), clean=clean_title, max_length=100, width=14,
      group="身份"),
    F("remarks", "备注", Kind.LONG_TEXT, False, (), max_length=500, width=16, group="身份"),
)
VOLUNTEER_SPEC = RecordSpec(
    key="volunteer", noun="志愿者", measure="名", fields=VOLUNTEER_FIELDS, change=Change.SERVICE,
    identity=("id_number",), rules=_volunteer_rules,
)

REPORT_FIELDS: tuple[Field, ...] = (
    F("member_id", "在职党员", Kind.REF, True, ("党员", "姓名"), width=8, ref="member"),
    F("unit_id", "报到单位", Kind.REF, True, ("工作单位", "单位", "所在单位"), width=18, ref="unit"),
    F("org_id", "报到社区", Kind.ORG, True, ("社区",), width=14, ref="org"),
    F("reported_on", "报到日期", Kind.DATE, True, ("日期",), width=11),
    F("slip_no", "报到单编号", Kind.TEXT, False, ("报到单号", "编号"), clean=clean_title, max_length=30, width=12),
    F("skills", "特长", Kind.TEXT, False, ("技能", "专长"), clean=clean_title, max_length=100, width=14),
    F("preferences", "服务意向", Kind.TEXT, False, ("服务意愿", "意向岗位"), clean=clean_title, max_length=100,
      width=14),
    F("grid", "所在网格", Kind.TEXT, False, ("网格",), clean=clean_title, max_length=30, width=10),
    F("team_id", "编入队伍", Kind.REF, False, ("服务队伍", "队伍"), width=14, ref="team"),
)
REPORT_SPEC = RecordSpec(
    key="service_report", noun="报到登记", measure="名", fields=REPORT_FIELDS, change=Change.SERVICE,
    rules=lambda v: missing_required(REPORT_FIELDS, v),
    state_labels={"status": "状态", "left_on": "离开日期"},
)

TEAM_FIELDS: tuple[Field, ...] = (
    F("name", "队伍名称", Kind.TEXT, True, ("名称", "服务队"), clean=clean_title, max_length=40, width=18),
    F("kind", "队伍类型", Kind.TEXT, True, ("类型",), TEAM_KINDS, clean=clean_title, max_length=20, width=10,
      help="可从列表选择，也可以填写本社区的队伍类型"),
    F("org_id", "所属社区", Kind.ORG, True, ("社区",), width=14, ref="org"),
    F("leader_id", "队长", Kind.REF, False, ("负责人",), width=8, ref="volunteer"),
    F("founded_on", "成立日期", Kind.DATE, False, ("成立时间",), width=11),
    F("remarks", "备注", Kind.LONG_TEXT, False, (), max_length=500, width=16),
)
TEAM_SPEC = RecordSpec(key="service_team", noun="服务队伍", measure="支", fields=TEAM_FIELDS,
                       change=Change.SERVICE, rules=lambda v: missing_required(TEAM_FIELDS, v),
                       state_labels={"dissolved_on": "撤销日期"})

POST_FIELDS: tuple[Field, ...] = (
    F("title", "岗位名称", Kind.TEXT, True, ("岗位", "名称"), clean=clean_title, max_length=40, width=18),
    F("category", "岗位类别", Kind.TEXT, True, ("类别",), POST_CATEGORIES, clean=clean_title, max_length=20,
      width=10, help="可从列表选择，也可以填写本社区的类别"),
    F("org_id", "所属社区", Kind.ORG, True, ("社区",), width=14, ref="org"),
    F("description", "岗位职责", Kind.LONG_TEXT, False, ("职责", "内容"), max_length=1000, width=24),
    F("grid", "所在网格", Kind.TEXT, False, ("网格",), clean=clean_title, max_length=30, width=10),
    F("capacity", "人数上限", Kind.INT, False, ("需要人数", "人数"), width=6, help="不填为不限"),
)
POST_SPEC = RecordSpec(key="service_post", noun="服务岗位", measure="个", fields=POST_FIELDS,
                       change=Change.SERVICE, title="title", rules=_capacity_rule(POST_FIELDS),
                       state_labels={"closed_on": "关闭日期"})
