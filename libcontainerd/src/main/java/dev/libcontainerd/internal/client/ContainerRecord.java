package dev.libcontainerd.internal.client;

import static dev.libcontainerd.Client.INIT_PROCESS_NAME;

import com.google.protobuf.Any;
import dev.libcontainerd.ContainerSnapshot;
import dev.libcontainerd.internal.stdio.ProcessIo;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Everything this client knows about one container beyond containerd's records, in one place:
 * the spec facts a start needs, its processes and their stdio, the exits already reported, the
 * sticky OOM flag, and clean-ups that could not run yet. All of it can be rebuilt from containerd
 * (restore does), except the exit ledger, which only prevents doubles.
 */
final class ContainerRecord {
    /** Whether containerd has a task for it, as far as this client saw. */
    enum Task {
        UNKNOWN,
        PRESENT,
        DELETED
    }

    final String id;
    /** Made by the event router for a container this client never operated on. */
    volatile boolean foreign;
    /** Whether the spec asks for a terminal; null until the spec is known. */
    volatile Boolean terminal;
    /** The container's runc options as stored in containerd, or null. */
    volatile Any runtimeOptions;
    /** The snapshot serving as its root filesystem, or null for a plain directory. */
    volatile ContainerSnapshot snapshot;

    volatile Task task = Task.UNKNOWN;
    volatile boolean oomKilled;
    /** "init" or an exec id → the process. */
    final Map<String, ProcessEntry> processes = new ConcurrentHashMap<>();

    final ExitLedger exits;
    /** Execs whose DeleteProcess failed (containerd was away): retried on reconnect or reuse. */
    final Set<String> pendingExecDeletes = ConcurrentHashMap.newKeySet();
    /** A task left by a failed start that could not be removed yet. */
    volatile boolean pendingTaskDelete;
    /** Stdio of processes that are gone, whose readers the user may still drain. */
    private final List<ProcessIo> retired = new CopyOnWriteArrayList<>();

    ContainerRecord(String id, boolean foreign, ExitLedger exits) {
        this.id = id;
        this.foreign = foreign;
        this.exits = exits;
    }

    boolean specKnown() {
        return terminal != null;
    }

    ProcessEntry init() {
        return processes.get(INIT_PROCESS_NAME);
    }

    /** A process is gone: close what this side writes and keep the readers until delete. */
    void retire(ProcessIo io) {
        if (io != null) {
            io.closeWriters();
            retired.removeIf(ProcessIo::drained);
            retired.add(io);
        }
    }

    /** The container is deleted: close every descriptor it still has. */
    void closeAll() {
        processes.values().forEach(p -> {
            if (p.io != null) {
                p.io.close();
            }
        });
        retired.forEach(ProcessIo::close);
        processes.clear();
        retired.clear();
    }

    /** Host writers of live processes, closed when the client closes. */
    void closeWriters() {
        processes.values().forEach(p -> {
            if (p.io != null) {
                p.io.closeWriters();
            }
        });
    }
}
