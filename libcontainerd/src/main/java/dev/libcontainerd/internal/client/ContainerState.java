package dev.libcontainerd.internal.client;

import dev.libcontainerd.internal.stdio.FifoIO;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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
}
