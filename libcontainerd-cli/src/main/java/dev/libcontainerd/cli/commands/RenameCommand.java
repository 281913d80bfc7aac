package dev.libcontainerd.cli.commands;

import dev.libcontainerd.ContainerInfo;
import dev.libcontainerd.cli.CliException;
import dev.libcontainerd.cli.Context;
import dev.libcontainerd.cli.task.Containers;
import dev.libcontainerd.cli.task.Reaper;
import dev.libcontainerd.oci.Spec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code lcd rename}: a container's name is its containerd id, which containerd never changes,
 * so a rename re-creates the container record under the new id with the same spec (its writable
 * layer and log move along) and deletes the old one. Only for a container that is not running:
 * a running task belongs to its id.
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
        Spec spec = c.spec();
        Path oldDir = ctx.layout().containerDir(ctx.namespace(), from);
        Path newDir = ctx.layout().containerDir(ctx.namespace(), to);
        Spec.Builder next = spec.toBuilder();
        String root = spec.root() == null ? null : spec.root().path();
        boolean ownLayer = root != null && root.startsWith(oldDir + "/");
        if (ownLayer) {
            Files.createDirectories(newDir.getParent());
            Files.move(oldDir, newDir); // the overlay mounted inside moves with its directory
            next.rootPath(newDir.resolve(oldDir.relativize(Path.of(root))).toString());
        }
        try {
            ctx.client().create(to, next.build(), null);
        } catch (RuntimeException e) {
            if (ownLayer) {
                Files.move(newDir, oldDir);
            }
            throw e;
        }
        if (c.task().isPresent()) {
            ctx.client().deleteTask(from);
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
