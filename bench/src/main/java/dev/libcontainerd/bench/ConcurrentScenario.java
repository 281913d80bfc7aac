package dev.libcontainerd.bench;

import com.sun.management.OperatingSystemMXBean;
import dev.libcontainerd.Client;
import dev.libcontainerd.Stdio;
import dev.libcontainerd.oci.Spec;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
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
 * reports its children).
 */
final class ConcurrentScenario {
    private final Sides s;
    private final Options o;
    private final OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    ConcurrentScenario(Sides s, Options o) {
        this.s = s;
        this.o = o;
    }

    void run() throws Exception {
        Client plain = s.client(Bench.LIB_NS);
        Client grouped = s.client(Bench.LIB_GROUP_NS);
        String anchor = "cc-anchor";
        grouped.create(
                anchor, s.specs.grouped(SerialScenarios.GROUP, Bench.LIB_GROUP_NS, anchor, "sleep", "100000"), null);
        grouped.start(anchor, null, Stdio.none());
        ExecutorService pool = Executors.newFixedThreadPool(o.concurrency);
        System.out.printf("%-16s", "concurrent");
        try {
            // one unmeasured round of each side first: the JIT's first rounds are not what a service sees
            for (int r = -1; r < o.concurrentRounds; r++) {
                boolean measured = r >= 0;
                library(pool, plain, "concurrent", null, r, measured);
                ctr("concurrent", r, measured);
                library(pool, grouped, "concurrent-group", SerialScenarios.GROUP, r, measured);
                ctr("concurrent-group", r, measured);
                System.out.print(measured ? "." : "w");
            }
            System.out.println();
        } finally {
            pool.shutdownNow();
            s.stop(grouped, anchor);
        }
        String what = o.concurrentTotal + " lifecycles at concurrency " + o.concurrency;
        s.results.row(
                "concurrent",
                "4. " + what + " vs `xargs -P" + o.concurrency + " ctr run --rm`",
                "library",
                "ctr",
                "ms",
                90,
                Results.Bar.RATIO_AT_MOST,
                0.90);
        s.results.row(
                "concurrent",
                "4. client CPU per lifecycle (JVM process / ctr processes)",
                "library cpu",
                "ctr cpu",
                "ms",
                90,
                Results.Bar.NONE,
                0);
        s.results.row(
                "concurrent-group",
                "4. the same, shared shim, vs `xargs … ctr run --rm`",
                "library",
                "ctr",
                "ms",
                90,
                Results.Bar.RATIO_AT_MOST,
                0.70);
        s.results.row(
                "concurrent-group",
                "4. client CPU per lifecycle, shared shim",
                "library cpu",
                "ctr cpu",
                "ms",
                90,
                Results.Bar.NONE,
                0);
    }

    private void library(ExecutorService pool, Client c, String scenario, String group, int r, boolean measured)
            throws Exception {
        String ns = group == null ? Bench.LIB_NS : Bench.LIB_GROUP_NS;
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        List<Future<?>> all = new ArrayList<>();
        AtomicInteger lost = new AtomicInteger();
        for (int i = 0; i < o.concurrentTotal; i++) {
            String id = "cc" + (group == null ? "" : "g") + "-" + (r + 1) + "-" + i;
            Spec spec =
                    group == null ? s.specs.spec(ns, id, "echo", "hi") : s.specs.grouped(group, ns, id, "echo", "hi");
            all.add(pool.submit(() -> {
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
        double cpu = (os.getProcessCpuTime() - cpu0) / 1e6 / o.concurrentTotal;
        if (lost.get() > 0) {
            s.results.defect(String.format(
                    "%s, %s: %d of %d containers' output through Stdio.sink was not \"hi\\n\""
                            + " (the sink was closed without it)",
                    scenario, measured ? "round " + (r + 1) : "warm-up round", lost.get(), o.concurrentTotal));
        }
        if (measured) {
            s.results.add(scenario, "library", r, wall, "ms");
            s.results.add(scenario, "library cpu", r, cpu, "ms");
        }
    }

    private void ctr(String scenario, int r, boolean measured) throws Exception {
        String prefix = "xc" + (scenario.endsWith("group") ? "g" : "") + "-" + (r + 1) + "-";
        String ctr = String.join(
                " ",
                s.daemon.ctrCommand(
                        Bench.CTR_NS, "run", "--rm", "--env", SpecJson.PATH, "--rootfs", s.daemon.rootfs.toString()));
        // times: the shell's children's user and system CPU, i.e. xargs and every ctr it waited for
        String script = "seq 0 " + (o.concurrentTotal - 1) + " | xargs -P" + o.concurrency + " -I{} " + ctr + " "
                + prefix + "{} echo hi >/dev/null || exit 1; times";
        long t0 = System.nanoTime();
        Process p =
                new ProcessBuilder("sh", "-c", script).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        int rc = p.waitFor();
        double wall = Sides.ms(t0, System.nanoTime());
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
        }
    }

    /** "1m2.345s" (dash and bash's times) as seconds. */
    static double seconds(String t) {
        int m = t.indexOf('m');
        return Double.parseDouble(t.substring(0, m)) * 60 + Double.parseDouble(t.substring(m + 1, t.length() - 1));
    }
}
