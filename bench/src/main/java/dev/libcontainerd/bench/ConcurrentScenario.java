package dev.libcontainerd.bench;

import dev.libcontainerd.Client;
import dev.libcontainerd.Stdio;
import dev.libcontainerd.oci.Spec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * 4. Many at once: N lifecycles at concurrency C through one {@link Client} (each container's
 * output read through {@link Stdio#sink}, the path meant for many containers) against {@code
 * xargs -P C} running {@code ctr run --rm}; with and without a shared shim. Per round: wall time
 * of the whole batch, and the client's CPU per lifecycle (this JVM's process CPU time, every
 * thread and the JIT included; for ctr, the CPU of its processes as the shell's {@code times}
 * reports its children), and the whole machine's CPU per lifecycle ({@code /proc/stat}: client,
 * containerd, shims, runc and kernel). When the cores are saturated, the machine's CPU less the
 * client's is what no client can save: it bounds the ratio any client could reach.
 */
final class ConcurrentScenario {
    private final Sides s;
    private final Options o;

    ConcurrentScenario(Sides s, Options o) {
        this.s = s;
        this.o = o;
    }

    void run() throws Exception {
        Client plain = s.client(Bench.LIB_NS);
        Client grouped = s.client(Bench.LIB_GROUP_NS);
        // One shim runs its containers' creates one at a time (the runc shim's service lock), so
        // a single group at concurrency C queues C creates in one process: the grouped side gives
        // each worker a group of its own (C shims, kept alive by an anchor each, as C pods'
        // sandboxes would), and the single group is measured too, for information.
        List<String> anchors = new ArrayList<>();
        for (int k = 0; k <= o.concurrency; k++) {
            String anchor = "cc-anchor-" + k;
            String group = k == o.concurrency ? SerialScenarios.GROUP : workerGroup(k);
            grouped.create(anchor, s.specs.grouped(group, Bench.LIB_GROUP_NS, anchor, "sleep", "100000"), null);
            grouped.start(anchor, null, Stdio.none());
            anchors.add(anchor);
        }
        AtomicInteger workers = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(o.concurrency, r -> {
            int k = workers.getAndIncrement();
            Thread t = new Thread(() -> {
                WORKER.set(k);
                r.run();
            });
            t.setName("bench-worker-" + k);
            return t;
        });
        System.out.printf("%-16s", "concurrent");
        try {
            // unmeasured rounds first (--concurrent-warmup): a service does not live in the JIT's first rounds
            for (int r = -o.concurrentWarmup; r < o.concurrentRounds; r++) {
                boolean measured = r >= 0;
                library(pool, plain, "concurrent", Grouping.NONE, r, measured);
                ctr("concurrent", r, measured);
                library(pool, grouped, "concurrent-group", Grouping.PER_WORKER, r, measured);
                library(pool, grouped, "concurrent-onegroup", Grouping.ONE, r, measured);
                ctr("concurrent-group", r, measured, "concurrent-onegroup");
                System.out.print(measured ? "." : "w");
            }
            System.out.println();
        } finally {
            pool.shutdownNow();
            anchors.forEach(a -> s.stop(grouped, a));
        }
        String what = o.concurrentTotal + " lifecycles at concurrency " + o.concurrency;
        msRow("concurrent", "4. " + what + " vs `xargs -P" + o.concurrency + " ctr run --rm`", "", 0.90);
        msRow("concurrent", "4. client CPU per lifecycle (JVM process / ctr processes)", " cpu", 0);
        msRow("concurrent", "4. machine CPU per lifecycle (all processes; cores busy in the notes)", " machine", 0);
        msRow(
                "concurrent-group",
                "4. the same, shared shims (a group per worker: " + o.concurrency
                        + " shims), vs `xargs … ctr run --rm`",
                "",
                0.70);
        msRow(
                "concurrent-onegroup",
                "4. (info) the same, all " + o.concurrentTotal + " in one shim group (one shim)",
                "",
                0);
        msRow("concurrent-group", "4. client CPU per lifecycle, shared shims", " cpu", 0);
        msRow("concurrent-group", "4. machine CPU per lifecycle, shared shims", " machine", 0);
        for (String scenario : List.of("concurrent", "concurrent-group")) {
            String floor = floor(scenario);
            if (floor != null) {
                s.results.note(floor);
                s.results.note(byThread(scenario));
            }
        }
    }

