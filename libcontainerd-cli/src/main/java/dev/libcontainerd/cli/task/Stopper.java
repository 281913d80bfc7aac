package dev.libcontainerd.cli.task;

import dev.libcontainerd.Client;
import dev.libcontainerd.ContainerInfo;
import dev.libcontainerd.EventInfo;
import dev.libcontainerd.Status;
import dev.libcontainerd.cli.CliException;
import dev.libcontainerd.cli.Context;
import dev.libcontainerd.errdefs.ConflictException;
import dev.libcontainerd.errdefs.NotFoundException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** docker's stop: the stop signal, a grace period, then SIGKILL; and waiting for an exit. */
public final class Stopper {
    private static final long KILL_WAIT_SECONDS = 10;

    private final Context context;

    public Stopper(Context context) {
        this.context = context;
    }

    /**
     * Stops {@code id} if it runs: {@code signal}, up to {@code graceSeconds} for it to exit, then
     * SIGKILL. A container that is not running is left as it is.
     */
    public void stop(String id, int signal, int graceSeconds) {
        ExitWatcher watcher = new ExitWatcher(id, id);
        context.events().add(watcher);
        ContainerInfo c = Containers.get(context, id);
        if (!Containers.running(c)) {
            return;
        }
        boolean paused = c.status().orElse(null) == Status.PAUSED;
        if (!send(id, signal, paused) || await(watcher.exit(), id, graceSeconds).isPresent()) {
            return;
        }
        if (send(id, 9, paused) && await(watcher.exit(), id, KILL_WAIT_SECONDS).isEmpty()) {
            throw new CliException("container " + id + " did not stop within " + KILL_WAIT_SECONDS + " s of SIGKILL");
        }
    }

    /** Blocks until {@code id} has exited and returns its exit code. */
    public int waitFor(String id) {
        ExitWatcher watcher = new ExitWatcher(id, id);
        context.events().add(watcher);
        ContainerInfo c = Containers.get(context, id);
        if (c.task().isEmpty()) {
            throw new CliException("container " + id + " is not started");
        }
        if (!Containers.running(c)) {
            return c.task().get().exitCode();
        }
        try {
            return watcher.exit().get().exitCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted");
        } catch (ExecutionException e) {
            throw new CliException(e.getCause().getMessage(), e.getCause());
        }
    }

    /** Signals the init process; false when it is gone already. */
    private boolean send(String id, int signal, boolean paused) {
        Client client = context.client();
        try {
            client.signalProcess(id, Client.INIT_PROCESS_NAME, signal);
            if (paused) {
                client.resume(id); // a frozen process acts on its signals only once thawed
            }
            return true;
        } catch (NotFoundException | ConflictException e) {
            return false;
        }
    }

    /** The exit, if it came within {@code seconds}; the task's own status covers a stop seen before. */
    private Optional<EventInfo> await(CompletableFuture<EventInfo> exit, String id, long seconds) {
        try {
            return Optional.of(exit.get(seconds, TimeUnit.SECONDS));
        } catch (TimeoutException e) {
            ContainerInfo c = Containers.get(context, id);
            return Containers.running(c)
                    ? Optional.empty()
                    : Optional.of(new EventInfo(
                            id, id, 0, c.task().map(t -> t.exitCode()).orElse(0), null, false, null));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted");
        } catch (ExecutionException e) {
            throw new CliException(e.getCause().getMessage(), e.getCause());
        }
    }
}
