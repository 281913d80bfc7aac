package dev.libcontainerd.cli.task;

import dev.libcontainerd.Backend;
import dev.libcontainerd.EventInfo;
import dev.libcontainerd.EventType;
import java.util.concurrent.CompletableFuture;

/** Completes when one process (a container's init, or an exec) exits. */
public final class ExitWatcher implements Backend {
    private final String containerId;
    private final String processId;
    private final CompletableFuture<EventInfo> exit = new CompletableFuture<>();

    /**
     * @param processId as events name it: the container id for init, else the exec id
     */
    public ExitWatcher(String containerId, String processId) {
        this.containerId = containerId;
        this.processId = processId;
    }

    @Override
    public void processEvent(String id, EventType type, EventInfo info) {
        if (type == EventType.EXIT && id.equals(containerId) && processId.equals(info.processId())) {
            exit.complete(info);
        }
    }

    /** The exit event, once it came. */
    public CompletableFuture<EventInfo> exit() {
        return exit;
    }
}
