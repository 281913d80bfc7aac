package dev.libcontainerd.internal.client;

import containerd.v1.types.Process;
import dev.libcontainerd.errdefs.ContainerdException;
import dev.libcontainerd.errdefs.NotFoundException;
import dev.libcontainerd.internal.events.EventMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks containerd about every process a record believes running and returns the exits nobody
 * heard of: containerd does not replay events, so after a reconnect (or a shim's death) this is
 * how an exit that happened meanwhile is found.
 */
final class ExitChecker {
    private static final Logger log = LoggerFactory.getLogger(ExitChecker.class);

    /** An exit found by asking. {@code known} is false when containerd no longer knows the process. */
    record Found(String processId, int pid, int exitCode, Instant exitedAt, boolean known) {}

    private final Lookup lookup;

    ExitChecker(Lookup lookup) {
        this.lookup = lookup;
    }

    List<Found> missedExits(ContainerRecord rec) {
        List<Found> out = new ArrayList<>();
        for (ProcessEntry p : rec.processes.values()) {
            if (!p.live()) {
                continue;
            }
            try {
                Process r = lookup.process(rec.id, p.id);
                if (r.getStatus() == containerd.v1.types.Status.STOPPED) {
                    out.add(new Found(
                            p.id,
                            r.getPid() == 0 ? p.pid() : r.getPid(),
                            r.getExitStatus(),
                            EventMapper.instant(r.getExitedAt()),
                            true));
                }
            } catch (NotFoundException e) {
                log.warn("process {} of {} is gone from containerd; its exit status is unknown", p.id, rec.id);
                out.add(new Found(p.id, p.pid(), 0, Instant.now(), false));
            } catch (ContainerdException e) {
                log.warn("could not check {}/{}: {}", rec.id, p.id, e.getMessage());
            }
        }
        return out;
    }
}
