#!/usr/bin/env bash
# A stand-in for the Windows bundle, so CI can compile dangjian.nsi with Debian's makensis:
# the same file names as PyInstaller's output, with placeholder contents. Then compiles it.
#   bash packaging/windows/fake_payload.sh [PYTHON]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PY="${1:-$ROOT/.venv/bin/python}"
OUT="$ROOT/build/windows-standin"
rm -rf "$OUT"
mkdir -p "$OUT/dangjian/_internal/resources" "$OUT/dangjian/_internal/PySide6"
for exe in dangjian.exe dangjian-cli.exe; do printf 'MZ stand-in for %s\n' "$exe" >"$OUT/dangjian/$exe"; done
cp -r "$ROOT/resources/templates" "$OUT/dangjian/_internal/resources/"
echo "stand-in" >"$OUT/dangjian/_internal/PySide6/Qt6Core.dll"
QT_QPA_PLATFORM=offscreen "$PY" "$ROOT/packaging/make_icons.py" "$OUT/icons"
version=$("$PY" "$ROOT/packaging/meta.py" version)
makensis -V2 -WX -INPUTCHARSET UTF8 -DVERSION="$version" -DPAYLOAD="$OUT/dangjian" -DICON="$OUT/icons/dangjian.ico" \
  -DOUTFILE="$OUT/dangjian-setup-$version.exe" "$ROOT/packaging/windows/dangjian.nsi"
test -s "$OUT/dangjian-setup-$version.exe"
echo "makensis: $OUT/dangjian-setup-$version.exe compiled"
