"""All services over one database, built once and handed to the GUI and the command line."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from app.db.server import PasswordPrompt
from app.services.access.auth import AuthService
from app.services.access.settings import SettingsService
from app.services.briefings.service import BriefingService
from app.services.cobuild.agreement_parts import AgreementFileService, CommitmentService
from app.services.cobuild.agreements import AgreementService
from app.services.cobuild.appraisal import AppraisalService
from app.services.cobuild.lists import ListService
from app.services.cobuild.meetings import MeetingService
from app.services.cobuild.people import CouncilService, SecondmentService
from app.services.cobuild.stats import CobuildStats
from app.services.cobuild.units import UnitService
from app.services.funds.balances import BalanceService
from app.services.funds.budgets import BudgetService
from app.services.funds.catalog import CatalogService
from app.services.funds.closing import ClosingService
from app.services.funds.dues import DuesService
from app.services.funds.entry_files import EntryFileService
from app.services.funds.ledger import LedgerService
from app.services.funds.projects import ProjectService
from app.services.funds.remittances import RemittanceService
from app.services.funds.stats import FundStats
from app.services.kit.base import Actor, ChangeHub, Database, Service
from app.services.members.service import MemberService
from app.services.orglife.appraisals import AppraisalResultService
from app.services.orglife.candidates import CandidateService
from app.services.orglife.meeting_files import MeetingFileService
from app.services.orglife.meetings import OrgMeetingService
from app.services.orglife.schedule import ScheduleService
from app.services.orgs.service import OrgService
from app.services.safety import anchor
from app.services.safety.anchor import AnchorService
from app.services.safety.audit import AuditService
from app.services.safety.audit_query import AuditQueryService
from app.services.safety.backups import BackupService
from app.services.safety.checks import CheckService
from app.services.safety.exports import ExportLogService
from app.services.service.activities import ActivityService
from app.services.service.certificates import CertificateService
from app.services.service.feedback import FeedbackService
from app.services.service.posts import PostService
from app.services.service.records import ServiceRecordService
from app.services.service.reports import ReportService
from app.services.service.stats import ServiceStats
from app.services.service.teams import TeamService
from app.services.service.totals import ServiceTotals
from app.services.service.volunteers import VolunteerService
from app.services.sites.brand_files import BrandFileService
from app.services.sites.brands import BrandService
from app.services.sites.records import SiteService, StaffService
from app.services.sites.stats import SitesStats
from app.services.sites.visits import VisitService

if TYPE_CHECKING:
    from app.domain.kit.changes import Changes
    from app.services.kit.notices import Listener


class Services:
    def __init__(self, db: Database, actor: Actor | None = None, hub: ChangeHub | None = None) -> None:
        self.db = db
        self.actor = actor or Actor.os_user()
        self.hub = hub or ChangeHub()
        args = (db, self.actor, self.hub)
        self.orgs = OrgService(*args)
        self.settings = SettingsService(*args)
        self.audit = AuditService(*args)
        self.audit_query = AuditQueryService(*args)
        self.checks = CheckService(*args)
        self.exports = ExportLogService(*args)
        self.members = MemberService(*args)
        self.auth = AuthService(*args)
        self.backups = BackupService(*args)
        self.briefings = BriefingService(*args)
        self.anchor = AnchorService(*args)
        db.on_audit_commit = lambda head: anchor.advance(db, head)
        self.units = UnitService(*args)
        self.council = CouncilService(*args)
        self.secondments = SecondmentService(*args)
        self.agreements = AgreementService(*args)
        self.commitments = CommitmentService(*args)
        self.agreement_files = AgreementFileService(*args)
        self.lists = ListService(*args)
        self.meetings = MeetingService(*args)
        self.appraisals = AppraisalService(*args)
        self.cobuild_stats = CobuildStats(*args)
        self.ledger = LedgerService(*args)
        self.entry_files = EntryFileService(*args)
        self.fund_catalog = CatalogService(*args)
        self.balances = BalanceService(*args)
        self.closings = ClosingService(*args)
        self.dues = DuesService(*args)
        self.remittances = RemittanceService(*args)
        self.budgets = BudgetService(*args)
        self.fund_projects = ProjectService(*args)
        self.fund_stats = FundStats(*args)
        self.volunteers = VolunteerService(*args)
        self.reports = ReportService(*args)
        self.teams = TeamService(*args)
        self.posts = PostService(*args)
        self.activities = ActivityService(*args)
        self.service_records = ServiceRecordService(*args)
        self.service_totals = ServiceTotals(*args)
        self.service_stats = ServiceStats(*args)
        self.service_feedback = FeedbackService(*args)
        self.certificates = CertificateService(*args)
        self.orglife = OrgMeetingService(*args)
        self.meeting_files = MeetingFileService(*args)
        self.orglife_schedule = ScheduleService(*args)
        self.orglife_appraisals = AppraisalResultService(*args)
        self.sites = SiteService(*args)
        self.staff = StaffService(*args)
        self.brands = BrandService(*args)
        self.brand_files = BrandFileService(*args)
        self.grid_visits = VisitService(*args)
        self.sites_stats = SitesStats(*args)
        self.candidates = CandidateService(*args)

    @classmethod
    def open(cls, db: str | Path, actor: Actor | None = None, *,
             ask_password: PasswordPrompt | None = None, create: bool = True) -> Services:
        """``ask_password`` is asked when a database server wants a password nobody gave;
        ``create`` False refuses a missing database file instead of making an empty one."""
        return cls(Database.open(db, ask_password=ask_password, create=create), actor)

    @classmethod
    def sharing(cls, service: Service) -> Services:
        """The whole set over the database ``service`` uses, acting as the same user."""
        return cls(service.db, service.actor, service.hub)

    @property
    def db_path(self) -> Path | None:
        """The database file; None for a database on a server."""
        return self.db.path

    @property
    def location(self) -> str:
        """Where the records are, to show the user: the database file, or the server and
        database (never the password)."""
        return self.db.where

    @property
    def on_server(self) -> bool:
        """The ledger is on a database server that several PCs share."""
        return self.db.is_server

    def listen_for_changes(self, deliver: Callable[[Changes], None]) -> Listener:
        """Change notices from the other PCs on the server, passed to ``deliver`` (from the
        listener's own thread) until the listener is stopped."""
        from app.services.kit.notices import Listener

        return Listener(self.db.engine.url, self.hub, deliver).start()

    def schema_problems(self) -> list[str]:
        """What the installed program lacks of the database's schema (migrations, tables)."""
        from app.services.safety.installation import schema_problems

        return schema_problems(self.db)

    def act_as(self, actor: Actor) -> None:
        """Every service acts as ``actor`` from now on (after a login or a screen unlock)."""
        self.actor = actor
        for value in vars(self).values():
            if isinstance(value, Service):
                value.actor = actor

    def is_empty(self) -> bool:
        return self.orgs.count() == 0

    def close(self) -> None:
        self.db.close()
