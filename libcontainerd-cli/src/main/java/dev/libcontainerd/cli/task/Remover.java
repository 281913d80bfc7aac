package dev.libcontainerd.cli.task;

import containerd.v1.types.Process;
import containerd.v1.types.Status;
import dev.libcontainerd.Client;
import dev.libcontainerd.cli.CliException;
import dev.libcontainerd.cli.Context;
import dev.libcontainerd.cli.net.NetworkSetup;
import dev.libcontainerd.cli.rootfs.OverlayLayer;
import dev.libcontainerd.errdefs.ConflictException;
import dev.libcontainerd.errdefs.NotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Optional;

/** Removes a container and everything the tool kept for it: task, container, network attachment, layer, log. */
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
        TaskQuery query = new TaskQuery(context);
        Optional<Process> task = query.process(id, null);
        if (task.isPresent() && task.get().getStatus() != Status.STOPPED) {
            if (!force) {
                throw new CliException("container " + id + " is " + status(task.get())
                        + ": stop it first, or use 'lcd rm -f'");
            }
            kill(client, id, task.get().getStatus() == Status.PAUSED);
            awaitStopped(query, id);
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
        OverlayLayer.remove(context.layout().containerDir(context.namespace(), id));
        try {
            Files.deleteIfExists(context.layout().logFile(context.namespace(), id));
        } catch (IOException e) {
            // a stale log is harmless
        }
        return existed;
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

    private static void awaitStopped(TaskQuery query, String id) {
        long deadline = System.currentTimeMillis() + STOP_TIMEOUT_MS;
        while (System.currentTimeMillis() < deadline) {
            Optional<Process> p = query.process(id, null);
            if (p.isEmpty() || p.get().getStatus() == Status.STOPPED) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new CliException("container " + id + " did not stop within " + STOP_TIMEOUT_MS / 1000 + "s");
    }

    /** A task status in words. */
    public static String status(Process p) {
        return switch (p.getStatus()) {
            case RUNNING -> "running";
            case CREATED -> "created";
            case PAUSED -> "paused";
            case PAUSING -> "pausing";
            case STOPPED -> "exited (" + p.getExitStatus() + ")";
            default -> "unknown";
        };
    }
}
