package dev.libcontainerd.bench;

import dev.libcontainerd.Backend;
import dev.libcontainerd.Client;
import dev.libcontainerd.DirectIO;
import dev.libcontainerd.EventInfo;
import dev.libcontainerd.EventType;
import dev.libcontainerd.StdioCallback;
import dev.libcontainerd.oci.ProcessSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Library versus ctr, side by side against one private containerd, interleaved iteration by
 * iteration (ABBA order) so that machine noise hits both sides alike.
 *
 * <p>A plain wall-clock harness rather than JMH: one side is a whole ctr process (fork/exec, Go
 * runtime start, dial, RPCs, exit) measured from spawn to reap, which JMH cannot time inside the
 * JVM; and each sample is tens of milliseconds of mostly out-of-process work (shim, runc), where
 * JMH's protection against JIT artefacts buys nothing while its forking and blackholes would only
 * hide the pairing with ctr. Warm-up iterations (both sides) are run and discarded first.
 *
 * <pre>java -jar bench/target/bench.jar [--iterations 30] [--warmup 5] [--results bench/results]
 *     [--dir /tmp/lcdb.XXXX] [--scenarios lifecycle,exec] [--raw]</pre>
 *
 * <p>{@code --raw} adds, after each lifecycle pair, an unmeasured profiling run of the same RPCs
 * without the library ({@link RawGrpc}), reported with the library's phase breakdown.
 */
public final class Bench {
    static final String LIB_NS = "bench-lib";
    static final String CTR_NS = "bench-ctr";
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** One measured sample. */
    record Sample(String scenario, String side, int iteration, int order, double millis) {}

    /** Per-iteration breakdown of one library lifecycle or exec, ms since the iteration began. */
    record Phases(String scenario, int iteration, Map<String, Double> marks, double exitEventLagMs) {}

