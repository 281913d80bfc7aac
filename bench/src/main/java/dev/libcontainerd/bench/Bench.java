package dev.libcontainerd.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The library against ctr on one private containerd, every scenario of issue 14 in one run:
 * each as ours / ctr / ratio / bar / met over repeated runs (see {@link Report}).
 *
 * <p>A wall-clock harness rather than JMH for everything that involves containerd: one side is a
 * whole ctr process (fork/exec, Go runtime start, dial, RPCs, exit) measured from spawn to reap,
 * which JMH cannot time inside the JVM, and each sample is tens of milliseconds of mostly
 * out-of-process work (shim, runc), where JMH's protection against JIT artefacts buys nothing.
 * JMH measures the in-process parts ({@link Jmh}). Everything here uses only the library's public
 * API ({@code dev.libcontainerd}, {@code .oci}, {@code .supervisor}).
 *
 * <pre>java -jar bench/target/bench.jar [--quick] [--iterations 30] [--warmup 5] [--results DIR]
 *     [--scenarios lifecycle,group,exec,concurrent,throughput,exits,streams,pull,jmh] ...</pre>
 */
public final class Bench {
    static final String LIB_NS = "bench-lib";
    static final String CTR_NS = "bench-ctr";
    static final String LIB_GROUP_NS = "bench-lib-grp";
    static final String CTR_GROUP_NS = "bench-ctr-grp";
    /** Scenario 7's own client, so that its threads can be told from the other clients'. */
    static final String STREAMS_NS = "bench-lib-st";

    static final List<String> NAMESPACES = List.of(LIB_NS, CTR_NS, LIB_GROUP_NS, CTR_GROUP_NS, STREAMS_NS);
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private Bench() {}

    /** A scenario's body. */
    @FunctionalInterface
    private interface Body {
        void run() throws Exception;
    }

    public static void main(String[] argv) throws Exception {
        System.setProperty("java.awt.headless", "true");
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        Options o;
        try {
            o = Options.parse(argv);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(Options.USAGE);
            System.exit(2);
            return;
        }
        Path dir = o.dir != null ? o.dir : Files.createTempDirectory(Path.of("/tmp"), "lcdb");
        Results results = new Results();
        List<String> failures = new ArrayList<>();
        StringBuilder header = new StringBuilder();
        line(
                header,
                "Run %s, %s mode (%d warm-up + %d measured iterations for 1–3), %d cores, load average %s at start",
                Instant.now().truncatedTo(ChronoUnit.SECONDS),
                o.quick ? "quick (smoke, not for numbers)" : "full",
                o.warmup,
                o.iterations,
                Runtime.getRuntime().availableProcessors(),
                loadAverage());
        long start = System.nanoTime();
        try (BenchDaemon daemon = BenchDaemon.start(dir, o.rpcTap);
                CtrEvents events = CtrEvents.start(daemon)) {
            line(
                    header,
                    "containerd %s, %s, %s, Java %s",
                    daemon.containerd.version().version(),
                    firstLine("runc", "--version"),
                    firstLine("ctr", "--version"),
                    System.getProperty("java.version"));
            System.out.print(header);
            SpecJson specs = new SpecJson(daemon.rootfs);
            try (Sides s = new Sides(daemon, specs, events, results)) {
                fixedCosts(s);
                jitWarmup(o, daemon, results);
                SerialScenarios serial = new SerialScenarios(s, o);
                scenario(o, "lifecycle", failures, daemon.tap, serial::lifecycle);
                scenario(o, "group", failures, daemon.tap, serial::groupLifecycle);
                scenario(o, "exec", failures, daemon.tap, serial::exec);
                scenario(o, "concurrent", failures, daemon.tap, new ConcurrentScenario(s, o)::run);
                scenario(o, "throughput", failures, daemon.tap, new ThroughputScenario(s, o)::run);
                scenario(o, "exits", failures, daemon.tap, new ExitLatencyScenario(s, o)::run);
                scenario(o, "streams", failures, daemon.tap, new ManyStreamsScenario(s, o)::run);
            }
        }
        // its own daemon and registry: a cold content store that the other scenarios never touch
        scenario(o, "pull", failures, null, () -> PullBench.scenario(o, dir, results));
        Path jmh = null;
        if (o.runs("jmh")) {
            System.out.println("jmh             (Spec JSON encode/decode, forked JVM)");
            Files.createDirectories(o.results);
            jmh = Jmh.run(o);
        }
        line(
                header,
                "Load average %s at the end; the run took %.0f s.",
                loadAverage(),
                (System.nanoTime() - start) / 1e9);
        failures.forEach(f -> results.note("FAILED: " + f));
        Report report = new Report(results, header.toString());
        report.print(System.out);
        report.write(o.results, jmh);
        System.out.println("results written to " + o.results.toAbsolutePath());
        if (!failures.isEmpty() || !results.defects.isEmpty()) {
            System.exit(1);
        }
    }

