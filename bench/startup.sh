#!/usr/bin/env bash
# Start-up time of lcd commands, each run N times (default 10), medians beside the JVM floor
# (lcd --version) and ctr doing the same against the same private containerd. Needs root.
#   bench/startup.sh [N]
# Bars (issue 13, quiet machine): lcd ps <= 0.45 s, lcd run --rm x true <= 0.6 s,
# lcd exec c true <= 0.5 s.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(dirname "$here")"
n="${1:-10}"
lcd="$repo/lcd"
state="$(mktemp -d /tmp/lcdst.XXXXXX)"   # short: unix socket paths must stay < 108 bytes
export LCD_STATE_DIR="$state"
unset LCD_ADDRESS LCD_CLASSPATH
cleanup() {
  "$lcd" rm -f st-exec >/dev/null 2>&1 || true
  "$lcd" daemon stop >/dev/null 2>&1 || true
  rm -rf "$state"
}
trap cleanup EXIT INT TERM

"$lcd" --version >/dev/null            # builds and trains the class-data archive when stale
"$lcd" run -d --name st-exec busybox sleep 3600 >/dev/null
sock="$state/containerd/containerd.sock"
image="lcd.local/busybox:latest"        # lcd's built-in image, imported by the run above

# median of N wall-clock runs of "$@", in seconds
median() {
  local times=()
  for _ in $(seq "$n"); do
    local t0 t1
    t0=$(date +%s%N)
    "$@" >/dev/null 2>&1 || true
    t1=$(date +%s%N)
    times+=($(( (t1 - t0) / 1000000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.3f", m/1000}'
}

ctr_run() { ctr -a "$sock" -n lcd run --rm "$image" "ctr-$RANDOM$RANDOM" true; }
ctr_exec() { ctr -a "$sock" -n lcd task exec --exec-id "e$RANDOM$RANDOM" st-exec true; }

printf '%-28s %9s %9s %8s\n' "command" "lcd (s)" "ctr (s)" "bar (s)"
printf '%-28s %9s %9s %8s\n' "--version (JVM floor)" "$(median "$lcd" --version)" "$(median ctr --version)" "-"
printf '%-28s %9s %9s %8s\n' "ps" "$(median "$lcd" ps)" "$(median ctr -a "$sock" -n lcd task ls)" "0.45"
printf '%-28s %9s %9s %8s\n' "run --rm x true" "$(median "$lcd" run --rm busybox true)" "$(median ctr_run)" "0.60"
printf '%-28s %9s %9s %8s\n' "exec c true" "$(median "$lcd" exec st-exec true)" "$(median ctr_exec)" "0.50"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
