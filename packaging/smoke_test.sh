#!/usr/bin/env bash
# The clean-machine test: builds the .deb, installs it with dpkg into a fresh minimal Debian
# root that gets only the libraries its Depends names (apt inside the root), and there, as an
# ordinary user, runs the installed program: demo database, self-test (every tab, every
# module, font, template, translation, migration and manual page), a printed briefing, an
# export and re-import, a backup; then upgrades and removes the package and checks the
# user's data is still there. Fails at the first thing that is wrong.
#
#   bash packaging/smoke_test.sh              # build, then test
#   bash packaging/smoke_test.sh --no-build   # test the .deb already in build/
#
# Needs root (debootstrap, chroot, mount) and the Debian mirror apt uses here. The bare root
# is made once and kept as a tarball under $DANGJIAN_CACHE (~/.cache/dangjian-packaging).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
CACHE="${DANGJIAN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/dangjian-packaging}"
BUILD=1
[ "${1:-}" = "--no-build" ] && BUILD=0
start=$(date +%s)
note() { echo "[smoke $(($(date +%s) - start))s] $*"; }
die() { echo "SMOKE TEST FAILED: $*" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || die "needs root (debootstrap, chroot)"
mkdir -p "$CACHE" build

# 1. The package (fast compression: the contents are what is tested).
if [ "$BUILD" = 1 ]; then
  note "building the .deb"
  DANGJIAN_DEB_COMPRESS="-Zgzip -z1" bash packaging/build.sh
fi
DEB=$(ls -t build/dangjian_*.deb 2>/dev/null | head -n1)
[ -n "$DEB" ] || die "no build/dangjian_*.deb"

# 2. A bare Debian root of this machine's release, from the mirror apt uses here.
. /etc/os-release
SUITE="${VERSION_CODENAME:?}"
MIRROR=$( (cat /etc/apt/sources.list /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list 2>/dev/null || true) \
  | grep -oE '^(URIs:|deb) +[^ ]+' | awk '{print $2}' | grep -E '/debian/?$' | head -n1 || true)
MIRROR="${MIRROR:-http://deb.debian.org/debian}"
TARBALL="$CACHE/rootfs-$SUITE-minbase.tar"
if [ ! -s "$TARBALL" ]; then
  command -v debootstrap >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
  note "debootstrap --variant=minbase $SUITE from $MIRROR (once; kept as $TARBALL)"
  tmp=$(mktemp -d)
  debootstrap --variant=minbase "$SUITE" "$tmp" "$MIRROR" >"$CACHE/debootstrap.log" 2>&1 \
    || { tail -n 30 "$CACHE/debootstrap.log" >&2; die "debootstrap"; }
  rm -rf "$tmp"/var/cache/apt/archives/*.deb
  tar -C "$tmp" -cf "$TARBALL.part" . && mv "$TARBALL.part" "$TARBALL"
  rm -rf "$tmp"
fi

R=$(mktemp -d /tmp/dangjian-smoke.XXXXXX)
cleanup() {
  for m in proc dev/pts dev var/cache/apt/archives; do umount "$R/$m" 2>/dev/null || true; done
  rm -rf --one-file-system "$R"
}
trap cleanup EXIT
tar -C "$R" -xf "$TARBALL"
chmod 755 "$R"  # mktemp made the root private (and the tarball keeps that); the clerk must enter it
mkdir -p "$CACHE/apt-archives/partial"
mount -t proc proc "$R/proc"
mount --bind /dev "$R/dev"
mount --bind /dev/pts "$R/dev/pts"
mount --bind "$CACHE/apt-archives" "$R/var/cache/apt/archives"
cp /etc/resolv.conf "$R/etc/resolv.conf"
echo "deb $MIRROR $SUITE main" >"$R/etc/apt/sources.list"
in_root() { chroot "$R" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 "$@"; }

# 3. Install: dpkg, then apt fetches exactly what the package's Depends names.
note "installing $(basename "$DEB") into the bare root"
cp "$DEB" "$R/tmp/dangjian.deb"
in_root apt-get update -qq >/dev/null 2>"$R/tmp/apt.log" || { cat "$R/tmp/apt.log" >&2; die "apt-get update"; }
in_root dpkg -i /tmp/dangjian.deb >/dev/null 2>&1 || true
in_root env DEBIAN_FRONTEND=noninteractive apt-get -f install -y -qq --no-install-recommends >"$R/tmp/apt.log" 2>&1 \
  || { tail -n 30 "$R/tmp/apt.log" >&2; die "installing the Depends"; }
in_root dpkg-query -W -f='${Status}\n' dangjian | grep -q "install ok installed" || die "dangjian is not installed"
[ -x "$R/opt/dangjian/dangjian" ] && [ -L "$R/usr/bin/dangjian" ] || die "/opt/dangjian/dangjian or /usr/bin/dangjian missing"
for f in usr/share/applications/dangjian.desktop usr/share/icons/hicolor/48x48/apps/dangjian.png \
         usr/share/icons/hicolor/256x256/apps/dangjian.png usr/share/metainfo/cn.dangjian.taizhang.metainfo.xml; do
  [ -s "$R/$f" ] || die "the package lacks /$f"
done

# 4. Every library in the bundle finds what it links to (the Depends are complete).
note "checking the bundle's libraries with ldd"
in_root sh -c 'cd /opt/dangjian/_internal && export LD_LIBRARY_PATH=/opt/dangjian/_internal:/opt/dangjian/_internal/PySide6/Qt/lib
  find /opt/dangjian -name "*.so*" -type f | while read -r f; do ldd "$f" 2>/dev/null | grep "not found" | sed "s|^|$f: |"; done' >"$R/tmp/ldd.txt"
if [ -s "$R/tmp/ldd.txt" ]; then cat "$R/tmp/ldd.txt" >&2; die "libraries missing on a bare machine with the Depends installed"; fi

# 5. The program, as an ordinary user with a home of their own.
in_root useradd -m -s /bin/sh clerk
CLERK=$(in_root id -u clerk):$(in_root id -g clerk)
as_clerk() {
  chroot --userspec="$CLERK" "$R" /usr/bin/env -i PATH=/usr/bin:/bin HOME=/home/clerk LANG=C.UTF-8 \
    QT_QPA_PLATFORM=offscreen DANGJIAN_USER=admin DANGJIAN_PASSWORD=demo "$@"
}
run() {  # run CMD...: the program's output goes to the log; its failure stops the test
  note "dangjian ${*:2}"
  if ! as_clerk "$@" >"$R/tmp/out.txt" 2>&1; then tail -n 40 "$R/tmp/out.txt" >&2; die "$*"; fi
  grep -v "propagateSizeHints" "$R/tmp/out.txt" | tail -n 3
}
run dangjian --version
run dangjian demo
DATA=/home/clerk/.local/share/dangjian
[ -s "$R$DATA/dangjian.db" ] || die "the demo database is not in the user's data folder ($DATA)"
run dangjian --self-test
cp "$R/tmp/out.txt" "$R/tmp/self-test.txt"
grep -q "self-test ok" "$R/tmp/self-test.txt" || die "self-test did not report ok"
run dangjian check
run dangjian briefing --period 2026 --draft --out /tmp/briefing.pdf
pdffonts "$R/tmp/briefing.pdf" | awk 'NR>2 && $(NF-4) != "yes" {bad=1} END {exit bad}' \
  || { pdffonts "$R/tmp/briefing.pdf" >&2; die "the briefing's fonts are not all embedded"; }
pdftotext "$R/tmp/briefing.pdf" - | grep -q "党员" || die "the briefing has no Chinese text"
run dangjian export members /tmp/roster.xlsx --show-sensitive
run dangjian import members /tmp/roster.xlsx --dry-run
run dangjian backup

install_mb=$(du -sm "$R/opt/dangjian" | cut -f1)

# 6. Upgrade and removal keep the user's data.
note "reinstalling (upgrade) and removing the package"
in_root dpkg -i /tmp/dangjian.deb >/dev/null || die "reinstalling over itself"
[ -s "$R$DATA/dangjian.db" ] || die "upgrading removed the user's database"
in_root dpkg --purge dangjian >/dev/null || die "dpkg --purge"
[ -s "$R$DATA/dangjian.db" ] && [ -n "$(ls -A "$R$DATA/backups")" ] || die "removing the package removed the user's data"
[ ! -e "$R/opt/dangjian" ] || die "/opt/dangjian left behind after purge"

deb_mb=$(du -m "$DEB" | cut -f1)
note "passed: $(basename "$DEB") ${deb_mb} MB, installed ${install_mb} MB, $(grep -o 'window shown [0-9]* ms' "$R/tmp/self-test.txt") after start"