    private final PrivateContainerd daemon;
    private final SpecJson specs;
    private final Events backend = new Events();
    private final ExecutorService drains = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "bench-drain");
        t.setDaemon(true);
        return t;
    });
    private final Client client;
    private final Path stateDir;
    final List<Sample> samples = new ArrayList<>();
    final List<Phases> phases = new ArrayList<>();

    Bench(PrivateContainerd daemon) throws IOException, InterruptedException {
        this.daemon = daemon;
        this.specs = new SpecJson(daemon.rootfs);
        this.stateDir = daemon.dir.resolve("ls");
        this.client = Client.create(daemon.containerd, stateDir, LIB_NS, backend);
    }

    public static void main(String[] argv) throws Exception {
        System.setProperty("java.awt.headless", "true");
        int iterations = 30;
        int warmup = 5;
        Path results = Path.of("bench/results");
        Path dir = null;
        String scenarios = "lifecycle,exec";
        boolean raw = false;
        for (int i = 0; i < argv.length; i++) {
            switch (argv[i]) {
                case "--iterations" -> iterations = Integer.parseInt(argv[++i]);
                case "--warmup" -> warmup = Integer.parseInt(argv[++i]);
                case "--results" -> results = Path.of(argv[++i]);
                case "--dir" -> dir = Path.of(argv[++i]);
                case "--scenarios" -> scenarios = argv[++i];
                case "--raw" -> raw = true;
                case "--replot" -> {
                    // redraw bench.png from a results dir's samples.csv, without containerd
                    Path d = Path.of(argv[++i]);
                    List<Sample> ss = new ArrayList<>();
                    for (String l : Files.readAllLines(d.resolve("samples.csv")).subList(1, Files.readAllLines(d.resolve("samples.csv")).size())) {
                        String[] f = l.split(",");
                        ss.add(new Sample(f[0], f[1], Integer.parseInt(f[2]), Integer.parseInt(f[3]), Double.parseDouble(f[4])));
                    }
                    Chart.write(new Report(ss, List.of()), d.resolve("bench.png"));
                    return;
                }
                default -> {
                    System.err.println("usage: bench [--iterations N] [--warmup N] [--results DIR] [--dir TMPDIR]"
                            + " [--scenarios lifecycle,exec] [--raw]");
                    System.exit(2);
                }
            }
        }
        if (dir == null) {
            dir = Files.createTempDirectory(Path.of("/tmp"), "lcdb");
        }
        System.out.printf("private containerd under %s; %d warm-up + %d measured iterations per side%n",
                dir, warmup, iterations);
        Report report;
        try (PrivateContainerd daemon = PrivateContainerd.start(dir)) {
            System.out.println("containerd " + daemon.containerd.version().version() + ", "
                    + daemon.ctr(CTR_NS, "version").lines().filter(l -> l.contains("Version")).findFirst()
                            .orElse("?").trim() + " (ctr)");
            Bench b = new Bench(daemon);
            if (raw) {
                b.raw = new RawGrpc(daemon.containerd.connection(), b.specs);
            }
            try {
                b.fixedCosts(10);
                if (scenarios.contains("lifecycle")) {
                    b.lifecycle(warmup, iterations);
                }
                if (scenarios.contains("exec")) {
                    b.exec(warmup, iterations);
                }
            } finally {
                b.close();
            }
            report = new Report(b.samples, b.phases);
        } finally {
            PrivateContainerd.removeCgroups(LIB_NS);
            PrivateContainerd.removeCgroups(CTR_NS);
            PrivateContainerd.removeCgroups(RawGrpc.NS);
        }
        report.print(System.out);
        report.write(results);
        System.out.println("results written to " + results.toAbsolutePath());
    }

    /** What any ctr invocation costs before containerd does real work, and what spawning costs. */
    void fixedCosts(int n) throws Exception {
        for (int i = 0; i < n + 2; i++) {
            double spawn = timeProcess(new String[] {"/bin/true"}, null);
            double version = timeProcess(daemon.ctrCommand(CTR_NS, "version"), null);
            if (i >= 2) {
                samples.add(new Sample("fixed", "spawn /bin/true", i - 2, 0, spawn));
                samples.add(new Sample("fixed", "ctr version", i - 2, 0, version));
            }
        }
    }

    // ---------------------------------------------------------------- lifecycle

    RawGrpc raw;

    void lifecycle(int warmup, int n) throws Exception {
        System.out.print("lifecycle ");
        for (int i = 0; i < warmup + n; i++) {
            boolean measured = i >= warmup;
            int it = i - warmup;
            // ABBA: alternate which side goes first, so neither always runs right after the other
            if (i % 2 == 0) {
                record(measured, "lifecycle", "library", it, 0, libraryLifecycle(i, measured));
                record(measured, "lifecycle", "ctr", it, 1, ctrLifecycle(i));
            } else {
                record(measured, "lifecycle", "ctr", it, 0, ctrLifecycle(i));
                record(measured, "lifecycle", "library", it, 1, libraryLifecycle(i, measured));
            }
            if (raw != null) {
                // profiling only, after the measured pair: the same RPCs without the library
                Map<String, Double> m = raw.lifecycle("raw-" + i);
                if (measured) {
                    phases.add(new Phases("raw gRPC lifecycle", i, m, Double.NaN));
                }
            }
            System.out.print(measured ? "." : "w");
        }
        System.out.println();
    }

    private double libraryLifecycle(int i, boolean measured) throws Exception {
        String id = "lib-" + i;
        long t0 = System.nanoTime();
        client.create(id, specs.spec(LIB_NS, id, "echo", "hi"), null);
        long created = System.nanoTime();
        Drain out = new Drain();
        client.start(id, null, false, out);
        long started = System.nanoTime();
        Events.Seen exit = backend.exit(id, id).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        long woke = System.nanoTime();
        String stdout = out.await();
        long eof = System.nanoTime();
        client.deleteTask(id);
        long taskDeleted = System.nanoTime();
        client.delete(id);
        long end = System.nanoTime();
        if (!stdout.equals("hi\n")) {
            throw new IllegalStateException("library container printed " + stdout);
        }
        if (exit.info().exitCode() != 0) {
            throw new IllegalStateException("library container exited " + exit.info().exitCode());
        }
        if (measured) {
            Map<String, Double> m = new LinkedHashMap<>();
            m.put("create (Containers.Create)", ms(t0, created));
            Long createEv = backend.seen(id, EventType.CREATE);
            Long startEv = backend.seen(id, EventType.START);
            m.put("start: CREATE event arrives", createEv == null ? Double.NaN : ms(t0, createEv));
            m.put("start: START event arrives", startEv == null ? Double.NaN : ms(t0, startEv));
            m.put("start returns (fifos, Tasks.Create, Tasks.Start)", ms(t0, started));
            m.put("EXIT event reaches backend", ms(t0, exit.nanos()));
            m.put("waiter wakes", ms(t0, woke));
            m.put("stdout EOF", ms(t0, eof));
            m.put("deleteTask returns (Tasks.Get, Tasks.Delete)", ms(t0, taskDeleted));
            m.put("delete returns (Tasks.Get, Containers.Delete)", ms(t0, end));
            phases.add(new Phases("lifecycle", i, m, exit.lagMs()));
        }
        backend.forget(id);
        return ms(t0, end);
    }

    private double ctrLifecycle(int i) throws Exception {
        String[] cmd = daemon.ctrCommand(CTR_NS, "run", "--rm", "--env", SpecJson.PATH, "--rootfs", daemon.rootfs.toString(),
                "ctr-" + i, "echo", "hi");
        return timeProcess(cmd, "hi\n");
    }

    // ---------------------------------------------------------------- exec

    void exec(int warmup, int n) throws Exception {
        String libBox = "lib-sleeper";
        String ctrBox = "ctr-sleeper";
        client.create(libBox, specs.spec(LIB_NS, libBox, "sleep", "1000"), null);
        client.start(libBox, null, false, new Drain());
        daemon.ctr(CTR_NS, "run", "-d", "--null-io", "--env", SpecJson.PATH, "--rootfs", daemon.rootfs.toString(), ctrBox, "sleep", "1000");
        try {
            System.out.print("exec      ");
            for (int i = 0; i < warmup + n; i++) {
                boolean measured = i >= warmup;
                int it = i - warmup;
                if (i % 2 == 0) {
                    record(measured, "exec", "library", it, 0, libraryExec(libBox, i, measured));
                    record(measured, "exec", "ctr", it, 1, ctrExec(ctrBox, i));
                } else {
                    record(measured, "exec", "ctr", it, 0, ctrExec(ctrBox, i));
                    record(measured, "exec", "library", it, 1, libraryExec(libBox, i, measured));
                }
                System.out.print(measured ? "." : "w");
            }
            System.out.println();
        } finally {
            stopLibraryContainer(libBox);
            daemon.ctr(CTR_NS, "task", "kill", "-s", "SIGKILL", ctrBox);
            for (int k = 0; k < 100 && daemon.ctr(CTR_NS, "task", "ls").contains("RUNNING"); k++) {
                Thread.sleep(20);
            }
            daemon.ctr(CTR_NS, "task", "delete", ctrBox);
            daemon.ctr(CTR_NS, "container", "delete", ctrBox);
        }
    }

    private double libraryExec(String box, int i, boolean measured) throws Exception {
        String execId = "x" + i;
        Path lastFifo = stateDir.resolve(box).resolve(execId + "-stderr");
        long t0 = System.nanoTime();
        ProcessSpec p = specs.process("true");
        Drain out = new Drain();
        client.exec(box, execId, p, false, out);
        long started = System.nanoTime();
        Events.Seen exit = backend.exit(box, execId).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        long woke = System.nanoTime();
        out.await();
        long eof = System.nanoTime();
        // The library deletes the exec (Tasks.DeleteProcess) and then its FIFOs right after the
        // backend handled the EXIT; the last FIFO's removal marks the end of that cleanup.
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (Files.exists(lastFifo)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("exec " + execId + " was not cleaned up");
            }
            LockSupport.parkNanos(20_000);
        }
        long end = System.nanoTime();
        if (exit.info().exitCode() != 0) {
            throw new IllegalStateException("exec exited " + exit.info().exitCode());
        }
        if (measured) {
            Map<String, Double> m = new LinkedHashMap<>();
            Long added = backend.seen(box + "/" + execId, EventType.EXEC_ADDED);
            m.put("exec: EXEC_ADDED event arrives", added == null ? Double.NaN : ms(t0, added));
            m.put("exec returns (fifos, Tasks.Exec, Tasks.Start)", ms(t0, started));
            m.put("EXIT event reaches backend", ms(t0, exit.nanos()));
            m.put("waiter wakes", ms(t0, woke));
            m.put("stdout EOF", ms(t0, eof));
            m.put("cleanup done (Tasks.DeleteProcess, fifos removed)", ms(t0, end));
            phases.add(new Phases("exec", i, m, exit.lagMs()));
        }
        backend.forget(box + "/" + execId);
        return ms(t0, end);
    }

    private double ctrExec(String box, int i) throws Exception {
        return timeProcess(daemon.ctrCommand(CTR_NS, "task", "exec", "--exec-id", "c" + i, box, "true"), "");
    }

    private void stopLibraryContainer(String id) throws Exception {
        try {
            client.signalProcess(id, Client.INIT_PROCESS_NAME, 9);
            backend.exit(id, id).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            client.deleteTask(id);
            client.delete(id);
        } catch (RuntimeException e) {
            System.err.println("cleanup of " + id + ": " + e);
        }
    }

    // ---------------------------------------------------------------- helpers

    private void record(boolean measured, String scenario, String side, int it, int order, double ms) {
        if (measured) {
            samples.add(new Sample(scenario, side, it, order, ms));
        }
    }

    /** Wall time of a whole process, spawn to reap, reading its output as a user's shell would. */
    private static double timeProcess(String[] cmd, String expectOut) throws Exception {
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        int rc = p.waitFor();
        long end = System.nanoTime();
        String s = new String(out, StandardCharsets.UTF_8);
        if (rc != 0 || (expectOut != null && !s.equals(expectOut))) {
            throw new IllegalStateException(String.join(" ", cmd) + " exited " + rc + ": " + s);
        }
        return ms(t0, end);
    }

    static double ms(long from, long to) {
        return (to - from) / 1e6;
    }

    void close() {
        client.close();
        drains.shutdownNow();
    }

    /** Copies stdout and stderr to memory until EOF on drain threads, as a user's callback would. */
    final class Drain implements StdioCallback {
        private final CompletableFuture<String> out = new CompletableFuture<>();
        private final CompletableFuture<String> err = new CompletableFuture<>();

        @Override
        public void attach(DirectIO io) {
            copy(io.stdout(), out);
            if (io.stderr() != null) {
                copy(io.stderr(), err);
            } else {
                err.complete("");
            }
        }

        private void copy(InputStream in, CompletableFuture<String> to) {
            drains.execute(() -> {
                try {
                    to.complete(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                } catch (IOException e) {
                    to.completeExceptionally(e);
                }
            });
        }

        /** stdout once both streams reached EOF. */
        String await() throws Exception {
            err.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            return out.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
    }

    /** The backend: remembers when each event arrived and completes the waiters of exits. */
    static final class Events implements Backend {
        record Seen(EventInfo info, long nanos, double lagMs) {}

        private final Map<String, CompletableFuture<Seen>> exits = new ConcurrentHashMap<>();
        private final Map<String, Long> seen = new ConcurrentHashMap<>();

        @Override
        public void processEvent(String containerId, EventType type, EventInfo info) {
            long now = System.nanoTime();
            Instant wall = Instant.now();
            String key = info.processId() == null || info.processId().equals(containerId)
                    ? containerId : containerId + "/" + info.processId();
            seen.putIfAbsent(key + "#" + type, now);
            if (type == EventType.EXIT) {
                double lag = info.exitedAt() == null ? Double.NaN
                        : Duration.between(info.exitedAt(), wall).toNanos() / 1e6;
                exit(containerId, info.processId()).complete(new Seen(info, now, lag));
            }
        }

        CompletableFuture<Seen> exit(String containerId, String processId) {
            return exits.computeIfAbsent(containerId + "/" + processId, k -> new CompletableFuture<>());
        }

        Long seen(String key, EventType type) {
            return seen.get(key + "#" + type);
        }

        void forget(String key) {
            seen.keySet().removeIf(k -> k.startsWith(key + "#"));
            exits.keySet().removeIf(k -> k.equals(key + "/" + key) || k.equals(key));
        }
    }
}
