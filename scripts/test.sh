#!/usr/bin/env bash
# Runs the type check (mypy) and then the whole test suite (installs what is missing the first
# time). Extra arguments go to pytest. The tests run in one process per processor core
# (pytest-xdist); give -n 0 (or -n 4 …) to choose otherwise, e.g. when running a single test.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$ROOT/scripts/bootstrap.sh"
cd "$ROOT"
export QT_QPA_PLATFORM=offscreen LANG=C.UTF-8 LC_ALL=C.UTF-8
# Types first: a mypy error fails the run before any test starts (its cache is in .mypy_cache).
PYTHONPATH="$ROOT/src${PYTHONPATH:+:$PYTHONPATH}" "$ROOT/.venv/bin/mypy"
workers=(-n auto)
for arg in "$@"; do
  case "$arg" in -n|-n[0-9]*|-nauto|--numprocesses*|no:xdist) workers=() ;; esac
done
exec "$ROOT/.venv/bin/python" -m pytest "${workers[@]}" "$@"
