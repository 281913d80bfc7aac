package dev.libcontainerd.internal.client;

import dev.libcontainerd.Backend;
import dev.libcontainerd.Client;
import dev.libcontainerd.ContainerInfo;
import dev.libcontainerd.ContainerSnapshot;
import dev.libcontainerd.Containerd;
import dev.libcontainerd.ExitStatus;
import dev.libcontainerd.RestoreResult;
import dev.libcontainerd.RuntimeOptions;
import dev.libcontainerd.Stats;
import dev.libcontainerd.Status;
import dev.libcontainerd.Stdio;
import dev.libcontainerd.StdioCallback;
import dev.libcontainerd.Summary;
import dev.libcontainerd.Version;
import dev.libcontainerd.internal.events.EventStream;
import dev.libcontainerd.internal.grpc.Connection;
import dev.libcontainerd.internal.grpc.Rpc;
import dev.libcontainerd.internal.stdio.FifoSet;
import dev.libcontainerd.internal.stdio.OutputPump;
import dev.libcontainerd.oci.LinuxResources;
import dev.libcontainerd.oci.ProcessSpec;
import dev.libcontainerd.oci.Spec;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Client}: each operation is handed to the part that owns it. Containers (records),
 * the task lifecycle (start, restore, deleteTask), processes (exec, signals, stdin), task
 * controls (pause, stats, update, checkpoint); events flow one way, from the stream through the
 * router to the backend.
 */
public final class ClientImpl implements Client {
    private static final Logger log = LoggerFactory.getLogger(ClientImpl.class);

    /** How long {@link #close()} lets the clean-ups after exits finish. */
    private static final long CLEANUP_GRACE_SECONDS = 5;

    private final Containerd daemon;
    private final ClientContext ctx;
    private final Containers containers;
    private final TaskLifecycle tasks;
    private final Processes processes;
    private final TaskControls controls;
    private final Inventory inventory;
    private final EventStream events;
    private volatile boolean closed;

    private ClientImpl(Containerd daemon, Connection conn, Path stateDir, String namespace, Backend backend) {
        this.daemon = daemon;
        Rpc rpc = new Rpc(conn, namespace);
        this.ctx = new ClientContext(
                rpc,
                new Lookup(rpc),
                new Records(),
                stateDir,
                namespace,
                Threads.eventWorkers(namespace),
                Threads.cleanupWorkers(namespace),
                Threads.timer("libcontainerd-events-" + namespace),
                new OutputPump("libcontainerd-stdio-" + namespace));
        Cleanups cleanups = new Cleanups(ctx);
        EventRouter router = new EventRouter(ctx, backend, cleanups, new ExitChecker(ctx.lookup()));
        this.containers = new Containers(ctx, router);
        this.tasks = new TaskLifecycle(ctx, containers, cleanups, router);
        this.processes = new Processes(ctx, cleanups);
        this.controls = new TaskControls(ctx);
        this.inventory = new Inventory(ctx);
        this.events = new EventStream(conn, namespace, router::onEvent, router::reconcile, ctx.timer());
    }

    /** The seed's NewClient: validates, then starts consuming events at once. */
    public static Client create(
            Containerd containerd, Connection conn, Path stateDir, String namespace, Backend backend) {
        Objects.requireNonNull(containerd, "containerd");
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(backend, "backend");
        Ids.check("namespace", namespace);
        FifoSet.createDir(stateDir);
        ClientImpl c =
                new ClientImpl(containerd, conn, stateDir.toAbsolutePath().normalize(), namespace, backend);
        c.events.start();
        return c;
    }

    @Override
    public Version version() {
        return daemon.version();
    }

    @Override
    public RestoreResult restore(String containerId, StdioCallback attachStdio) {
        return tasks.restore(containerId, attachStdio);
    }

    @Override
    public void create(String containerId, Spec spec, RuntimeOptions runtimeOptions) {
        containers.create(containerId, spec, runtimeOptions, null);
    }

    @Override
    public void create(String containerId, Spec spec, RuntimeOptions runtimeOptions, ContainerSnapshot snapshot) {
        containers.create(containerId, spec, runtimeOptions, Objects.requireNonNull(snapshot, "snapshot"));
    }

    @Override
    public int start(String containerId, Path checkpointDir, Stdio stdio) {
        return tasks.start(containerId, checkpointDir, stdio);
    }

    @Override
    public void signalProcess(String containerId, String processId, int signal) {
        processes.signal(containerId, processId, signal);
    }

    @Override
    public int exec(String containerId, String processId, ProcessSpec spec, Stdio stdio) {
        return processes.exec(containerId, processId, spec, stdio);
    }

    @Override
    public void resizeTerminal(String containerId, String processId, int width, int height) {
        processes.resize(containerId, processId, width, height);
    }

    @Override
    public void closeStdin(String containerId, String processId) {
        processes.closeStdin(containerId, processId);
    }

    @Override
    public void pause(String containerId) {
        controls.pause(containerId);
    }

    @Override
    public void resume(String containerId) {
        controls.resume(containerId);
    }

    @Override
    public Stats stats(String containerId) {
        return controls.stats(containerId);
    }

    @Override
    public List<Integer> listPids(String containerId) {
        return controls.listPids(containerId);
    }

    @Override
    public List<Summary> summary(String containerId) {
        return controls.summary(containerId);
    }

    @Override
    public ExitStatus deleteTask(String containerId) {
        return tasks.deleteTask(containerId);
    }

    @Override
    public void delete(String containerId) {
        containers.delete(containerId);
    }

    @Override
    public Status status(String containerId) {
        return tasks.status(containerId);
    }

    @Override
    public void updateResources(String containerId, LinuxResources resources) {
        controls.update(containerId, resources);
    }

    @Override
    public void createCheckpoint(String containerId, Path checkpointDir, boolean exit) {
        controls.checkpoint(containerId, checkpointDir, exit);
    }

    @Override
    public List<ContainerInfo> list() {
        return inventory.list();
    }

    @Override
    public ContainerInfo inspect(String containerId) {
        return inventory.inspect(containerId);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        events.close();
        ctx.timer().shutdownNow();
        ctx.workers().shutdown();
        ctx.cleanupWorkers().shutdown();
        // An exec's EXIT reaches the backend before its clean-up (DeleteProcess, FIFOs): a caller
        // that closes right after it (a CLI's exec) must not cut that clean-up off, or containerd
        // keeps the exec and its FIFOs stay. Bounded: an unreachable daemon does not hold close.
        try {
            if (!ctx.cleanupWorkers().awaitTermination(CLEANUP_GRACE_SECONDS, TimeUnit.SECONDS)) {
                log.warn("clean-ups after exits still running after {} s; closing anyway", CLEANUP_GRACE_SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ctx.records().all().forEach(ContainerRecord::closeWriters);
        ctx.pump().close();
    }
}
