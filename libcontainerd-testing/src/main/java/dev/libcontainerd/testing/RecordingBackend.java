package dev.libcontainerd.testing;

import dev.libcontainerd.Backend;
import dev.libcontainerd.EventInfo;
import dev.libcontainerd.EventType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;

/** A backend that records every event, for assertions. */
public final class RecordingBackend implements Backend {
    /** One recorded call. */
    public record Event(String containerId, EventType type, EventInfo info, String thread, long nanos) {}

    private final List<Event> events = new CopyOnWriteArrayList<>();
    private volatile Backend delegate;

    @Override
    public void processEvent(String containerId, EventType type, EventInfo info) {
        events.add(new Event(containerId, type, info, Thread.currentThread().getName(), System.nanoTime()));
        Backend d = delegate;
        if (d != null) {
            d.processEvent(containerId, type, info);
        }
    }

    /** Also pass every event to {@code d} (after recording it). */
    public void then(Backend d) {
        this.delegate = d;
    }

    /** Events of one container, in delivery order. */
    public List<Event> of(String containerId) {
        return events.stream().filter(e -> e.containerId().equals(containerId)).collect(Collectors.toList());
    }

    /** Types of one container's events, in order. */
    public List<EventType> types(String containerId) {
        List<EventType> out = new ArrayList<>();
        for (Event e : of(containerId)) {
            out.add(e.type());
        }
        return out;
    }

    /** Waits (10 s) for an event of {@code containerId} matching {@code p}, and returns it. */
    public Event await(String containerId, Predicate<Event> p) {
        return await(containerId, p, Duration.ofSeconds(10));
    }

    /** Waits for an event matching {@code p}. */
    public Event await(String containerId, Predicate<Event> p, Duration timeout) {
        Awaitility.await()
                .atMost(timeout)
                .pollInterval(Duration.ofMillis(10))
                .until(() -> of(containerId).stream().anyMatch(p));
        return of(containerId).stream().filter(p).findFirst().orElseThrow();
    }

    /** Waits for the EXIT of {@code processId} (the container id for init). */
    public EventInfo awaitExit(String containerId, String processId) {
        return await(
                        containerId,
                        e -> e.type() == EventType.EXIT
                                && processId.equals(e.info().processId()))
                .info();
    }

    /** Waits up to {@code timeout} for the EXIT of {@code processId}; the timeout names what was missing. */
    public EventInfo awaitExit(String containerId, String processId, Duration timeout) {
        Awaitility.await("EXIT of " + containerId + "/" + processId)
                .atMost(timeout)
                .pollInterval(Duration.ofMillis(10))
                .until(() -> exitCount(containerId, processId) > 0);
        return awaitExit(containerId, processId);
    }

    /** How many EXIT events {@code processId} of {@code containerId} got so far. */
    public long exitCount(String containerId, String processId) {
        return of(containerId).stream()
                .filter(e ->
                        e.type() == EventType.EXIT && processId.equals(e.info().processId()))
                .count();
    }

    /** All events. */
    public List<Event> all() {
        return List.copyOf(events);
    }
}
