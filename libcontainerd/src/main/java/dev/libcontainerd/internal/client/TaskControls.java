package dev.libcontainerd.internal.client;

import static dev.libcontainerd.Client.INIT_PROCESS_NAME;

import com.google.protobuf.InvalidProtocolBufferException;
import containerd.runc.v1.ProcessDetails;
import containerd.services.tasks.v1.CheckpointTaskRequest;
import containerd.services.tasks.v1.ListPidsRequest;
import containerd.services.tasks.v1.MetricsRequest;
import containerd.services.tasks.v1.MetricsResponse;
import containerd.services.tasks.v1.PauseTaskRequest;
import containerd.services.tasks.v1.ResumeTaskRequest;
import containerd.services.tasks.v1.UpdateTaskRequest;
import containerd.v1.types.Process;
import containerd.v1.types.ProcessInfo;
import dev.libcontainerd.Stats;
import dev.libcontainerd.Summary;
import dev.libcontainerd.errdefs.ConflictException;
import dev.libcontainerd.errdefs.NotFoundException;
import dev.libcontainerd.errdefs.SystemException;
import dev.libcontainerd.internal.grpc.TypeUrls;
import dev.libcontainerd.internal.stdio.FifoSet;
import dev.libcontainerd.oci.LinuxResources;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Task-wide controls: pause, resume, stats, pids, update, checkpoint. */
final class TaskControls {
    private final ClientContext ctx;

    TaskControls(ClientContext ctx) {
        this.ctx = ctx;
    }

    void pause(String id) {
        Ids.check("container id", id);
        Process task = ctx.lookup().task(id);
        switch (task.getStatus()) {
            case PAUSED:
            case PAUSING:
                throw new ConflictException("container " + id + " is already paused");
            case RUNNING:
                break;
            default:
                throw new ConflictException("container " + id + " is not running: "
                        + TaskStatus.status(task.getStatus()).value());
        }
        ctx.lookup()
                .onProcess(
                        id,
                        INIT_PROCESS_NAME,
                        "pause " + id,
                        t -> t.pause(
                                PauseTaskRequest.newBuilder().setContainerId(id).build()));
    }

    void resume(String id) {
        Ids.check("container id", id);
        Process task = ctx.lookup().task(id);
        if (task.getStatus() != containerd.v1.types.Status.PAUSED) {
            throw new ConflictException("container " + id + " is not paused: "
                    + TaskStatus.status(task.getStatus()).value());
        }
        ctx.lookup()
                .onProcess(
                        id,
                        INIT_PROCESS_NAME,
                        "resume " + id,
                        t -> t.resume(ResumeTaskRequest.newBuilder()
                                .setContainerId(id)
                                .build()));
    }

    Stats stats(String id) {
        Ids.check("container id", id);
        MetricsResponse r = ctx.lookup()
                .onProcess(
                        id,
                        INIT_PROCESS_NAME,
                        "stats of " + id,
                        t -> t.metrics(MetricsRequest.newBuilder()
                                .addFilters("id==" + id)
                                .build()));
        if (r.getMetricsCount() == 0) {
            ctx.lookup().task(id); // names what is missing
            throw new NotFoundException("no metrics received for " + id);
        }
        return StatsDecoder.decode(r.getMetrics(0));
    }

    List<Integer> listPids(String id) {
        List<Integer> out = new ArrayList<>();
        for (ProcessInfo p : processes(id)) {
            out.add(p.getPid());
        }
        return out;
    }

    List<Summary> summary(String id) {
        List<Summary> out = new ArrayList<>();
        for (ProcessInfo p : processes(id)) {
            out.add(new Summary(p.getPid(), processIdOf(p)));
        }
        return out;
    }

    private static String processIdOf(ProcessInfo p) {
        if (!p.hasInfo() || !"containerd.runc.v1.ProcessDetails".equals(TypeUrls.name(p.getInfo()))) {
            return INIT_PROCESS_NAME;
        }
        try {
            String exec = ProcessDetails.parseFrom(p.getInfo().getValue()).getExecId();
            return exec.isEmpty() ? INIT_PROCESS_NAME : exec;
        } catch (InvalidProtocolBufferException e) {
            throw new SystemException("unable to decode process details", e);
        }
    }

    private List<ProcessInfo> processes(String id) {
        Ids.check("container id", id);
        return ctx.lookup()
                .onProcess(
                        id,
                        INIT_PROCESS_NAME,
                        "list pids of " + id,
                        t -> t.listPids(
                                ListPidsRequest.newBuilder().setContainerId(id).build()))
                .getProcessesList();
    }

    void update(String id, LinuxResources resources) {
        Ids.check("container id", id);
        SpecChecks.resources(resources, "resources");
        Process task = ctx.lookup().task(id);
        if (task.getStatus() == containerd.v1.types.Status.STOPPED) {
            throw new ConflictException("cannot update container " + id + ": it is stopped");
        }
        ctx.lookup()
                .onProcess(
                        id,
                        INIT_PROCESS_NAME,
                        "update " + id,
                        t -> t.update(UpdateTaskRequest.newBuilder()
                                .setContainerId(id)
                                .setResources(TypeUrls.json(TypeUrls.LINUX_RESOURCES, resources.toJson()))
                                .build()));
    }

    void checkpoint(String id, Path checkpointDir, boolean exit) {
        Ids.check("container id", id);
        Path image = Checkpoints.target(checkpointDir);
        Process task = ctx.lookup().task(id);
        if (task.getStatus() != containerd.v1.types.Status.RUNNING
                && task.getStatus() != containerd.v1.types.Status.PAUSED) {
            throw new ConflictException("cannot checkpoint container " + id + ": it is "
                    + TaskStatus.status(task.getStatus()).value());
        }
        FifoSet.createDir(image);
        Path work = ctx.bundleDir(id).resolve("criu-work-" + System.nanoTime());
        FifoSet.createDir(work);
        try {
            ctx.lookup()
                    .onProcess(
                            id,
                            INIT_PROCESS_NAME,
                            "checkpoint " + id,
                            TaskLifecycle.CHECKPOINT_TIMEOUT,
                            t -> t.checkpoint(CheckpointTaskRequest.newBuilder()
                                    .setContainerId(id)
                                    .setOptions(Checkpoints.dumpOptions(image, work, exit, task.getTerminal()))
                                    .build()));
        } catch (SystemException e) {
            // CRIU's own words say why, runc's rarely do
            Dirs.empty(image); // a failed dump leaves nothing half-written
            String reason =
                    e.grpcStatus() == null ? e.getMessage() : e.grpcStatus().getDescription();
            throw new SystemException(
                    "checkpoint of " + id + " failed: " + reason + Checkpoints.criuLog(work), e, e.grpcStatus());
        } catch (RuntimeException e) {
            Dirs.empty(image);
            throw e;
        } finally {
            Dirs.removeTree(work);
        }
    }
}
