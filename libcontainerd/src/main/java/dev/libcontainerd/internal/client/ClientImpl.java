package dev.libcontainerd.internal.client;

import com.google.protobuf.Any;
import containerd.runc.v1.Options;
import containerd.services.containers.v1.Container;
import containerd.services.containers.v1.CreateContainerRequest;
import containerd.services.containers.v1.DeleteContainerRequest;
import containerd.services.tasks.v1.CreateTaskRequest;
import containerd.services.tasks.v1.DeleteResponse;
import containerd.services.tasks.v1.DeleteTaskRequest;
import containerd.services.tasks.v1.StartRequest;
import containerd.v1.types.Process;
import dev.libcontainerd.Backend;
import dev.libcontainerd.Client;
import dev.libcontainerd.Containerd;
import dev.libcontainerd.ExitStatus;
import dev.libcontainerd.RestoreResult;
import dev.libcontainerd.RuntimeOptions;
import dev.libcontainerd.StdioCallback;
import dev.libcontainerd.Status;
import dev.libcontainerd.Version;
import dev.libcontainerd.errdefs.ConflictException;
import dev.libcontainerd.errdefs.InvalidParameterException;
import dev.libcontainerd.errdefs.NotFoundException;
import dev.libcontainerd.errdefs.SystemException;
import dev.libcontainerd.internal.events.ContainerQueue;
import dev.libcontainerd.internal.events.Dispatcher;
import dev.libcontainerd.internal.events.EventMapper;
import dev.libcontainerd.internal.events.EventStream;
import dev.libcontainerd.internal.grpc.GrpcErrors;
import dev.libcontainerd.internal.grpc.TypeUrls;
import dev.libcontainerd.internal.stdio.FifoIO;
import dev.libcontainerd.internal.stdio.FifoSet;
import dev.libcontainerd.oci.Spec;
import io.grpc.StatusRuntimeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Client} implementation: container and task lifecycle here; per-process operations
 * in {@link ProcessOps}, task-wide controls in {@link TaskOps}, events in {@code
 * internal.events}.
 */
public final class ClientImpl extends TaskOps implements Client {
    private static final Logger log = LoggerFactory.getLogger(ClientImpl.class);
    static final String RUNTIME = "io.containerd.runc.v2";

    private final Containerd daemon;
    private final EventStream events;
    private final ExecutorService eventWorkers;
    private final ScheduledExecutorService reconnectTimer;
    private volatile boolean closed;

    private ClientImpl(Containerd containerd, Path stateDir, String namespace, Backend backend) {
        super(containerd.connection(), stateDir, namespace);
        this.daemon = containerd;
        this.eventWorkers = Threads.eventWorkers(namespace);
        this.reconnectTimer = Threads.timer("libcontainerd-events-" + namespace);
        this.dispatcher = new Dispatcher(backend, new ContainerQueue(eventWorkers), this::cleanupExec);
        this.events = new EventStream(conn, namespace, this::onEvent,
                new Reconciler(lookup, dispatcher)::run, reconnectTimer);
    }

    /** The seed's NewClient: validates, then starts consuming events at once. */
    public static Client create(Containerd containerd, Path stateDir, String namespace, Backend backend) {
        Objects.requireNonNull(containerd, "containerd");
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(backend, "backend");
        Ids.check("namespace", namespace);
        FifoSet.createDir(stateDir);
        ClientImpl c = new ClientImpl(containerd, stateDir.toAbsolutePath().normalize(), namespace, backend);
        c.events.start();
        return c;
    }

    @Override
    public Version version() {
        return daemon.version();
    }

