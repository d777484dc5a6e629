#!/usr/bin/env bash
# Starts 社区党建台账 (installs what is missing the first time). Extra arguments go to `dangjian`.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$ROOT/scripts/bootstrap.sh"
exec "$ROOT/.venv/bin/dangjian" "$@"
