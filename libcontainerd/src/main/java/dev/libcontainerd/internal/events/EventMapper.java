package dev.libcontainerd.internal.events;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import containerd.events.ContainerDelete;
import containerd.events.TaskCreate;
import containerd.events.TaskDelete;
import containerd.events.TaskExecAdded;
import containerd.events.TaskExecStarted;
import containerd.events.TaskExit;
import containerd.events.TaskOOM;
import containerd.events.TaskPaused;
import containerd.events.TaskResumed;
import containerd.events.TaskStart;
import dev.libcontainerd.Client;
import dev.libcontainerd.EventType;
import dev.libcontainerd.internal.grpc.TypeUrls;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Translates containerd's task events into {@link MappedEvent}s (the seed's mapping table). */
public final class EventMapper {
    private static final String INIT = Client.INIT_PROCESS_NAME;
    private static final Logger log = LoggerFactory.getLogger(EventMapper.class);

    private EventMapper() {}

    /** The mapped event with containerd's timestamp, or empty for events the client does not use. */
    public static Optional<MappedEvent> map(Any event, Timestamp time) {
        Instant at = time == null || (time.getSeconds() == 0 && time.getNanos() == 0) ? null : instant(time);
        return map(event).map(e -> e.at(at));
    }

    /** The mapped event, or empty for events the client does not use (io, checkpointed …). */
    public static Optional<MappedEvent> map(Any event) {
        try {
            switch (TypeUrls.name(event)) {
                case "containerd.events.ContainerDelete": {
                    return Optional.of(MappedEvent.containerDelete(
                            ContainerDelete.parseFrom(event.getValue()).getId()));
                }
                case "containerd.events.TaskCreate": {
                    TaskCreate e = TaskCreate.parseFrom(event.getValue());
                    return of(e.getContainerId(), EventType.CREATE, INIT, e.getPid(), 0, null);
                }
                case "containerd.events.TaskStart": {
                    TaskStart e = TaskStart.parseFrom(event.getValue());
                    return of(e.getContainerId(), EventType.START, INIT, e.getPid(), 0, null);
                }
                case "containerd.events.TaskExit": {
                    TaskExit e = TaskExit.parseFrom(event.getValue());
                    return of(
                            e.getContainerId(),
                            EventType.EXIT,
                            processId(e.getContainerId(), e.getId()),
                            e.getPid(),
                            e.getExitStatus(),
                            instant(e.getExitedAt()));
                }
                case "containerd.events.TaskOOM": {
                    TaskOOM e = TaskOOM.parseFrom(event.getValue());
                    return of(e.getContainerId(), EventType.OOM, null, 0, 0, null);
                }
                case "containerd.events.TaskExecAdded": {
                    TaskExecAdded e = TaskExecAdded.parseFrom(event.getValue());
                    return of(e.getContainerId(), EventType.EXEC_ADDED, e.getExecId(), 0, 0, null);
                }
                case "containerd.events.TaskExecStarted": {
                    TaskExecStarted e = TaskExecStarted.parseFrom(event.getValue());
                    return of(e.getContainerId(), EventType.EXEC_STARTED, e.getExecId(), e.getPid(), 0, null);
                }
                case "containerd.events.TaskPaused": {
                    TaskPaused e = TaskPaused.parseFrom(event.getValue());
                    return of(e.getContainerId(), EventType.PAUSED, null, 0, 0, null);
                }
                case "containerd.events.TaskResumed": {
                    TaskResumed e = TaskResumed.parseFrom(event.getValue());
                    return of(e.getContainerId(), EventType.RESUMED, null, 0, 0, null);
                }
                case "containerd.events.TaskDelete": {
                    TaskDelete e = TaskDelete.parseFrom(event.getValue());
                    return Optional.of(new MappedEvent(
                            e.getContainerId(),
                            EventType.UNKNOWN,
                            processId(e.getContainerId(), e.getId()),
                            e.getPid(),
                            e.getExitStatus(),
                            instant(e.getExitedAt()),
                            true));
                }
                default:
                    log.debug("ignoring event {}", event.getTypeUrl());
                    return Optional.empty();
            }
        } catch (InvalidProtocolBufferException e) {
            log.warn("failed to unmarshal event {}: {}", event.getTypeUrl(), e.toString());
            return Optional.empty();
        }
    }

    /** containerd names the init process by the container id, or leaves the id empty. */
    private static String processId(String containerId, String id) {
        return id.isEmpty() || id.equals(containerId) ? INIT : id;
    }

    /** A protobuf timestamp as an Instant, or null when unset. */
    public static Instant instant(Timestamp t) {
        if (t == null || (t.getSeconds() == 0 && t.getNanos() == 0)) {
            return null;
        }
        return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
    }

    private static Optional<MappedEvent> of(
            String id, EventType type, String processId, int pid, int exitCode, Instant exitedAt) {
        return Optional.of(new MappedEvent(id, type, processId, pid, exitCode, exitedAt));
    }
}