    @Override
    public void create(String containerId, Spec spec, RuntimeOptions runtimeOptions) {
        Ids.check("container id", containerId);
        if (spec == null) {
            throw new InvalidParameterException("spec must not be null");
        }
        if (spec.process() == null) {
            throw new InvalidParameterException("spec has no process");
        }
        if (spec.root() != null && spec.root().path() != null) {
            Path root = Path.of(spec.root().path());
            if (root.isAbsolute() && !Files.isDirectory(root)) {
                throw new InvalidParameterException("rootfs " + root + " does not exist or is not a directory");
            }
        }
        Any options = TypeUrls.pack(toProto(runtimeOptions));
        Container container = Container.newBuilder()
                .setId(containerId)
                .setRuntime(Container.Runtime.newBuilder().setName(RUNTIME).setOptions(options))
                .setSpec(TypeUrls.json(TypeUrls.SPEC, spec.toJson()))
                .build();
        try {
            conn.containers(ns).create(CreateContainerRequest.newBuilder().setContainer(container).build());
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == io.grpc.Status.Code.ALREADY_EXISTS) {
                throw new ConflictException("id already in use: " + containerId, e, e.getStatus());
            }
            throw GrpcErrors.map("create container " + containerId, e);
        }
        dispatcher.forget(containerId); // an id used before starts with a clean OOM flag
        ContainerState st = new ContainerState();
        st.terminal = spec.process().terminal();
        st.runtimeOptions = options;
        st.specKnown = true;
        states.put(containerId, st);
    }

    @Override
    public int start(String containerId, Path checkpointDir, boolean withStdin, StdioCallback attachStdio) {
        Ids.check("container id", containerId);
        Objects.requireNonNull(attachStdio, "attachStdio");
        Path image = checkpointDir == null ? null : Checkpoints.source(checkpointDir);
        ContainerState st = knownState(containerId);
        Path dir = bundleDir(containerId);
        FifoSet.createDir(dir);
        Path criuWork = image == null ? null : dir.resolve("criu-work-" + System.nanoTime());
        FifoSet fifos = FifoSet.of(dir, INIT_PROCESS_NAME, withStdin, st.terminal);
        createFifos(fifos, () -> lookup.taskOrNull(containerId) == null);
        FifoIO stdio = null;
        boolean taskCreated = false;
        try {
            st.taskGone = false;
            stdio = FifoIO.open(fifos, INIT_PROCESS_NAME);
            // registered before the task exists, so an EXIT handler's deleteTask finds it
            st.retire(st.io.put(INIT_PROCESS_NAME, stdio));
            attach(attachStdio, stdio);
            CreateTaskRequest.Builder req = CreateTaskRequest.newBuilder()
                    .setContainerId(containerId)
                    .setStdout(fifos.stdout().toString())
                    .setTerminal(fifos.terminal());
            if (fifos.stdin() != null) {
                req.setStdin(fifos.stdin().toString());
            }
            if (fifos.stderr() != null) {
                req.setStderr(fifos.stderr().toString());
            }
            if (image != null) {
                FifoSet.createDir(criuWork);
                req.setOptions(Checkpoints.restoreOptions(st.runtimeOptions, image, criuWork));
            } else if (st.runtimeOptions != null) {
                req.setOptions(st.runtimeOptions);
            }
            try {
                conn.tasks(ns).create(req.build());
            } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() == io.grpc.Status.Code.ALREADY_EXISTS) {
                    throw new ConflictException("container already started: " + containerId, e, e.getStatus());
                }
                if (e.getStatus().getCode() == io.grpc.Status.Code.DEADLINE_EXCEEDED) {
                    // containerd may have created the task after all: do not leave it behind
                    taskCreated = true;
                }
                throw lookup.explain(containerId, INIT_PROCESS_NAME, "create task " + containerId, e);
            }
            taskCreated = true;
            if (image == null) {
                stdio.releasePlaceholders(); // the shim opened its writers during create
            }
            int pid;
            try {
                // a restore happens in start, and takes as long as the dump did
                pid = (image == null ? conn.tasks(ns) : conn.tasks(ns, CHECKPOINT_TIMEOUT))
                        .start(StartRequest.newBuilder().setContainerId(containerId).build()).getPid();
            } catch (StatusRuntimeException e) {
                if (image != null && e.getStatus().getCode() == io.grpc.Status.Code.UNKNOWN) {
                    throw new SystemException("restore of " + containerId + " failed: "
                            + e.getStatus().getDescription() + Checkpoints.criuLog(criuWork), e, e.getStatus());
                }
                throw lookup.explain(containerId, INIT_PROCESS_NAME, "start " + containerId, e);
            }
            // a restored process gets its stdio from the shim only in start
            stdio.releasePlaceholders();
            stdio.openStdinGate(p -> closeIo(containerId, p));
            dispatcher.started(containerId, containerId, pid);
            st.initPid = pid;
            return pid;
        } catch (RuntimeException e) {
            if (taskCreated) {
                deleteTaskQuietly(containerId);
            }
            if (stdio != null) {
                st.io.remove(INIT_PROCESS_NAME, stdio);
                stdio.close();
            }
            fifos.remove();
            throw e;
        } finally {
            if (criuWork != null) {
                Dirs.removeTree(criuWork);
            }
        }
    }

    private void deleteTaskQuietly(String containerId) {
        try {
            conn.tasks(ns).delete(DeleteTaskRequest.newBuilder().setContainerId(containerId).build());
        } catch (RuntimeException e) {
            log.warn("failed to delete the task of {} after a failed start: {}", containerId, e.toString());
        }
    }

    @Override
    public ExitStatus deleteTask(String containerId) {
        Ids.check("container id", containerId);
        ContainerState known = states.get(containerId);
        int initPid = known == null ? 0 : known.initPid;
        // A process whose exit was reported stays stopped until its task is deleted, so then
        // the status lookup can be skipped. It is needed otherwise: containerd's delete of a
        // live task is refused, but only after it stopped the task's OOM monitoring.
        if (initPid <= 0 || !dispatcher.exitReported(containerId, containerId, initPid)) {
            Process task = lookup.task(containerId);
            // CREATED too: a task whose start never happened (a start that timed out, say)
            // must not be stuck; runc deletes it cleanly.
            if (task.getStatus() == containerd.v1.types.Status.RUNNING
                    || task.getStatus() == containerd.v1.types.Status.PAUSED
                    || task.getStatus() == containerd.v1.types.Status.PAUSING) {
                throw new ConflictException("task must be stopped before deletion: "
                        + Tasks.status(task.getStatus()).value());
            }
        }
        DeleteResponse r;
        try {
            r = conn.tasks(ns).delete(DeleteTaskRequest.newBuilder().setContainerId(containerId).build());
        } catch (StatusRuntimeException e) {
            throw lookup.explain(containerId, INIT_PROCESS_NAME, "delete task " + containerId, e);
        }
        ContainerState st = states.get(containerId);
        if (st != null) {
            st.retire(st.io.remove(INIT_PROCESS_NAME));
            st.initPid = 0;
            st.taskGone = true;
        }
        FifoSet.all(bundleDir(containerId), INIT_PROCESS_NAME).remove();
        dispatcher.deleted(containerId, containerId);
        Instant at = EventMapper.instant(r.getExitedAt());
        return new ExitStatus(r.getExitStatus(), at == null ? Instant.now() : at);
    }

    @Override
    public void delete(String containerId) {
        Ids.check("container id", containerId);
        // containerd's container delete does not look at tasks: the check is ours to make.
        // A missing container is left to Containers.Delete to report (one call fewer).
        ContainerState known = states.get(containerId);
        boolean taskGone = known != null && known.taskGone;
        if (!taskGone && lookup.hasTask(containerId)) {
            throw new ConflictException("cannot delete container " + containerId
                    + ": it has a task (delete the task first)");
        }
        try {
            conn.containers(ns).delete(DeleteContainerRequest.newBuilder().setId(containerId).build());
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == io.grpc.Status.Code.NOT_FOUND) {
                throw new NotFoundException("no such container: " + containerId, e, e.getStatus());
            }
            throw GrpcErrors.map("delete container " + containerId, e);
        }
        ContainerState st = states.remove(containerId);
        if (st != null) {
            st.closeAll();
        }
        dispatcher.forget(containerId);
        Dirs.removeTree(bundleDir(containerId));
    }

    @Override
    public Status status(String containerId) {
        Ids.check("container id", containerId);
        return Tasks.status(lookup.task(containerId).getStatus());
    }

    @Override
    public RestoreResult restore(String containerId, StdioCallback attachStdio) {
        Ids.check("container id", containerId);
        Container c = lookup.container(containerId);
        ContainerState st = states.computeIfAbsent(containerId, k -> new ContainerState());
        rememberSpec(st, c);
        Process task = lookup.taskOrNull(containerId);
        if (task == null || task.getStatus() == containerd.v1.types.Status.STOPPED) {
            return new RestoreResult(false, 0);
        }
        if (attachStdio != null && !st.io.containsKey(INIT_PROCESS_NAME) && !task.getStdout().isEmpty()) {
            FifoSet fifos = new FifoSet(
                    task.getStdin().isEmpty() ? null : Path.of(task.getStdin()),
                    Path.of(task.getStdout()),
                    task.getStderr().isEmpty() ? null : Path.of(task.getStderr()),
                    task.getTerminal());
            FifoIO stdio = FifoIO.open(fifos, INIT_PROCESS_NAME);
            try {
                attach(attachStdio, stdio);
            } catch (RuntimeException e) {
                stdio.close();
                throw e;
            }
            stdio.releasePlaceholders(); // the live shim holds its writers already
            stdio.openStdinGate(pid -> closeIo(containerId, pid));
            st.io.put(INIT_PROCESS_NAME, stdio);
        }
        dispatcher.started(containerId, containerId, task.getPid());
        st.initPid = task.getPid();
        return new RestoreResult(true, task.getPid());
    }

    /** Spec facts needed to start; read from containerd when this client did not create it. */
    private ContainerState knownState(String containerId) {
        ContainerState st = states.get(containerId);
        if (st != null && st.specKnown) {
            return st;
        }
        Container c = lookup.container(containerId);
        st = states.computeIfAbsent(containerId, k -> new ContainerState());
        rememberSpec(st, c);
        return st;
    }

    private static void rememberSpec(ContainerState st, Container c) {
        try {
            Spec spec = Spec.fromJson(c.getSpec().getValue().toStringUtf8());
            st.terminal = spec.process() != null && spec.process().terminal();
        } catch (RuntimeException e) {
            throw new SystemException("failed to retrieve spec of " + c.getId() + ": " + e.getMessage(), e);
        }
        st.runtimeOptions = c.getRuntime().hasOptions() ? c.getRuntime().getOptions() : null;
        st.specKnown = true;
    }

    static Options toProto(RuntimeOptions o) {
        Options.Builder b = Options.newBuilder();
        if (o == null) {
            return b.build();
        }
        o.binaryName().ifPresent(b::setBinaryName);
        o.root().ifPresent(b::setRoot);
        o.criuPath().ifPresent(b::setCriuPath);
        o.shimCgroup().ifPresent(b::setShimCgroup);
        return b.setSystemdCgroup(o.systemdCgroup())
                .setNoPivotRoot(o.noPivotRoot())
                .setNoNewKeyring(o.noNewKeyring())
                .setIoUid(o.ioUid())
                .setIoGid(o.ioGid())
                .build();
    }

    private void onEvent(dev.libcontainerd.internal.events.MappedEvent e) {
        if (e.type() == dev.libcontainerd.EventType.CREATE) {
            ContainerState st = states.get(e.containerId());
            if (st != null) {
                st.taskGone = false; // whoever created it, a task exists again
            }
        }
        dispatcher.dispatch(e);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        events.close();
        reconnectTimer.shutdownNow();
        eventWorkers.shutdown();
        states.values().forEach(st -> st.io.values().forEach(FifoIO::closeWriters));
    }

}
