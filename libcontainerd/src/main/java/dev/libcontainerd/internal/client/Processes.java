package dev.libcontainerd.internal.client;

import static dev.libcontainerd.Client.INIT_PROCESS_NAME;

import containerd.services.tasks.v1.CloseIORequest;
import containerd.services.tasks.v1.ExecProcessRequest;
import containerd.services.tasks.v1.KillRequest;
import containerd.services.tasks.v1.ResizePtyRequest;
import containerd.services.tasks.v1.StartRequest;
import dev.libcontainerd.Stdio;
import dev.libcontainerd.errdefs.ConflictException;
import dev.libcontainerd.errdefs.ContainerdException;
import dev.libcontainerd.errdefs.InvalidParameterException;
import dev.libcontainerd.errdefs.NotFoundException;
import dev.libcontainerd.errdefs.SystemException;
import dev.libcontainerd.errdefs.UnavailableException;
import dev.libcontainerd.internal.grpc.AlreadyExistsException;
import dev.libcontainerd.internal.grpc.TypeUrls;
import dev.libcontainerd.internal.stdio.FifoSet;
import dev.libcontainerd.oci.ProcessSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Operations on one process of a container: exec, signal, resize, stdin. */
final class Processes {
    private static final Logger log = LoggerFactory.getLogger(Processes.class);

    /** How long a NotFound start waits for the exec's exit to show it ran. */
    private static final long EXITED_EXEC_WAIT_MS = 2000;

    private final ClientContext ctx;
    private final Cleanups cleanups;

    Processes(ClientContext ctx, Cleanups cleanups) {
        this.ctx = ctx;
        this.cleanups = cleanups;
    }

    int exec(String id, String execId, ProcessSpec spec, Stdio stdio) {
        Ids.check("container id", id);
        Ids.check("exec id", execId);
        if (INIT_PROCESS_NAME.equals(execId)) {
            throw new InvalidParameterException("exec id \"init\" is reserved for the init process");
        }
        SpecChecks.process(spec, "process");
        Objects.requireNonNull(stdio, "stdio");
        ContainerRecord rec = ctx.records().getOrCreate(id);
        ProcessEntry entry = claim(rec, id, execId);
        Path dir = ctx.bundleDir(id);
        boolean newDir = !Files.isDirectory(dir);
        ProcessStdio io = null;
        boolean added = false;
        try {
            io = ProcessStdio.prepare(stdio, dir, execId, spec.terminal(), () -> !execExists(id, execId), ctx);
            entry = replace(rec, entry, new ProcessEntry(execId, io.io(), true));
            io.attach(stdio);
            ExecProcessRequest req = ExecProcessRequest.newBuilder()
                    .setContainerId(id)
                    .setExecId(execId)
                    .setStdin(io.stdin())
                    .setStdout(io.stdout())
                    .setStderr(io.stderr())
                    .setTerminal(spec.terminal())
                    .setSpec(TypeUrls.json(TypeUrls.PROCESS, spec.toJson()))
                    .build();
            try {
                ctx.lookup().onProcess(id, execId, "exec " + execId + " in " + id, t -> t.exec(req));
            } catch (AlreadyExistsException e) {
                throw new ConflictException("id already in use: exec " + execId + " in " + id, e, e.grpcStatus());
            } catch (UnavailableException e) {
                added = true; // containerd may have added it before the call failed
                throw e;
            } catch (NotFoundException e) {
                if (e.getMessage().startsWith("container is not running")) {
                    // exec needs a running task: a container never started is a state refusal
                    throw new ConflictException(e.getMessage(), e, e.grpcStatus());
                }
                throw e;
            }
            added = true;
            int pid = startExec(id, execId, entry);
            io.started(p -> closeIoQuietly(ctx, id, p)); // the shim opened the exec's FIFOs during start
            entry.started(pid);
            return pid;
        } catch (RuntimeException e) {
            entry.startReturned.complete(null);
            rec.processes.remove(execId, entry);
            if (io != null) {
                io.discard();
            }
            if (added) {
                cleanups.abandonExec(rec, execId);
            }
            if (newDir) {
                FifoSet.removeDirIfEmpty(dir); // a failed call leaves no trace
            }
            throw e;
        }
    }

