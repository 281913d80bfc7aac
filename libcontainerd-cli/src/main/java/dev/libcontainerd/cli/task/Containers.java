package dev.libcontainerd.cli.task;

import dev.libcontainerd.ContainerInfo;
import dev.libcontainerd.Status;
import dev.libcontainerd.TaskInfo;
import dev.libcontainerd.cli.CliException;
import dev.libcontainerd.cli.Context;
import dev.libcontainerd.errdefs.NotFoundException;
import java.util.List;
import java.util.Optional;

/** Looking containers up through the library's {@code list}/{@code inspect}, with docker's wording. */
public final class Containers {
    private Containers() {}

    /** Every container of the namespace, oldest first. */
    public static List<ContainerInfo> list(Context context) {
        return context.client().list();
    }

    /** The container, or docker's "No such container" failure. */
    public static ContainerInfo get(Context context, String id) {
        try {
            return context.client().inspect(id);
        } catch (NotFoundException e) {
            throw new CliException("No such container: " + id, e);
        }
    }

    /** The container's task if it has one that has not stopped. */
    public static Optional<TaskInfo> live(ContainerInfo c) {
        return c.task().filter(t -> t.status() != Status.STOPPED);
    }

    /** Whether the container has a task that has not stopped. */
    public static boolean running(ContainerInfo c) {
        return live(c).isPresent();
    }

    /** A task status in one word, or "exited (N)". */
    public static String status(TaskInfo t) {
        return switch (t.status()) {
            case STOPPED -> "exited (" + t.exitCode() + ")";
            default -> t.status().value();
        };
    }
}
