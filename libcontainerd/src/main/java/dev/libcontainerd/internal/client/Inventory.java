package dev.libcontainerd.internal.client;

import containerd.services.containers.v1.Container;
import containerd.services.containers.v1.ListContainersRequest;
import containerd.services.tasks.v1.ListTasksRequest;
import containerd.v1.types.Process;
import dev.libcontainerd.ContainerInfo;
import dev.libcontainerd.TaskInfo;
import dev.libcontainerd.errdefs.SystemException;
import dev.libcontainerd.internal.events.EventMapper;
import dev.libcontainerd.oci.Spec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Listing and inspecting the namespace's containers and tasks: two calls for all of them. */
final class Inventory {
    private final ClientContext ctx;

    Inventory(ClientContext ctx) {
        this.ctx = ctx;
    }

    /** Every container of the namespace, oldest first. */
    List<ContainerInfo> list() {
        List<Container> containers = ctx.rpc()
                .containers("list containers", c -> c.list(ListContainersRequest.getDefaultInstance()))
                .getContainersList();
        Map<String, Process> tasks = new HashMap<>();
        for (Process p : ctx.rpc()
                .tasks("list tasks", t -> t.list(ListTasksRequest.getDefaultInstance()))
                .getTasksList()) {
            tasks.put(p.getId(), p);
        }
        List<ContainerInfo> out = new ArrayList<>();
        for (Container c : containers) {
            out.add(info(c, tasks.get(c.getId())));
        }
        out.sort(Comparator.comparing(ContainerInfo::createdAt).thenComparing(ContainerInfo::id));
        return out;
    }

    ContainerInfo inspect(String id) {
        Ids.check("container id", id);
        Container c = ctx.lookup().container(id);
        return info(c, ctx.lookup().taskOrNull(id));
    }

    private static ContainerInfo info(Container c, Process task) {
        Spec spec;
        try {
            spec = Spec.fromJson(c.getSpec().getValue().toStringUtf8());
        } catch (RuntimeException e) {
            throw new SystemException("unreadable spec of " + c.getId() + ": " + e.getMessage(), e);
        }
        Instant created = EventMapper.instant(c.getCreatedAt());
        return new ContainerInfo(
                c.getId(),
                created == null ? Instant.EPOCH : created,
                c.getLabelsMap(),
                c.getImage(),
                spec,
                Optional.ofNullable(task).map(Inventory::task));
    }

    private static TaskInfo task(Process p) {
        return new TaskInfo(
                p.getPid(),
                TaskStatus.status(p.getStatus()),
                p.getExitStatus(),
                EventMapper.instant(p.getExitedAt()),
                p.getTerminal());
    }
}
