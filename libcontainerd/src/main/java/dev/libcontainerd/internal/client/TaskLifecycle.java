package dev.libcontainerd.internal.client;

import static dev.libcontainerd.Client.INIT_PROCESS_NAME;

import containerd.services.containers.v1.Container;
import containerd.services.snapshots.v1.MountsRequest;
import containerd.services.tasks.v1.CreateTaskRequest;
import containerd.services.tasks.v1.DeleteResponse;
import containerd.services.tasks.v1.DeleteTaskRequest;
import containerd.services.tasks.v1.StartRequest;
import containerd.types.Mount;
import containerd.v1.types.Process;
import dev.libcontainerd.ContainerSnapshot;
import dev.libcontainerd.EventType;
import dev.libcontainerd.ExitStatus;
import dev.libcontainerd.RestoreResult;
import dev.libcontainerd.Status;
import dev.libcontainerd.Stdio;
import dev.libcontainerd.StdioCallback;
import dev.libcontainerd.errdefs.ConflictException;
import dev.libcontainerd.errdefs.NotFoundException;
import dev.libcontainerd.errdefs.SystemException;
import dev.libcontainerd.errdefs.UnavailableException;
import dev.libcontainerd.internal.events.EventMapper;
import dev.libcontainerd.internal.events.MappedEvent;
import dev.libcontainerd.internal.grpc.AlreadyExistsException;
import dev.libcontainerd.internal.stdio.FifoIO;
import dev.libcontainerd.internal.stdio.FifoSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** A container's task: start (fresh or from a checkpoint), restore, status, deleteTask. */
final class TaskLifecycle {
    /** A restore reads the container's whole memory: more than a control call's deadline. */
    static final Duration CHECKPOINT_TIMEOUT = Duration.ofMinutes(10);

    private static final int DYING_TASK_RETRIES = 30;
    private static final long DYING_TASK_WAIT_MS = 100;

    private final ClientContext ctx;
    private final Containers containers;
    private final Cleanups cleanups;
    private final EventRouter router;

    TaskLifecycle(ClientContext ctx, Containers containers, Cleanups cleanups, EventRouter router) {
        this.ctx = ctx;
        this.containers = containers;
        this.cleanups = cleanups;
        this.router = router;
    }

    int start(String id, Path checkpointDir, Stdio stdio) {
        Ids.check("container id", id);
        Objects.requireNonNull(stdio, "stdio");
        Path image = checkpointDir == null ? null : Checkpoints.source(checkpointDir);
        ContainerRecord rec = containers.known(id);
        cleanups.settleTask(rec); // a failed start's task, left while containerd was away
        claimInit(rec, id);
        Path dir = ctx.bundleDir(id);
        boolean newDir = !Files.isDirectory(dir);
        ProcessStdio io;
        try {
            io = ProcessStdio.prepare(
                    stdio,
                    dir,
                    INIT_PROCESS_NAME,
                    rec.terminal,
                    () -> ctx.lookup().taskOrNull(id) == null,
                    ctx);
        } catch (RuntimeException e) {
            removeIfNew(dir, newDir);
            throw e;
        }
        ProcessEntry entry = new ProcessEntry(INIT_PROCESS_NAME, io.io(), true);
        Path criuWork = null;
        boolean taskMayExist = false;
        try {
            if (rec.processes.putIfAbsent(INIT_PROCESS_NAME, entry) != null) {
                entry = null;
                throw new ConflictException("container already started: " + id);
            }
            io.attach(stdio);
            CreateTaskRequest.Builder req = CreateTaskRequest.newBuilder()
                    .setContainerId(id)
                    .setStdin(io.stdin())
                    .setStdout(io.stdout())
                    .setStderr(io.stderr())
                    .setTerminal(rec.terminal);
            if (rec.snapshot != null) {
                req.addAllRootfs(mounts(id, rec.snapshot));
            }
            if (image != null) {
                criuWork = dir.resolve("criu-work-" + System.nanoTime());
                FifoSet.createDir(criuWork);
                req.setOptions(Checkpoints.restoreOptions(rec.runtimeOptions, image, criuWork));
            } else if (rec.runtimeOptions != null) {
                req.setOptions(rec.runtimeOptions);
            }
            try {
                createTask(id, req.build());
            } catch (UnavailableException e) {
                taskMayExist = true; // containerd may have made it before the call failed
                throw e;
            }
            taskMayExist = true;
            rec.task = ContainerRecord.Task.PRESENT;
            if (image == null) {
                io.shimAttached(); // the shim opened its writers during create
            }
            int pid = startTask(id, image, criuWork);
            io.started(p -> Processes.closeIoQuietly(ctx, id, p)); // a restored process's stdio opens only now
            entry.started(pid);
            return pid;
        } catch (RuntimeException e) {
            if (entry != null) {
                entry.startReturned.complete(null);
                rec.processes.remove(INIT_PROCESS_NAME, entry);
            }
            io.discard();
            if (taskMayExist) {
                cleanups.abandonTask(rec);
            }
            removeIfNew(dir, newDir);
            throw e;
        } finally {
            if (criuWork != null) {
                Dirs.removeTree(criuWork);
            }
        }
    }

