#!/usr/bin/env bash
# Builds the onedir bundle (build/dist/dangjian) and the Debian package
# (build/dangjian_VERSION_ARCH.deb, installing under /opt/dangjian with /usr/bin/dangjian).
#
#   bash packaging/build.sh            # bundle + .deb, in the pinned build environment
#   bash packaging/build.sh --no-deb   # the bundle only
#   bash packaging/build.sh --venv .venv   # use an existing environment (not pinned)
#
# The build environment is a virtual environment made from pyproject.toml's dependencies
# and packaging/constraints.txt (PySide6 < 6.10, for glibc 2.28), kept under
# $DANGJIAN_CACHE (default ~/.cache/dangjian-packaging) so a rebuild does not reinstall it.
# DANGJIAN_DEB_COMPRESS: dpkg-deb's compression options (default -Zxz).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PYTHON="${PYTHON:-python3}"
CACHE="${DANGJIAN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/dangjian-packaging}"
OUT="$ROOT/build"
VENV=""
MAKE_DEB=1
while [ $# -gt 0 ]; do
  case "$1" in
    --venv) VENV="$(cd "$2" && pwd)"; shift 2 ;;
    --no-deb) MAKE_DEB=0; shift ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done
mkdir -p "$OUT" "$CACHE"
LOG="$OUT/build.log"
: >"$LOG"

step() { echo "== $*"; }
fail() { echo "build failed; the last lines of $LOG:" >&2; tail -n 40 "$LOG" >&2; exit 1; }

# 1. The build environment.
if [ -z "$VENV" ]; then
  key=$( (cat pyproject.toml packaging/constraints.txt; "$PYTHON" -c 'import sys; print(sys.version)') | sha1sum | cut -c1-12)
  VENV="$CACHE/venv-$key"
  if [ ! -f "$VENV/.ready" ]; then
    step "build environment: $VENV"
    rm -rf "$VENV"
    "$PYTHON" -m venv "$VENV" >>"$LOG" 2>&1 || fail
    mapfile -t deps < <("$PYTHON" - <<'EOF'
import tomllib
project = tomllib.load(open("pyproject.toml", "rb"))["project"]
for dep in project["dependencies"] + project.get("optional-dependencies", {}).get("package", []):
    print(dep)
EOF
)
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check -c packaging/constraints.txt \
      "${deps[@]}" >>"$LOG" 2>&1 || fail
    touch "$VENV/.ready"
  fi
fi
PY="$VENV/bin/python"
VERSION=$("$PY" packaging/meta.py version)
NAME=$("$PY" packaging/meta.py name)
step "$NAME $VERSION with PySide6 $("$PY" -c 'import PySide6; print(PySide6.__version__)')"

# 2. The onedir bundle.
step "bundle: $OUT/dist/$NAME"
export QT_QPA_PLATFORM=offscreen
"$PY" -m PyInstaller packaging/dangjian.spec --noconfirm --log-level WARN \
  --distpath "$OUT/dist" --workpath "$OUT/pyinstaller" >>"$LOG" 2>&1 || fail
[ "$MAKE_DEB" = 1 ] || exit 0

# 3. The Debian package.
ARCH=$(dpkg --print-architecture)
DEB="$OUT/${NAME}_${VERSION}_${ARCH}.deb"
STAGE="$OUT/deb-root"
step "package: $DEB"
rm -rf "$STAGE"
mkdir -p "$STAGE/DEBIAN" "$STAGE/opt" "$STAGE/usr/bin" "$STAGE/usr/share/applications" \
  "$STAGE/usr/share/metainfo" "$STAGE/usr/share/doc/$NAME" "$STAGE/usr/share/icons/hicolor/scalable/apps"
cp -a "$OUT/dist/$NAME" "$STAGE/opt/$NAME"
ln -s "/opt/$NAME/$NAME" "$STAGE/usr/bin/$NAME"
install -m 644 packaging/linux/dangjian.desktop "$STAGE/usr/share/applications/$NAME.desktop"
sed -e "s/@VERSION@/$VERSION/" -e "s/@DATE@/$(date -u +%F)/" packaging/linux/dangjian.metainfo.xml \
  >"$STAGE/usr/share/metainfo/cn.dangjian.taizhang.metainfo.xml"
for png in "$OUT"/icons/dangjian-*.png; do
  size=$(basename "$png" .png | cut -d- -f2)
  install -D -m 644 "$png" "$STAGE/usr/share/icons/hicolor/${size}x${size}/apps/$NAME.png"
done
install -m 644 resources/icons/dangjian.svg "$STAGE/usr/share/icons/hicolor/scalable/apps/$NAME.svg"
for f in resources/fonts/*.COPYRIGHT; do install -m 644 "$f" "$STAGE/usr/share/doc/$NAME/"; done
size=$(du -sk --exclude=DEBIAN "$STAGE" | cut -f1)
# The oldest glibc the bundle runs on, measured (packaging/README.md, "Oldest glibc").
glibc=$(bash packaging/glibc_floor.sh "$OUT/dist/$NAME" | sed -n 's/^needs glibc >= //p')
sed -e "s/@VERSION@/$VERSION/" -e "s/@ARCH@/$ARCH/" -e "s/@SIZE@/$size/" -e "s/@GLIBC@/$glibc/" packaging/linux/control \
  >"$STAGE/DEBIAN/control"
# No maintainer scripts: dpkg's triggers refresh the menu and icon caches, and removing or
# upgrading the package never touches the users' data folders.
find "$STAGE" -type d -exec chmod 755 {} +
# xz: what every dpkg reads (UOS 20's dpkg 1.19 has no zstd). The smoke test asks for gzip -z1.
read -r -a compress <<<"${DANGJIAN_DEB_COMPRESS:--Zxz}"
dpkg-deb --root-owner-group "${compress[@]}" --build "$STAGE" "$DEB" >>"$LOG" 2>&1 || fail
step "done: $DEB ($(du -h "$DEB" | cut -f1); installed $((size / 1024)) MB; needs glibc >= $glibc)"