    /**
     * Tasks.Start of the exec. containerd 1.7+ can answer NotFound for an exec that ran and exited
     * before the shim was asked for its state: when its exit arrives, it did run, and its pid is
     * the exit's.
     */
    private int startExec(String id, String execId, ProcessEntry entry) {
        try {
            return ctx.lookup()
                    .onProcess(
                            id,
                            execId,
                            "start exec " + execId,
                            t -> t.start(StartRequest.newBuilder()
                                    .setContainerId(id)
                                    .setExecId(execId)
                                    .build()))
                    .getPid();
        } catch (NotFoundException e) {
            try {
                return entry.exit.get(EXITED_EXEC_WAIT_MS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                throw e;
            } catch (ExecutionException | TimeoutException notExited) {
                throw e;
            }
        }
    }

    /**
     * Reserves the exec id. An exec of that id whose exit was reported is waited for while its
     * clean-up finishes, so an id is reusable as soon as its EXIT reached the backend; a
     * clean-up that containerd's absence left pending runs now.
     */
    private ProcessEntry claim(ContainerRecord rec, String id, String execId) {
        for (; ; ) {
            ProcessEntry placeholder = new ProcessEntry(execId, null, true);
            ProcessEntry cur = rec.processes.putIfAbsent(execId, placeholder);
            if (cur == null) {
                try {
                    cleanups.settleExec(rec, execId);
                } catch (RuntimeException e) {
                    rec.processes.remove(execId, placeholder);
                    throw e;
                }
                return placeholder;
            }
            if (!cur.exited()) {
                throw new ConflictException("id already in use: exec " + execId + " in " + id);
            }
            CompletableFuture<Void> cleanup = cur.cleanup;
            if (cleanup == null) {
                Thread.yield(); // its exit is being recorded this instant; the clean-up follows
                continue;
            }
            awaitCleanup(cleanup, execId);
        }
    }

    private void awaitCleanup(CompletableFuture<Void> cleanup, String execId) {
        try {
            cleanup.get(ctx.rpc().timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SystemException("interrupted while exec " + execId + " was cleaned up", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new UnavailableException("exec " + execId + " is still being cleaned up", e);
        }
    }

    private static ProcessEntry replace(ContainerRecord rec, ProcessEntry placeholder, ProcessEntry real) {
        if (!rec.processes.replace(real.id, placeholder, real)) {
            throw new ConflictException("id already in use: exec " + real.id + " in " + rec.id);
        }
        return real;
    }

    private boolean execExists(String id, String execId) {
        try {
            ctx.lookup().process(id, execId);
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    void signal(String id, String processId, int signal) {
        Ids.check("container id", id);
        checkProcessId(processId);
        if (signal <= 0 || signal > 64) {
            throw new InvalidParameterException("invalid signal " + signal);
        }
        ctx.lookup()
                .onProcess(
                        id,
                        processId,
                        "signal " + processId + " of " + id,
                        t -> t.kill(KillRequest.newBuilder()
                                .setContainerId(id)
                                .setExecId(ClientContext.execId(processId))
                                .setSignal(signal)
                                .build()));
    }

    void resize(String id, String processId, int width, int height) {
        Ids.check("container id", id);
        checkProcessId(processId);
        if (width <= 0 || height <= 0) {
            throw new InvalidParameterException("terminal size must be positive: " + width + "x" + height);
        }
        ctx.lookup()
                .onProcess(
                        id,
                        processId,
                        "resize " + processId + " of " + id,
                        t -> t.resizePty(ResizePtyRequest.newBuilder()
                                .setContainerId(id)
                                .setExecId(ClientContext.execId(processId))
                                .setWidth(width)
                                .setHeight(height)
                                .build()));
    }

    void closeStdin(String id, String processId) {
        Ids.check("container id", id);
        checkProcessId(processId);
        // The process sees EOF only when every writer is gone: ours first, then the shim's.
        // Through the gate: a CloseIO sent before the process started would be lost (moby#37870).
        ContainerRecord rec = ctx.records().get(id);
        ProcessEntry p = rec == null ? null : rec.processes.get(processId);
        if (p != null && p.io != null && p.io.closeStdin()) {
            return;
        }
        closeIo(ctx, id, processId);
    }

    private static void closeIo(ClientContext ctx, String id, String processId) {
        ctx.lookup()
                .onProcess(
                        id,
                        processId,
                        "close stdin of " + processId,
                        t -> t.closeIO(CloseIORequest.newBuilder()
                                .setContainerId(id)
                                .setExecId(ClientContext.execId(processId))
                                .setStdin(true)
                                .build()));
    }

    /** The stdin close of a started process: errors only logged, as nobody waits on it. */
    static void closeIoQuietly(ClientContext ctx, String id, String processId) {
        try {
            closeIo(ctx, id, processId);
        } catch (ContainerdException e) {
            log.debug("close stdin of {}/{}: {}", id, processId, e.getMessage());
        }
    }

    private static void checkProcessId(String processId) {
        if (!INIT_PROCESS_NAME.equals(processId)) {
            Ids.check("process id", processId);
        }
    }
}
