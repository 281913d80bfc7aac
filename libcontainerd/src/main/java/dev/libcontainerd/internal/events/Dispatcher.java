package dev.libcontainerd.internal.events;

import dev.libcontainerd.Backend;
import dev.libcontainerd.EventInfo;
import java.util.Iterator;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Objects;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns mapped events into backend calls: applies the sticky OOM flag, reports every exit exactly
 * once (containerd may repeat exits after a restart, and reconciliation may find one first), and
 * queues each call on its container's ordered queue. After the backend has handled an exec's
 * exit, {@code execExited} cleans that exec up.
 */
public final class Dispatcher {
    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
    private static final int REMEMBERED_EXITS = 256;

    private final Backend backend;
    private final ContainerQueue queue;
    private final BiConsumer<String, String> execExited;
    private final Map<String, Boolean> oom = new ConcurrentHashMap<>();
    private final Map<String, Processes> processes = new ConcurrentHashMap<>();

    /** @param execExited called with (containerId, execId) after an exec's EXIT was handled */
    public Dispatcher(Backend backend, ContainerQueue queue, BiConsumer<String, String> execExited) {
        this.backend = backend;
        this.queue = queue;
        this.execExited = execExited;
    }

    /** Handles one event from the stream or from reconciliation. */
    public void dispatch(MappedEvent e) {
        String id = e.containerId();
        switch (e.type()) {
            case OOM:
                oom.put(id, Boolean.TRUE);
                break;
            case START:
            case EXEC_STARTED:
                started(id, e.processId(), e.pid());
                break;
            case EXIT:
                if (!table(id).exited(e.processId(), e.pid(), e.exitedAt())) {
                    log.debug("dropping repeated exit of {}/{} pid {}", id, e.processId(), e.pid());
                    return;
                }
                break;
            default:
                break;
        }
        EventInfo info = new EventInfo(id, e.processId(), e.pid(), e.exitCode(), e.exitedAt(),
                oom.getOrDefault(id, Boolean.FALSE), null);
        queue.append(id, () -> {
            if (e.isExecExit()) {
                // Clean up first, so that once the backend sees the exit the exec id is free
                // again at once; open readers keep draining what is left in the pipe.
                execExited.accept(id, e.processId());
            }
            try {
                backend.processEvent(id, e.type(), info);
            } catch (RuntimeException ex) {
                log.error("backend failed to process {} event of container {}", e.type().value(), id, ex);
            }
        });
    }

    /** Records a running process (init is recorded under the container id). */
    public void started(String containerId, String processId, int pid) {
        Processes p = table(containerId);
        // a short-lived process may have exited (and been reported) before its start returned
        if (!p.isReported(processId, pid)) {
            p.running.put(processId, pid);
        }
    }

    /** The process is gone for good (its task or exec was deleted): stop tracking it. */
    public void deleted(String containerId, String processId) {
        Processes p = processes.get(containerId);
        if (p != null) {
            p.running.remove(processId);
        }
    }

    /** Whether an exit of this process instance was already reported. */
    public boolean exitReported(String containerId, String processId, int pid) {
        Processes p = processes.get(containerId);
        return p != null && p.isReported(processId, pid);
    }

    /** Snapshot of the processes believed running: container id → (process id → pid). */
    public Map<String, Map<String, Integer>> running() {
        Map<String, Map<String, Integer>> out = new java.util.HashMap<>();
        processes.forEach((id, p) -> {
            if (!p.running.isEmpty()) {
                out.put(id, Map.copyOf(p.running));
            }
        });
        return out;
    }

    /** Forgets a deleted container: its OOM flag and exit records. */
    public void forget(String containerId) {
        oom.remove(containerId);
        processes.remove(containerId);
    }

    private Processes table(String containerId) {
        return processes.computeIfAbsent(containerId, k -> new Processes());
    }

    /** Running processes and recently reported exits of one container. */
    private static final class Processes {
        final Map<String, Integer> running = new ConcurrentHashMap<>();
        /** "processId:pid" → exit time of its last reported exit, oldest first. */
        private final LinkedHashMap<String, Instant> reported = new LinkedHashMap<>();

        /**
         * Records an exit; false when this exact exit (same process, pid and exit time) was
         * already reported. The exit time tells a repeat from a new instance that reused a pid.
         */
        synchronized boolean exited(String processId, int pid, Instant exitedAt) {
            running.remove(processId);
            String key = processId + ":" + pid;
            if (reported.containsKey(key) && Objects.equals(reported.get(key), exitedAt)) {
                return false;
            }
            reported.remove(key);
            reported.put(key, exitedAt);
            if (reported.size() > REMEMBERED_EXITS) {
                Iterator<String> it = reported.keySet().iterator();
                it.next();
                it.remove();
            }
            return true;
        }

        synchronized boolean isReported(String processId, int pid) {
            return reported.containsKey(processId + ":" + pid);
        }
    }
}
