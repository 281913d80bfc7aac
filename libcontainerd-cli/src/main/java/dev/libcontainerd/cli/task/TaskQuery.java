package dev.libcontainerd.cli.task;

import containerd.services.containers.v1.Container;
import containerd.services.containers.v1.GetContainerRequest;
import containerd.services.containers.v1.ListContainersRequest;
import containerd.services.tasks.v1.GetRequest;
import containerd.services.tasks.v1.ListTasksRequest;
import containerd.v1.types.Process;
import dev.libcontainerd.cli.CliException;
import dev.libcontainerd.cli.Context;
import dev.libcontainerd.internal.grpc.GrpcErrors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the library does not ask containerd: lists of containers and tasks, and a task's exit
 * status without deleting it. Straight gRPC calls on the library's connection.
 */
public final class TaskQuery {
    private final Context context;

    public TaskQuery(Context context) {
        this.context = context;
    }

    /** Every container of the namespace, by id, in containerd's order. */
    public Map<String, Container> containers() {
        try {
            Map<String, Container> out = new LinkedHashMap<>();
            for (Container c : context.connection().containers(context.namespace())
                    .list(ListContainersRequest.getDefaultInstance()).getContainersList()) {
                out.put(c.getId(), c);
            }
            return out;
        } catch (StatusRuntimeException e) {
            throw GrpcErrors.map("list containers", e);
        }
    }

    /** Every task of the namespace, by container id. */
    public Map<String, Process> tasks() {
        try {
            Map<String, Process> out = new LinkedHashMap<>();
            List<Process> list = context.connection().tasks(context.namespace())
                    .list(ListTasksRequest.getDefaultInstance()).getTasksList();
            for (Process p : list) {
                out.put(p.getId().isEmpty() ? p.getContainerId() : p.getId(), p);
            }
            return out;
        } catch (StatusRuntimeException e) {
            throw GrpcErrors.map("list tasks", e);
        }
    }

    /** The container, or a clear "no such container" failure. */
    public Container container(String id) {
        try {
            return context.connection().containers(context.namespace())
                    .get(GetContainerRequest.newBuilder().setId(id).build()).getContainer();
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                throw new CliException("no such container: " + id);
            }
            throw GrpcErrors.map("get container " + id, e);
        }
    }

    /** The container's init process ({@code execId} null) or an exec, if it exists. */
    public Optional<Process> process(String containerId, String execId) {
        GetRequest.Builder req = GetRequest.newBuilder().setContainerId(containerId);
        if (execId != null) {
            req.setExecId(execId);
        }
        try {
            return Optional.of(context.connection().tasks(context.namespace()).get(req.build()).getProcess());
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                return Optional.empty();
            }
            throw GrpcErrors.map("get task " + containerId, e);
        }
    }
}
