package dev.libcontainerd.cli.task;

import dev.libcontainerd.Client;
import dev.libcontainerd.Status;
import dev.libcontainerd.TaskInfo;
import dev.libcontainerd.cli.CliException;
import dev.libcontainerd.cli.Context;
import dev.libcontainerd.cli.net.NetworkSetup;
import dev.libcontainerd.errdefs.ConflictException;
import dev.libcontainerd.errdefs.NotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Optional;

/**
 * Removes a container and everything kept for it: task, container (the library's delete takes its
 * image snapshot along), network attachment, log.
 */
public final class Remover {
    private static final long STOP_TIMEOUT_MS = 10_000;

    private final Context context;

    public Remover(Context context) {
        this.context = context;
    }

    /**
     * Removes container {@code id}.
     *
     * @param force kill it first when it runs; otherwise a running container is refused
     * @return whether there was anything to remove
     */
    public boolean remove(String id, boolean force) {
        Client client = context.client();
        Optional<TaskInfo> task = task(id);
        if (task.isPresent() && task.get().status() != Status.STOPPED) {
            if (!force) {
                throw new CliException("cannot remove container " + id + ": container is "
                        + task.get().status().value() + ": stop it first, or use 'lcd rm -f'");
            }
            kill(client, id, task.get().status() == Status.PAUSED);
            awaitStopped(id);
        }
        if (task.isPresent()) {
            try {
                client.deleteTask(id);
            } catch (NotFoundException e) {
                // removed meanwhile
            }
        }
        boolean existed = true;
        try {
            client.delete(id);
        } catch (NotFoundException e) {
            existed = false;
        }
        new NetworkSetup(context).detachIfAttached(id);
        try {
            Files.deleteIfExists(context.layout().logFile(context.namespace(), id));
            Files.deleteIfExists(Monitor.stdinFifo(context, id));
            Files.deleteIfExists(Monitor.monitorLog(context, id));
        } catch (IOException e) {
            // a stale log is harmless
        }
        return existed;
    }

    private Optional<TaskInfo> task(String id) {
        try {
            return context.client().inspect(id).task();
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    private static void kill(Client client, String id, boolean paused) {
        try {
            client.signalProcess(id, Client.INIT_PROCESS_NAME, 9);
            if (paused) {
                client.resume(id); // a frozen process dies of SIGKILL only once thawed
            }
        } catch (NotFoundException | ConflictException e) {
            // exited meanwhile
        }
    }

    /** Waits for the task to stop; bounded, as a SIGKILLed task stops within moments. */
    private void awaitStopped(String id) {
        long deadline = System.currentTimeMillis() + STOP_TIMEOUT_MS;
        while (System.currentTimeMillis() < deadline) {
            Optional<TaskInfo> t = task(id);
            if (t.isEmpty() || t.get().status() == Status.STOPPED) {
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new CliException("container " + id + " did not stop within " + STOP_TIMEOUT_MS / 1000 + "s");
    }
}
