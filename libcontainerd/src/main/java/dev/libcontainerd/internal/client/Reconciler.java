package dev.libcontainerd.internal.client;

import containerd.v1.types.Process;
import dev.libcontainerd.Client;
import dev.libcontainerd.EventType;
import dev.libcontainerd.errdefs.ContainerdException;
import dev.libcontainerd.errdefs.NotFoundException;
import dev.libcontainerd.internal.events.Dispatcher;
import dev.libcontainerd.internal.events.EventMapper;
import dev.libcontainerd.internal.events.MappedEvent;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After containerd came back: asks it about every process the client believed running and
 * reports the exits that happened while nobody listened (containerd does not replay events).
 * The dispatcher drops any exit that was already reported, so running this twice is harmless.
 */
final class Reconciler {
    private static final Logger log = LoggerFactory.getLogger(Reconciler.class);

    private final Lookup lookup;
    private final Dispatcher dispatcher;

    Reconciler(Lookup lookup, Dispatcher dispatcher) {
        this.lookup = lookup;
        this.dispatcher = dispatcher;
    }

    void run() {
        for (Map.Entry<String, Map<String, Integer>> c : dispatcher.running().entrySet()) {
            for (Map.Entry<String, Integer> p : c.getValue().entrySet()) {
                reconcile(c.getKey(), p.getKey(), p.getValue());
            }
        }
    }

    private void reconcile(String containerId, String processId, int pid) {
        String apiId = processId.equals(containerId) ? Client.INIT_PROCESS_NAME : processId;
        try {
            Process p = lookup.process(containerId, apiId);
            if (p.getStatus() == containerd.v1.types.Status.STOPPED) {
                dispatcher.dispatch(new MappedEvent(containerId, EventType.EXIT, processId,
                        p.getPid() == 0 ? pid : p.getPid(), p.getExitStatus(),
                        EventMapper.instant(p.getExitedAt())));
            }
        } catch (NotFoundException e) {
            log.warn("process {} of {} vanished while containerd was away; its exit status is unknown",
                    processId, containerId);
            dispatcher.dispatch(new MappedEvent(containerId, EventType.EXIT, processId, pid, 255, Instant.now()));
        } catch (ContainerdException e) {
            log.warn("could not reconcile {}/{}: {}", containerId, processId, e.getMessage());
        }
    }
}
