package dev.libcontainerd.cli;

import dev.libcontainerd.Backend;
import dev.libcontainerd.EventInfo;
import dev.libcontainerd.EventType;
import dev.libcontainerd.TimedBackend;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The one {@link Backend} of the tool's client, fanning events out to whichever parts of a
 * command listen: a client takes its backend at creation, commands subscribe later. It is a
 * {@link TimedBackend}, so listeners that want containerd's event times and container deletes
 * ({@code lcd events}) get them.
 */
public final class EventHub implements TimedBackend {
    private final List<TimedBackend> listeners = new CopyOnWriteArrayList<>();

    /** Adds a listener; it receives every event from now on. */
    public void add(Backend listener) {
        listeners.add(
                listener instanceof TimedBackend t
                        ? t
                        : (id, type, info, time) -> listener.processEvent(id, type, info));
    }

    /** Adds a listener that also gets event times and container deletes. */
    public void addTimed(TimedBackend listener) {
        listeners.add(listener);
    }

    @Override
    public void processEvent(String containerId, EventType type, EventInfo info, Instant time) {
        for (TimedBackend b : listeners) {
            b.processEvent(containerId, type, info, time);
        }
    }

    @Override
    public void containerDeleted(String containerId, Instant time) {
        for (TimedBackend b : listeners) {
            b.containerDeleted(containerId, time);
        }
    }
}
