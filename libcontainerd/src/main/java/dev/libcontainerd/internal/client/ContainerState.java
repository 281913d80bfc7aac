package dev.libcontainerd.internal.client;

import dev.libcontainerd.internal.stdio.FifoIO;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What this client keeps about one container beyond containerd's own records: the host ends of
 * its processes' stdio, and the spec facts that every start needs (so a start costs no extra
 * lookup). Everything here can be rebuilt from containerd, which is what restore does.
 */
final class ContainerState {
    /** Stdio of live processes: "init" or the exec id → its FIFOs. */
    final Map<String, FifoIO> io = new ConcurrentHashMap<>();
    /** Whether the spec asks for a terminal; null until known. */
    volatile Boolean terminal;
    /** The container's runc options as stored in containerd, or null. */
    volatile com.google.protobuf.Any runtimeOptions;
    volatile boolean specKnown;
    /** The pid of the current task's init process as start/restore returned it; 0 if none. */
    volatile int initPid;
    /**
     * This client deleted the container's task and has seen no task created since (neither by
     * its own start nor, through the events, by anyone else): delete can skip its task lookup.
     */
    volatile boolean taskGone;
    /**
     * Stdio of processes that are gone, whose readers the user may still be draining: the
     * library closes them when the container is deleted, so none outlives its container.
     */
    private final List<FifoIO> retired = new CopyOnWriteArrayList<>();

    /** A process is gone: close what this side writes and keep the readers until delete. */
    void retire(FifoIO io) {
        if (io != null) {
            io.closeWriters();
            retired.removeIf(FifoIO::drained);
            retired.add(io);
        }
    }

    /** The container is deleted: close every descriptor it still has. */
    void closeAll() {
        io.values().forEach(FifoIO::close);
        retired.forEach(FifoIO::close);
        io.clear();
        retired.clear();
    }
}
