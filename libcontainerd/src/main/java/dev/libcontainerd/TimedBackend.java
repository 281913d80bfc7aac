package dev.libcontainerd;

import java.time.Instant;

/**
 * A {@link Backend} that also learns containerd's own time of each event, and of every container
 * deletion (which has no {@link EventType}). Pass one to {@link Client#create} where a {@code
 * Backend} goes; a plain {@code Backend} receives exactly what it always did.
 *
 * <p>The same ordering rules hold: calls for one container, {@link #containerDeleted} included,
 * never overlap and arrive in containerd's publish order.
 */
public interface TimedBackend extends Backend {
    /**
     * Handles one event.
     *
     * @param time containerd's timestamp of the event (the time it published it). For an event
     *     the library makes itself, because containerd never sent one (an exit found after
     *     containerd was down, or of a process that vanished with its task), the exit time when
     *     known, else the time the library noticed.
     */
    void processEvent(String containerId, EventType type, EventInfo info, Instant time);

    /** Delivers with the time of the call; the library always calls the four-argument form. */
    @Override
    default void processEvent(String containerId, EventType type, EventInfo info) {
        processEvent(containerId, type, info, Instant.now());
    }

    /**
     * A container was deleted from the namespace, by this client or any other.
     *
     * @param time containerd's timestamp of the delete
     */
    default void containerDeleted(String containerId, Instant time) {}
}
