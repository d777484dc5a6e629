#!/usr/bin/env bash
# CI's packaging checks (called at the end of .ci/run, after the tests):
# - always: the Windows installer script compiles with makensis over a stand-in payload;
# - when packaging/ or pyproject.toml changed in the last commit (git diff HEAD~1), or
#   DANGJIAN_SMOKE=1: the clean-machine test of the .deb (packaging/smoke_test.sh, ~4 min
#   with its caches warm, ~10 min on a fresh machine).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
if ! command -v makensis >/dev/null 2>&1; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nsis >/dev/null 2>&1 \
    || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nsis >/dev/null; }
fi
bash packaging/windows/fake_payload.sh "$ROOT/.venv/bin/python"

changed=$(git diff --name-only HEAD~1 -- packaging pyproject.toml 2>/dev/null || echo "no previous commit")
if [ "${DANGJIAN_SMOKE:-}" = 1 ] || [ -n "$changed" ]; then
  echo "packaging smoke test (changed: ${changed//$'\n'/ })"
  bash packaging/smoke_test.sh
else
  echo "packaging smoke test skipped: packaging/ and pyproject.toml unchanged since HEAD~1 (DANGJIAN_SMOKE=1 runs it)"
fi
