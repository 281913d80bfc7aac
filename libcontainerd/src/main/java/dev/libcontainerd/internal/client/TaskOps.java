package dev.libcontainerd.internal.client;

import containerd.runc.v1.ProcessDetails;
import containerd.services.tasks.v1.ListPidsRequest;
import containerd.services.tasks.v1.MetricsRequest;
import containerd.services.tasks.v1.MetricsResponse;
import containerd.services.tasks.v1.PauseTaskRequest;
import containerd.services.tasks.v1.ResumeTaskRequest;
import containerd.services.tasks.v1.UpdateTaskRequest;
import containerd.v1.types.Process;
import containerd.v1.types.ProcessInfo;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.libcontainerd.Stats;
import dev.libcontainerd.Summary;
import dev.libcontainerd.errdefs.ConflictException;
import dev.libcontainerd.errdefs.InvalidParameterException;
import dev.libcontainerd.errdefs.NotFoundException;
import dev.libcontainerd.errdefs.SystemException;
import dev.libcontainerd.internal.stdio.FifoSet;
import containerd.services.tasks.v1.CheckpointTaskRequest;
import java.time.Duration;
import dev.libcontainerd.internal.grpc.Connection;
import dev.libcontainerd.internal.grpc.TypeUrls;
import dev.libcontainerd.oci.LinuxResources;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Task-wide controls: pause, resume, stats, pids, update, checkpoint. */
abstract class TaskOps extends ProcessOps {
    /** A dump writes the container's whole memory: more than a control call's deadline. */
    static final Duration CHECKPOINT_TIMEOUT = Duration.ofMinutes(10);

    TaskOps(Connection conn, Path stateDir, String ns) {
        super(conn, stateDir, ns);
    }

    public void pause(String containerId) {
        Ids.check("container id", containerId);
        Process task = lookup.task(containerId);
        switch (task.getStatus()) {
            case PAUSED:
            case PAUSING:
                throw new ConflictException("container " + containerId + " is already paused");
            case RUNNING:
                break;
            default:
                throw new ConflictException("container " + containerId + " is not running: "
                        + Tasks.status(task.getStatus()).value());
        }
        try {
            conn.tasks(ns).pause(PauseTaskRequest.newBuilder().setContainerId(containerId).build());
        } catch (StatusRuntimeException e) {
            throw lookup.explain(containerId, INIT, "pause " + containerId, e);
        }
    }

    public void resume(String containerId) {
        Ids.check("container id", containerId);
        Process task = lookup.task(containerId);
        if (task.getStatus() != containerd.v1.types.Status.PAUSED) {
            throw new ConflictException("container " + containerId + " is not paused: "
                    + Tasks.status(task.getStatus()).value());
        }
        try {
            conn.tasks(ns).resume(ResumeTaskRequest.newBuilder().setContainerId(containerId).build());
        } catch (StatusRuntimeException e) {
            throw lookup.explain(containerId, INIT, "resume " + containerId, e);
        }
    }

    public Stats stats(String containerId) {
        Ids.check("container id", containerId);
        MetricsResponse r;
        try {
            r = conn.tasks(ns).metrics(MetricsRequest.newBuilder().addFilters("id==" + containerId).build());
        } catch (StatusRuntimeException e) {
            throw lookup.explain(containerId, INIT, "stats of " + containerId, e);
        }
        if (r.getMetricsCount() == 0) {
            lookup.task(containerId); // names what is missing
            throw new NotFoundException("no metrics received for " + containerId);
        }
        return StatsDecoder.decode(r.getMetrics(0));
    }

    public List<Integer> listPids(String containerId) {
        List<Integer> out = new ArrayList<>();
        for (ProcessInfo p : processes(containerId)) {
            out.add(p.getPid());
        }
        return out;
    }

    public List<Summary> summary(String containerId) {
        List<Summary> out = new ArrayList<>();
        for (ProcessInfo p : processes(containerId)) {
            String processId = INIT;
            if (p.hasInfo() && "containerd.runc.v1.ProcessDetails".equals(TypeUrls.name(p.getInfo()))) {
                try {
                    String exec = ProcessDetails.parseFrom(p.getInfo().getValue()).getExecId();
                    if (!exec.isEmpty()) {
                        processId = exec;
                    }
                } catch (InvalidProtocolBufferException e) {
                    throw new dev.libcontainerd.errdefs.SystemException("unable to decode process details", e);
                }
            }
            out.add(new Summary(p.getPid(), processId));
        }
        return out;
    }

    private List<ProcessInfo> processes(String containerId) {
        Ids.check("container id", containerId);
        try {
            return conn.tasks(ns).listPids(ListPidsRequest.newBuilder().setContainerId(containerId).build())
                    .getProcessesList();
        } catch (StatusRuntimeException e) {
            throw lookup.explain(containerId, INIT, "list pids of " + containerId, e);
        }
    }

    public void updateResources(String containerId, LinuxResources resources) {
        Ids.check("container id", containerId);
        if (resources == null) {
            throw new InvalidParameterException("resources must not be null");
        }
        Process task = lookup.task(containerId);
        if (task.getStatus() == containerd.v1.types.Status.STOPPED) {
            throw new ConflictException("cannot update container " + containerId + ": it is stopped");
        }
        try {
            conn.tasks(ns).update(UpdateTaskRequest.newBuilder().setContainerId(containerId)
                    .setResources(TypeUrls.json(TypeUrls.LINUX_RESOURCES, resources.toJson())).build());
        } catch (StatusRuntimeException e) {
            throw lookup.explain(containerId, INIT, "update " + containerId, e);
        }
    }

    public void createCheckpoint(String containerId, Path checkpointDir, boolean exit) {
        Ids.check("container id", containerId);
        Path image = Checkpoints.target(checkpointDir);
        Process task = lookup.task(containerId);
        if (task.getStatus() != containerd.v1.types.Status.RUNNING
                && task.getStatus() != containerd.v1.types.Status.PAUSED) {
            throw new ConflictException("cannot checkpoint container " + containerId + ": it is "
                    + Tasks.status(task.getStatus()).value());
        }
        FifoSet.createDir(image);
        Path work = bundleDir(containerId).resolve("criu-work-" + System.nanoTime());
        FifoSet.createDir(work);
        try {
            conn.tasks(ns, CHECKPOINT_TIMEOUT).checkpoint(CheckpointTaskRequest.newBuilder()
                    .setContainerId(containerId)
                    .setOptions(Checkpoints.dumpOptions(image, work, exit, task.getTerminal()))
                    .build());
        } catch (StatusRuntimeException e) {
            String criuLog = Checkpoints.criuLog(work);
            Dirs.empty(image); // a failed dump leaves nothing half-written
            io.grpc.Status.Code code = e.getStatus().getCode();
            if (code == io.grpc.Status.Code.NOT_FOUND || code == io.grpc.Status.Code.FAILED_PRECONDITION
                    || code == io.grpc.Status.Code.UNAVAILABLE || code == io.grpc.Status.Code.DEADLINE_EXCEEDED) {
                throw lookup.explain(containerId, INIT, "checkpoint " + containerId, e);
            }
            throw new SystemException("checkpoint of " + containerId + " failed: "
                    + e.getStatus().getDescription() + criuLog, e, e.getStatus());
        } finally {
            Dirs.removeTree(work);
        }
    }
}
