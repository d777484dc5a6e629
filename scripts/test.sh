#!/usr/bin/env bash
# Runs the type check (mypy) and then the whole test suite (installs what is missing the first
# time). Extra arguments go to pytest.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$ROOT/scripts/bootstrap.sh"
cd "$ROOT"
export QT_QPA_PLATFORM=offscreen LANG=C.UTF-8 LC_ALL=C.UTF-8
# Types first: a mypy error fails the run before any test starts (its cache is in .mypy_cache).
PYTHONPATH="$ROOT/src${PYTHONPATH:+:$PYTHONPATH}" "$ROOT/.venv/bin/mypy"
exec "$ROOT/.venv/bin/python" -m pytest "$@"