    /** Runs one scenario if asked for; a failure is reported and the run goes on with the next. */
    private static void scenario(Options o, String name, List<String> failures, RpcTap tap, Body body) {
        if (!o.runs(name)) {
            return;
        }
        if (tap != null) {
            tap.drain(); // the calls of set-up and earlier scenarios
        }
        try {
            body.run();
        } catch (Exception | Error e) {
            System.out.println();
            System.err.println("scenario " + name + " failed:");
            e.printStackTrace();
            failures.add(name + ": " + e);
        }
        if (tap != null) {
            try {
                String table = RpcTap.summary(tap.drain(), o.results.resolve("rpc-" + name + ".csv"));
                Files.writeString(o.results.resolve("rpc-" + name + ".md"), table);
                System.out.println("gRPC calls of " + name + " (through the tap, both sides):");
                System.out.print(table);
            } catch (IOException e) {
                System.err.println("rpc tap: " + e);
            }
        }
    }

    /**
     * Warms the JIT on the gRPC call path before anything is measured. A call of a JVM that has
     * made only a few hundred is 2-4 ms slower than one of a warm JVM (Containerd.version() after
     * 50 ms idle: 2.8-4.0 ms p50 cold, 0.77 ms after 20000 calls), which is what a long-running
     * host sees; ctr is compiled ahead of time.
     */
    private static void jitWarmup(Options o, BenchDaemon daemon, Results results) {
        long t0 = System.nanoTime();
        for (int i = 0; i < o.jitWarmup; i++) {
            daemon.containerd.version();
        }
        results.note(String.format(
                Locale.ROOT,
                "JIT warm-up: %d gRPC calls (Version) in %.1f s before the scenarios (--jit-warmup N)",
                o.jitWarmup,
                (System.nanoTime() - t0) / 1e9));
    }

    /** What spawning a process, and any ctr invocation before containerd does real work, costs. */
    private static void fixedCosts(Sides s) throws Exception {
        List<Double> spawn = new ArrayList<>();
        List<Double> version = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            double a = Sides.timeProcess(new String[] {"/bin/true"}, null);
            double b = Sides.timeProcess(s.daemon.ctrCommand(CTR_NS, "version"), null);
            if (i >= 2) {
                spawn.add(a);
                version.add(b);
            }
        }
        s.results.note(String.format(
                Locale.ROOT,
                "fixed costs (p50): spawning /bin/true %.1f ms, `ctr version` %.1f ms",
                Stats.of(spawn).p50(),
                Stats.of(version).p50()));
    }

    private static void line(StringBuilder b, String format, Object... args) {
        b.append(String.format(Locale.ROOT, format, args)).append('\n');
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (Exception e) {
            return "?";
        }
    }

    private static String firstLine(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes())
                    .lines()
                    .findFirst()
                    .orElse("?");
            p.waitFor();
            return out.trim();
        } catch (Exception e) {
            return cmd[0] + " ?";
        }
    }
}
