package dev.libcontainerd.bench;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The command line: how much of each scenario to run, and where. {@code --quick} shrinks everything for a smoke run. */
final class Options {
    static final List<String> ALL =
            List.of("lifecycle", "group", "exec", "concurrent", "throughput", "exits", "streams", "pull", "jmh");

    boolean quick;
    int iterations = 30;
    int warmup = 5;
    /**
     * gRPC calls made before any scenario so that the JIT has compiled the call path, as in a
     * long-running host; 0 measures a JVM whose gRPC path is still interpreted.
     */
    int jitWarmup = 20_000;
    /** Scenario 4: lifecycles per round, concurrency, rounds per side. */
    int concurrentTotal = 50;

    int concurrency = 8;
    int concurrentRounds = 5;
    /** Scenario 4: unmeasured rounds per side first (the JIT compiles the many-at-once paths there). */
    int concurrentWarmup = 2;
    /** Scenario 5: bytes per container, repetitions per side. */
    long throughputBytes = 1L << 30;

    int throughputReps = 5;
    /** Scenario 6: containers and execs one by one, bursts of {@link #burstSize}. */
    int exitsOneByOne = 100;

    int bursts = 5;
    int burstSize = 20;
    /** Scenario 7: attached containers and bytes each writes. */
    int streams = 200;

    long streamBytes = 4L << 20;
    Path results = Path.of("bench/results");
    /** Both clients through an {@link RpcTap}: per-RPC timings of each scenario, by side. */
    boolean rpcTap;
    /** Scenarios 1–2: a runc-compatible binary (crun, say) for both sides instead of runc. */
    String runtimeBinary;

    Path dir;
    Set<String> scenarios = new LinkedHashSet<>(ALL);

    static Options parse(String[] argv) {
        Options o = new Options();
        for (String a : argv) {
            if (a.equals("--quick")) {
                o.quick();
            }
        }
        for (int i = 0; i < argv.length; i++) {
            switch (argv[i]) {
                case "--quick" -> {}
                case "--rpc-tap" -> o.rpcTap = true;
                case "--runtime-binary" -> o.runtimeBinary = argv[++i];
                case "--iterations" -> o.iterations = Integer.parseInt(argv[++i]);
                case "--warmup" -> o.warmup = Integer.parseInt(argv[++i]);
                case "--jit-warmup" -> o.jitWarmup = Integer.parseInt(argv[++i]);
                case "--concurrency" -> o.concurrency = Integer.parseInt(argv[++i]);
                case "--lifecycles" -> o.concurrentTotal = Integer.parseInt(argv[++i]);
                case "--rounds" -> o.concurrentRounds = Integer.parseInt(argv[++i]);
                case "--concurrent-warmup" -> o.concurrentWarmup = Integer.parseInt(argv[++i]);
                case "--throughput-mib" -> o.throughputBytes = Long.parseLong(argv[++i]) << 20;
                case "--exits" -> o.exitsOneByOne = Integer.parseInt(argv[++i]);
                case "--streams" -> o.streams = Integer.parseInt(argv[++i]);
                case "--results" -> o.results = Path.of(argv[++i]);
                case "--dir" -> o.dir = Path.of(argv[++i]);
                case "--scenarios" -> {
                    o.scenarios = new LinkedHashSet<>(List.of(argv[++i].split(",")));
                    if (!ALL.containsAll(o.scenarios)) {
                        throw new IllegalArgumentException("scenarios are " + String.join(",", ALL));
                    }
                }
                default -> throw new IllegalArgumentException("unknown argument " + argv[i]);
            }
        }
        return o;
    }

    /** A smoke run: every scenario, few samples (well under 3 minutes on a quiet machine). */
    private void quick() {
        quick = true;
        iterations = 5;
        warmup = 2;
        jitWarmup = 1000;
        concurrentTotal = 16;
        concurrentRounds = 1;
        concurrentWarmup = 1;
        throughputBytes = 256L << 20;
        throughputReps = 1;
        exitsOneByOne = 15;
        bursts = 1;
        streams = 20;
        streamBytes = 1L << 20;
    }

    boolean runs(String scenario) {
        return scenarios.contains(scenario);
    }

    static final String USAGE =
            "usage: bench [--quick] [--iterations N] [--warmup N] [--jit-warmup N] [--rounds N] [--throughput-mib N]"
                    + " [--concurrency N] [--lifecycles N] [--concurrent-warmup N]"
                    + " [--exits N] [--streams N] [--rpc-tap] [--runtime-binary crun] [--results DIR] [--dir TMPDIR] [--scenarios "
                    + String.join(",", ALL) + "]";
}
