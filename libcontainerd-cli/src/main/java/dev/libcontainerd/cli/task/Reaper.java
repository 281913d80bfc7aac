package dev.libcontainerd.cli.task;

import dev.libcontainerd.ContainerInfo;
import dev.libcontainerd.Status;
import dev.libcontainerd.cli.CliException;
import dev.libcontainerd.cli.Context;
import dev.libcontainerd.errdefs.ContainerdException;
import dev.libcontainerd.errdefs.NotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code --rm} that does not depend on the command that started the container: a marker file
 * per container says "remove when exited", and every lcd command that opens a client removes
 * the marked containers whose task has stopped (docker's daemon does the same on exit). So a
 * {@code run -d --rm}, or a {@code run -it --rm} whose terminal was closed, is gone at the next
 * command after it exits. A container that never started is left alone, as docker leaves one.
 */
public final class Reaper {
    private Reaper() {}

    /** Marks {@code id} for removal once it exits. */
    public static void mark(Context ctx, String id) {
        Path m = marker(ctx, id);
        try {
            Files.createDirectories(m.getParent());
            Files.writeString(m, "");
        } catch (IOException e) {
            throw new CliException("cannot mark " + id + " for --rm in " + m.getParent() + ": " + e.getMessage(), e);
        }
    }

    /** Forgets the mark of {@code id} (removed by its own command). */
    public static void unmark(Context ctx, String id) {
        try {
            Files.deleteIfExists(marker(ctx, id));
        } catch (IOException e) {
            // a stale marker of a gone container is dropped by the next reap
        }
    }

    /** Whether {@code id} is to be removed when it exits. */
    public static boolean marked(Context ctx, String id) {
        return Files.exists(marker(ctx, id));
    }

    /** Removes every marked container that has exited; cheap (one directory read) when none is marked. */
    public static void reap(Context ctx) {
        Path dir = ctx.layout().autoRemoveDir(ctx.namespace());
        if (!Files.isDirectory(dir)) {
            return;
        }
        List<String> ids;
        try (Stream<Path> s = Files.list(dir)) {
            ids = s.map(p -> p.getFileName().toString()).toList();
        } catch (IOException e) {
            return;
        }
        for (String id : ids) {
            try {
                ContainerInfo c = ctx.client().inspect(id);
                if (c.status().orElse(null) == Status.STOPPED) {
                    new Remover(ctx).remove(id, false);
                    unmark(ctx, id);
                }
            } catch (NotFoundException e) {
                unmark(ctx, id);
            } catch (ContainerdException | CliException e) {
                // removed or restarted meanwhile: the next command looks again
            }
        }
    }

    private static Path marker(Context ctx, String id) {
        return ctx.layout().autoRemoveDir(ctx.namespace()).resolve(id);
    }
}
