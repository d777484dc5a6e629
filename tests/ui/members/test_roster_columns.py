"""The roster's columns come from the member spec through the kit: the twelve a clerk knows, in
their order; a field added to the spec appears after them without another edit (unless the
roster leaves it out by name), and a misspelt name in the list of left-out fields fails at once."""

from __future__ import annotations

import pytest

from app.domain.kit.fields import Field, Kind
from app.domain.members.fields import MEMBER_SPEC
from app.ui.kit.spec_columns import spec_columns
from app.ui.members import model


def test_the_roster_shows_its_twelve_columns_in_order() -> None:
    assert [c.label for c in model.COLUMNS] == [
        "姓名", "性别", "年龄", MEMBER_SPEC.label("category"), MEMBER_SPEC.label("member_type"), "党龄",
        MEMBER_SPEC.label("party_post"), MEMBER_SPEC.label("org_id"), MEMBER_SPEC.label("work_unit"),
        MEMBER_SPEC.label("phone"), MEMBER_SPEC.label("id_number"), "状态"]
    assert [c.key for c in model.COLUMNS] == ["name", "sex", "age", "category", "member_type", "party_years",
                                              "party_post", "org_id", "work_unit", "phone", "id_number", "status"]


def test_a_field_added_to_the_member_spec_appears_in_the_roster() -> None:
    extra = Field("hobby", "特长", Kind.TEXT, False, ("特长爱好",), max_length=30)
    spec = MEMBER_SPEC.with_fields([extra])
    columns = spec_columns(spec, model.COLUMNS, hidden=model.ROSTER_LEAVES_OUT,
                           shown_as=("party_status", "lost_contact", "mobile"))
    assert [c.key for c in columns][-1] == "hobby" and columns[-1].label == "特长"
    with pytest.raises(ValueError, match="hobbies"):
        spec_columns(MEMBER_SPEC, model.COLUMNS, hidden=(*model.ROSTER_LEAVES_OUT, "hobbies"))
