package dev.libcontainerd.internal.client;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The client's container records, by id. A removed record's exit ledger outlives it for a while:
 * containerd may still report an exit of a deleted container (a dead shim's init exit comes after
 * its clean-up, when the container may be gone already), and whatever record the id gets next
 * must know that exit was reported.
 */
final class Records {
    /** Ledgers of removed records kept, most recently removed last. */
    private static final int RETIRED_LEDGERS = 256;

    private final ConcurrentHashMap<String, ContainerRecord> byId = new ConcurrentHashMap<>();
    private final Map<String, ExitLedger> retired = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ExitLedger> eldest) {
            return size() > RETIRED_LEDGERS;
        }
    };

    ContainerRecord get(String id) {
        return byId.get(id);
    }

    /** The record of a container this client operates on, made if missing. */
    ContainerRecord getOrCreate(String id) {
        ContainerRecord r = byId.computeIfAbsent(id, k -> new ContainerRecord(k, false, ledger(k)));
        r.foreign = false; // first seen through events, operated on now: ours from here on
        return r;
    }

    /** The record the event router keeps exits in, made if missing. */
    ContainerRecord forEvents(String id) {
        return byId.computeIfAbsent(id, k -> new ContainerRecord(k, true, ledger(k)));
    }

    /**
     * A new container with this id was created: nothing of an earlier one carries over but the
     * exits already reported, so that a late one of the earlier container is not reported again.
     */
    ContainerRecord fresh(String id) {
        ContainerRecord[] old = new ContainerRecord[1];
        ContainerRecord r = byId.compute(id, (k, prev) -> {
            old[0] = prev;
            return new ContainerRecord(k, false, prev != null ? prev.exits : ledger(k));
        });
        if (old[0] != null) {
            old[0].closeAll();
        }
        return r;
    }

    /** Drops a record; returns it, or null. */
    ContainerRecord remove(String id) {
        ContainerRecord r = byId.remove(id);
        if (r != null) {
            retire(r);
        }
        return r;
    }

    /** Drops {@code r} if it is still the record for its id. */
    void removeIfSame(ContainerRecord r) {
        if (byId.remove(r.id, r)) {
            retire(r);
        }
    }

    Collection<ContainerRecord> all() {
        return byId.values();
    }

    private void retire(ContainerRecord r) {
        synchronized (retired) {
            retired.put(r.id, r.exits);
        }
    }

    /** The ledger of the id's removed record, or a new one. */
    private ExitLedger ledger(String id) {
        synchronized (retired) {
            ExitLedger l = retired.remove(id);
            return l != null ? l : new ExitLedger();
        }
    }
}
