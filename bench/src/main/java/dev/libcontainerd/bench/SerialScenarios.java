package dev.libcontainerd.bench;

import dev.libcontainerd.Client;
import dev.libcontainerd.RuntimeOptions;
import dev.libcontainerd.Stdio;
import dev.libcontainerd.oci.Spec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Scenarios 1–3: one lifecycle or exec at a time, library and ctr interleaved iteration by
 * iteration in ABBA order so that machine noise hits both sides alike; warm-up iterations of both
 * sides are run and discarded first.
 */
final class SerialScenarios {
    static final String GROUP = "bench-g";
    private final Sides s;
    private final Options o;

    SerialScenarios(Sides s, Options o) {
        this.s = s;
        this.o = o;
    }

    /** An operation timed once; returns ms. */
    @FunctionalInterface
    interface Timed {
        double run(int i, boolean measured) throws Exception;
    }

    /** Runs the sides in turn, rotating which goes first, and keeps the measured samples. */
    private void interleave(String scenario, List<String> sides, List<Timed> ops) throws Exception {
        System.out.printf("%-16s", scenario);
        for (int i = 0; i < o.warmup + o.iterations; i++) {
            boolean measured = i >= o.warmup;
            for (int k = 0; k < sides.size(); k++) {
                int j = (i + k) % sides.size();
                double ms = ops.get(j).run(i, measured);
                if (measured) {
                    s.results.add(scenario, sides.get(j), i - o.warmup, ms, "ms");
                }
            }
            System.out.print(measured ? "." : "w");
        }
        System.out.println();
    }

    /** 1. create → start → EXIT → deleteTask → delete against {@code ctr run --rm}. */
    void lifecycle() throws Exception {
        Client c = s.client(Bench.LIB_NS);
        interleave(
                "lifecycle",
                List.of("library", "ctr"),
                List.of(
                        (i, m) -> libraryLifecycle(c, "lifecycle", Bench.LIB_NS, "lib-" + i, null, i, m),
                        (i, m) -> ctrLifecycle("lifecycle", Bench.CTR_NS, "ctr-" + i, List.of(), i, m)));
        s.results.row(
                "lifecycle",
                "1. lifecycle vs `ctr run --rm`",
                "library",
                "ctr",
                "ms",
                90,
                Results.Bar.RATIO_AT_MOST,
                0.90);
    }

    /**
     * 2. The same lifecycle with every container in one shim group, kept alive by an anchor
     * container (as a pod's sandbox keeps CRI's shim), against plain {@code ctr run --rm}; ctr in
     * the same kind of group is run too, for information.
     */
    void groupLifecycle() throws Exception {
        Client c = s.client(Bench.LIB_GROUP_NS);
        String anchor = "lib-anchor";
        c.create(anchor, s.specs.grouped(GROUP, Bench.LIB_GROUP_NS, anchor, "sleep", "100000"), runtimeOptions());
        c.start(anchor, null, Stdio.none());
        List<String> grp = List.of("--annotation", SpecJson.GROUP + "=" + GROUP);
        List<String> anchorFlags = new ArrayList<>(grp);
        anchorFlags.addAll(runtimeFlags());
        s.ctrDetached(Bench.CTR_GROUP_NS, "ctr-anchor", anchorFlags, "sleep", "100000");
        try {
            checkOneShim(c);
            List<String> sides = new ArrayList<>(List.of("library", "ctr", "ctr-group"));
            List<Timed> ops = new ArrayList<>(List.of(
                    (i, m) -> libraryLifecycle(c, "lifecycle-group", Bench.LIB_GROUP_NS, "lg-" + i, GROUP, i, m),
                    (i, m) -> ctrLifecycle("lifecycle-group", Bench.CTR_NS, "cg-" + i, List.of(), i, m),
                    (i, m) -> ctrLifecycle("lifecycle-group", Bench.CTR_GROUP_NS, "cgg-" + i, grp, i, m)));
            if (o.runtimeBinary != null) {
                // the bar's own reference: plain ctr run --rm with runc
                sides.add("ctr-runc");
                ops.add((i, m) -> ctrLifecycle("lifecycle-group", Bench.CTR_NS, "cr-" + i, List.of(), i, m, false));
            }
            interleave("lifecycle-group", sides, ops);
        } finally {
            s.stop(c, anchor);
            s.ctrStop(Bench.CTR_GROUP_NS, "ctr-anchor");
        }
        s.results.row(
                "lifecycle-group",
                "2. lifecycle, shared shim, vs `ctr run --rm`",
                "library",
                "ctr",
                "ms",
                90,
                Results.Bar.RATIO_AT_MOST,
                0.70);
        if (o.runtimeBinary != null) {
            s.results.row(
                    "lifecycle-group",
                    "2. (info) the same vs plain `ctr run --rm` with runc",
                    "library",
                    "ctr-runc",
                    "ms",
                    90,
                    Results.Bar.NONE,
                    0);
        }
        s.results.row(
                "lifecycle-group",
                "2. (info) ctr in a shim group too",
                "library",
                "ctr-group",
                "ms",
                90,
                Results.Bar.NONE,
                0);
    }

    /** The library's runtime options for {@code --runtime-binary}, or null (runc). */
    private RuntimeOptions runtimeOptions() {
        return o.runtimeBinary == null
                ? null
                : RuntimeOptions.builder().binaryName(o.runtimeBinary).build();
    }

    /** ctr's flags for {@code --runtime-binary}. */
    private List<String> runtimeFlags() {
        return o.runtimeBinary == null ? List.of() : List.of("--runc-binary", o.runtimeBinary);
    }

