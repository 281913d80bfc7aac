package dev.libcontainerd.internal.client;

import static dev.libcontainerd.Client.INIT_PROCESS_NAME;

import dev.libcontainerd.Backend;
import dev.libcontainerd.EventInfo;
import dev.libcontainerd.EventType;
import dev.libcontainerd.TimedBackend;
import dev.libcontainerd.errdefs.ContainerdException;
import dev.libcontainerd.errdefs.NotFoundException;
import dev.libcontainerd.internal.events.ContainerQueue;
import dev.libcontainerd.internal.events.MappedEvent;
import dev.libcontainerd.internal.stdio.FifoSet;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where an event becomes a backend call, and the only place: it updates the container's record
 * (processes, exit ledger, sticky OOM), drops repeated exits, reports the exits of processes that
 * vanished with their task, and queues the call on the container's ordered queue. The seed's
 * "the container id names the init process" is applied here, when the {@link EventInfo} is made.
 */
final class EventRouter {
    private static final Logger log = LoggerFactory.getLogger(EventRouter.class);
    /** How long after an init exit the execs that have not exited are looked up. */
    private static final long EXEC_CHECK_DELAY_MS = 1000;
    /**
     * How long a process containerd no longer knows gets for its real exit to arrive: containerd
     * answers NotFound for a dead shim's processes at once, but publishes the init's exit and the
     * task's delete only after its clean-up, which it bounds at 5 s.
     */
    private static final long CONFIRM_DELAY_MS = 6000;

    private final ClientContext ctx;
    private final Backend backend;
    private final ContainerQueue queue;
    private final Cleanups cleanups;
    private final ExitChecker checker;

    EventRouter(ClientContext ctx, Backend backend, Cleanups cleanups, ExitChecker checker) {
        this.ctx = ctx;
        this.backend = backend;
        this.queue = new ContainerQueue(ctx.workers());
        this.cleanups = cleanups;
        this.checker = checker;
    }

    /** An event from containerd's stream, in publish order. */
    void onEvent(MappedEvent e) {
        if (e.containerDeleted()) {
            // no record: a delete must not bring one back
            containerDeleted(e);
            return;
        }
        ContainerRecord rec = ctx.records().forEvents(e.containerId());
        synchronized (rec) {
            if (e.taskDeleted()) {
                taskDeleted(rec, e);
                return;
            }
            switch (e.type()) {
                case EXIT:
                    exit(rec, e.processId(), e.pid(), e.exitCode(), e.exitedAt(), null, e.time());
                    return;
                case OOM:
                    rec.oomKilled = true;
                    break;
                case CREATE:
                    rec.task = ContainerRecord.Task.PRESENT; // whoever created it, a task exists again
                    break;
                case START:
                case EXEC_STARTED:
                    track(rec, e.processId(), e.pid());
                    break;
                default:
                    break;
            }
            deliver(rec, e.type(), e.processId(), e.pid(), e.exitCode(), e.exitedAt(), null, e.time());
        }
    }

    private void containerDeleted(MappedEvent e) {
        if (!(backend instanceof TimedBackend timed)) {
            return;
        }
        Instant at = e.time() != null ? e.time() : Instant.now();
        queue.append(e.containerId(), () -> {
            try {
                timed.containerDeleted(e.containerId(), at);
            } catch (RuntimeException ex) {
                log.error("backend failed to process the delete of container {}", e.containerId(), ex);
            }
        });
    }

    /**
     * After (re)subscribing: retry pending clean-ups, then report every exit that happened while
     * nobody listened. Exits already reported are dropped by the ledger, so running it twice is
     * harmless.
     */
    void reconcile() {
        for (ContainerRecord rec : ctx.records().all()) {
            cleanups.retryPending(rec);
            check(rec, false);
            releaseIfTaskGone(rec);
        }
    }

    /**
     * An init whose exit was reported but whose task went while nobody listened (a dead shim's
     * clean-up during an outage, or a delete whose answer was lost): containerd will never say so
     * now, so its FIFOs go once containerd confirms it has no task.
     */
    void releaseIfTaskGone(ContainerRecord rec) {
        ProcessEntry init = rec.init();
        if (init == null || !init.exited()) {
            return;
        }
        try {
            if (ctx.lookup().taskOrNull(rec.id) != null) {
                return;
            }
        } catch (ContainerdException e) {
            return; // asked again at the next reconnect, or the id's next start removes them
        }
        synchronized (rec) {
            initGone(rec, init);
        }
    }

    /** containerd just answered that the container has no task: an exited init's FIFOs go. */
    void taskNotFound(ContainerRecord rec) {
        synchronized (rec) {
            initGone(rec, rec.init());
        }
    }

    /**
     * Reports the exits containerd knows of that nobody heard. A process containerd no longer
     * knows at all is reported without a status only when a second look, a moment later, agrees:
     * its real exit may still be on its way (containerd publishes a dead shim's init exit while
     * it already answers NotFound for it).
     */
    private void check(ContainerRecord rec, boolean confirming) {
        List<ExitChecker.Found> found = checker.missedExits(rec);
        boolean unsure = false;
        synchronized (rec) {
            for (ExitChecker.Found f : found) {
                if (f.known()) {
                    exit(rec, f.processId(), f.pid(), f.exitCode(), f.exitedAt(), null, null);
                } else if (confirming) {
                    exit(rec, f.processId(), f.pid(), 0, f.exitedAt(), unknownStatus(rec.id, f.processId()), null);
                    if (INIT_PROCESS_NAME.equals(f.processId())) {
                        initGone(rec, rec.init());
                    }
                } else {
                    unsure = true;
                }
            }
        }
        if (unsure) {
            ctx.timer().schedule(() -> check(rec, true), CONFIRM_DELAY_MS, TimeUnit.MILLISECONDS);
        }
    }

