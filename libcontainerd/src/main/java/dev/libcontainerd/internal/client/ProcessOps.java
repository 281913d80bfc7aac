package dev.libcontainerd.internal.client;

import containerd.services.tasks.v1.CloseIORequest;
import containerd.services.tasks.v1.DeleteProcessRequest;
import containerd.services.tasks.v1.ExecProcessRequest;
import containerd.services.tasks.v1.KillRequest;
import containerd.services.tasks.v1.ResizePtyRequest;
import containerd.services.tasks.v1.StartRequest;
import dev.libcontainerd.Client;
import dev.libcontainerd.StdioCallback;
import dev.libcontainerd.errdefs.ConflictException;
import dev.libcontainerd.errdefs.ContainerdException;
import dev.libcontainerd.errdefs.InvalidParameterException;
import dev.libcontainerd.errdefs.SystemException;
import dev.libcontainerd.internal.events.Dispatcher;
import dev.libcontainerd.internal.grpc.Connection;
import dev.libcontainerd.internal.grpc.GrpcErrors;
import dev.libcontainerd.internal.grpc.TypeUrls;
import dev.libcontainerd.internal.stdio.FifoIO;
import dev.libcontainerd.internal.stdio.FifoSet;
import dev.libcontainerd.oci.ProcessSpec;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Operations on one process of a container: exec, signal, resize, stdin; and exec cleanup. */
abstract class ProcessOps {
    private static final Logger log = LoggerFactory.getLogger(ProcessOps.class);
    static final String INIT = Client.INIT_PROCESS_NAME;

    final Connection conn;
    final Path stateDir;
    final String ns;
    final Lookup lookup;
    final Map<String, ContainerState> states = new ConcurrentHashMap<>();
    Dispatcher dispatcher;

    ProcessOps(Connection conn, Path stateDir, String ns) {
        this.conn = conn;
        this.stateDir = stateDir;
        this.ns = ns;
        this.lookup = new Lookup(conn, ns);
    }

    /** {@code stateDir/<id>}; the id was validated, so this stays inside stateDir. */
    final Path bundleDir(String containerId) {
        return stateDir.resolve(containerId);
    }

    public int exec(String containerId, String processId, ProcessSpec spec, boolean withStdin,
            StdioCallback attachStdio) {
        Ids.check("container id", containerId);
        Ids.check("exec id", processId);
        if (INIT.equals(processId)) {
            throw new InvalidParameterException("exec id \"init\" is reserved for the init process");
        }
        if (spec == null) {
            throw new InvalidParameterException("process spec must not be null");
        }
        Objects.requireNonNull(attachStdio, "attachStdio");
        ContainerState st = states.computeIfAbsent(containerId, k -> new ContainerState());
        if (st.io.containsKey(processId)) {
            throw new ConflictException("id already in use: exec " + processId + " in " + containerId);
        }
        Path dir = bundleDir(containerId);
        boolean newDir = !java.nio.file.Files.isDirectory(dir);
        FifoSet.createDir(dir);
        FifoSet fifos = FifoSet.of(dir, processId, withStdin, spec.terminal());
        createFifos(fifos, () -> !st.io.containsKey(processId) && !execExists(containerId, processId));
        FifoIO io = null;
        boolean added = false;
        try {
            io = FifoIO.open(fifos, processId);
            if (st.io.putIfAbsent(processId, io) != null) {
                io.close();
                io = null;
                throw new ConflictException("id already in use: exec " + processId + " in " + containerId);
            }
            attach(attachStdio, io);
            ExecProcessRequest.Builder req = ExecProcessRequest.newBuilder()
                    .setContainerId(containerId)
                    .setExecId(processId)
                    .setStdout(fifos.stdout().toString())
                    .setTerminal(fifos.terminal())
                    .setSpec(TypeUrls.json(TypeUrls.PROCESS, spec.toJson()));
            if (fifos.stdin() != null) {
                req.setStdin(fifos.stdin().toString());
            }
            if (fifos.stderr() != null) {
                req.setStderr(fifos.stderr().toString());
            }
            try {
                conn.tasks(ns).exec(req.build());
            } catch (StatusRuntimeException e) {
                throw execFailure(containerId, processId, e);
            }
            added = true;
            int pid;
            try {
                pid = conn.tasks(ns).start(StartRequest.newBuilder()
                        .setContainerId(containerId).setExecId(processId).build()).getPid();
            } catch (StatusRuntimeException e) {
                throw lookup.explain(containerId, processId, "start exec " + processId, e);
            }
            io.releasePlaceholders(); // the shim opened the exec's FIFOs during start
            io.openStdinGate(p -> closeIo(containerId, p));
            dispatcher.started(containerId, processId, pid);
            return pid;
        } catch (RuntimeException e) {
            if (added) {
                deleteProcessQuietly(containerId, processId);
            }
            if (io != null) {
                st.io.remove(processId, io);
                io.close();
            }
            fifos.remove();
            if (newDir) {
                // a failed call leaves no trace, not even the container's directory
                FifoSet.removeDirIfEmpty(dir);
                if (st.io.isEmpty()) {
                    states.remove(containerId, st); // unless a concurrent call is using it
                }
            }
            throw e;
        }
    }

