package dev.libcontainerd.internal.events;

import dev.libcontainerd.Client;
import dev.libcontainerd.EventType;
import java.time.Instant;

/**
 * A containerd task event in the library's terms: the init process is named
 * {@link Client#INIT_PROCESS_NAME}, like everywhere inside the library.
 *
 * @param containerId the container
 * @param type the event type; {@link EventType#UNKNOWN} for a task delete
 * @param processId "init" or the exec id; null for OOM/PAUSED/RESUMED
 * @param pid the pid, or 0
 * @param exitCode the exit status, for EXIT and task deletes
 * @param exitedAt the exit time, for EXIT and task deletes
 * @param taskDeleted whether this is containerd's task delete (never given to a backend: it tells
 *     the client that the task, and every process in it, is gone)
 * @param time containerd's timestamp of the event (its envelope's), or null when not known
 * @param containerDeleted whether this is containerd's container delete ({@code type} is then
 *     {@link EventType#UNKNOWN}); only a {@link dev.libcontainerd.TimedBackend} hears of it
 */
public record MappedEvent(
        String containerId,
        EventType type,
        String processId,
        int pid,
        int exitCode,
        Instant exitedAt,
        boolean taskDeleted,
        Instant time,
        boolean containerDeleted) {

    public MappedEvent(String containerId, EventType type, String processId, int pid, int exitCode, Instant exitedAt) {
        this(containerId, type, processId, pid, exitCode, exitedAt, false);
    }

    public MappedEvent(
            String containerId,
            EventType type,
            String processId,
            int pid,
            int exitCode,
            Instant exitedAt,
            boolean taskDeleted) {
        this(containerId, type, processId, pid, exitCode, exitedAt, taskDeleted, null, false);
    }

    /** The same event with containerd's timestamp. */
    public MappedEvent at(Instant timestamp) {
        return new MappedEvent(
                containerId, type, processId, pid, exitCode, exitedAt, taskDeleted, timestamp, containerDeleted);
    }

    /** containerd's delete of a container (not of its task). */
    public static MappedEvent containerDelete(String containerId) {
        return new MappedEvent(containerId, EventType.UNKNOWN, null, 0, 0, null, false, null, true);
    }

    /** Whether this is the exit of an exec (not the init process). */
    public boolean isExecExit() {
        return type == EventType.EXIT && processId != null && !processId.equals(Client.INIT_PROCESS_NAME);
    }
}
