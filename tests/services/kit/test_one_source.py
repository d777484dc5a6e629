"""One declaration per field: the row objects, the ORM columns and the schema the newest
migration builds all agree with each record spec, so a field added to the spec but forgotten
anywhere else (or the other way round) fails here, saying where."""

from __future__ import annotations

import dataclasses
import datetime as dt
import typing
from typing import Any

import pytest
from sqlalchemy import Boolean, Date, Integer, String, Text, inspect

from app.db.models import (
    Agreement,
    Brand,
    Candidate,
    Commitment,
    CouncilMember,
    FundEntry,
    GridVisit,
    ListItem,
    Meeting,
    Member,
    Organization,
    OrgMeeting,
    Secondment,
    ServiceActivity,
    ServicePost,
    ServiceRecord,
    ServiceReport,
    ServiceTeam,
    Site,
    Staff,
    Unit,
    Volunteer,
)
from app.domain.cobuild.agreement_fields import AGREEMENT_SPEC, COMMITMENT_SPEC
from app.domain.cobuild.fields import COUNCIL_SPEC, SECONDMENT_SPEC, UNIT_SPEC
from app.domain.cobuild.list_fields import LIST_ITEM_SPEC
from app.domain.cobuild.meeting_fields import MEETING_SPEC
from app.domain.funds.fields import ENTRY_SPEC
from app.domain.kit.fields import Field, Kind
from app.domain.kit.spec import RecordSpec
from app.domain.members.fields import MEMBER_SPEC
from app.domain.orglife.candidates_fields import CANDIDATE_SPEC
from app.domain.orglife.fields import ORGLIFE_SPEC
from app.domain.orgs.fields import ORG_SPEC
from app.domain.service.fields import POST_SPEC, REPORT_SPEC, TEAM_SPEC, VOLUNTEER_SPEC
from app.domain.service.record_fields import ACTIVITY_SPEC, RECORD_SPEC
from app.domain.sites.fields import BRAND_SPEC, SITE_SPEC, STAFF_SPEC, VISIT_SPEC
from app.services.cobuild.agreement_rows import (
    AgreementInput,
    AgreementRow,
    CommitmentInput,
    CommitmentRow,
)
from app.services.cobuild.list_rows import ListItemInput, ListItemRow
from app.services.cobuild.meetings import MeetingInput, MeetingRow
from app.services.cobuild.rows import (
    CouncilInput,
    CouncilRow,
    SecondmentInput,
    SecondmentRow,
    UnitInput,
    UnitRow,
)
from app.services.funds.rows import EntryInput, EntryRow
from app.services.kit.base import Database
from app.services.members.rows import MemberInput, MemberRow
from app.services.orglife.candidates_rows import CandidateInput, CandidateRow
from app.services.orglife.rows import OrgMeetingInput, OrgMeetingRow
from app.services.orgs.service import OrgInput, OrgRow
from app.services.service.rows import (
    ActivityInput,
    ActivityRow,
    PostInput,
    PostRow,
    RecordInput,
    RecordRow,
    ReportInput,
    ReportRow,
    TeamInput,
    TeamRow,
    VolunteerInput,
    VolunteerRow,
)
from app.services.sites.rows import (
    BrandInput,
    BrandRow,
    SiteInput,
    SiteRow,
    StaffInput,
    StaffRow,
    VisitInput,
    VisitRow,
)

# (spec, ORM model, row type, input type)
AREAS = [
    (MEMBER_SPEC, Member, MemberRow, MemberInput),
    (ORG_SPEC, Organization, OrgRow, OrgInput),
    (UNIT_SPEC, Unit, UnitRow, UnitInput),
    (COUNCIL_SPEC, CouncilMember, CouncilRow, CouncilInput),
    (SECONDMENT_SPEC, Secondment, SecondmentRow, SecondmentInput),
    (AGREEMENT_SPEC, Agreement, AgreementRow, AgreementInput),
    (COMMITMENT_SPEC, Commitment, CommitmentRow, CommitmentInput),
    (LIST_ITEM_SPEC, ListItem, ListItemRow, ListItemInput),
    (MEETING_SPEC, Meeting, MeetingRow, MeetingInput),
    (ENTRY_SPEC, FundEntry, EntryRow, EntryInput),
    (VOLUNTEER_SPEC, Volunteer, VolunteerRow, VolunteerInput),
    (REPORT_SPEC, ServiceReport, ReportRow, ReportInput),
    (TEAM_SPEC, ServiceTeam, TeamRow, TeamInput),
    (POST_SPEC, ServicePost, PostRow, PostInput),
    (ACTIVITY_SPEC, ServiceActivity, ActivityRow, ActivityInput),
    (RECORD_SPEC, ServiceRecord, RecordRow, RecordInput),
    (ORGLIFE_SPEC, OrgMeeting, OrgMeetingRow, OrgMeetingInput),
    (SITE_SPEC, Site, SiteRow, SiteInput),
    (STAFF_SPEC, Staff, StaffRow, StaffInput),
    (BRAND_SPEC, Brand, BrandRow, BrandInput),
    (VISIT_SPEC, GridVisit, VisitRow, VisitInput),
    (CANDIDATE_SPEC, Candidate, CandidateRow, CandidateInput),
]
IDS = [spec.key for spec, *_ in AREAS]