    /**
     * A row of milliseconds, library against ctr: the series {@code "library" + series} and {@code
     * "ctr" + series}, with a ratio bar when {@code bar > 0}.
     */
    private void msRow(String scenario, String label, String series, double bar) {
        s.results.row(
                scenario,
                label,
                "library" + series,
                "ctr" + series,
                "ms",
                90,
                bar > 0 ? Results.Bar.RATIO_AT_MOST : Results.Bar.NONE,
                bar);
    }

    /** The client's CPU per lifecycle split by the kind of JVM thread that spent it (medians). */
    private String byThread(String scenario) {
        StringBuilder b = new StringBuilder(scenario + ": client CPU per lifecycle by JVM thread (p50 ms):");
        for (String kind : JvmCpu.KINDS) {
            b.append(String.format(" %s %.1f", kind, s.results.median(scenario, "library cpu " + kind)));
        }
        return b.toString();
    }

    /**
     * What the machine's CPU says about the bar: the library side's machine CPU less its own
     * client CPU, against ctr's machine CPU, is the ratio a client costing nothing would reach if
     * the cores stay saturated.
     */
    private String floor(String scenario) {
        double libMachine = s.results.median(scenario, "library machine");
        double libCpu = s.results.median(scenario, "library cpu");
        double ctrMachine = s.results.median(scenario, "ctr machine");
        double libBusy = s.results.median(scenario, "library cores");
        double ctrBusy = s.results.median(scenario, "ctr cores");
        if (Double.isNaN(libMachine) || Double.isNaN(ctrMachine) || ctrMachine <= 0) {
            return null;
        }
        return String.format(
                "%s: cores busy %.2f (library) / %.2f (ctr) of %d; machine CPU per lifecycle %.1f / %.1f ms;"
                        + " without the client's own %.1f ms: %.1f ms, %.3f of ctr's machine CPU"
                        + " (the ratio a client costing no CPU would reach with the cores saturated)",
                scenario,
                libBusy,
                ctrBusy,
                Runtime.getRuntime().availableProcessors(),
                libMachine,
                ctrMachine,
                libCpu,
                libMachine - libCpu,
                (libMachine - libCpu) / ctrMachine);
    }

    /** Which shim group a lifecycle's container joins. */
    private enum Grouping {
        NONE,
        PER_WORKER,
        ONE
    }

    private static final ThreadLocal<Integer> WORKER = new ThreadLocal<>();

    private static String workerGroup(int k) {
        return SerialScenarios.GROUP + "-w" + k;
    }

