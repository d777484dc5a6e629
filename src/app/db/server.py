"""A ledger on a PostgreSQL server (offices whose clerks share one database).

Opening one replaces the file checks made for SQLite: instead of the file lock and SQLite's
quick check there is a connection check (reachable, signed in, the database exists, it speaks
UTF-8) whose every failure is one plain Chinese sentence. The password comes from the address,
from libpq's usual PGPASSWORD or .pgpass, or is asked for (terminal or window) when the server
demands one and none was given.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Engine, event, make_url, text
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError, OperationalError

from app.domain.kit.errors import StorageError

# Asked with a prompt such as "数据库服务器 db.local 上用户 clerk1 的密码："; returns the password,
# or None when the user cancels.
PasswordPrompt = Callable[[str], str | None]

DRIVER = "postgresql+psycopg"
CONNECT_TIMEOUT_S = 10
# Key of the advisory lock that one write transaction at a time holds on a server (see
# app.db.engine): the audit chain, sequence numbers (简报 第X期) and uniqueness checks then
# behave as they do in SQLite, where BEGIN IMMEDIATE takes the file's write lock.
WRITE_LOCK_KEY = 0x64616E67  # "dang"
MIGRATION_LOCK_KEY = WRITE_LOCK_KEY + 1
# How long a save waits for another PC's write (e.g. a large import) before giving up.
WRITE_WAIT = "20s"
PASSWORD_TRIES = 3


def is_server_url(url: str) -> bool:
    return url.split(":", 1)[0].split("+", 1)[0] in ("postgresql", "postgres")


def normalise(url: str) -> str:
    """``postgresql://`` and ``postgres://`` use psycopg 3 (the driver the program ships)."""
    scheme, sep, rest = url.partition("://")
    if scheme in ("postgresql", "postgres"):
        return f"{DRIVER}{sep}{rest}"
    return url


def describe(url: str | URL) -> str:
    """Where the ledger is, for people: 数据库服务器 host:port 上的数据库“name”（用户 u）."""
    u = make_url(url) if isinstance(url, str) else url
    user = f"（用户 {u.username}）" if u.username else ""
    return f"{_host(u)}数据库服务器上的数据库“{u.database or ''}”{user}"


def backup_stem(url: str | URL) -> str:
    """A file-name-safe name for a server ledger's backups: ``<database>-<host>``."""
    import re

    u = make_url(url) if isinstance(url, str) else url
    host = _host(u)
    host = "local" if host == "本机" else host.replace(":", "-")
    return re.sub(r"[^\w.\-]+", "_", f"{u.database or 'ledger'}-{host}")


def _host(u: URL) -> str:
    """The server as the user wrote it: host (and port); a local socket folder is 本机."""
    host = u.host or u.query.get("host") or ""
    host = str(host[0] if isinstance(host, tuple) else host)
    if not host or host.startswith("/"):
        return "本机"
    port = u.port or u.query.get("port")
    return f"{host}:{port}" if port else host


def connection_problem(exc: BaseException, u: URL) -> tuple[str, bool]:
    """A Chinese sentence for a failed connection, and whether a password would help."""
    text_ = str(getattr(exc, "orig", None) or exc)
    low = text_.lower()
    user = u.username or "（默认用户）"
    host = _host(u)
    if "no password supplied" in low:
        return (f"{host}的数据库服务器要求用户 {user} 输入密码。请在提示时输入，或用环境变量 PGPASSWORD"
                " 或 .pgpass 文件提供。", True)
    if "password authentication failed" in low or "authentication failed" in low:
        return (f"{host}的数据库服务器拒绝了用户 {user} 的密码。请检查密码（或 PGPASSWORD、.pgpass 中的"
                "密码）后重试。", True)
    if "no pg_hba.conf entry" in low:
        return (f"{host}的数据库服务器不允许用户 {user} 从这台电脑连接。请服务器管理员在 pg_hba.conf 中"
                "为这台电脑开通。", False)
    if "does not exist" in low and "database" in low:
        return (f"{host}的数据库服务器里没有名为“{u.database}”的数据库。请检查地址，或请管理员先建好"
                "这个数据库（见说明书“共用一台数据库服务器”一节）。", False)
    if "does not exist" in low and "role" in low:
        return f"{host}的数据库服务器里没有用户 {user}。请检查地址中的用户名，或请管理员创建这个账户。", False
    if "permission denied" in low:
        return (f"用户 {user} 没有使用数据库“{u.database}”的权限。请管理员按说明书为这个账户授权。", False)
    return (f"无法连接{host}的数据库服务器。请确认服务器已开机、地址和端口正确、网络通畅，"
            "仍不行请与管理员联系。", False)


