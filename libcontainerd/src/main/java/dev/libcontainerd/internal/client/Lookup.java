package dev.libcontainerd.internal.client;

import static dev.libcontainerd.Client.INIT_PROCESS_NAME;

import containerd.services.containers.v1.Container;
import containerd.services.containers.v1.GetContainerRequest;
import containerd.services.tasks.v1.GetRequest;
import containerd.services.tasks.v1.TasksGrpc;
import containerd.v1.types.Process;
import dev.libcontainerd.errdefs.ContainerdException;
import dev.libcontainerd.errdefs.NotFoundException;
import dev.libcontainerd.internal.grpc.Rpc;
import java.time.Duration;
import java.util.function.Function;

/**
 * Reads containerd's records and names what is missing the seed's way: "no such container",
 * "container is not running" (no task), "no such exec". Calls go to containerd optimistically;
 * {@link #narrow} looks only on the failure path to say which object was missing.
 */
final class Lookup {
    private final Rpc rpc;

    Lookup(Rpc rpc) {
        this.rpc = rpc;
    }

    /** A Tasks call on one process; a NotFound says precisely what is missing. */
    <T> T onProcess(String id, String processId, String what, Function<TasksGrpc.TasksBlockingStub, T> call) {
        return onProcess(id, processId, what, rpc.timeout(), call);
    }

    /** The same, for a long call with its own deadline. */
    <T> T onProcess(
            String id,
            String processId,
            String what,
            Duration deadline,
            Function<TasksGrpc.TasksBlockingStub, T> call) {
        try {
            return rpc.tasks(what, deadline, call);
        } catch (NotFoundException e) {
            throw narrow(id, processId, e);
        }
    }

    /** The container record, or NotFound "no such container". */
    Container container(String id) {
        try {
            return rpc.containers(
                            "get container " + id,
                            c -> c.get(
                                    GetContainerRequest.newBuilder().setId(id).build()))
                    .getContainer();
        } catch (NotFoundException e) {
            throw new NotFoundException("no such container: " + id, e, e.grpcStatus());
        }
    }

    /** The init process record, or NotFound for a missing container or task. */
    Process task(String id) {
        return process(id, INIT_PROCESS_NAME);
    }

    /** A process record ("init" or an exec id), or the precise NotFound. */
    Process process(String id, String processId) {
        return onProcess(
                id,
                processId,
                "get " + processId + " of " + id,
                t -> t.get(GetRequest.newBuilder()
                                .setContainerId(id)
                                .setExecId(ClientContext.execId(processId))
                                .build())
                        .getProcess());
    }

    /** Whether the container has a task; false too when the container does not exist. */
    boolean hasTask(String id) {
        return taskIfAny(id) != null;
    }

    /** The task record, or null when there is none (or no container). */
    private Process taskIfAny(String id) {
        try {
            return rpc.tasks(
                            "get task " + id,
                            t -> t.get(
                                    GetRequest.newBuilder().setContainerId(id).build()))
                    .getProcess();
        } catch (NotFoundException e) {
            return null;
        }
    }

    /** The task record, or null when the container has no task (the container must exist). */
    Process taskOrNull(String id) {
        Process p = taskIfAny(id);
        if (p == null) {
            container(id); // a missing container is NotFound too, and says so
        }
        return p;
    }

    /** Which object a NotFound on a process call was about. */
    ContainerdException narrow(String id, String processId, NotFoundException cause) {
        try {
            container(id);
        } catch (NotFoundException e) {
            return new NotFoundException("no such container: " + id, cause, cause.grpcStatus());
        } catch (ContainerdException e) {
            return e;
        }
        Process task;
        try {
            task = taskIfAny(id);
        } catch (ContainerdException e) {
            return e;
        }
        if (task == null) {
            return new NotFoundException("container is not running: " + id, cause, cause.grpcStatus());
        }
        if (!INIT_PROCESS_NAME.equals(processId)) {
            return new NotFoundException(
                    "no such exec: " + processId + " in container " + id, cause, cause.grpcStatus());
        }
        return cause;
    }
}
