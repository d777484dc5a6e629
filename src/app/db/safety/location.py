"""Refusing a database on a network share, where SQLite's locking cannot be trusted.

Recognised: UNC paths (\\\\server\\share), Windows drive letters mapped to a share (SQLite itself
does not see these as remote), and Linux mounts of network file systems (found in /proc/mounts
by the longest mount point that contains the file).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path, PurePosixPath

from app.domain.kit.errors import StorageError

NETWORK_FS = frozenset({
    "nfs", "nfs4", "cifs", "smb3", "smbfs", "fuse.sshfs", "9p",
    "fuse.gvfsd-fuse",  # network places opened in the file manager of UOS / Kylin / GNOME
})
DRIVE_REMOTE = 4

ADVICE = (
    "SQLite数据库放在网络共享上时，文件锁不可靠，多人同时使用会损坏数据。"
    "请把数据库放在本机硬盘上（例如“文档”文件夹），需要交换数据时使用“备份”功能复制到U盘或共享文件夹。"
)


def is_unc(path: str) -> bool:
    text = path.replace("/", "\\")
    if text.startswith("\\\\?\\"):
        return text[4:].upper().startswith("UNC\\")
    return text.startswith("\\\\") and not text.startswith("\\\\.\\")


def _unescape_mount(field: str) -> str:
    """/proc/mounts writes spaces, tabs and backslashes in octal (\\040)."""
    out, i = [], 0
    while i < len(field):
        if field[i] == "\\" and field[i + 1 : i + 4].isdigit() and len(field[i + 1 : i + 4]) == 3:
            out.append(chr(int(field[i + 1 : i + 4], 8)))
            i += 4
        else:
            out.append(field[i])
            i += 1
    return "".join(out)


def mount_type(path: str, mounts_text: str) -> tuple[str, str] | None:
    """(mount point, file-system type) of the mount holding ``path`` (longest prefix wins)."""
    target = PurePosixPath(path)
    best: tuple[str, str] | None = None
    for line in mounts_text.splitlines():
        parts = line.split()
        if len(parts) < 3:
            continue
        point, fstype = _unescape_mount(parts[1]), parts[2]
        mp = PurePosixPath(point)
        if (target == mp or mp in target.parents) and (best is None or len(point) >= len(best[0])):
            best = (point, fstype)
    return best


def _windows_drive_is_remote(path: str) -> bool:
    drive = os.path.splitdrive(path)[0]
    if sys.platform != "win32" or len(drive) != 2 or drive[1] != ":":
        return False
    import ctypes

    return ctypes.windll.kernel32.GetDriveTypeW(f"{drive}\\") == DRIVE_REMOTE


def _read_mounts() -> str | None:
    try:
        return Path("/proc/mounts").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None


def network_reason(
    path: str | Path, *, mounts_text: str | None = None, platform: str | None = None
) -> str | None:
    """Why ``path`` lies on a network share (in Chinese), or None for a local disk.

    ``mounts_text`` and ``platform`` stand in for /proc/mounts and sys.platform in tests.
    """
    text = str(path)
    platform = platform or sys.platform
    if is_unc(text):
        return f"数据库文件 {text} 位于网络共享文件夹上。"
    if platform.startswith("win"):
        if sys.platform.startswith("win") and _windows_drive_is_remote(text):
            drive = os.path.splitdrive(text)[0]
            return f"数据库文件 {text} 所在的 {drive} 盘是映射的网络驱动器。"
        return None
    if mounts_text is None:
        mounts_text = _read_mounts()
    if not mounts_text:
        return None
    found = mount_type(str(Path(text).resolve()), mounts_text)
    if found and found[1] in NETWORK_FS:
        return f"数据库文件 {text} 位于网络文件系统（{found[1]}，挂载于 {found[0]}）上。"
    return None


def check_local(path: str | Path) -> None:
    """Raises StorageError when the database would lie on a network share."""
    reason = network_reason(path)
    if reason:
        raise StorageError(f"{reason}{ADVICE}")
