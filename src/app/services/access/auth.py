"""Accounts and signing in: the administrator, users and roles, lockout after wrong passwords."""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db.models import AuditEntry, Setting
from app.db.models.user import User
from app.domain.access.permissions import Permission, Role, allowed, check, parse_role
from app.domain.kit.changes import Change
from app.domain.kit.errors import ConflictError, NotFoundError, PermissionDenied, ValidationError
from app.services.access.passwords import (
    burn_time,
    check_new_password,
    hash_password,
    needs_rehash,
    verify_password,
)
from app.services.kit.base import Actor, ChangeHub, Database, Service
from app.services.safety import audit

CHANGE = Change.USERS
LOCK_AFTER = 5  # wrong passwords in a row
LOCK_FOR = dt.timedelta(minutes=15)
WRONG = "用户名或密码不正确，请重新输入。注意区分大小写，并检查键盘的大写锁定键。"
# Written with the first account (and by migration 0006 for older databases): from then on the
# database never opens without a login, even if its users table is emptied outside the program.
ACCOUNTS_MARKER = "accounts_created"
ACCOUNT_ACTIONS = ("创建管理员", "新增用户", "重建管理员")
LOGGED_NAME_LENGTH = 40


class LoginRefused(PermissionDenied):
    title = "无法登录"


class AccountsLost(LoginRefused):
    """The database has had accounts and has none now: nobody is let in without one."""

    def __init__(self) -> None:
        super().__init__(
            "这个数据库曾设有登录账户，但现在一个账户也没有（账户表可能在程序之外被清空）。"
            "为防止不经登录就能查看和修改台账，程序不会打开它。请用备份恢复："
            "dangjian restore 备份文件 --user 备份中的管理员用户名（按备份中的账户登录）；"
            "没有备份时，可在本机用 dangjian user recover-admin 用户名 重建管理员账户（记入操作记录）。"
        )


def logged_name(name: str) -> str:
    """A typed user name as the audit trail may keep it: control, format and line-break
    characters become "?" (no forged lines) and it is cut to 40 characters."""
    clean = "".join("?" if unicodedata.category(c)[0] in "CZ" and c != " " else c for c in name or "")
    if len(clean) > LOGGED_NAME_LENGTH:
        return f"{clean[:LOGGED_NAME_LENGTH]}…（共{len(clean)}字）"
    return clean


def require(actor: Actor, permission: Permission) -> None:
    """Raises PermissionDenied unless the actor's role has the permission.

    An actor without a role is the program itself (automatic backups, migrations) or the OS
    user of a database that has no accounts yet; it is not checked.
    """
    if actor.role is None:
        return
    check(actor.role, permission)


def can(actor: Actor, permission: Permission) -> bool:
    return actor.role is None or allowed(actor.role, permission)


@dataclass(frozen=True)
class UserRow:
    id: int
    username: str
    display_name: str
    role: Role
    active: bool
    failed_count: int
    locked_until: dt.datetime | None
    last_login: dt.datetime | None
    created_at: dt.datetime | None

    def is_locked(self, now: dt.datetime) -> bool:
        return self.locked_until is not None and now < self.locked_until

    @property
    def label(self) -> str:
        return f"{self.display_name}（{self.username}）" if self.display_name else self.username


def _row(u: User) -> UserRow:
    return UserRow(u.id, u.username, u.display_name, Role(u.role), u.active, u.failed_count,
                   u.locked_until, u.last_login, u.created_at)