    private List<Mount> mounts(String id, ContainerSnapshot s) {
        return ctx.rpc()
                .snapshots(
                        "mounts of " + id + "'s snapshot",
                        c -> c.mounts(MountsRequest.newBuilder()
                                .setSnapshotter(s.snapshotter())
                                .setKey(s.key())
                                .build()))
                .getMountsList();
    }

    /** A failed call leaves no trace, not even the container's directory. */
    private static void removeIfNew(Path dir, boolean newDir) {
        if (newDir) {
            FifoSet.removeDirIfEmpty(dir);
        }
    }

    /**
     * Tasks.Create; a task that containerd still lists while it already answers NotFound for it is
     * one whose dead shim it is still cleaning up: worth a few short waits, not a Conflict.
     */
    private void createTask(String id, CreateTaskRequest req) {
        for (int attempt = 0; ; attempt++) {
            try {
                ctx.lookup().onProcess(id, INIT_PROCESS_NAME, "create task " + id, t -> t.create(req));
                return;
            } catch (AlreadyExistsException e) {
                if (attempt >= DYING_TASK_RETRIES || ctx.lookup().taskOrNull(id) != null) {
                    throw new ConflictException("container already started: " + id, e, e.grpcStatus());
                }
            }
            try {
                Thread.sleep(DYING_TASK_WAIT_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SystemException("interrupted while the old task of " + id + " was removed", e);
            }
        }
    }

    private int startTask(String id, Path image, Path criuWork) {
        StartRequest req = StartRequest.newBuilder().setContainerId(id).build();
        if (image == null) {
            return ctx.lookup()
                    .onProcess(id, INIT_PROCESS_NAME, "start " + id, t -> t.start(req))
                    .getPid();
        }
        try {
            return ctx.lookup()
                    .onProcess(id, INIT_PROCESS_NAME, "restore " + id, CHECKPOINT_TIMEOUT, t -> t.start(req))
                    .getPid();
        } catch (SystemException e) {
            String reason =
                    e.grpcStatus() == null ? e.getMessage() : e.grpcStatus().getDescription();
            throw new SystemException(
                    "restore of " + id + " failed: " + reason + Checkpoints.criuLog(criuWork), e, e.grpcStatus());
        }
    }

    /** A previous task's init entry stays until deleteTask: then the container is still started. */
    private void claimInit(ContainerRecord rec, String id) {
        ProcessEntry old = rec.init();
        if (old == null) {
            return;
        }
        if (ctx.lookup().taskOrNull(id) != null) {
            throw new ConflictException("container already started: " + id);
        }
        synchronized (rec) { // as the event side's release of a gone init: one of the two does it
            router.vanished(rec); // its task went without a word to this client
            if (rec.processes.remove(INIT_PROCESS_NAME, old)) {
                rec.retire(old.io);
            }
        }
    }

    ExitStatus deleteTask(String id) {
        Ids.check("container id", id);
        ContainerRecord rec = ctx.records().get(id);
        ProcessEntry init = rec == null ? null : rec.init();
        // An init whose exit was reported stays stopped until its task is deleted, so the status
        // lookup can be skipped. It is needed otherwise: containerd's delete of a live task is
        // refused, but only after it stopped the task's OOM monitoring.
        if (init == null || !init.exited()) {
            Process task = ctx.lookup().task(id);
            // CREATED is deletable: a task whose start never happened must not be stuck
            switch (task.getStatus()) {
                case RUNNING:
                case PAUSED:
                case PAUSING:
                    throw new ConflictException("task must be stopped before deletion: "
                            + TaskStatus.status(task.getStatus()).value());
                default:
                    break;
            }
        }
        DeleteResponse r;
        try {
            r = ctx.lookup()
                    .onProcess(
                            id,
                            INIT_PROCESS_NAME,
                            "delete task " + id,
                            t -> t.delete(DeleteTaskRequest.newBuilder()
                                    .setContainerId(id)
                                    .build()));
        } catch (NotFoundException e) {
            if (rec != null) {
                router.taskNotFound(rec); // deleted already, by containerd or a lost answer
            }
            throw e;
        }
        Instant at = EventMapper.instant(r.getExitedAt());
        if (rec != null) {
            // The task is gone now, as containerd's own delete event will say: an exit nobody
            // heard (containerd was away when it happened) is reported from the delete's answer,
            // before the record forgets the process; the ledger drops it if the event came first.
            router.onEvent(
                    new MappedEvent(id, EventType.UNKNOWN, INIT_PROCESS_NAME, r.getPid(), r.getExitStatus(), at, true));
            if (init != null && rec.processes.remove(INIT_PROCESS_NAME, init)) {
                rec.retire(init.io);
            }
            rec.task = ContainerRecord.Task.DELETED;
        }
        FifoSet.all(ctx.bundleDir(id), INIT_PROCESS_NAME).remove();
        return new ExitStatus(r.getExitStatus(), at == null ? Instant.now() : at);
    }

    Status status(String id) {
        Ids.check("container id", id);
        return TaskStatus.status(ctx.lookup().task(id).getStatus());
    }

    RestoreResult restore(String id, StdioCallback attachStdio) {
        Ids.check("container id", id);
        Container c = ctx.lookup().container(id);
        ContainerRecord rec = ctx.records().getOrCreate(id);
        Containers.learnSpec(rec, c);
        Process task = ctx.lookup().taskOrNull(id);
        if (task == null || task.getStatus() == containerd.v1.types.Status.STOPPED) {
            return new RestoreResult(false, 0);
        }
        rec.task = ContainerRecord.Task.PRESENT;
        ProcessEntry known = rec.init();
        if (known != null && known.io != null) {
            return new RestoreResult(true, task.getPid()); // attached already
        }
        FifoIO stdio = null;
        if (attachStdio != null && !task.getStdout().isEmpty()) {
            FifoSet fifos = new FifoSet(
                    task.getStdin().isEmpty() ? null : Path.of(task.getStdin()),
                    Path.of(task.getStdout()),
                    task.getStderr().isEmpty() ? null : Path.of(task.getStderr()),
                    task.getTerminal());
            stdio = FifoIO.open(fifos, INIT_PROCESS_NAME, ctx.timer());
            try {
                StdioSetup.attach(attachStdio, stdio);
            } catch (RuntimeException e) {
                stdio.close();
                throw e;
            }
            stdio.releasePlaceholders(); // the live shim holds its writers already
            stdio.openStdinGate(p -> Processes.closeIoQuietly(ctx, id, p));
        }
        ProcessEntry entry = ProcessEntry.running(INIT_PROCESS_NAME, task.getPid(), stdio, true);
        if (!rec.exits.reported(INIT_PROCESS_NAME, task.getPid())) {
            rec.processes.put(INIT_PROCESS_NAME, entry);
        }
        return new RestoreResult(true, task.getPid());
    }
}
