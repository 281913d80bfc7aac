package dev.libcontainerd;

import dev.libcontainerd.internal.client.ClientImpl;
import dev.libcontainerd.oci.LinuxResources;
import dev.libcontainerd.oci.ProcessSpec;
import dev.libcontainerd.oci.Spec;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs and manages the containers of one containerd namespace (the seed's {@code Client}).
 *
 * <p>Every method is thread-safe and blocking; control calls carry the {@link Containerd}'s
 * deadline, so none hangs when containerd is gone ({@link
 * dev.libcontainerd.errdefs.UnavailableException}). Ids are containerd identifiers: letters and
 * digits, separated by single {@code .}, {@code _} or {@code -}, at most 76 characters; anything
 * else is {@link dev.libcontainerd.errdefs.InvalidParameterException} before any file or request.
 *
 * <p>Events of every container in the namespace reach the {@link Backend} given to {@link
 * #create(Containerd, Path, String, Backend)}, each container's in order, and every exit exactly
 * once, across containerd restarts.
 */
public interface Client extends AutoCloseable {
    /** The process id of a container's first process. */
    String INIT_PROCESS_NAME = "init";

    /**
     * Creates a client for {@code namespace} and starts consuming its task events at once.
     *
     * @param containerd the connection to use; it must outlive the client
     * @param stateDir where the client keeps per-container state (the stdio FIFOs), in
     *     {@code stateDir/<containerId>}
     * @param namespace the containerd namespace, created on first use
     * @param backend receives the events
     */
    static Client create(Containerd containerd, Path stateDir, String namespace, Backend backend) {
        return ClientImpl.create(containerd, containerd.connection(), stateDir, namespace, backend);
    }

    /** containerd's version. */
    Version version();

    /** Every container of the namespace with its task, if any, oldest first. */
    List<ContainerInfo> list();

    /**
     * One container as containerd records it, with its task if it has one.
     *
     * @throws dev.libcontainerd.errdefs.NotFoundException if there is no such container
     */
    ContainerInfo inspect(String containerId);

    /**
     * Re-attaches to a container created earlier, by this or an earlier process. When the
     * container has a live task, its init process's stdio is re-attached through {@code
     * attachStdio} from the FIFOs containerd recorded; otherwise the callback is not called.
     *
     * @return whether the task is alive (not stopped) and its pid
     */
    RestoreResult restore(String containerId, StdioCallback attachStdio);

    /**
     * Creates a container from an OCI runtime spec; no process runs until {@link #start}.
     *
     * @param runtimeOptions the runc shim's options, or {@code null} for the defaults
     */
    void create(String containerId, Spec spec, RuntimeOptions runtimeOptions);

    /**
     * Creates and starts the container's task.
     *
     * @param checkpointDir {@code null} for a fresh start, or a directory written by {@link
     *     #createCheckpoint} to restore from
     * @param withStdin whether the process gets a stdin stream
     * @param attachStdio called with the process's stdio before the process starts
     * @return the init process's host pid
     */
    default int start(String containerId, Path checkpointDir, boolean withStdin, StdioCallback attachStdio) {
        return start(containerId, checkpointDir, Stdio.attach(withStdin, attachStdio));
    }

    /**
     * Creates and starts the container's task, its stdio going where {@code stdio} says.
     *
     * @param checkpointDir {@code null} for a fresh start, or a directory written by {@link
     *     #createCheckpoint} to restore from
     * @return the init process's host pid
     */
    int start(String containerId, Path checkpointDir, Stdio stdio);

    /** Sends {@code signal} to the init process ({@link #INIT_PROCESS_NAME}) or to an exec. */
    void signalProcess(String containerId, String processId, int signal);

    /**
     * Starts an extra process in a running container.
     *
     * @return the exec's host pid
     */
    default int exec(String containerId, String processId, ProcessSpec spec, boolean withStdin,
            StdioCallback attachStdio) {
        return exec(containerId, processId, spec, Stdio.attach(withStdin, attachStdio));
    }

    /**
     * Starts an extra process in a running container, its stdio going where {@code stdio} says.
     *
     * @return the exec's host pid
     */
    int exec(String containerId, String processId, ProcessSpec spec, Stdio stdio);

    /** Sets the terminal size of a process started with a terminal. */
    void resizeTerminal(String containerId, String processId, int width, int height);

    /** Closes the process's stdin: it then reads EOF. */
    void closeStdin(String containerId, String processId);

    /** Freezes every process of the container. */
    void pause(String containerId);

    /** Thaws a paused container. */
    void resume(String containerId);

    /** The container's current resource usage. */
    Stats stats(String containerId);

    /** The host pids of every process in the container. */
    List<Integer> listPids(String containerId);

    /** One entry per process of the container. */
    List<Summary> summary(String containerId);

    /**
     * Deletes the stopped task and returns how its init process ended. A running or paused task
     * is a {@link dev.libcontainerd.errdefs.ConflictException}; no task is {@link
     * dev.libcontainerd.errdefs.NotFoundException}.
     */
    ExitStatus deleteTask(String containerId);

    /** Deletes the container (which must have no task) and its {@code stateDir/<id>}. */
    void delete(String containerId);

    /** The state of the container's task. */
    Status status(String containerId);

    /** Changes the resource limits of the running container. */
    void updateResources(String containerId, LinuxResources resources);

    /**
     * Checkpoints the container's task with CRIU into {@code checkpointDir}.
     *
     * @param exit whether the container stops after the checkpoint
     */
    void createCheckpoint(String containerId, Path checkpointDir, boolean exit);

    /** Stops event consumption and releases the client; containers keep running. */
    @Override
    void close();
}
