"""What the Linux bundle leaves out, used by dangjian.spec.

PyInstaller copies every shared library that anything in the bundle links to, including the
build machine's own X11, xcb, fontconfig, GLib, CUPS and C++ runtime. Those belong to the
office PC: copies from a newer build machine raise the oldest glibc the bundle runs on and
can disagree with the PC's own configuration. So, on Linux:

- Qt plugins an office desktop does not use (Wayland, EGLFS, VNC, GTK theme, touch input,
  rare image formats) are dropped;
- libraries from the build machine's system folders are dropped, except the ones Python
  itself needs (SQLite, OpenSSL, libffi, compression): the .deb's Depends names the rest;
- what nothing left in the bundle links to is dropped (a closure over DT_NEEDED).

packaging/smoke_test.sh installs the .deb into a bare Debian root and fails if any library
in the bundle then lacks a dependency (ldd "not found").
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

DROP_PLUGINS = (
    "platforms/libqeglfs", "platforms/libqlinuxfb", "platforms/libqminimalegl",
    "platforms/libqvkkhrdisplay", "platforms/libqvnc", "platforms/libqwayland",
    "platformthemes/", "wayland-", "egldeviceintegrations/", "generic/",
    "imageformats/libqicns", "imageformats/libqtga", "imageformats/libqwbmp",
    "imageformats/libqtiff", "imageformats/libqwebp",
)
SYSTEM_DIRS = ("/lib/", "/lib64/", "/usr/lib/", "/usr/lib64/", "/usr/local/lib/")
# The build machine's libraries that stay: what Python's own modules link to and an older
# PC may lack in this version (Debian 10 / UOS 20 have OpenSSL 1.1 and libffi 6).
KEEP_SYSTEM = re.compile(r"^lib(sqlite3|ssl|crypto|ffi|bz2|lzma|z|expat|mpdec|uuid)\.so")
# Binaries loaded by name (dlopen/ctypes), never through DT_NEEDED: always kept.
ROOT_PATTERN = re.compile(r"(\.cpython-\d+.*\.so|\.abi3\.so(\.[\d.]+)?|/plugins/.*\.so|pdfium.*\.so|libpython3[\d.]*\.so.*)$")


def needed(path: str) -> list[str]:
    out = subprocess.run(["objdump", "-p", path], capture_output=True, text=True, check=False).stdout
    return re.findall(r"^\s*NEEDED\s+(\S+)", out, flags=re.MULTILINE)


def prune(binaries: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """binaries: PyInstaller TOC entries (dest, source, typecode)."""
    if not sys.platform.startswith("linux"):
        return binaries
    kept = []
    for dest, source, kind in binaries:
        name = Path(dest).name
        if any(p in dest for p in DROP_PLUGINS):
            continue
        if source.startswith(SYSTEM_DIRS) and not KEEP_SYSTEM.match(name):
            continue
        kept.append((dest, source, kind))
    by_name = {Path(dest).name: (dest, source, kind) for dest, source, kind in kept}
    reach: set[str] = set()
    todo = [Path(dest).name for dest, _, _ in kept if ROOT_PATTERN.search(dest)]
    while todo:
        name = todo.pop()
        if name in reach or name not in by_name:
            continue
        reach.add(name)
        todo.extend(needed(by_name[name][1]))
    return [entry for entry in kept if Path(entry[0]).name in reach]


def prune_symlinks(datas: list[tuple[str, str, str]], binaries: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """Drops the links PyInstaller made to libraries that prune() left out."""
    present = {dest for dest, _, _ in binaries} | {dest for dest, _, kind in datas if kind != "SYMLINK"}
    return [(dest, target, kind) for dest, target, kind in datas if kind != "SYMLINK" or target in present]
