package dev.libcontainerd.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a lifecycle's or exec's time goes, for either client alike: the gaps between containerd's
 * own timestamps of the events it published for that container (seen through {@link CtrEvents}),
 * framed by the client's begin and end. This replaces timing bare gRPC calls, which would need the
 * library's internals: every RPC of a lifecycle publishes one event when it has done its work, so
 * each gap is one RPC (plus whatever the client did before sending it).
 */
final class Steps {
    private static final String[][] LIFECYCLE = {
        {"/containers/create", "begin → containers/create (client start-up, Containers.Create)"},
        {"/tasks/create", "→ tasks/create (FIFOs, Tasks.Create: shim, runc create)"},
        {"/tasks/start", "→ tasks/start (Tasks.Start)"},
        {"/tasks/exit", "→ tasks/exit (the process runs)"},
        {"/tasks/delete", "→ tasks/delete (exit seen, Tasks.Delete: runc delete, shim exit)"},
        {"/containers/delete", "→ containers/delete (Containers.Delete)"},
    };
    private static final String[][] EXEC = {
        {"/tasks/exec-added", "begin → tasks/exec-added (client start-up, FIFOs, Tasks.Exec)"},
        {"/tasks/exec-started", "→ tasks/exec-started (Tasks.Start)"},
        {"/tasks/exit", "→ tasks/exit (the process runs)"},
    };

    private Steps() {}

    /** Records the steps of container {@code id}'s lifecycle, run from {@code begin} to {@code end}. */
    static void lifecycle(
            Sides s, String scenario, String side, int it, String ns, String id, Instant begin, Instant end)
            throws InterruptedException {
        s.events.await(ns, id, "/containers/delete", null, 2000);
        record(s, scenario, side, it, ns, id, null, LIFECYCLE, begin, end, "→ end (client done)");
        s.events.forget(ns, id);
    }

    /** Records the steps of exec {@code execId} in {@code container}, run from {@code begin} to {@code end}. */
    static void exec(
            Sides s,
            String scenario,
            String side,
            int it,
            String ns,
            String container,
            String execId,
            Instant begin,
            Instant end)
            throws InterruptedException {
        s.events.await(ns, container, "/tasks/exit", execId, 2000);
        record(
                s,
                scenario,
                side,
                it,
                ns,
                container,
                execId,
                EXEC,
                begin,
                end,
                "→ end (exit seen, output drained; ctr also DeleteProcess)");
    }

    private static void record(
            Sides s,
            String scenario,
            String side,
            int it,
            String ns,
            String container,
            String process,
            String[][] topics,
            Instant begin,
            Instant end,
            String last) {
        List<Instant> at = new ArrayList<>();
        for (String[] t : topics) {
            CtrEvents.Seen e = s.events.get(ns, container, t[0], t[0].startsWith("/containers") ? null : process);
            if (e == null) {
                return; // ctr events missed it (should not happen): leave the iteration out
            }
            at.add(e.published());
        }
        Instant prev = begin;
        for (int i = 0; i < topics.length; i++) {
            s.results.step(
                    scenario,
                    side,
                    it,
                    topics[i][1],
                    Duration.between(prev, at.get(i)).toNanos() / 1e6);
            prev = at.get(i);
        }
        s.results.step(scenario, side, it, last, Duration.between(prev, end).toNanos() / 1e6);
    }
}