    /** A process seen starting through events (another client's, say): tracked for its exit. */
    private void track(ContainerRecord rec, String processId, int pid) {
        ProcessEntry p = rec.processes.get(processId);
        if (p != null) {
            p.started(pid);
        } else if (!rec.exits.reported(processId, pid)) {
            rec.processes.putIfAbsent(processId, ProcessEntry.running(processId, pid, null, false));
        }
    }

    /** @param time containerd's timestamp of the event; null when the library found the exit itself */
    private void exit(
            ContainerRecord rec, String processId, int pid, int code, Instant at, Throwable unknown, Instant time) {
        if (!rec.exits.record(processId, pid, at, unknown != null)) {
            log.debug("dropping repeated exit of {}/{} pid {}", rec.id, processId, pid);
            return;
        }
        ProcessEntry p = rec.processes.get(processId);
        boolean thisInstance = p != null && !p.exited() && p.matches(pid);
        if (thisInstance) {
            p.markExited(pid);
        }
        int reported = unknown == null ? code : EventInfo.UNKNOWN_EXIT_CODE;
        Instant exitedAt = at == null ? Instant.now() : at;
        deliver(rec, EventType.EXIT, processId, pid, reported, exitedAt, unknown, time != null ? time : exitedAt);
        if (!thisInstance) {
            if (p == null && rec.pendingExecDeletes.contains(processId)) {
                // an exec whose failed call could not remove it: now that it exited, it can go
                ctx.cleanupWorkers().execute(() -> cleanups.retryPending(rec));
            }
            return;
        }
        if (INIT_PROCESS_NAME.equals(processId)) {
            if (rec.processes.values().stream().anyMatch(x -> x != p && x.live())) {
                // the execs die with the init; if their shim died too, nobody will report them
                ctx.timer().schedule(() -> check(rec, false), EXEC_CHECK_DELAY_MS, TimeUnit.MILLISECONDS);
            }
        } else {
            // clean up once the exec's own start call returned, never before (it would fail)
            p.cleanup = p.startReturned.handleAsync(
                    (v, t) -> {
                        cleanups.afterExecExit(rec, p);
                        return null;
                    },
                    ctx.cleanupWorkers());
        }
    }

    /** The task is gone: its processes that were not reported exited now, with what is known. */
    private void taskDeleted(ContainerRecord rec, MappedEvent e) {
        if (!INIT_PROCESS_NAME.equals(e.processId())) {
            return; // an exec's delete: its exit came before
        }
        ProcessEntry init = rec.init();
        if (init != null && (init.pid() == 0 || (e.pid() != 0 && init.pid() != e.pid()))) {
            return; // a late delete of an earlier task: a new one is starting or running
        }
        if (init != null && !init.exited()) {
            exit(rec, INIT_PROCESS_NAME, e.pid(), e.exitCode(), e.exitedAt(), null, e.time());
        }
        for (ProcessEntry p : List.copyOf(rec.processes.values())) {
            if (p != init && !p.exited() && p.pid() > 0) {
                exit(rec, p.id, p.pid(), 0, e.exitedAt(), unknownStatus(rec.id, p.id), e.time());
            }
        }
        initGone(rec, init);
        rec.task = ContainerRecord.Task.DELETED;
        if (rec.foreign) {
            ctx.records().removeIfSame(rec);
        }
    }

    /**
     * containerd has no task for the container any more (it reported the delete, or answers
     * NotFound for the init): the init's FIFOs have nothing left to serve, so they go now rather
     * than at a {@code deleteTask} that can only answer NotFound. The host's readers stay until
     * drained. Under the record's lock, as {@code start}'s claim of the init is, so a new task's
     * FIFOs are never the ones removed.
     */
    private void initGone(ContainerRecord rec, ProcessEntry init) {
        if (init != null && init.exited() && rec.processes.remove(INIT_PROCESS_NAME, init)) {
            FifoSet.all(ctx.bundleDir(rec.id), INIT_PROCESS_NAME).remove();
            rec.retire(init.io);
        }
    }

    /**
     * The container's task is gone without a word from containerd (containerd 1.7+ deletes a dead
     * task as it starts): every process still believed running exits now, without a status.
     * Called before the record forgets them (a new start, or the container's delete).
     */
    void vanished(ContainerRecord rec) {
        synchronized (rec) {
            for (ProcessEntry p : List.copyOf(rec.processes.values())) {
                if (!p.exited() && p.pid() > 0) {
                    exit(rec, p.id, p.pid(), 0, null, unknownStatus(rec.id, p.id), null);
                }
            }
        }
    }

    private static Throwable unknownStatus(String containerId, String processId) {
        return new NotFoundException("exit status of " + processId + " in " + containerId
                + " is unknown: containerd no longer knows the process (its task or shim is gone)");
    }

    private void deliver(
            ContainerRecord rec,
            EventType type,
            String processId,
            int pid,
            int code,
            Instant at,
            Throwable error,
            Instant time) {
        String id = rec.id;
        String seedProcessId = INIT_PROCESS_NAME.equals(processId) ? id : processId;
        EventInfo info = new EventInfo(id, seedProcessId, pid, code, at, rec.oomKilled, error);
        queue.append(id, () -> {
            try {
                if (backend instanceof TimedBackend timed) {
                    timed.processEvent(id, type, info, time != null ? time : Instant.now());
                } else {
                    backend.processEvent(id, type, info);
                }
            } catch (RuntimeException ex) {
                log.error("backend failed to process {} event of container {}", type.value(), id, ex);
            }
        });
    }
}
