package dev.libcontainerd.internal.client;

import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Objects;

/**
 * The exits already reported for one container, so that each is reported exactly once:
 * containerd repeats exits after a restart, reconciliation may find one before the event, and an
 * exit the library had to report without a status must not be followed by a late real one.
 */
final class ExitLedger {
    private static final int REMEMBERED = 256;

    private record Exit(Instant at, boolean unknownStatus) {}

    /** "processId:pid" → its reported exit, oldest first. */
    private final LinkedHashMap<String, Exit> reported = new LinkedHashMap<>();

    /**
     * Records an exit; false when it must not be reported: the same exit (process, pid, time) was
     * reported already, or either it or the earlier one carries no real status. The exit time
     * tells a repeat from a new instance that reused a pid.
     */
    synchronized boolean record(String processId, int pid, Instant at, boolean unknownStatus) {
        String key = processId + ":" + pid;
        Exit prev = reported.get(key);
        if (prev != null && (prev.unknownStatus || unknownStatus || Objects.equals(prev.at, at))) {
            return false;
        }
        reported.remove(key);
        reported.put(key, new Exit(at, unknownStatus));
        if (reported.size() > REMEMBERED) {
            Iterator<String> it = reported.keySet().iterator();
            it.next();
            it.remove();
        }
        return true;
    }

    synchronized boolean reported(String processId, int pid) {
        return reported.containsKey(processId + ":" + pid);
    }
}
