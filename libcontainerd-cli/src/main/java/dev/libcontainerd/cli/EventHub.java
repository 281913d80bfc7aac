package dev.libcontainerd.cli;

import dev.libcontainerd.Backend;
import dev.libcontainerd.EventInfo;
import dev.libcontainerd.EventType;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The one {@link Backend} of the tool's client, fanning events out to whichever parts of a
 * command listen: a client takes its backend at creation, commands subscribe later.
 */
public final class EventHub implements Backend {
    private final List<Backend> listeners = new CopyOnWriteArrayList<>();

    /** Adds a listener; it receives every event from now on. */
    public void add(Backend listener) {
        listeners.add(listener);
    }

    @Override
    public void processEvent(String containerId, EventType type, EventInfo info) {
        for (Backend b : listeners) {
            b.processEvent(containerId, type, info);
        }
    }
}