    private ContainerdException execFailure(String containerId, String processId, StatusRuntimeException e) {
        Status.Code code = e.getStatus().getCode();
        if (code == Status.Code.ALREADY_EXISTS) {
            return new ConflictException("id already in use: exec " + processId + " in " + containerId,
                    e, e.getStatus());
        }
        if (code == Status.Code.NOT_FOUND) {
            ContainerdException x = lookup.explain(containerId, processId, "exec " + processId, e);
            if (x.getMessage().startsWith("container is not running")) {
                // exec needs a running task: a container never started is a state refusal
                return new ConflictException(x.getMessage(), e, e.getStatus());
            }
            return x;
        }
        return GrpcErrors.map("exec " + processId + " in " + containerId, e);
    }

    public void signalProcess(String containerId, String processId, int signal) {
        Ids.check("container id", containerId);
        checkProcessId(processId);
        if (signal <= 0 || signal > 64) {
            throw new InvalidParameterException("invalid signal " + signal);
        }
        KillRequest.Builder req = KillRequest.newBuilder().setContainerId(containerId).setSignal(signal);
        if (!INIT.equals(processId)) {
            req.setExecId(processId);
        }
        try {
            conn.tasks(ns).kill(req.build());
        } catch (StatusRuntimeException e) {
            throw lookup.explain(containerId, processId, "signal " + processId + " of " + containerId, e);
        }
    }

    public void resizeTerminal(String containerId, String processId, int width, int height) {
        Ids.check("container id", containerId);
        checkProcessId(processId);
        if (width <= 0 || height <= 0) {
            throw new InvalidParameterException("terminal size must be positive: " + width + "x" + height);
        }
        ResizePtyRequest.Builder req = ResizePtyRequest.newBuilder()
                .setContainerId(containerId).setWidth(width).setHeight(height);
        if (!INIT.equals(processId)) {
            req.setExecId(processId);
        }
        try {
            conn.tasks(ns).resizePty(req.build());
        } catch (StatusRuntimeException e) {
            throw lookup.explain(containerId, processId, "resize " + processId + " of " + containerId, e);
        }
    }

    public void closeStdin(String containerId, String processId) {
        Ids.check("container id", containerId);
        checkProcessId(processId);
        // The process sees EOF only when every writer is gone: ours first, then the shim's.
        ContainerState st = states.get(containerId);
        FifoIO io = st == null ? null : st.io.get(processId);
        // Through the gate: a CloseIO sent before the exec started would be lost (moby#37870).
        if (io != null && io.closeStdin()) {
            return;
        }
        sendCloseIo(containerId, processId);
    }

    private void sendCloseIo(String containerId, String processId) {
        CloseIORequest.Builder req = CloseIORequest.newBuilder().setContainerId(containerId).setStdin(true);
        if (!INIT.equals(processId)) {
            req.setExecId(processId);
        }
        try {
            conn.tasks(ns).closeIO(req.build());
        } catch (StatusRuntimeException e) {
            throw lookup.explain(containerId, processId, "close stdin of " + processId, e);
        }
    }

    /** The stdin close of a started process: CloseIO, errors only logged (nobody waits on it). */
    final void closeIo(String containerId, String processId) {
        try {
            sendCloseIo(containerId, processId);
        } catch (ContainerdException e) {
            log.debug("close stdin of {}/{}: {}", containerId, processId, e.getMessage());
        }
    }

    /** After the backend handled an exec's exit: delete it in containerd, drop its FIFOs. */
    final void cleanupExec(String containerId, String execId) {
        ContainerState st = states.get(containerId);
        FifoIO io = st == null ? null : st.io.get(execId);
        FifoSet files = FifoSet.all(bundleDir(containerId), execId);
        // Only execs started through this state dir (by this client or an earlier process using
        // it) are ours to delete; another client's execs in the namespace are left alone.
        if (io == null && !files.anyExists()) {
            return;
        }
        deleteProcessQuietly(containerId, execId);
        dispatcher.deleted(containerId, execId);
        if (io != null && st.io.remove(execId, io)) {
            st.retire(io);
        }
        files.remove();
    }

    private void deleteProcessQuietly(String containerId, String execId) {
        try {
            conn.tasks(ns).deleteProcess(DeleteProcessRequest.newBuilder()
                    .setContainerId(containerId).setExecId(execId).build());
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() != Status.Code.NOT_FOUND) {
                log.warn("failed to delete exec {} of {}: {}", execId, containerId, e.getStatus());
            }
        }
    }

    /**
     * Creates a process's FIFOs. Existing ones mean the id is in use, unless {@code stale} says
     * they are leftovers (a crash between a delete and the FIFO removal, say): those are
     * removed, so that a dead process's files never block its id forever.
     */
    static void createFifos(FifoSet fifos, BooleanSupplier stale) {
        try {
            fifos.create();
        } catch (ConflictException e) {
            if (!stale.getAsBoolean()) {
                throw e;
            }
            log.info("removing stale FIFOs of {}", fifos.stdout().getFileName());
            FifoSet.all(fifos.stdout().getParent(), processIdOf(fifos)).remove();
            fifos.create();
        }
    }

    private static String processIdOf(FifoSet fifos) {
        String name = fifos.stdout().getFileName().toString();
        return name.substring(0, name.length() - "-stdout".length());
    }

    private boolean execExists(String containerId, String execId) {
        try {
            lookup.process(containerId, execId);
            return true;
        } catch (dev.libcontainerd.errdefs.NotFoundException e) {
            return false;
        }
    }

    static void attach(StdioCallback cb, FifoIO io) {
        try {
            cb.attach(io);
        } catch (IOException e) {
            throw new SystemException("stdio callback failed: " + e.getMessage(), e);
        }
    }

    static void checkProcessId(String processId) {
        if (!INIT.equals(processId)) {
            Ids.check("process id", processId);
        }
    }
}
