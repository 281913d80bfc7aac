package dev.libcontainerd.internal.client;

import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;

/** The client's container records, by id. */
final class Records {
    private final ConcurrentHashMap<String, ContainerRecord> byId = new ConcurrentHashMap<>();

    ContainerRecord get(String id) {
        return byId.get(id);
    }

    /** The record of a container this client operates on, made if missing. */
    ContainerRecord getOrCreate(String id) {
        ContainerRecord r = byId.computeIfAbsent(id, k -> new ContainerRecord(k, false));
        r.foreign = false; // first seen through events, operated on now: ours from here on
        return r;
    }

    /** The record the event router keeps exits in, made if missing. */
    ContainerRecord forEvents(String id) {
        return byId.computeIfAbsent(id, k -> new ContainerRecord(k, true));
    }

    /** A new container with this id was created: nothing of an earlier one carries over. */
    ContainerRecord fresh(String id) {
        ContainerRecord r = new ContainerRecord(id, false);
        ContainerRecord old = byId.put(id, r);
        if (old != null) {
            old.closeAll();
        }
        return r;
    }

    /** Drops a record; returns it, or null. */
    ContainerRecord remove(String id) {
        return byId.remove(id);
    }

    /** Drops {@code r} if it is still the record for its id. */
    void removeIfSame(ContainerRecord r) {
        byId.remove(r.id, r);
    }

    Collection<ContainerRecord> all() {
        return byId.values();
    }
}
