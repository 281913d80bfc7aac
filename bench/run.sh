#!/bin/sh
# Builds the benchmark and runs every scenario, library against ctr, on a private containerd of
# its own (needs root, containerd, runc, ctr and busybox-static). Arguments go to the harness:
#   bench/run.sh                 # the full run (about 6 minutes on a quiet 2-core machine)
#   bench/run.sh --quick         # a smoke run of every scenario with few samples (< 3 minutes)
#   bench/run.sh --scenarios lifecycle,exec --iterations 50
# Scenarios: lifecycle,group,exec,concurrent,throughput,exits,streams,pull,jmh (all by default).
#   bench/run.sh pull --iterations 6   # pull + unpack of a ~200 MB image from a loopback docker-registry
# Results: bench/results/{results.md,summary.csv,samples.csv,steps.csv,jmh.json,bench.png} (pull:
# pull.csv, pull-row.md).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
cd "$repo"
for b in containerd runc ctr busybox mkfifo; do
  command -v "$b" >/dev/null || { echo "bench: $b is not installed" >&2; exit 1; }
done
# -Dmaven.test.skip: the benchmark needs no test classes (not even compiled) of any module
mvn -B -q -pl bench -am package -Dmaven.test.skip=true
dir=$(mktemp -d /tmp/lcdb.XXXXXX)   # short: unix socket paths must stay < 108 bytes
cleanup() {
  # Normally the harness has stopped everything; this covers a crash or ^C: every process whose
  # command line names this run's dir (its containerds, their shims, the pull scenario's
  # registry; found by pid, the dir is unique to the run), then what is left in the bench
  # namespaces' container cgroups.
  for p in /proc/[0-9]*; do
    if grep -qa -- "$dir/" "$p/cmdline" 2>/dev/null; then
      kill -9 "${p#/proc/}" 2>/dev/null || true
    fi
  done
  for f in /sys/fs/cgroup/pids/bench-*/*/cgroup.procs; do
    [ -f "$f" ] && xargs -r kill -9 < "$f" 2>/dev/null || true
  done
  rm -rf "$dir"
}
trap cleanup EXIT INT TERM
if [ "${1:-}" = pull ]; then
  # pull + unpack from a loopback docker-registry, library vs `ctr images pull --plain-http`
  shift
  command -v docker-registry >/dev/null || { echo "bench: docker-registry is not installed" >&2; exit 1; }
  java -cp bench/target/bench.jar dev.libcontainerd.bench.PullBench --dir "$dir" --results "$here/results" "$@"
  exit
fi
java -jar bench/target/bench.jar --dir "$dir" --results "$here/results" "$@"
