package dev.libcontainerd.cli.commands;

import dev.libcontainerd.ContainerInfo;
import dev.libcontainerd.ContainerSnapshot;
import dev.libcontainerd.cli.CliException;
import dev.libcontainerd.cli.Context;
import dev.libcontainerd.cli.task.Containers;
import dev.libcontainerd.cli.task.Reaper;
import dev.libcontainerd.image.ContainerRootfs;
import dev.libcontainerd.image.Images;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code lcd rename}: a container's name is its containerd id, which containerd never changes,
 * so a rename re-creates the container record under the new id with the same spec (its writable
 * layer, i.e. its image snapshot moved to the new id's key, and its log move along) and deletes
 * the old one. Only for a container that is not running: a running task belongs to its id.
 */
@Command(name = "rename", description = "Rename a container that is not running.")
public final class RenameCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "CONTAINER")
    String from;

    @Parameters(index = "1", paramLabel = "NEW_NAME")
    String to;

    @Override
    public Integer call() throws IOException {
        Context ctx = context();
        Ids.check(to);
        ContainerInfo c = Containers.get(ctx, from);
        if (Containers.running(c)) {
            throw new CliException("cannot rename " + from + ": it is running (containerd's ids are fixed "
                    + "while a task runs); stop it first");
        }
        if (ContainerCommand.exists(ctx, to)) {
            throw new CliException("Conflict. The container name \"" + to + "\" is already in use");
        }
        if (c.task().isPresent()) {
            ctx.client().deleteTask(from); // a stopped task: its mount of the layer goes first
        }
        if (c.image().isEmpty()) {
            ctx.client().create(to, c.spec(), null); // a plain root directory: nothing to move
        } else {
            // run and create key an image container's snapshot by its id
            Images images = ImageCommands.images(ctx);
            ContainerRootfs moved =
                    images.moveRootfs(new ContainerSnapshot(c.image(), Images.DEFAULT_SNAPSHOTTER, from), to);
            try {
                ctx.client().create(to, c.spec(), null, moved.snapshot());
            } catch (RuntimeException e) {
                images.release(images.moveRootfs(moved.snapshot(), from)); // the old record's layer back
                throw e;
            } finally {
                images.release(moved);
            }
        }
        ctx.client().delete(from);
        Path oldLog = ctx.layout().logFile(ctx.namespace(), from);
        if (Files.exists(oldLog)) {
            Files.move(oldLog, ctx.layout().logFile(ctx.namespace(), to));
        }
        if (Reaper.marked(ctx, from)) {
            Reaper.unmark(ctx, from);
            Reaper.mark(ctx, to);
        }
        return 0;
    }
}
