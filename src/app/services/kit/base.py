"""What every service shares: the database, who is acting, and the change notice."""

from __future__ import annotations

import getpass
import logging
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

if TYPE_CHECKING:
    from app.db.safety.lock import DatabaseLock

from app.db.engine import database_url, make_engine, make_sessions, sqlite_path
from app.db.server import PasswordPrompt, is_server_error, is_server_url, storage_problem
from app.domain.access.permissions import Permission
from app.domain.access.permissions import check as check_permission
from app.domain.kit.changes import Change, Changes
from app.domain.kit.errors import StorageError

ChangeListener = Callable[[Changes], None]
S = TypeVar("S", bound="Service")
# Where a transaction notes the audit chain's new head (app.services.safety.audit) for the
# hook that runs after its commit (Database.on_audit_commit).
AUDIT_HEAD = "audit_head"


@dataclass(frozen=True)
class Actor:
    """Who is acting. ``role`` is the signed-in user's role (a Role value); None is the
    program itself or the OS user of a database without accounts."""

    name: str
    role: str | None = None

    @classmethod
    def os_user(cls) -> Actor:
        try:
            return cls(getpass.getuser())
        except Exception:  # no user name on some locked-down PCs
            return cls("本机用户")


@dataclass
class ChangeHub:
    """Carries "what changed" (e.g. {Change.ORGS}) from services to whoever listens (the GUI)."""

    listeners: list[ChangeListener] = field(default_factory=list)

    def subscribe(self, listener: ChangeListener) -> None:
        self.listeners.append(listener)

    def unsubscribe(self, listener: ChangeListener) -> None:
        if listener in self.listeners:
            self.listeners.remove(listener)

    def notify(self, changes: Iterable[Change]) -> None:
        frozen: Changes = frozenset(changes)
        for listener in list(self.listeners):
            listener(frozen)


def storage_error(exc: DBAPIError) -> StorageError:
    if is_server_error(exc):
        return StorageError(storage_problem(exc) or "数据库服务器报告了错误，本次操作没有完成。请稍后重试，仍不行请与管理员联系。")
    text = str(exc.orig) if exc.orig else str(exc)
    if "locked" in text or "busy" in text:
        return StorageError("数据库正被其他程序使用，请稍后再试，或关闭另一个正在使用它的窗口。")
    if "disk" in text and ("full" in text or "I/O" in text):
        return StorageError("磁盘空间不足，本次修改没有保存。请清理磁盘后重试。")
    if "readonly" in text or "read-only" in text:
        return StorageError("数据库文件是只读的，无法保存。请检查文件权限或换一个位置。")
    if "malformed" in text or "not a database" in text:
        return StorageError("数据库文件已损坏，请从备份恢复。")
    if _missing_table(text):
        return StorageError("数据库文件缺少本程序的数据表，它不是本程序的数据库，或已被程序之外的工具改坏。"
                            "请检查所打开的文件，或从备份恢复。")
    logging.getLogger("dangjian").error("数据库操作失败：%s", text)
    return StorageError("数据库操作没有完成（详细情况已记入日志）。请运行“检查数据库”（dangjian check），"
                        "如有问题请从备份恢复。")


class DamagedDatabase(StorageError):
    """The file failed the quick integrity check made on opening; nothing was changed."""

    def __init__(self, path: Path, problem: str) -> None:
        super().__init__(
            f"数据库文件“{path.name}”已损坏（{problem}）。请从最近的备份恢复（菜单“数据”→“从备份恢复”，"
            f"或命令 dangjian restore 备份文件）。"
        )
        self.path = path
        self.problem = problem


