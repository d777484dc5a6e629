"""What the command line says when something other than an expected problem (AppError) stops a
command: one Chinese sentence on the terminal, the details in the log (dangjian.log in the
user's log folder), never Python's English text or a traceback."""

from __future__ import annotations

import contextlib
import logging
import os
import sys
from pathlib import Path

from app.domain.kit.errors import os_error_text
from app.domain.kit.text import clip

log = logging.getLogger("dangjian")
_log_path: Path | None = None


def setup_log() -> Path | None:
    """Details go to the same log file as the GUI's; a folder that cannot be written is no
    reason to fail a command."""
    global _log_path
    if _log_path is not None:
        return _log_path
    from logging.handlers import RotatingFileHandler

    from app.paths import log_dir

    try:
        folder = log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "dangjian.log"
        handler = RotatingFileHandler(path, maxBytes=1_000_000, backupCount=3, encoding="utf-8", delay=True)
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    _log_path = path
    return path


def _where() -> str:
    return f"详细情况已记入日志：{_log_path}。" if _log_path else "详细情况无法记入日志。"


def explain(exc: BaseException) -> str:
    """The sentence for an exception that is not an AppError (logged with its traceback)."""
    log.error("命令没有完成", exc_info=exc)
    text = str(exc)
    if isinstance(exc, OSError):
        return os_error_text(exc)
    if type(exc).__module__ in ("_csv", "csv"):
        if "field larger than field limit" in text:
            return ("CSV文件中有一个单元格超出了允许的长度，文件可能不是名册，或已损坏。"
                    "请用 Excel 或 WPS 打开检查，另存为 .xlsx 后再导入。")
        return "CSV文件的格式有误（例如引号不成对），无法读取。请用 Excel 或 WPS 打开检查，另存为 .xlsx 后再导入。"
    if type(exc).__module__.startswith(("sqlalchemy", "psycopg")) or type(exc).__module__ == "sqlite3":
        if _missing_table(text):
            return ("数据库文件缺少本程序的数据表，它不是本程序的数据库，或已被程序之外的工具改坏。"
                    f"请检查 --db 指定的文件，或从备份恢复。{_where()}")
        if "not a database" in text or "malformed" in text:
            return "数据库文件已损坏，或不是数据库文件。请从备份恢复（dangjian restore 备份文件）。"
        return f"数据库操作没有完成。请运行 dangjian check 检查数据库。{_where()}"
    if isinstance(exc, UnicodeError):
        return "文件中的文字编码无法识别（不是 UTF-8 或 GB18030）。请用记事本或 WPS 另存为 UTF-8 后重试。"
    if isinstance(exc, MemoryError):
        return "内存不足，操作没有完成。请关闭其他程序后重试，或把文件分成几份处理。"
    return f"程序遇到意外问题，操作没有完成（{clip(type(exc).__name__, 40)}）。{_where()}请把日志交给技术支持人员。"


def quiet_unraisable() -> None:
    """Errors Python cannot raise (in a finaliser, at exit after a full disk) go to the log,
    not to the terminal as "Exception ignored in …"."""
    def hook(unraisable: sys.UnraisableHookArgs) -> None:
        log.warning("无法报告的错误：%s", unraisable.err_msg or "", exc_info=(
            unraisable.exc_type, unraisable.exc_value, unraisable.exc_traceback))  # type: ignore[arg-type]

    sys.unraisablehook = hook


def finish_output() -> int:
    """Flushes what the command printed. When that fails (a full disk, a closed pipe) the user
    is told in Chinese on stderr, and stdout is pointed at the null device so that Python's own
    flush at exit has nothing left to complain about. Returns 1 then, else 0."""
    try:
        sys.stdout.flush()
        return 0
    except (OSError, ValueError) as exc:
        log.warning("输出没有写完", exc_info=exc)
        with contextlib.suppress(OSError, ValueError):
            why = os_error_text(exc, "输出文件") if isinstance(exc, OSError) else "输出已关闭。"
            print(f"错误：命令的输出没有写完：{why}", file=sys.stderr)
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            os.close(devnull)
        except (OSError, ValueError, AttributeError):
            pass
        return 1


def _missing_table(text: str) -> bool:
    """SQLite's and PostgreSQL's words for a table or column that is not there."""
    return ("no such table" in text or "no such column" in text or "UndefinedTable" in text
            or "UndefinedColumn" in text or ("does not exist" in text and ("relation" in text or "column" in text)))
