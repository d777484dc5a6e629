"""ORM models, one module per record family."""

from app.db.models.audit import AuditEntry
from app.db.models.base import Base, new_uuid, utcnow
from app.db.models.briefing import Briefing
from app.db.models.candidates import Candidate
from app.db.models.cobuild import (
    Agreement,
    AgreementFile,
    Commitment,
    CouncilMember,
    ListItem,
    Secondment,
    Unit,
    UnitMember,
)
from app.db.models.cobuild_meetings import (
    AppraisalRound,
    AppraisalScore,
    Decision,
    Meeting,
    MeetingUnit,
)
from app.db.models.dues import DuesAssessment, DuesPayment, DuesRemittance
from app.db.models.funds import (
    FundBudget,
    FundCategory,
    FundClosing,
    FundEntry,
    FundEntryFile,
    FundMonthTotal,
    FundProject,
    FundProjectStep,
    FundSource,
    FundYearTotal,
)
from app.db.models.member import Member, MemberEvent
from app.db.models.org import Organization
from app.db.models.orglife import OrgAppraisal, OrgAttendance, OrgMeeting, OrgMeetingFile
from app.db.models.service import (
    Certificate,
    PostClaim,
    ServiceActivity,
    ServicePost,
    ServiceRecord,
    ServiceReport,
    ServiceTeam,
    SignUp,
    TeamMember,
    Volunteer,
)
from app.db.models.setting import Setting
from app.db.models.sites import Brand, BrandFile, BrandStep, GridVisit, Site, Staff
from app.db.models.user import User

__all__ = ["Agreement", "AgreementFile", "AppraisalRound", "AppraisalScore", "AuditEntry", "Base", "Briefing", "Candidate", "Certificate", "Commitment", "CouncilMember", "Decision", "DuesAssessment", "DuesPayment", "DuesRemittance", "FundBudget", "FundCategory", "FundClosing", "FundEntry", "FundEntryFile", "FundMonthTotal", "FundProject", "FundProjectStep", "FundSource", "FundYearTotal", "ListItem", "Meeting", "MeetingUnit", "Member", "MemberEvent", "Organization", "PostClaim", "Secondment", "ServiceActivity", "ServicePost", "ServiceRecord", "ServiceReport", "ServiceTeam", "Setting", "SignUp", "TeamMember", "Unit", "UnitMember", "User", "Volunteer", "new_uuid", "utcnow"]
__all__ += ["Brand", "BrandFile", "BrandStep", "GridVisit", "Site", "Staff"]
__all__ += ["OrgAppraisal", "OrgAttendance", "OrgMeeting", "OrgMeetingFile"]