def create_server_engine(url: str) -> Engine:
    """An engine for the server (nothing is connected yet)."""
    from sqlalchemy import create_engine

    try:
        import psycopg  # noqa: F401
    except ImportError as exc:
        raise StorageError("缺少连接数据库服务器所需的组件（psycopg），请重新安装本程序。") from exc
    u = make_url(normalise(url))
    args: dict[str, object] = {"application_name": "dangjian"}
    if "connect_timeout" not in u.query:
        args["connect_timeout"] = CONNECT_TIMEOUT_S
    engine = create_engine(u, pool_pre_ping=True, connect_args=args)

    @event.listens_for(engine, "begin")
    def _begin(conn):
        # A write transaction takes the ledger's write lock at once (as SQLite's BEGIN IMMEDIATE
        # does), so writers from several PCs follow one another: the audit chain never forks,
        # 简报 numbers have no gaps or duplicates, and checks such as "ID number already on
        # record" see every committed write. Reads never wait; a writer waits at most WRITE_WAIT.
        if conn.get_execution_options().get("immediate", False):
            conn.exec_driver_sql(f"SET LOCAL lock_timeout = '{WRITE_WAIT}'")
            conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITE_LOCK_KEY})")

    return engine


def open_engine(url: str, ask_password: PasswordPrompt | None = None) -> Engine:
    """Connects to the server once to check it; asks for the password if the server demands
    one. Raises StorageError with a plain explanation when the ledger cannot be used."""
    engine = create_server_engine(url)
    for attempt in range(PASSWORD_TRIES + 1):
        try:
            check_connection(engine)
            return engine
        except (OperationalError, DBAPIError) as exc:
            engine.dispose()
            problem, password_helps = connection_problem(exc, engine.url)
            if not (password_helps and ask_password is not None and attempt < PASSWORD_TRIES):
                raise StorageError(problem) from None
            u = engine.url
            prompt = f"{problem}\n\n{_host(u)}数据库服务器上用户 {u.username or ''} 的密码："
            password = ask_password(prompt)
            if password is None:  # cancelled, or nobody to ask
                raise StorageError(problem) from None
            engine = create_server_engine(u.set(password=password).render_as_string(hide_password=False))
    raise AssertionError("unreachable")


def check_connection(engine: Engine) -> None:
    """Signs in and checks that the database stores text as UTF-8 (Chinese would be lost otherwise)."""
    with engine.connect() as conn:
        encoding = conn.execute(text("SHOW server_encoding")).scalar()
    if str(encoding).upper().replace("-", "") not in ("UTF8", "UNICODE"):
        raise StorageError(
            f"数据库“{engine.url.database}”的字符编码是 {encoding}，不能保存中文。请管理员用 UTF8 编码重新建库"
            "（CREATE DATABASE … ENCODING 'UTF8'）。"
        )


def is_server_error(exc: BaseException) -> bool:
    """Whether the error came from the PostgreSQL driver."""
    orig = getattr(exc, "orig", None) or exc
    return type(orig).__module__.split(".", 1)[0] == "psycopg"


def storage_problem(exc: BaseException) -> str | None:
    """A Chinese sentence for a server error met while working, or None if it is not one."""
    low = str(getattr(exc, "orig", None) or exc).lower()
    if "lock timeout" in low or "canceling statement due to lock" in low:
        return "另一台电脑正在保存大量数据（例如导入名册），请稍后再试。"
    if "deadlock" in low or "could not serialize" in low:
        return "与另一台电脑同时修改了相同的记录，本次修改没有保存，请再试一次。"
    if "permission denied" in low or "must be owner" in low:
        return "这个数据库账户没有所需的权限，本次操作没有完成。请管理员按说明书为它授权。"
    if ("server closed" in low or "connection" in low or "terminat" in low or "could not receive" in low
            or "consuming input failed" in low):
        return "与数据库服务器的连接中断了，本次修改没有保存。请检查网络后重试。"
    if "value too long" in low:
        return "有一项内容超过了允许的长度，没有保存。请缩短后再试。"
    if "no space left" in low or "disk full" in low:
        return "数据库服务器的磁盘已满，本次修改没有保存。请联系管理员。"
    return None
