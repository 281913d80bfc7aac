#!/usr/bin/env bash
# Usage: scripts/containerd.sh VERSION     (VERSION: 1.6, 1.7 or 2)
#
# Makes that containerd available side by side with the system's and prints, as its last line,
# the directory holding its containerd, containerd-shim-runc-v2 and ctr:
#   1.6  Debian 12's own packages (the directory of the installed containerd, 1.6.x)
#   1.7  Debian 13 (trixie)'s containerd 1.7.x, unpacked into /opt/libcontainerd/containerd-1.7/bin
#   2    Debian sid's containerd 2.x, unpacked into /opt/libcontainerd/containerd-2/bin
# The newer ones are fetched with `apt-get download` through this machine's Debian mirror using a
# private sources list and state dir, and unpacked with `dpkg-deb -x`: nothing is installed into
# the system's package database, and the system's containerd is left as it is. Their binaries
# need only libc; they run with the system's runc. Progress goes to stderr; once unpacked, a
# second call does no network access.
#
#   dir="$(scripts/containerd.sh 2 | tail -n 1)"; PATH="$dir:$PATH" containerd --version
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$here/lib/debian-suite.sh"

binaries=(containerd containerd-shim-runc-v2 ctr)
LCD_OPT_DIR="${LCD_OPT_DIR:-/opt/libcontainerd}"

usage() {
  echo "usage: $0 VERSION   (1.6: Debian 12's own; 1.7: trixie's; 2: sid's)" >&2
  exit 2
}
[ $# -eq 1 ] || usage
case "$1" in
  1.6) suite="" ;;
  1.7) suite=trixie ;;
  2 | 2.x) set -- 2; suite=sid ;;
  *) usage ;;
esac
want="$1"

version_of() { "$1/containerd" --version 2>/dev/null | awk '{ print $3 }' | sed 's/^v//'; }
complete() {
  local b
  for b in "${binaries[@]}"; do [ -x "$1/$b" ] || return 1; done
}

if [ -z "$suite" ]; then
  # 1.6: the distribution's own packages, installed by scripts/install-deps.sh
  bin="$(dirname "$(command -v containerd || echo /usr/bin/containerd)")"
  complete "$bin" || { say "containerd is not installed; run scripts/install-deps.sh"; exit 1; }
  v="$(version_of "$bin")"
  case "$v" in
    1.6.*) ;;
    *) say "the system's containerd in $bin is $v, not 1.6"; exit 1 ;;
  esac
  say "containerd $v (the system's) is in $bin"
  echo "$bin"
  exit 0
fi

dest="$LCD_OPT_DIR/containerd-$want"
bin="$dest/bin"
if complete "$bin"; then
  say "containerd $(version_of "$bin") (Debian $suite) is in $bin"
  echo "$bin"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  say "containerd $want is not in $bin yet; run this as root to install it"
  exit 1
fi

apt_suite "$suite"
work="$(mktemp -d /var/tmp/lcd-containerd.XXXXXX)"
trap 'rm -rf "$work"' EXIT
say "downloading containerd from Debian $suite"
if ! (cd "$work" && apt-get "${APT_OPTS[@]}" download -q containerd) >"$work/download.log" 2>&1; then
  cat "$work/download.log" >&2
  say "apt-get download containerd from $suite failed"
  exit 1
fi
deb="$(ls -1 "$work"/containerd_*.deb | head -n 1)"
say "unpacking $(basename "$deb") into $bin (not installed: the system's containerd stays)"
dpkg-deb -x "$deb" "$work/x"
mkdir -p "$dest"
rm -rf "$bin.new"
mkdir -p "$bin.new"
for b in "${binaries[@]}"; do
  if [ ! -x "$work/x/usr/bin/$b" ]; then
    say "$(basename "$deb") has no usr/bin/$b"
    exit 1
  fi
  cp -p "$work/x/usr/bin/$b" "$bin.new/$b"
done
basename "$deb" >"$bin.new/DEBIAN-PACKAGE"
v="$(version_of "$bin.new")"
if [ -z "$v" ]; then
  say "the unpacked containerd does not run here:"
  "$bin.new/containerd" --version >&2 || true
  exit 1
fi
# Renamed into place last, so a half-done unpack is never taken for a complete one.
rm -rf "$bin"
mv "$bin.new" "$bin"
say "containerd $v (Debian $suite) is in $bin"
echo "$bin"