class Database:
    """One opened database: engine, session factory, its location and, for a file, the lock
    that keeps a second program from writing to it at the same time."""

    def __init__(self, url: str, engine: Engine, lock: DatabaseLock | None = None) -> None:
        self.url = url
        self.engine = engine
        self.sessions: sessionmaker[Session] = make_sessions(engine)
        self.lock = lock
        # Called with the new audit head after each commit that appended to the trail (the
        # anchor kept outside the database: app.services.safety.anchor).
        self.on_audit_commit: Callable[[Any], None] | None = None

    @property
    def path(self) -> Path | None:
        return sqlite_path(self.url)

    @property
    def where(self) -> str:
        """Where the ledger is, for people: the file, or the server and database (no password)."""
        if self.path is not None:
            return str(self.path)
        from app.db.server import describe

        return describe(self.engine.url) if self.is_server else self.url

    @property
    def is_server(self) -> bool:
        """A PostgreSQL server shared by several PCs (no file, no file lock)."""
        return is_server_url(self.url)

    @classmethod
    def open(cls, db: str | Path, *, migrate: bool = True, ask_password: PasswordPrompt | None = None,
             create: bool = True) -> Database:
        """Opens (creating if need be, unless ``create`` is False) and migrates a database.

        A SQLite file must be on a local disk, not open in another program, and whole; each of
        these refusals is a StorageError with a plain explanation (DamagedDatabase for the last).
        A folder, a device or (without ``create``) a missing file is refused with its reason.
        On a server these are replaced by a connection check (app.db.server; ``ask_password``
        asks when the server wants a password nobody gave) and the schema-version check that
        every opening makes."""
        from app.db import migrate as migrations

        url = database_url(db)
        path = sqlite_path(url)
        lock = None
        if path is not None:
            from app.db.safety.checks import check_database_file, make_private, quick_check
            from app.db.safety.location import check_local
            from app.db.safety.lock import DatabaseLock

            check_local(str(db))  # as typed: a Windows share (\\server\share) is not an absolute path here
            check_local(path)
            check_database_file(path, create=create)
            path.parent.mkdir(parents=True, exist_ok=True)
            lock = DatabaseLock.acquire(path)
            make_private(path)
            verdict = quick_check(path)
            if not verdict.ok:
                lock.release()
                raise DamagedDatabase(path, verdict.problem)
        try:
            if is_server_url(url):
                from app.db.server import open_engine

                engine = open_engine(url, ask_password)
                url = engine.url.render_as_string(hide_password=True)
            else:
                engine = make_engine(url)
        except BaseException:
            if lock is not None:
                lock.release()
            raise
        try:
            if migrate:
                migrations.upgrade(engine)
        except BaseException as exc:
            # Whatever stops the opening, the file is left unlocked for the next attempt.
            engine.dispose()
            if lock is not None:
                lock.release()
            if isinstance(exc, OperationalError) or (isinstance(exc, DBAPIError) and is_server_error(exc)):
                raise storage_error(exc) from exc
            raise
        return cls(url, engine, lock)

    def close(self) -> None:
        self.engine.dispose()
        if self.lock is not None:
            self.lock.release()
            self.lock = None


class Service:
    # What the acting user's role must allow for this service's reads and writes (checked against
    # the one role × permission table in app.domain.access.permissions). An actor without a role is the
    # program itself or a database that has no accounts yet, and is not checked.
    read_permission: Permission | None = None
    write_permission: Permission | None = None

    def __init__(self, db: Database, actor: Actor, hub: ChangeHub) -> None:
        self.db = db
        self.actor = actor
        self.hub = hub

    def alongside(self, kind: type[S]) -> S:
        """A service of another kind over the same database, acting as the same user."""
        return kind(self.db, self.actor, self.hub)

    def require(self, permission: Permission | None) -> None:
        if permission is not None and self.actor.role is not None:
            check_permission(self.actor.role, permission)

    @contextmanager
    def reading(self) -> Iterator[Session]:
        self.require(self.read_permission)
        try:
            with self.db.sessions.begin() as s:
                yield s
        except OperationalError as exc:
            raise storage_error(exc) from exc
        except DBAPIError as exc:  # on a server: missing rights and the like
            if not (is_server_error(exc) and storage_problem(exc)):
                raise
            raise storage_error(exc) from exc

    @contextmanager
    def writing(self, *changes: Change) -> Iterator[Session]:
        """One write transaction; on success the change notice goes out after commit."""
        self.require(self.write_permission)
        try:
            with self.db.sessions.begin() as s:
                s.connection(execution_options={"immediate": True})
                s.info["actor"] = self.actor.name  # versioned records note who changed them
                yield s
                if changes and self.db.is_server:  # the other PCs hear of it once committed
                    from app.services.kit import notices

                    notices.announce(s, self.hub, changes)
                head = s.info.pop(AUDIT_HEAD, None)
        except OperationalError as exc:
            raise storage_error(exc) from exc
        except DBAPIError as exc:  # on a server: missing rights and the like
            if not (is_server_error(exc) and storage_problem(exc)):
                raise
            raise storage_error(exc) from exc
        if head is not None and self.db.on_audit_commit is not None:
            self.db.on_audit_commit(head)
        if changes:
            self.hub.notify(changes)


def _missing_table(text: str) -> bool:
    """SQLite's and PostgreSQL's words for a table or column that is not there."""
    return ("no such table" in text or "no such column" in text or "UndefinedTable" in text
            or "UndefinedColumn" in text or ("does not exist" in text and ("relation" in text or "column" in text)))