def clean_username(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise ValidationError("请填写用户名", field="用户名")
    if len(name) > 40:
        raise ValidationError("用户名太长（最多40个字符）", field="用户名")
    if any(c.isspace() or not c.isprintable() for c in name):
        raise ValidationError("用户名中不能有空格或特殊字符", field="用户名")
    return name


class AuthService(Service):
    def __init__(self, db: Database, actor: Actor, hub: ChangeHub) -> None:
        super().__init__(db, actor, hub)
        self.now: Callable[[], dt.datetime] = dt.datetime.now  # replaced in tests

    # ---- reading -------------------------------------------------------------------------
    def has_users(self) -> bool:
        with self.reading() as s:
            return s.scalar(select(func.count()).select_from(User)) != 0

    def accounts_lost(self) -> bool:
        """True when the database has had accounts (its mark, or the audit trail, says so) and
        its users table is empty now."""
        with self.reading() as s:
            return self._lost(s)

    @staticmethod
    def _lost(s: Session) -> bool:
        if s.scalar(select(User.id).limit(1)) is not None:
            return False
        if s.get(Setting, ACCOUNTS_MARKER) is not None:
            return True
        made = select(AuditEntry.id).where(AuditEntry.action.in_(ACCOUNT_ACTIONS)).limit(1)
        return s.scalar(made) is not None

    def login_required(self) -> bool:
        """Whether anyone must sign in: the database has accounts, or has lost them."""
        return self.has_users() or self.accounts_lost()

    def list_users(self) -> list[UserRow]:
        require(self.actor, Permission.MANAGE_USERS)
        with self.reading() as s:
            return [_row(u) for u in s.scalars(select(User).order_by(User.id))]

    def get_user(self, username: str) -> UserRow:
        with self.reading() as s:
            return _row(self._load(s, username))

    # ---- signing in ----------------------------------------------------------------------
    def login(self, username: str, password: str, *, action: str = "登录") -> Actor:
        """Checks the password; returns the signed-in actor or raises PermissionDenied.

        Five wrong passwords in a row lock the account for 15 minutes; the count is kept in
        the database, so restarting the program does not reset it. ``action`` names the audit
        record (e.g. "解除锁屏" when the idle lock is lifted).
        """
        now = self.now()
        name = (username or "").strip()
        refusal: str | None = None
        with self.writing(CHANGE) as s:
            u = self._find(s, name) if len(name) <= LOGGED_NAME_LENGTH else None
            if u is None or not u.active:
                burn_time(password)
                why = "账户已停用" if u is not None else "用户名不存在"
                shown = logged_name(name)
                audit.append(s, self.actor.name, "登录失败", entity="user", entity_id=shown[:LOGGED_NAME_LENGTH],
                             summary=f"“{shown}”{action}失败：{why}")
                refusal = "这个账户已停用，请联系管理员。" if u is not None else WRONG
            elif u.locked_until is not None and now < u.locked_until:
                audit.append(s, self.actor.name, "登录失败", entity="user", entity_id=u.username,
                             summary=f"“{u.username}”{action}失败：账户锁定中")
                refusal = self._locked_message(u.locked_until)
            elif not verify_password(u.password_hash, password):
                if u.locked_until is not None:  # an earlier lock has run out: count afresh
                    u.failed_count, u.locked_until = 0, None
                u.failed_count += 1
                left = LOCK_AFTER - u.failed_count
                if left <= 0:
                    u.locked_until = now + LOCK_FOR
                    refusal = f"密码连续输错{LOCK_AFTER}次。{self._locked_message(u.locked_until)}"
                else:
                    refusal = WRONG + (f"再输错{left}次，账户将被锁定15分钟。" if left <= 2 else "")
                audit.append(s, self.actor.name, "登录失败", entity="user", entity_id=u.username,
                             summary=f"“{u.username}”{action}失败：密码错误（连续第{u.failed_count}次）"
                             + ("，账户已锁定" if left <= 0 else ""))
            else:
                u.failed_count, u.locked_until, u.last_login = 0, None, now
                if needs_rehash(u.password_hash):
                    u.password_hash = hash_password(password)
                audit.append(s, u.username, action, entity="user", entity_id=u.username,
                             summary=f"{u.username}（{u.role}）{action}")
                actor = Actor(u.username, u.role)
        if refusal is not None:
            raise LoginRefused(refusal)
        return actor

    def unlock_screen(self, username: str, password: str) -> Actor:
        """The idle lock asks for the same user's password again; lockout rules apply."""
        return self.login(username, password, action="解除锁屏")

    @staticmethod
    def _locked_message(until: dt.datetime) -> str:
        return f"账户已被暂时锁定，请于{until:%H:%M}后再试，或请管理员解锁。"

    # ---- accounts ------------------------------------------------------------------------
    def create_admin(self, username: str, password: str, display_name: str = "", *,
                     enforce_strength: bool = True) -> UserRow:
        """The first account of a database; refused once any account exists.

        ``enforce_strength`` is False only for the demonstration database (admin / demo).
        """
        name = clean_username(username)
        if enforce_strength:
            check_new_password(password, name)
        with self.writing(CHANGE) as s:
            if s.scalar(select(func.count()).select_from(User)):
                raise ConflictError("这个数据库已经有管理员账户了。新增用户请由管理员登录后在“用户管理”中办理。")
            if self._lost(s):
                raise AccountsLost()
            u = self._insert(s, name, Role.ADMIN, password, display_name)
            self.mark_accounts(s)
            audit.append(s, self.actor.name, "创建管理员", entity="user", entity_id=name,
                         summary=f"创建管理员账户“{name}”", new=self._values(u))
            return _row(u)

    def recover_admin(self, username: str, password: str) -> UserRow:
        """Re-creates an administrator in a database whose accounts were all removed outside
        the program (``accounts_lost``); refused otherwise. Left in the audit trail."""
        name = clean_username(username)
        check_new_password(password, name)
        if not self.accounts_lost():
            raise ConflictError("这个数据库的登录账户完好，无需重建。请用现有的管理员账户登录后在“用户管理”中办理。")
        with self.writing(CHANGE) as s:
            u = self._insert(s, name, Role.ADMIN, password, "")
            self.mark_accounts(s)
            audit.append(s, self.actor.name, "重建管理员", entity="user", entity_id=name,
                         summary=f"账户表已被清空，在本机重建管理员账户“{name}”", new=self._values(u))
            return _row(u)

    def add_user(self, username: str, role: Role | str, password: str, display_name: str = "") -> UserRow:
        require(self.actor, Permission.MANAGE_USERS)
        name = clean_username(username)
        r = parse_role(role)
        check_new_password(password, name)
        with self.writing(CHANGE) as s:
            if not s.scalar(select(func.count()).select_from(User)):
                raise ConflictError("这个数据库还没有管理员账户，请先创建管理员（dangjian init 或首次启动向导）。")
            if self._find(s, name) is not None:
                raise ConflictError(f"已有名为“{name}”的用户，请换一个用户名。", field="用户名")
            u = self._insert(s, name, r, password, display_name)
            audit.append(s, self.actor.name, "新增用户", entity="user", entity_id=name,
                         summary=f"新增用户“{name}”（{r.value}）", new=self._values(u))
            return _row(u)

    def set_role(self, username: str, role: Role | str) -> UserRow:
        require(self.actor, Permission.MANAGE_USERS)
        r = parse_role(role)
        with self.writing(CHANGE) as s:
            u = self._load(s, username)
            if u.role == Role.ADMIN.value and r is not Role.ADMIN:
                self._keep_an_admin(s, u)
            before = self._values(u)
            u.role = r.value
            old, new = audit.diff(before, self._values(u))
            if new:
                audit.append(s, self.actor.name, "修改用户", entity="user", entity_id=u.username,
                             summary=f"“{u.username}”改为{r.value}", old=old, new=new)
            return _row(u)

    def set_display_name(self, username: str, display_name: str) -> UserRow:
        require(self.actor, Permission.MANAGE_USERS)
        with self.writing(CHANGE) as s:
            u = self._load(s, username)
            before = self._values(u)
            u.display_name = " ".join((display_name or "").split())[:40]
            old, new = audit.diff(before, self._values(u))
            if new:
                audit.append(s, self.actor.name, "修改用户", entity="user", entity_id=u.username,
                             summary=f"修改“{u.username}”的姓名", old=old, new=new)
            return _row(u)

    def deactivate(self, username: str) -> UserRow:
        """Stops an account from signing in; it stays on record with its history."""
        require(self.actor, Permission.MANAGE_USERS)
        with self.writing(CHANGE) as s:
            u = self._load(s, username)
            if u.username == self.actor.name:
                raise ConflictError("不能停用自己正在使用的账户。")
            if u.role == Role.ADMIN.value:
                self._keep_an_admin(s, u)
            u.active = False
            audit.append(s, self.actor.name, "停用用户", entity="user", entity_id=u.username,
                         summary=f"停用用户“{u.username}”", old={"启用": True}, new={"启用": False})
            return _row(u)

    def reactivate(self, username: str) -> UserRow:
        require(self.actor, Permission.MANAGE_USERS)
        with self.writing(CHANGE) as s:
            u = self._load(s, username)
            u.active, u.failed_count, u.locked_until = True, 0, None
            audit.append(s, self.actor.name, "启用用户", entity="user", entity_id=u.username,
                         summary=f"重新启用用户“{u.username}”", old={"启用": False}, new={"启用": True})
            return _row(u)

    def unlock_account(self, username: str) -> UserRow:
        """Lifts a lockout before its 15 minutes are over."""
        require(self.actor, Permission.MANAGE_USERS)
        with self.writing(CHANGE) as s:
            u = self._load(s, username)
            u.failed_count, u.locked_until = 0, None
            audit.append(s, self.actor.name, "解锁账户", entity="user", entity_id=u.username,
                         summary=f"解除“{u.username}”的登录锁定")
            return _row(u)

    def reset_password(self, username: str, new_password: str) -> None:
        """The administrator sets a new password for someone who forgot theirs."""
        require(self.actor, Permission.MANAGE_USERS)
        with self.writing(CHANGE) as s:
            u = self._load(s, username)
            if self.actor.role is not None and u.username == self.actor.name:
                raise PermissionDenied("修改自己的密码须先输入原密码：请用“修改密码”（命令行：dangjian user passwd 自己的用户名），"
                                       "不能用“重设密码”。")
            check_new_password(new_password, u.username)
            self._set_password(u, new_password)
            u.failed_count, u.locked_until = 0, None
            audit.append(s, self.actor.name, "重设密码", entity="user", entity_id=u.username,
                         summary=f"管理员重设了“{u.username}”的密码")

    def change_password(self, username: str, old_password: str, new_password: str) -> None:
        """A user changes their own password, confirming the old one first."""
        name = (username or "").strip()
        if self.actor.role is not None and name != self.actor.name:
            raise PermissionDenied("只能修改自己的密码。为他人重设密码请由管理员在“用户管理”中办理。")
        check_new_password(new_password, name)
        if old_password == new_password:
            raise ValidationError("新密码不能与原密码相同。", field="新密码")
        with self.writing(CHANGE) as s:
            u = self._load(s, name)
            if not verify_password(u.password_hash, old_password):
                raise PermissionDenied("原密码不正确，密码没有修改。")
            self._set_password(u, new_password)
            audit.append(s, u.username, "修改密码", entity="user", entity_id=u.username,
                         summary=f"“{u.username}”修改了自己的密码")

    # ---- helpers -------------------------------------------------------------------------
    @staticmethod
    def mark_accounts(s: Session) -> None:
        """Marks the database as one that has accounts (see ACCOUNTS_MARKER)."""
        if s.get(Setting, ACCOUNTS_MARKER) is None:
            s.add(Setting(key=ACCOUNTS_MARKER, value=json.dumps(True)))

    def _insert(self, s: Session, name: str, role: Role, password: str, display_name: str) -> User:
        u = User(username=name, display_name=" ".join((display_name or "").split())[:40],
                 role=role.value, password_hash="", failed_count=0, active=True)
        self._set_password(u, password)
        s.add(u)
        s.flush()
        return u

    def _set_password(self, u: User, password: str) -> None:
        u.password_hash = hash_password(password)
        u.password_changed_at = self.now().replace(microsecond=0)

    @staticmethod
    def _values(u: User) -> dict[str, object]:
        return {"用户名": u.username, "姓名": u.display_name, "角色": u.role, "启用": u.active}

    @staticmethod
    def _find(s: Session, name: str) -> User | None:
        return s.scalars(select(User).where(func.lower(User.username) == name.lower())).first()

    def _load(self, s: Session, username: str) -> User:
        u = self._find(s, (username or "").strip())
        if u is None:
            raise NotFoundError(f"找不到用户“{username}”。")
        return u

    @staticmethod
    def _keep_an_admin(s: Session, leaving: User) -> None:
        others = s.scalar(
            select(func.count()).select_from(User).where(
                User.role == Role.ADMIN.value, User.active.is_(True), User.id != leaving.id
            )
        )
        if not others:
            raise ConflictError("至少要保留一个启用的管理员账户，否则将无人能管理用户和恢复备份。")
