package dev.libcontainerd;

import dev.libcontainerd.errdefs.ConflictException;
import dev.libcontainerd.errdefs.InvalidParameterException;
import dev.libcontainerd.errdefs.NotFoundException;
import dev.libcontainerd.errdefs.SystemException;
import dev.libcontainerd.errdefs.UnavailableException;
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
 * deadline, so none hangs when containerd is gone: every method may throw {@link
 * UnavailableException} then. Ids are containerd identifiers: letters and digits, separated by
 * single {@code .}, {@code _} or {@code -}, at most 76 characters; anything else is {@link
 * InvalidParameterException} before any file or request. A call that fails leaves nothing behind:
 * no FIFO, no exec entry, no half-created task.
 *
 * <p>Events of every container in the namespace reach the {@link Backend} given to {@link
 * #create(Containerd, Path, String, Backend)}, each container's in order, and every exit exactly
 * once, across containerd restarts and shim deaths (see {@link EventInfo#UNKNOWN_EXIT_CODE}).
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
     * @throws InvalidParameterException if {@code namespace} is not a valid identifier
     * @throws SystemException if {@code stateDir} cannot be created
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
     * @throws NotFoundException if there is no such container
     */
    ContainerInfo inspect(String containerId);

    /**
     * Re-attaches to a container created earlier, by this or an earlier process. When the
     * container has a live task, its init process's stdio is re-attached through {@code
     * attachStdio} from the FIFOs containerd recorded; otherwise the callback is not called.
     *
     * @param attachStdio receives the streams, or {@code null} to attach none
     * @return whether the task is alive (not stopped) and its pid
     * @throws NotFoundException if there is no such container
     * @throws SystemException if the callback throws (see {@link StdioCallback})
     */
    RestoreResult restore(String containerId, StdioCallback attachStdio);

    /**
     * Creates a container from an OCI runtime spec; no process runs until {@link #start}.
     *
     * @param spec its {@code root.path} must be an absolute path to an existing directory, and
     *     its process's args non-empty, without NUL bytes and within the kernel's limits
     * @param runtimeOptions the runc shim's options, or {@code null} for the defaults
     * @throws InvalidParameterException if the id or the spec is invalid (the message names the
     *     field)
     * @throws ConflictException if a container with this id exists (it is left untouched)
     */
    void create(String containerId, Spec spec, RuntimeOptions runtimeOptions);

    /**
     * Creates a container whose root filesystem is a snapshot (of an image, usually): the
     * container record names the image and the snapshot, {@link #start} mounts it (also in a
     * later JVM), and {@link #delete} removes it. The spec's {@code root.path} is then relative
     * to the bundle, normally {@code rootfs}.
     *
     * @param snapshot the prepared snapshot; once this returns, the container record keeps it
     *     from containerd's garbage collector, so a lease that held it may end
     * @throws InvalidParameterException if the id or the spec is invalid
     * @throws ConflictException if a container with this id exists
     */
    void create(String containerId, Spec spec, RuntimeOptions runtimeOptions, ContainerSnapshot snapshot);

    /**
     * Creates and starts the container's task, its stdio attached to this JVM.
     *
     * @param checkpointDir {@code null} for a fresh start, or a directory written by {@link
     *     #createCheckpoint} to restore from
     * @param withStdin whether the process gets a stdin stream
     * @param attachStdio called with the process's stdio before the process starts
     * @return the init process's host pid
     * @throws NotFoundException if there is no such container
     * @throws ConflictException if it has a task already (running, or stopped and not deleted)
     * @throws InvalidParameterException if the process's binary is missing, or {@code
     *     checkpointDir} holds no checkpoint
     * @throws SystemException if the callback throws, or a restore fails (with CRIU's reason)
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
     * @throws NotFoundException if there is no such container
     * @throws ConflictException if it has a task already (running, or stopped and not deleted)
     * @throws InvalidParameterException if the process's binary is missing, {@code
     *     checkpointDir} holds no checkpoint, or a log file is asked for a terminal process
     * @throws SystemException if the stdio callback throws, or a restore fails
     */
    int start(String containerId, Path checkpointDir, Stdio stdio);

    /**
     * Sends {@code signal} to the init process ({@link #INIT_PROCESS_NAME}) or to an exec.
     *
     * @throws NotFoundException if there is no such container, task or exec
     * @throws InvalidParameterException if {@code signal} is not between 1 and 64
     */
    void signalProcess(String containerId, String processId, int signal);

    /**
     * Starts an extra process in a running container, its stdio attached to this JVM. An exec id
     * is free again as soon as its EXIT reached the backend.
     *
     * @return the exec's host pid
     * @throws NotFoundException if there is no such container
     * @throws ConflictException if the exec id is in use, or the container is not running
     *     (never started, stopped or paused)
     * @throws InvalidParameterException if the id is {@code init}, the spec is invalid, or its
     *     binary is missing
     * @throws SystemException if the callback throws
     */
    default int exec(
            String containerId, String processId, ProcessSpec spec, boolean withStdin, StdioCallback attachStdio) {
        return exec(containerId, processId, spec, Stdio.attach(withStdin, attachStdio));
    }

    /**
     * Starts an extra process in a running container, its stdio going where {@code stdio} says.
     *
     * @return the exec's host pid
     * @throws NotFoundException if there is no such container
     * @throws ConflictException if the exec id is in use, or the container is not running
     * @throws InvalidParameterException if the id is {@code init}, the spec is invalid, its
     *     binary is missing, or a log file is asked for a terminal process
     * @throws SystemException if the stdio callback throws
     */
    int exec(String containerId, String processId, ProcessSpec spec, Stdio stdio);

    /**
     * Sets the terminal size of a process started with a terminal.
     *
     * @throws NotFoundException if there is no such container, task or exec
     * @throws InvalidParameterException if a dimension is not positive
     */
    void resizeTerminal(String containerId, String processId, int width, int height);

    /**
     * Closes the process's stdin: once every byte written before reached it, it reads EOF.
     *
     * @throws NotFoundException if there is no such container, task or exec
     */
    void closeStdin(String containerId, String processId);

    /**
     * Freezes every process of the container.
     *
     * @throws NotFoundException if there is no such container or task
     * @throws ConflictException if it is paused already, or not running
     */
    void pause(String containerId);

    /**
     * Thaws a paused container.
     *
     * @throws NotFoundException if there is no such container or task
     * @throws ConflictException if it is not paused
     */
    void resume(String containerId);

    /**
     * The container's current resource usage.
     *
     * @throws NotFoundException if there is no such container or task
     */
    Stats stats(String containerId);

    /**
     * The host pids of every process in the container.
     *
     * @throws NotFoundException if there is no such container or task
     */
    List<Integer> listPids(String containerId);

    /**
     * One entry per process of the container.
     *
     * @throws NotFoundException if there is no such container or task
     */
    List<Summary> summary(String containerId);

    /**
     * Deletes the stopped (or never started) task and returns how its init process ended; the
     * exit status is containerd's, never invented.
     *
     * @throws ConflictException if the task is running or paused
     * @throws NotFoundException if there is no such container, or it has no task
     */
    ExitStatus deleteTask(String containerId);

    /**
     * Deletes the container and everything this library kept for it in {@code stateDir/<id>}.
     *
     * @throws ConflictException if it has a task, even a stopped one (delete that first)
     * @throws NotFoundException if there is no such container
     */
    void delete(String containerId);

    /**
     * The state of the container's task.
     *
     * @throws NotFoundException if there is no such container, or it has no task
     */
    Status status(String containerId);

    /**
     * Changes the resource limits of the running container.
     *
     * @throws NotFoundException if there is no such container or task
     * @throws ConflictException if the task has stopped
     * @throws InvalidParameterException if a size is negative (other than -1, unlimited)
     */
    void updateResources(String containerId, LinuxResources resources);

    /**
     * Checkpoints the container's task with CRIU straight into {@code checkpointDir}.
     *
     * @param checkpointDir an empty or missing directory
     * @param exit whether the container stops after the checkpoint
     * @throws NotFoundException if there is no such container or task
     * @throws ConflictException if the task is not running or paused
     * @throws InvalidParameterException if {@code checkpointDir} is not empty
     * @throws SystemException if CRIU fails (with its reason); the container keeps running and
     *     {@code checkpointDir} is left empty
     */
    void createCheckpoint(String containerId, Path checkpointDir, boolean exit);

    /** Stops event consumption and releases the client; containers keep running. */
    @Override
    void close();
}
