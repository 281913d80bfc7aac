package dev.libcontainerd.internal.client;

import containerd.services.containers.v1.Container;
import containerd.services.containers.v1.GetContainerRequest;
import containerd.services.tasks.v1.GetRequest;
import containerd.v1.types.Process;
import dev.libcontainerd.Client;
import dev.libcontainerd.errdefs.ContainerdException;
import dev.libcontainerd.errdefs.NotFoundException;
import dev.libcontainerd.internal.grpc.Connection;
import dev.libcontainerd.internal.grpc.GrpcErrors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * Reads containerd's records and names what is missing the seed's way: "no such container",
 * "container is not running" (no task), "no such exec". Calls go to containerd optimistically;
 * these lookups run only on the failure path to say precisely which object was missing.
 */
final class Lookup {
    private final Connection conn;
    private final String ns;

    Lookup(Connection conn, String ns) {
        this.conn = conn;
        this.ns = ns;
    }

    /** The container record, or NotFound "no such container". */
    Container container(String id) {
        try {
            return conn.containers(ns).get(GetContainerRequest.newBuilder().setId(id).build()).getContainer();
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                throw new NotFoundException("no such container: " + id, e, e.getStatus());
            }
            throw GrpcErrors.map("get container " + id, e);
        }
    }

    /** The init process record, or NotFound for a missing container or task. */
    Process task(String id) {
        return process(id, Client.INIT_PROCESS_NAME);
    }

    /** A process record ("init" or an exec id), or the precise NotFound. */
    Process process(String id, String processId) {
        try {
            GetRequest.Builder req = GetRequest.newBuilder().setContainerId(id);
            if (!Client.INIT_PROCESS_NAME.equals(processId)) {
                req.setExecId(processId);
            }
            return conn.tasks(ns).get(req.build()).getProcess();
        } catch (StatusRuntimeException e) {
            throw explain(id, processId, "get " + processId + " of " + id, e);
        }
    }

    /** Whether the container has a task; false too when the container does not exist. */
    boolean hasTask(String id) {
        try {
            conn.tasks(ns).get(GetRequest.newBuilder().setContainerId(id).build());
            return true;
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                return false;
            }
            throw GrpcErrors.map("get task " + id, e);
        }
    }

    /** The task record, or null when the container has no task (container must exist). */
    Process taskOrNull(String id) {
        try {
            return conn.tasks(ns).get(GetRequest.newBuilder().setContainerId(id).build()).getProcess();
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                container(id); // a missing container is NotFound too, and says so
                return null;
            }
            throw GrpcErrors.map("get task " + id, e);
        }
    }

    /**
     * Maps a failed call on a process. A NotFound from containerd is narrowed to which object is
     * missing; anything else goes through the usual mapping.
     */
    ContainerdException explain(String id, String processId, String what, Throwable t) {
        if (Status.fromThrowable(t).getCode() != Status.Code.NOT_FOUND) {
            return GrpcErrors.map(what, t);
        }
        try {
            conn.containers(ns).get(GetContainerRequest.newBuilder().setId(id).build());
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                return new NotFoundException("no such container: " + id, t, Status.fromThrowable(t));
            }
            return GrpcErrors.map(what, e);
        }
        try {
            conn.tasks(ns).get(GetRequest.newBuilder().setContainerId(id).build());
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                return new NotFoundException("container is not running: " + id, t, Status.fromThrowable(t));
            }
            return GrpcErrors.map(what, e);
        }
        if (!Client.INIT_PROCESS_NAME.equals(processId)) {
            return new NotFoundException("no such exec: " + processId + " in container " + id, t,
                    Status.fromThrowable(t));
        }
        return GrpcErrors.map(what, t);
    }
}