ROW_TYPES: dict[Kind, tuple[Any, ...]] = {
    Kind.TEXT: (str,), Kind.LONG_TEXT: (str,), Kind.CHOICE: (str,), Kind.PHONE: (str,),
    Kind.ID_NUMBER: (str,), Kind.CREDIT_CODE: (str,), Kind.BOOL: (bool,),
    Kind.DATE: (dt.date | None,), Kind.MONTH: (dt.date | None,), Kind.ORG: (int, int | None),
    Kind.REF: (int, int | None),
    Kind.INT: (int | None, int), Kind.MONEY: (int | None, int), Kind.HOURS: (int | None, int),
}
COLUMN_TYPES: dict[Kind, type] = {
    Kind.TEXT: String, Kind.CHOICE: String, Kind.PHONE: String, Kind.ID_NUMBER: String,
    Kind.CREDIT_CODE: String, Kind.LONG_TEXT: Text, Kind.BOOL: Boolean, Kind.DATE: Date,
    Kind.MONTH: Date, Kind.ORG: Integer, Kind.REF: Integer, Kind.INT: Integer, Kind.MONEY: Integer,
    Kind.HOURS: Integer,
}


def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _row_type_ok(f: Field, hint: Any) -> bool:
    allowed = ROW_TYPES.get(f.kind, ())
    # A choice may be typed by its enum (OrgType is a str enum).
    return hint in allowed or (f.kind is Kind.CHOICE and isinstance(hint, type) and issubclass(hint, str))


@pytest.mark.parametrize(("spec", "model", "row", "data"), AREAS, ids=IDS)
def test_row_and_input_objects_carry_every_field(spec: RecordSpec, model: type, row: type, data: type) -> None:
    row_hints, input_fields = _hints(row), {f.name for f in dataclasses.fields(data)}
    for f in spec.fields:
        assert f.key in row_hints, f"{row.__name__} lacks the field {f.key} ({f.label}) of the spec"
        assert _row_type_ok(f, row_hints[f.key]), f"{row.__name__}.{f.key} is {row_hints[f.key]}, kind {f.kind}"
        assert f.key in input_fields, f"{data.__name__} lacks the field {f.key} ({f.label}) of the spec"
    extra_inputs = input_fields - set(spec.keys) - {"parent_id"}
    assert not extra_inputs, f"{data.__name__} has fields the spec does not declare: {extra_inputs}"


@pytest.mark.parametrize(("spec", "model", "row", "data"), AREAS, ids=IDS)
def test_orm_columns_agree_with_the_spec(spec: RecordSpec, model: type, row: type, data: type) -> None:
    columns = model.__table__.columns  # type: ignore[attr-defined]
    for f in spec.fields:
        assert f.key in columns, f"{model.__name__} has no column for {f.key} ({f.label})"
        column = columns[f.key]
        assert isinstance(column.type, COLUMN_TYPES[f.kind]), f"{f.key}: {column.type} for kind {f.kind}"
        if f.stored_as_text:
            assert f.max_length is not None, f"{f.key} ({f.label}) declares no max_length"
            assert column.type.length == f.max_length, f"{f.key}: String({column.type.length}) ≠ {f.max_length}"
        assert column.nullable == f.nullable, f"{f.key}: nullable {column.nullable}, spec says {f.nullable}"


@pytest.mark.parametrize(("spec", "model", "row", "data"), AREAS, ids=IDS)
def test_the_newest_migration_builds_what_the_spec_declares(tmp_path, spec: RecordSpec, model: type,
                                                            row: type, data: type) -> None:
    db = Database.open(tmp_path / "fresh.db")
    try:
        built = {c["name"]: c for c in inspect(db.engine).get_columns(model.__tablename__)}  # type: ignore[attr-defined]
    finally:
        db.close()
    for f in spec.fields:
        assert f.key in built, f"the migrations build no column {model.__tablename__}.{f.key} ({f.label})"
        column = built[f.key]
        assert isinstance(column["type"], COLUMN_TYPES[f.kind]), f"{f.key}: migration makes {column['type']}"
        if f.stored_as_text:
            assert column["type"].length == f.max_length, f"{f.key}: migration makes {column['type']}"
        assert column["nullable"] == f.nullable, f"{f.key}: migration nullable {column['nullable']}"


def test_every_spec_names_its_fields_once() -> None:
    for spec, *_ in AREAS:
        keys = [f.key for f in spec.fields]
        labels = [f.label for f in spec.fields]
        assert len(set(keys)) == len(keys) and len(set(labels)) == len(labels), spec.key
        assert set(spec.identity) <= set(keys)
