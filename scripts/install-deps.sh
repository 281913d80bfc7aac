#!/usr/bin/env bash
# Installs what building, running and testing need on Debian/Ubuntu, when missing:
# containerd and runc (the runtime), busybox-static (the built-in busybox image), tini (--init), criu
# (checkpoints; iptables, which CRIU uses to lock a container's network), crun (the second
# runtime the tests run), the Go source packages that ship containerd's .proto files (the build
# generates its gRPC stubs from them), a JDK 17 and Maven. Then, where the distribution's CRIU
# cannot checkpoint on this kernel, builds a newer one (scripts/criu.sh). Also
# containernetworking-plugins with iptables and iproute2 (container networks), and what the
# image tests start (docker-registry, skopeo, htpasswd from apache2-utils, zstd, openssl). Quiet
# when nothing is missing.
set -euo pipefail

packages=(
  containerd runc crun busybox-static tini criu iptables bsdutils tmux procps
  containernetworking-plugins iproute2
  maven openjdk-17-jdk-headless
  docker-registry skopeo apache2-utils zstd openssl
  golang-github-containerd-containerd-dev golang-github-containerd-cgroups-dev
  golang-github-gogo-protobuf-dev golang-github-gogo-googleapis-dev
  golang-github-opencontainers-specs-dev
)
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
here="$(dirname "${BASH_SOURCE[0]}")"

# crun (1.8) refuses to run on a hybrid cgroup host whose cgroup2 mount still holds controllers
# ("cgroups in hybrid mode not supported, drop all controllers from cgroupv2"). Systemd's hybrid
# layout leaves those unmounted in v1 (hugetlb, typically) on the v2 side: give each its v1
# hierarchy, as the others have, so that the unified hierarchy is empty. Not persistent: runs
# again after a reboot. Skipped on pure v1 and pure v2 hosts, and when nothing is left.
hybrid_cgroups_for_crun() {
  local unified=/sys/fs/cgroup/unified c
  [ "$(id -u)" -eq 0 ] && [ -r "$unified/cgroup.controllers" ] || return 0
  for c in $(cat "$unified/cgroup.controllers"); do
    echo "lcd: moving the $c cgroup controller from cgroup2 to its own v1 hierarchy (crun needs it on hybrid hosts)" >&2
    mkdir -p "/sys/fs/cgroup/$c"
    mount -t cgroup -o "$c" cgroup "/sys/fs/cgroup/$c" \
      || echo "lcd: could not mount the $c controller; crun will not run containers here" >&2
  done
}

if [ "${#missing[@]}" -eq 0 ]; then
  hybrid_cgroups_for_crun
  exec bash "$here/criu.sh"
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "lcd: missing packages: ${missing[*]}" >&2
  echo "lcd: run as root (containers need it) or install them with: sudo apt-get install ${missing[*]}" >&2
  exit 125
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "lcd: missing packages: ${missing[*]}; this script installs them only on Debian/Ubuntu (apt-get)" >&2
  exit 125
fi
echo "lcd: installing ${missing[*]} (first run only)…" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >&2
apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
hybrid_cgroups_for_crun
exec bash "$here/criu.sh"
