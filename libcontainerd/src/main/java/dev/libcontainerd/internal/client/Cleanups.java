package dev.libcontainerd.internal.client;

import containerd.services.tasks.v1.DeleteProcessRequest;
import containerd.services.tasks.v1.DeleteTaskRequest;
import containerd.services.tasks.v1.KillRequest;
import containerd.services.tasks.v1.WaitRequest;
import dev.libcontainerd.Client;
import dev.libcontainerd.errdefs.ConflictException;
import dev.libcontainerd.errdefs.ContainerdException;
import dev.libcontainerd.errdefs.NotFoundException;
import dev.libcontainerd.internal.stdio.FifoSet;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removing what a process or a failed call left in containerd. A clean-up that fails because
 * containerd is away is not dropped: it is recorded on the container and retried after the client
 * reconnects, or before the id is used again, so that no exec id or task stays taken for ever.
 */
final class Cleanups {
    private static final Logger log = LoggerFactory.getLogger(Cleanups.class);
    private static final int SIGKILL = 9;
    private static final Duration KILL_WAIT = Duration.ofSeconds(10);

    private final ClientContext ctx;

    Cleanups(ClientContext ctx) {
        this.ctx = ctx;
    }

    /** After an exec's exit: delete it in containerd, drop its FIFOs and entry. */
    void afterExecExit(ContainerRecord rec, ProcessEntry exec) {
        try {
            if (exec.ours) {
                deleteExec(rec, exec.id);
                FifoSet.all(ctx.bundleDir(rec.id), exec.id).remove();
            }
        } finally {
            rec.processes.remove(exec.id, exec);
            rec.retire(exec.io);
        }
    }

    /** Deletes an exec in containerd; when containerd is away it stays pending. */
    void deleteExec(ContainerRecord rec, String execId) {
        try {
            deleteExecNow(rec.id, execId);
            rec.pendingExecDeletes.remove(execId);
        } catch (ContainerdException e) {
            rec.pendingExecDeletes.add(execId);
            log.warn("exec {} of {} could not be deleted yet ({}); will retry", execId, rec.id, e.getMessage());
        }
    }

    /**
     * Removes an exec whose exec call failed after containerd added it: it may be running, so it
     * is killed first; what cannot be removed now stays pending (its exit retries it).
     */
    void abandonExec(ContainerRecord rec, String execId) {
        try {
            ctx.rpc()
                    .tasks(
                            "kill exec " + execId + " of " + rec.id,
                            t -> t.kill(KillRequest.newBuilder()
                                    .setContainerId(rec.id)
                                    .setExecId(execId)
                                    .setSignal(SIGKILL)
                                    .build()));
        } catch (ContainerdException e) {
            log.debug("kill of failed exec {} of {}: {}", execId, rec.id, e.getMessage());
        }
        deleteExec(rec, execId);
    }

    /** Runs a pending delete of {@code execId} now; throws if it still cannot run. */
    void settleExec(ContainerRecord rec, String execId) {
        if (rec.pendingExecDeletes.contains(execId)) {
            deleteExecNow(rec.id, execId);
            rec.pendingExecDeletes.remove(execId);
            FifoSet.all(ctx.bundleDir(rec.id), execId).remove();
        }
    }

    private void deleteExecNow(String id, String execId) {
        try {
            ctx.rpc()
                    .tasks(
                            "delete exec " + execId + " of " + id,
                            t -> t.deleteProcess(DeleteProcessRequest.newBuilder()
                                    .setContainerId(id)
                                    .setExecId(execId)
                                    .build()));
        } catch (NotFoundException e) {
            // gone already (or its whole task is)
        }
    }

    /**
     * Removes the task of a start that failed after the task was (or may have been) created:
     * SIGKILL, wait, delete. Pending when containerd is away.
     */
    void abandonTask(ContainerRecord rec) {
        try {
            removeTaskNow(rec.id);
            rec.pendingTaskDelete = false;
        } catch (ContainerdException e) {
            rec.pendingTaskDelete = true;
            log.warn("the task of failed start {} could not be removed yet ({}); will retry", rec.id, e.getMessage());
        }
    }

    /** Runs a pending task removal now; throws if it still cannot run. */
    void settleTask(ContainerRecord rec) {
        if (rec.pendingTaskDelete) {
            removeTaskNow(rec.id);
            rec.pendingTaskDelete = false;
        }
    }

    /** Retries everything pending on {@code rec}; failures stay pending. */
    void retryPending(ContainerRecord rec) {
        for (String execId : rec.pendingExecDeletes) {
            deleteExec(rec, execId);
            if (!rec.pendingExecDeletes.contains(execId)) {
                FifoSet.all(ctx.bundleDir(rec.id), execId).remove();
            }
        }
        if (rec.pendingTaskDelete) {
            abandonTask(rec);
        }
    }

    private void removeTaskNow(String id) {
        try {
            ctx.rpc()
                    .tasks(
                            "kill task " + id,
                            t -> t.kill(KillRequest.newBuilder()
                                    .setContainerId(id)
                                    .setSignal(SIGKILL)
                                    .setAll(true)
                                    .build()));
        } catch (NotFoundException e) {
            return; // no task: nothing left behind
        } catch (ConflictException e) {
            // stopped already
        }
        try {
            ctx.rpc()
                    .tasks(
                            "wait for task " + id,
                            KILL_WAIT,
                            t -> t.wait(
                                    WaitRequest.newBuilder().setContainerId(id).build()));
            ctx.rpc()
                    .tasks(
                            "delete task " + id,
                            t -> t.delete(DeleteTaskRequest.newBuilder()
                                    .setContainerId(id)
                                    .build()));
        } catch (NotFoundException e) {
            // deleted meanwhile
        }
        FifoSet.all(ctx.bundleDir(id), Client.INIT_PROCESS_NAME).remove();
    }
}
