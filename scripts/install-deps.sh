#!/usr/bin/env bash
# Installs what building, running and testing need on Debian/Ubuntu, when missing:
# containerd and runc (the runtime), busybox-static (the default root filesystem), tini (--init), criu
# (checkpoints), the Go source packages that ship containerd's .proto files (the build
# generates its gRPC stubs from them), a JDK 17 and Maven. Quiet when nothing is missing.
set -euo pipefail

packages=(
  containerd runc busybox-static tini criu bsdutils tmux procps
  maven openjdk-17-jdk-headless
  golang-github-containerd-containerd-dev golang-github-containerd-cgroups-dev
  golang-github-gogo-protobuf-dev golang-github-gogo-googleapis-dev
  golang-github-opencontainers-specs-dev
)
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
[ "${#missing[@]}" -eq 0 ] && exit 0

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
