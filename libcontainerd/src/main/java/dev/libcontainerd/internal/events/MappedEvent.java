package dev.libcontainerd.internal.events;

import dev.libcontainerd.EventType;
import java.time.Instant;

/**
 * A containerd task event translated to the seed's terms, before the OOM flag is applied.
 *
 * @param containerId the container
 * @param type the event type
 * @param processId container id for init, exec id for execs, null for OOM/PAUSED/RESUMED
 * @param pid the pid, or 0
 * @param exitCode the exit status for EXIT
 * @param exitedAt the exit time for EXIT
 */
public record MappedEvent(String containerId, EventType type, String processId, int pid,
        int exitCode, Instant exitedAt) {

    /** Whether this is the exit of an exec (not the init process). */
    public boolean isExecExit() {
        return type == EventType.EXIT && processId != null && !processId.equals(containerId);
    }
}
