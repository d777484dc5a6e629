#!/usr/bin/env bash
# Prepares this checkout to run: system libraries (apt), a virtual environment with the
# program and its test tools. Safe to run again; it only does what is missing.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

PYTHON="${PYTHON:-python3}"
if ! "$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
  echo "需要 Python 3.11 或更新版本（当前：$("$PYTHON" --version 2>&1)）" >&2
  exit 1
fi

LOG="$ROOT/build/bootstrap.log"
mkdir -p "$ROOT/build"

# How this user runs a command as root: directly, through sudo, or not at all (returns 1).
admin_prefix() {
  if [ "$(id -u)" -eq 0 ]; then echo ""; return 0; fi
  command -v sudo >/dev/null 2>&1 || return 1
  if sudo -n true >/dev/null 2>&1; then echo "sudo"; return 0; fi
  # sudo asks for a password only at a terminal; it fails for a user it does not allow.
  if [ -t 0 ] && sudo -v; then echo "sudo"; return 0; fi
  return 1
}

# apt_install PACKAGE...: one progress line; apt's and dpkg's output goes to the log, which
# is shown only when something fails. Without root or sudo: the sentence for an administrator.
apt_install() {
  local prefix
  if ! prefix=$(admin_prefix); then
    echo "缺少系统软件包：$*。当前用户不是管理员，也不能使用 sudo，无法自动安装。" \
      "请管理员以 root 身份运行这一条命令，然后再运行本脚本：" >&2
    echo "  apt-get install -y --no-install-recommends $*" >&2
    exit 1
  fi
  echo "正在安装系统软件包（$# 个），需要一两分钟……（详细记录：$LOG）"
  if ! { $prefix apt-get update -qq &&
         $prefix env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@"; } \
       >>"$LOG" 2>&1; then
    echo "安装系统软件包失败。下面是记录的最后部分（完整记录：$LOG）：" >&2
    tail -n 40 "$LOG" >&2
    exit 1
  fi
  echo "系统软件包已安装。"
}

# Libraries Qt needs on Linux (offscreen and a real X11 window), and poppler for PDF checks.
APT_PACKAGES=(libegl1 libgl1 libx11-6 libdbus-1-3 libfontconfig1 libfreetype6 libglib2.0-0
  libxkbcommon0 libxkbcommon-x11-0 libx11-xcb1 libxcb-cursor0 libxcb-icccm4 libxcb-image0
  libxcb-keysyms1 libxcb-render-util0 libxcb-render0 libxcb-shape0 libxcb-util1 libxcb-xkb1
  libxcb-randr0 libxcb-shm0 libxcb-sync1 libxcb-xfixes0 poppler-utils)
if command -v dpkg >/dev/null 2>&1; then
  missing=()
  for p in "${APT_PACKAGES[@]}"; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    apt_install "${missing[@]}"
  fi
fi

VENV="$ROOT/.venv"
if [ ! -x "$VENV/bin/python" ]; then
  if ! "$PYTHON" -m venv "$VENV" >/dev/null 2>&1; then
    # Debian's own Python keeps venv (and ensurepip) in a separate package.
    rm -rf "$VENV"
    ver=$("$PYTHON" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')
    pkg="python${ver}-venv"
    apt-cache show "$pkg" >/dev/null 2>&1 || pkg=python3-venv
    apt_install "$pkg"
    "$PYTHON" -m venv "$VENV"
  fi
fi
stamp="$VENV/.installed-$(sha1sum pyproject.toml | cut -c1-12)"
if [ ! -f "$stamp" ]; then
  echo "正在安装 Python 软件包，第一次需要几分钟……（详细记录：$LOG）"
  if ! { "$VENV/bin/python" -m pip install -q --upgrade pip &&
         "$VENV/bin/python" -m pip install -q -e ".[test]"; } >>"$LOG" 2>&1; then
    echo "安装 Python 软件包失败。下面是记录的最后部分（完整记录：$LOG）：" >&2
    tail -n 40 "$LOG" >&2
    exit 1
  fi
  rm -f "$VENV"/.installed-*
  touch "$stamp"
fi
