package dev.libcontainerd.internal.client;

import dev.libcontainerd.internal.stdio.ProcessIo;
import java.util.concurrent.CompletableFuture;

/**
 * One process of a container as this client knows it: the init process ({@code "init"}) or an
 * exec. It is registered before the RPC that creates the process, so that an exit arriving
 * before that call returns finds it.
 */
final class ProcessEntry {
    final String id;
    /** The host ends of its stdio; null for a process this client did not start or attach. */
    final ProcessIo io;
    /** Started through this client's state dir, so its clean-up (FIFOs, DeleteProcess) is ours. */
    final boolean ours;
    /** Completes when the call that starts it returned, either way: clean-up never overtakes it. */
    final CompletableFuture<Void> startReturned = new CompletableFuture<>();
    /** The exec's clean-up after its exit; a new exec with this id waits for it. */
    volatile CompletableFuture<Void> cleanup;
    /** Completes with the pid when the process's exit was reported. */
    final CompletableFuture<Integer> exit = new CompletableFuture<>();

    private volatile int pid;
    private volatile boolean exited;

    ProcessEntry(String id, ProcessIo io, boolean ours) {
        this.id = id;
        this.io = io;
        this.ours = ours;
    }

    /** A process known from containerd (restore, events) rather than started here. */
    static ProcessEntry running(String id, int pid, ProcessIo io, boolean ours) {
        ProcessEntry e = new ProcessEntry(id, io, ours);
        e.pid = pid;
        e.startReturned.complete(null);
        return e;
    }

    int pid() {
        return pid;
    }

    void started(int pid) {
        if (this.pid == 0) {
            this.pid = pid;
        }
        startReturned.complete(null);
    }

    boolean exited() {
        return exited;
    }

    /** Whether an exit of {@code exitPid} is this instance's (pid 0: its start has not returned). */
    boolean matches(int exitPid) {
        return pid == 0 || exitPid == 0 || pid == exitPid;
    }

    void markExited(int exitPid) {
        if (pid == 0) {
            pid = exitPid;
        }
        exited = true;
        exit.complete(pid);
    }

    /** Whether it is believed running: started, with a pid, and no exit seen. */
    boolean live() {
        return !exited && pid > 0;
    }
}
