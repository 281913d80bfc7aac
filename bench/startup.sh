#!/usr/bin/env bash
# Start-up time of lcd commands, each run N times (default 10), medians beside the JVM floor
# (lcd --version) and ctr doing the same against the same private containerd; lcd's CPU time
# (user+sys) beside its wall-clock time. Needs root.
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

# "wall cpu": medians of N runs of "$@", in seconds: wall-clock, and CPU (user+sys of the
# command and its children). CPU time is what a loaded machine distorts least: compare it when
# other work shares the cores.
median() {
  local walls=() cpus=()
  for _ in $(seq "$n"); do
    local t0 t1 c0 c1
    times >"$state/times"
    c0=$(child_cpu_ms)
    t0=$(date +%s%N)
    "$@" >/dev/null 2>&1 || true
    t1=$(date +%s%N)
    times >"$state/times"
    c1=$(child_cpu_ms)
    walls+=($(( (t1 - t0) / 1000000 )))
    cpus+=($(( c1 - c0 )))
  done
  printf '%s %s' "$(mid "${walls[@]}")" "$(mid "${cpus[@]}")"
}
mid() {
  printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.3f", m/1000}'
}
# user+sys CPU of the shell's finished children, in ms, from what `times` wrote (its second
# line); `times` itself must run in the shell that waited for them, not in a $(...) subshell
child_cpu_ms() {
  awk 'NR==2 {
    split($1, u, /[ms]/); split($2, s, /[ms]/)
    printf "%d", (u[1] * 60 + u[2] + s[1] * 60 + s[2]) * 1000
  }' "$state/times"
}

ctr_run() { ctr -a "$sock" -n lcd run --rm "$image" "ctr-$RANDOM$RANDOM" true; }
ctr_exec() { ctr -a "$sock" -n lcd task exec --exec-id "e$RANDOM$RANDOM" st-exec true; }

row() { # name bar lcd-command... -- ctr-command...
  local name=$1 bar=$2; shift 2
  local lcd_cmd=() ctr_cmd=()
  while [ "$1" != "--" ]; do lcd_cmd+=("$1"); shift; done
  shift
  ctr_cmd=("$@")
  local lw lc cw
  read -r lw lc <<<"$(median "${lcd_cmd[@]}")"
  read -r cw _ <<<"$(median "${ctr_cmd[@]}")"
  printf '%-24s %9s %9s %9s %7s\n' "$name" "$lw" "$lc" "$cw" "$bar"
}
printf '%-24s %9s %9s %9s %7s\n' "command" "lcd wall" "lcd cpu" "ctr wall" "bar"
row "--version (JVM floor)" "-" "$lcd" --version -- ctr --version
row "ps" "0.45" "$lcd" ps -- ctr -a "$sock" -n lcd task ls
row "run --rm x true" "0.60" "$lcd" run --rm busybox true -- ctr_run
row "exec c true" "0.50" "$lcd" exec st-exec true -- ctr_exec
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
