#!/bin/sh
# Builds the benchmark and runs it against a private containerd of its own (needs root,
# containerd, runc, ctr and busybox-static). Arguments go to the harness, e.g.
#   bench/run.sh --iterations 30 --warmup 5
#   bench/run.sh pull --iterations 6        (pull + unpack of a ~200 MB image, needs docker-registry)
# Results: bench/results/{samples.csv,phases.csv,summary.json,bench.png}.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
cd "$repo"
for b in containerd runc ctr busybox; do
  command -v "$b" >/dev/null || { echo "bench: $b is not installed" >&2; exit 1; }
done
# -Dmaven.test.skip: the benchmark needs no test classes (not even compiled) of any module
mvn -B -q -pl bench -am package -Dmaven.test.skip=true
dir=$(mktemp -d /tmp/lcdb.XXXXXX)   # short: unix socket paths must stay < 108 bytes
cleanup() {
  # normally the harness has stopped everything; this covers a crash or ^C
  pkill -TERM -f "containerd --config $dir/config.toml" 2>/dev/null || true
  sleep 0.5
  pkill -KILL -f "containerd --config $dir/config.toml" 2>/dev/null || true
  pkill -KILL -f "containerd-shim-runc-v2 .*$dir/c.sock" 2>/dev/null || true
  # container processes orphaned by a killed shim: whatever is left in the bench namespaces' cgroups
  for f in /sys/fs/cgroup/pids/bench-lib/*/cgroup.procs /sys/fs/cgroup/pids/bench-ctr/*/cgroup.procs; do
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
