package dev.libcontainerd.testing;

import dev.libcontainerd.EventType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The processes a test knows it started (start or exec returned their pid), checked against the
 * EXIT events a {@link RecordingBackend} received: every known process has an EXIT, and no exit
 * is reported twice. A process is identified by container, process id (the container id for
 * init, as in events) and pid; a task's CREATE event separates one task's processes from the
 * next, so a pid reused by a later task is not mistaken for a repeat.
 */
public final class ExitLedger {
    /** One process instance. */
    public record Proc(String containerId, String processId, int pid) {}

    private final Map<Proc, Integer> started = new ConcurrentHashMap<>();

    /** Records that start returned {@code pid} for the init of {@code containerId}. */
    public void init(String containerId, int pid) {
        started.merge(new Proc(containerId, containerId, pid), 1, Integer::sum);
    }

    /** Records that exec returned {@code pid} for {@code execId}. */
    public void exec(String containerId, String execId, int pid) {
        started.merge(new Proc(containerId, execId, pid), 1, Integer::sum);
    }

    /** How many processes were recorded. */
    public int size() {
        return started.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Known processes with fewer EXIT events than starts. */
    public List<Proc> missingExits(RecordingBackend backend) {
        Map<Proc, Integer> exits = exitCounts(backend);
        List<Proc> out = new ArrayList<>();
        started.forEach((p, n) -> {
            if (exits.getOrDefault(p, 0) < n) {
                out.add(p);
            }
        });
        return out;
    }

    /** EXITs repeated within one task (no CREATE of the container between them). */
    public static List<String> doubledExits(RecordingBackend backend) {
        Map<String, Map<String, RecordingBackend.Event>> seen = new HashMap<>();
        List<String> out = new ArrayList<>();
        for (RecordingBackend.Event e : backend.all()) {
            Map<String, RecordingBackend.Event> task = seen.computeIfAbsent(e.containerId(), k -> new HashMap<>());
            if (e.type() == EventType.CREATE) {
                task.clear();
            } else if (e.type() == EventType.EXIT) {
                String key = e.info().processId() + " pid " + e.info().pid();
                RecordingBackend.Event first = task.putIfAbsent(key, e);
                if (first != null) {
                    out.add(e.containerId() + "/" + key + ": first " + describe(first) + ", then " + describe(e));
                }
            }
        }
        return out;
    }

    private static String describe(RecordingBackend.Event e) {
        return "code " + e.info().exitCode() + " at " + e.info().exitedAt()
                + (e.info().error() == null ? "" : " (" + e.info().error().getMessage() + ")");
    }

    private static Map<Proc, Integer> exitCounts(RecordingBackend backend) {
        Map<Proc, Integer> exits = new HashMap<>();
        for (RecordingBackend.Event e : backend.all()) {
            if (e.type() == EventType.EXIT) {
                exits.merge(
                        new Proc(e.containerId(), e.info().processId(), e.info().pid()), 1, Integer::sum);
            }
        }
        return exits;
    }
}