    /** Three more group members beside the anchor must not start a second shim. */
    private void checkOneShim(Client c) throws Exception {
        List<String> ids = List.of("lg-check-1", "lg-check-2", "lg-check-3");
        for (String id : ids) {
            c.create(id, s.specs.grouped(GROUP, Bench.LIB_GROUP_NS, id, "sleep", "100000"), null);
            c.start(id, null, Stdio.none());
        }
        int shims = s.daemon.shims(Bench.LIB_GROUP_NS).size();
        for (String id : ids) {
            s.stop(c, id);
        }
        if (shims != 1) {
            throw new IllegalStateException("4 containers of group " + GROUP + " run in " + shims + " shims, not 1");
        }
        s.results.note("shim group check: the anchor and 3 members of group " + GROUP + " ran in 1 shim");
    }

    double libraryLifecycle(Client c, String scenario, String ns, String id, String group, int i, boolean measured)
            throws Exception {
        Spec spec = group == null ? s.specs.spec(ns, id, "echo", "hi") : s.specs.grouped(group, ns, id, "echo", "hi");
        Instant begin = Instant.now();
        long t0 = System.nanoTime();
        c.create(id, spec, runtimeOptions());
        Sides.Drain out = s.new Drain();
        c.start(id, null, Stdio.attach(false, out));
        Watch.Exit exit = s.watch.await(id, null);
        String stdout = out.await();
        c.deleteTask(id);
        c.delete(id);
        long end = System.nanoTime();
        Instant endWall = Instant.now();
        if (!stdout.equals("hi\n") || exit.info().exitCode() != 0) {
            throw new IllegalStateException(
                    id + " printed " + stdout + " and exited " + exit.info().exitCode());
        }
        if (measured) {
            Steps.lifecycle(s, scenario, "library", i - o.warmup, ns, id, begin, endWall);
        } else {
            s.events.forget(ns, id);
        }
        return Sides.ms(t0, end);
    }

    private double ctrLifecycle(String scenario, String ns, String id, List<String> flags, int i, boolean measured)
            throws Exception {
        return ctrLifecycle(scenario, ns, id, flags, i, measured, true);
    }

    private double ctrLifecycle(
            String scenario, String ns, String id, List<String> flags, int i, boolean measured, boolean runtime)
            throws Exception {
        List<String> args = new ArrayList<>(List.of("run", "--rm", "--env", SpecJson.PATH));
        args.addAll(flags);
        if (runtime) {
            args.addAll(runtimeFlags());
        }
        args.addAll(List.of("--rootfs", s.daemon.rootfs.toString(), id, "echo", "hi"));
        Instant begin = Instant.now();
        double ms = Sides.timeProcess(s.daemon.ctrCommand(ns, args.toArray(String[]::new)), "hi\n");
        Instant end = Instant.now();
        if (measured) {
            String side = !runtime ? "ctr-runc" : flags.isEmpty() ? "ctr" : "ctr-group";
            Steps.lifecycle(s, scenario, side, i - o.warmup, ns, id, begin, end);
        } else {
            s.events.forget(ns, id);
        }
        return ms;
    }

    /** 3. exec {@code true} until its EXIT and output EOF against {@code ctr task exec}. */
    void exec() throws Exception {
        Client c = s.client(Bench.LIB_NS);
        String libBox = "lib-sleeper";
        String ctrBox = "ctr-sleeper";
        c.create(libBox, s.specs.spec(Bench.LIB_NS, libBox, "sleep", "100000"), null);
        c.start(libBox, null, Stdio.none());
        s.ctrDetached(Bench.CTR_NS, ctrBox, List.of(), "sleep", "100000");
        try {
            interleave("exec", List.of("library", "ctr"), List.of((i, m) -> libraryExec(c, libBox, i, m), (i, m) -> {
                Instant begin = Instant.now();
                double ms = Sides.timeProcess(
                        s.daemon.ctrCommand(Bench.CTR_NS, "task", "exec", "--exec-id", "c" + i, ctrBox, "true"), "");
                if (m) {
                    Steps.exec(s, "exec", "ctr", i - o.warmup, Bench.CTR_NS, ctrBox, "c" + i, begin, Instant.now());
                }
                return ms;
            }));
        } finally {
            s.stop(c, libBox);
            s.ctrStop(Bench.CTR_NS, ctrBox);
            s.events.forget(Bench.LIB_NS, libBox);
            s.events.forget(Bench.CTR_NS, ctrBox);
        }
        s.results.row(
                "exec", "3. exec vs `ctr task exec`", "library", "ctr", "ms", 90, Results.Bar.RATIO_AT_MOST, 0.65);
    }

    /** Ends when the EXIT reached the backend and the output is drained; the library cleans up after that. */
    private double libraryExec(Client c, String box, int i, boolean measured) throws Exception {
        String execId = "x" + i;
        Instant begin = Instant.now();
        long t0 = System.nanoTime();
        Sides.Drain out = s.new Drain();
        c.exec(box, execId, s.specs.process("true"), Stdio.attach(false, out));
        Watch.Exit exit = s.watch.await(box, execId);
        out.await();
        long end = System.nanoTime();
        Instant endWall = Instant.now();
        if (exit.info().exitCode() != 0) {
            throw new IllegalStateException("exec exited " + exit.info().exitCode());
        }
        if (measured) {
            Steps.exec(s, "exec", "library", i - o.warmup, Bench.LIB_NS, box, execId, begin, endWall);
        }
        return Sides.ms(t0, end);
    }
}
