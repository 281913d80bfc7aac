package dev.libcontainerd.bench;

import dev.libcontainerd.Client;
import dev.libcontainerd.Stdio;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * 6. Exit latency: from containerd's exit timestamp ({@code exitedAt}, taken by the shim) to the
 * {@link dev.libcontainerd.Backend} callback, for containers and execs exiting one by one and for
 * bursts of processes SIGKILLed at once (by pid, all within microseconds). The comparison is the
 * very same exits as {@code ctr events} printed them here, on the same clock.
 */
final class ExitLatencyScenario {
    private final Sides s;
    private final Options o;

    ExitLatencyScenario(Sides s, Options o) {
        this.s = s;
        this.o = o;
    }

    void run() throws Exception {
        Client c = s.client(Bench.LIB_NS);
        System.out.printf("%-16s", "exit latency");
        for (int i = 0; i < o.exitsOneByOne + 3; i++) {
            String id = "ex-" + i;
            c.create(id, s.specs.spec(Bench.LIB_NS, id, "true"), null);
            c.start(id, null, Stdio.none());
            record("exit-init", i - 3, id, null, s.watch.await(id, null));
            Sides.remove(c, id);
            s.events.forget(Bench.LIB_NS, id);
        }
        System.out.print(".");
        String box = "ex-box";
        c.create(box, s.specs.spec(Bench.LIB_NS, box, "sleep", "100000"), null);
        c.start(box, null, Stdio.none());
        try {
            for (int i = 0; i < o.exitsOneByOne + 3; i++) {
                String x = "e" + i;
                c.exec(box, x, s.specs.process("true"), Stdio.none());
                record("exit-exec", i - 3, box, x, s.watch.await(box, x));
            }
            System.out.print(".");
            for (int b = 0; b < o.bursts; b++) {
                initBurst(c, b);
                execBurst(c, box, b);
                System.out.print(".");
            }
        } finally {
            s.stop(c, box);
            s.events.forget(Bench.LIB_NS, box);
        }
        System.out.println();
        for (String sc : List.of("exit-init", "exit-exec", "exit-burst-init", "exit-burst-exec")) {
            List<Double> v = s.results.values(sc, "shim published");
            if (!v.isEmpty()) {
                Stats st = Stats.of(v);
                s.results.note(String.format(
                        Locale.ROOT,
                        "6. %s: exit → the shim's publish stamp on the event (before containerd forwards it to"
                                + " any subscriber) p50 %.1f / p99 %.1f ms",
                        sc,
                        st.p50(),
                        st.p99()));
            }
        }
        s.results.row(
                "exit-init",
                "6. exit → backend, containers one by one (vs `ctr events`)",
                "library",
                "ctr events",
                "ms",
                99,
                Results.Bar.P99_AT_MOST,
                5);
        s.results.row(
                "exit-exec",
                "6. exit → backend, execs one by one (vs `ctr events`)",
                "library",
                "ctr events",
                "ms",
                99,
                Results.Bar.P99_AT_MOST,
                5);
        s.results.row(
                "exit-burst-init",
                "6. exit → backend, " + o.burstSize + " containers killed at once",
                "library",
                "ctr events",
                "ms",
                99,
                Results.Bar.P99_AT_MOST,
                15);
        s.results.row(
                "exit-burst-exec",
                "6. exit → backend, " + o.burstSize + " execs killed at once",
                "library",
                "ctr events",
                "ms",
                99,
                Results.Bar.P99_AT_MOST,
                15);
    }

    private void initBurst(Client c, int b) throws Exception {
        List<String> ids = new ArrayList<>();
        List<Integer> pids = new ArrayList<>();
        for (int i = 0; i < o.burstSize; i++) {
            String id = "eb-" + b + "-" + i;
            c.create(id, s.specs.spec(Bench.LIB_NS, id, "sleep", "100000"), null);
            pids.add(c.start(id, null, Stdio.none()));
            ids.add(id);
        }
        kill(pids);
        for (int i = 0; i < ids.size(); i++) {
            record("exit-burst-init", b * o.burstSize + i, ids.get(i), null, s.watch.await(ids.get(i), null));
        }
        for (String id : ids) {
            Sides.remove(c, id);
            s.events.forget(Bench.LIB_NS, id);
        }
    }

    private void execBurst(Client c, String box, int b) throws Exception {
        List<String> ids = new ArrayList<>();
        List<Integer> pids = new ArrayList<>();
        for (int i = 0; i < o.burstSize; i++) {
            String x = "b" + b + "-" + i;
            pids.add(c.exec(box, x, s.specs.process("sleep", "100000"), Stdio.none()));
            ids.add(x);
        }
        kill(pids);
        for (int i = 0; i < ids.size(); i++) {
            record("exit-burst-exec", b * o.burstSize + i, box, ids.get(i), s.watch.await(box, ids.get(i)));
        }
    }

    /** SIGKILL to every pid, back to back. */
    private static void kill(List<Integer> pids) {
        List<ProcessHandle> hs =
                pids.stream().map(p -> ProcessHandle.of(p).orElseThrow()).toList();
        hs.forEach(ProcessHandle::destroyForcibly);
    }

    /** The library's lag, and ctr events' for the same exit; the first iterations (i < 0) warm up only. */
    private void record(String scenario, int i, String container, String process, Watch.Exit exit)
            throws InterruptedException {
        CtrEvents.Seen seen = s.events.await(Bench.LIB_NS, container, "/tasks/exit", process, 2000);
        if (i < 0) {
            return;
        }
        s.results.add(scenario, "library", i, exit.lagMs(), "ms");
        if (seen != null && seen.exitedAt() != null) {
            s.results.add(
                    scenario,
                    "ctr events",
                    i,
                    Duration.between(seen.exitedAt(), seen.received()).toNanos() / 1e6,
                    "ms");
            // the shim stamps the envelope as it publishes: what no subscriber can be earlier than
            s.results.add(
                    scenario,
                    "shim published",
                    i,
                    Duration.between(seen.exitedAt(), seen.published()).toNanos() / 1e6,
                    "ms");
        }
    }
}
