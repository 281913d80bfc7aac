#!/usr/bin/env bash
# The reruns CI adds to `mvn verify` (which ran everything on the distribution's containerd 1.6
# with runc): the integration tests again on containerd 1.7 and 2.x, and the integration tests'
# core again with crun. Pure unit tests (OCI model, decoders, mappers), the CLI's and the bench's
# tests do not depend on the daemon's version or the runtime and are not repeated: that keeps
# the whole of .ci/run within its time (see README, "Compatibility").
#
#   scripts/test-matrix.sh              all reruns
#   scripts/test-matrix.sh 2            integration tests on containerd 2.x only
#   scripts/test-matrix.sh crun         the core with crun only
# Extra Maven arguments go in $MVN_ARGS. Assumes scripts/install-deps.sh has run.
set -euo pipefail
cd "$(dirname "$0")/.."

# The tests that start a containerd: every *IT of libcontainerd-it (lifecycle, exec, stdio,
# events, resources, checkpoint, restart, restore, errors, leaks, soak, the supervisor...).
integration='*IT'
# What a second runtime must do the same: lifecycle, exec, stdio, pause, stats, update, OOM, events.
core='LifecycleIT,ExecIT,StdioIT,ResourcesIT,EventsIT'

say() { printf 'test-matrix: %s\n' "$*" >&2; }

run() { # run LABEL TESTS [ENV=VALUE...]
  local label="$1" tests="$2" start
  shift 2
  say "$label"
  start=$(date +%s)
  # the reruns shorten the soak and race loops that the main run gives their full time
  env "$@" mvn -B ${MVN_ARGS:--Dlcd.soak.seconds=30 -Dlcd.race.seconds=10} -pl libcontainerd-it -am verify \
    -DskipUnitTests -Dit.test="$tests" -Dfailsafe.failIfNoSpecifiedTests=false
  say "$label: passed in $(( $(date +%s) - start )) s"
}

targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(1.7 2 crun)
for t in "${targets[@]}"; do
  case "$t" in
    1.6 | 1.7 | 2)
      dir="$(bash scripts/containerd.sh "$t" | tail -n 1)"
      run "integration tests on containerd $t ($dir)" "$integration" LCD_CONTAINERD_BIN="$dir" ;;
    crun)
      run "core integration tests with crun" "$core" LCD_RUNTIME=crun ;;
    *)
      say "unknown target '$t' (1.6, 1.7, 2 or crun)"
      exit 2 ;;
  esac
done
