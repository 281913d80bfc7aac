package dev.libcontainerd.bench;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * This JVM's CPU time split by the kind of thread that spent it, from {@code /proc/self/task}
 * (the JIT's and GC's threads are invisible to {@code ThreadMXBean}): where the client's CPU per
 * lifecycle goes. A thread that ended between two snapshots leaves its CPU in {@code ended}
 * (the process total less the live threads).
 */
final class JvmCpu {
    /** Kinds in report order; a thread's kind is the first whose name prefix (15 chars, as the kernel keeps) matches. */
    static final String[] KINDS = {"jit", "gc", "grpc", "events", "stdio", "callers", "harness", "other", "ended"};

    private static final OperatingSystemMXBean OS =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private JvmCpu() {}

    /** This JVM's threads now: CPU milliseconds and kind per thread id, and the process total. */
    record Snapshot(Map<String, Double> byThread, Map<String, String> kinds, double total) {}

    static Snapshot snapshot() {
        Map<String, Double> byThread = new HashMap<>();
        Map<String, String> kinds = new HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path t : (Iterable<Path>) tasks::iterator) {
                try {
                    String name = Files.readString(t.resolve("comm")).strip();
                    String schedstat = Files.readString(t.resolve("schedstat"));
                    // schedstat's first field: time on a CPU in ns (stat's ticks are 10 ms coarse)
                    String tid = t.getFileName().toString();
                    byThread.put(tid, Long.parseLong(schedstat.substring(0, schedstat.indexOf(' '))) / 1e6);
                    kinds.put(tid, kind(name));
                } catch (IOException gone) {
                    // the thread ended while listed: its time shows in "ended"
                }
            }
        } catch (IOException e) {
            // no /proc: every kind stays 0
        }
        return new Snapshot(byThread, kinds, OS.getProcessCpuTime() / 1e6);
    }

    /**
     * CPU milliseconds per kind between {@code before} and now: a thread's time since it was first
     * seen; threads that ended in between count in {@code ended} (the total less everything else).
     */
    static Map<String, Double> since(Snapshot before) {
        Snapshot now = snapshot();
        Map<String, Double> byKind = new LinkedHashMap<>();
        for (String k : KINDS) {
            byKind.put(k, 0.0);
        }
        double seen = 0;
        for (Map.Entry<String, Double> t : now.byThread().entrySet()) {
            double ms = t.getValue() - before.byThread().getOrDefault(t.getKey(), 0.0);
            byKind.merge(now.kinds().get(t.getKey()), ms, Double::sum);
            seen += ms;
        }
        byKind.put("ended", now.total() - before.total() - seen);
        return byKind;
    }

    static String kind(String thread) {
        if (thread.startsWith("C1 Compiler") || thread.startsWith("C2 Compiler")) {
            return "jit";
        }
        if (thread.startsWith("GC Thread") || thread.startsWith("G1 ") || thread.startsWith("VM Thread")) {
            return "gc";
        }
        if (thread.startsWith("libcontainerd-g")) {
            return "grpc"; // the channel's Netty event loop: every call's and the event stream's I/O
        }
        if (thread.startsWith("libcontainerd-s")) {
            return "stdio"; // the output pump
        }
        if (thread.startsWith("libcontainerd-")) {
            return "events"; // the event stream's timer, dispatch and clean-up workers
        }
        if (thread.startsWith("bench-worker")) {
            return "callers"; // the library's synchronous calls run on the calling threads
        }
        if (thread.startsWith("bench-") || thread.equals("main")) {
            return "harness"; // the bench's own: its ctr-events reader (step timings), the main loop
        }
        return "other";
    }
}
