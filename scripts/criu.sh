#!/usr/bin/env bash
# Makes checkpoints work where the distribution's CRIU cannot: when `criu check` fails or CRIU
# is older than 3.19 (Debian 12's 3.17 fails on recent kernels: "Unexpected rt vDSO area
# bounds"), builds CRIU from Debian's newer source package (sid, else trixie; only the upstream
# .orig.tar.xz is used) and installs it as /usr/local/sbin/criu, which runc finds first on PATH.
# Quiet and fast when a working CRIU is already there. Prints nothing on stdout.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$here/lib/debian-suite.sh"

target=/usr/local/sbin/criu
min_version=3.19
build_packages=(
  build-essential pkg-config libprotobuf-c-dev protobuf-c-compiler protobuf-compiler
  python3-protobuf libnl-3-dev libnet1-dev libcap-dev libbsd-dev uuid-dev
)

criu_version() { "$1" --version 2>/dev/null | awk '/^Version:/ { print $2 }'; }
at_least() { [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n 1)" = "$2" ]; }
works() {
  local v
  v="$(criu_version "$1")"
  [ -n "$v" ] && at_least "$v" "$min_version" && "$1" check >/dev/null 2>&1
}

current="$(PATH="/usr/local/sbin:$PATH" command -v criu || true)"
if [ -n "$current" ] && works "$current"; then
  exit 0
fi
if [ -x "$target" ]; then
  # built before and still failing: the kernel lacks something CRIU needs; say so, once per run
  say "$target ($(criu_version "$target")) fails 'criu check' on this kernel; checkpoints will not work"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  say "CRIU ${current:+at $current }does not work here; run as root to build a newer one"
  exit 0
fi

say "CRIU ${current:+$(criu_version "$current") at $current }fails 'criu check' here; building a newer one from Debian's sources (once, about a minute)"
missing=()
for p in "${build_packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  say "installing CRIU's build packages: ${missing[*]}"
  log="$(mktemp)"
  # a machine whose lists are stale gets one apt-get update, then a second try
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >"$log" 2>&1; then
    apt-get update -q >>"$log" 2>&1 || true
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >>"$log" 2>&1 \
      || { cat "$log" >&2; rm -f "$log"; say "installing CRIU's build packages failed"; exit 1; }
  fi
  rm -f "$log"
fi

tarball=""
for suite in sid trixie; do
  apt_suite "$suite" || continue
  src="$LCD_APT_DIR/$suite/src"
  mkdir -p "$src"
  # Only the .orig.tar.xz is needed; the .debian.tar.xz is not, and has been seen missing on
  # mirrors, so a failed download of it must not stop us (apt checks each file's hash).
  (cd "$src" && apt-get "${APT_OPTS[@]}" source --download-only -q criu >"$src/source.log" 2>&1) || true
  tarball="$(ls -1 "$src"/criu_*.orig.tar.* 2>/dev/null | sort -V | tail -n 1 || true)"
  [ -n "$tarball" ] && break
  say "no CRIU source from $suite (see $src/source.log)"
done
if [ -z "$tarball" ]; then
  say "could not fetch CRIU's sources; checkpoints will not work"
  exit 1
fi

work="$(mktemp -d /var/tmp/lcd-criu.XXXXXX)"
trap 'rm -rf "$work"' EXIT
tar -xf "$tarball" -C "$work"
dir="$(find "$work" -mindepth 1 -maxdepth 1 -type d | head -n 1)"
say "building $(basename "$tarball") (log: $work/build.log)"
if ! make -C "$dir" -j"$(nproc)" criu >"$work/build.log" 2>&1; then
  tail -n 40 "$work/build.log" >&2
  say "building CRIU failed"
  trap - EXIT
  exit 1
fi
install -D -m 0755 "$dir/criu/criu" "$target"
if "$target" check >/dev/null 2>&1; then
  say "installed CRIU $(criu_version "$target") as $target; 'criu check' passes"
else
  say "installed CRIU $(criu_version "$target") as $target, but 'criu check' still fails on this kernel"
fi
