#!/usr/bin/env bash
# The oldest glibc a built bundle runs on: the highest GLIBC_x.y symbol version any of its
# programs or libraries asks for (objdump -T), and the files that ask for it.
#   bash packaging/glibc_floor.sh [BUNDLE_DIR]      (default build/dist/dangjian)
set -euo pipefail
DIR="${1:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/build/dist/dangjian}"
list=$(find "$DIR" -type f \( -name "*.so*" -o -perm -u+x \) | while read -r f; do
  v=$(objdump -T "$f" 2>/dev/null | grep -o 'GLIBC_[0-9][0-9.]*' | sed 's/GLIBC_//' | sort -uV | tail -n1)
  [ -n "$v" ] && echo "$v ${f#"$DIR"/}"
done | sort -V)
floor=$(tail -n1 <<<"$list" | cut -d' ' -f1)
echo "needs glibc >= $floor"
echo "files needing more than 2.28:"
awk -v f=2.28 '{split($1,a,"."); if (a[1] > 2 || (a[1] == 2 && a[2] > 28)) print "  " $0}' <<<"$list"
qt=$( (grep -E '(^| |/)(PySide6|shiboken6)/' <<<"$list" || true) | tail -n1 | cut -d' ' -f1)
echo "PySide6 / Qt files alone need glibc >= ${qt:-?}"