    private void library(ExecutorService pool, Client c, String scenario, Grouping grouping, int r, boolean measured)
            throws Exception {
        String ns = grouping == Grouping.NONE ? Bench.LIB_NS : Bench.LIB_GROUP_NS;
        JvmCpu.Snapshot threads0 = JvmCpu.snapshot();
        double machine0 = CpuTimes.machineBusy();
        long t0 = System.nanoTime();
        List<Future<?>> all = new ArrayList<>();
        AtomicInteger lost = new AtomicInteger();
        for (int i = 0; i < o.concurrentTotal; i++) {
            String id = "cc" + grouping.name().charAt(0) + "-" + (r + o.concurrentWarmup) + "-" + i;
            all.add(pool.submit(() -> {
                Spec spec = switch (grouping) {
                    case NONE -> s.specs.spec(ns, id, "echo", "hi");
                    case ONE -> s.specs.grouped(SerialScenarios.GROUP, ns, id, "echo", "hi");
                    case PER_WORKER -> s.specs.grouped(workerGroup(WORKER.get()), ns, id, "echo", "hi");
                };
                c.create(id, spec, null);
                Sides.Collect out = new Sides.Collect();
                c.start(id, null, Stdio.sink(out));
                Watch.Exit exit = s.watch.await(id, null);
                String stdout = out.await();
                c.deleteTask(id);
                c.delete(id);
                if (exit.info().exitCode() != 0) {
                    throw new IllegalStateException(
                            id + " exited " + exit.info().exitCode());
                }
                if (!stdout.equals("hi\n")) {
                    lost.incrementAndGet();
                }
                s.events.forget(ns, id);
                return null;
            }));
        }
        for (Future<?> f : all) {
            f.get();
        }
        double wall = Sides.ms(t0, System.nanoTime());
        double machine = CpuTimes.machineBusy() - machine0;
        Map<String, Double> threads = JvmCpu.since(threads0);
        // the kinds add up to the process's CPU time ("ended" is the rest of it)
        double cpu = threads.values().stream().mapToDouble(Double::doubleValue).sum() / o.concurrentTotal;
        if (lost.get() > 0) {
            s.results.defect(String.format(
                    "%s, %s: %d of %d containers' output through Stdio.sink was not \"hi\\n\""
                            + " (the sink was closed without it)",
                    scenario, measured ? "round " + (r + 1) : "warm-up round", lost.get(), o.concurrentTotal));
        }
        if (measured) {
            s.results.add(scenario, "library", r, wall, "ms");
            s.results.add(scenario, "library cpu", r, cpu, "ms");
            s.results.add(scenario, "library machine", r, machine / o.concurrentTotal, "ms");
            s.results.add(scenario, "library cores", r, machine / wall, "");
            threads.forEach(
                    (kind, ms) -> s.results.add(scenario, "library cpu " + kind, r, ms / o.concurrentTotal, "ms"));
        }
    }

    /** Runs the ctr batch once; its numbers also count for {@code alsoFor} (the same comparison). */
    private void ctr(String scenario, int r, boolean measured, String... alsoFor) throws Exception {
        String prefix = "xc" + (scenario.endsWith("group") ? "g" : "") + "-" + (r + o.concurrentWarmup) + "-";
        String ctr = String.join(
                " ",
                s.daemon.ctrCommand(
                        Bench.CTR_NS, "run", "--rm", "--env", SpecJson.PATH, "--rootfs", s.daemon.rootfs.toString()));
        // times: the shell's children's user and system CPU, i.e. xargs and every ctr it waited for
        String script = "seq 0 " + (o.concurrentTotal - 1) + " | xargs -P" + o.concurrency + " -I{} " + ctr + " "
                + prefix + "{} echo hi >/dev/null || exit 1; times";
        double machine0 = CpuTimes.machineBusy();
        long t0 = System.nanoTime();
        Process p =
                new ProcessBuilder("sh", "-c", script).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        int rc = p.waitFor();
        double wall = Sides.ms(t0, System.nanoTime());
        double machine = CpuTimes.machineBusy() - machine0;
        if (rc != 0) {
            throw new IllegalStateException("xargs ctr run failed: " + out);
        }
        String[] children =
                out.strip().lines().reduce((a, b) -> b).orElseThrow().trim().split("\\s+");
        double cpu = (seconds(children[0]) + seconds(children[1])) * 1000 / o.concurrentTotal;
        for (int i = 0; i < o.concurrentTotal; i++) {
            s.events.forget(Bench.CTR_NS, prefix + i);
        }
        if (measured) {
            s.results.add(scenario, "ctr", r, wall, "ms");
            s.results.add(scenario, "ctr cpu", r, cpu, "ms");
            s.results.add(scenario, "ctr machine", r, machine / o.concurrentTotal, "ms");
            s.results.add(scenario, "ctr cores", r, machine / wall, "");
            for (String other : alsoFor) {
                s.results.add(other, "ctr", r, wall, "ms");
            }
        }
    }

    /** "1m2.345s" (dash and bash's times) as seconds. */
    static double seconds(String t) {
        int m = t.indexOf('m');
        return Double.parseDouble(t.substring(0, m)) * 60 + Double.parseDouble(t.substring(m + 1, t.length() - 1));
    }
}
