package dev.libcontainerd.cli.commands;

import dev.libcontainerd.ContainerInfo;
import dev.libcontainerd.TaskInfo;
import dev.libcontainerd.cli.CliException;
import dev.libcontainerd.cli.Context;
import dev.libcontainerd.cli.task.Containers;
import dev.libcontainerd.cli.task.Launcher;
import dev.libcontainerd.oci.ProcessSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lcd start}: start a created or exited container again, optionally from a checkpoint. */
@Command(name = "start", description = "Start a stopped container (in the background unless -a).")
public final class StartCommand extends BaseCommand {
    @Option(
            names = {"-a", "--attach"},
            description = "Attach its output and wait; exit with its exit code.")
    boolean attach;

    @Option(
            names = {"-i", "--interactive"},
            description = "Attach stdin too (with -a).")
    boolean interactive;

    @Option(names = "--checkpoint", paramLabel = "DIR", description = "Restore from this checkpoint.")
    Path checkpoint;

    @Parameters(index = "0", paramLabel = "CONTAINER")
    String id;

    @Override
    public Integer call() {
        Context ctx = context();
        ContainerInfo c = Containers.get(ctx, id);
        if (checkpoint != null && !Files.isDirectory(checkpoint)) {
            throw new CliException("checkpoint " + checkpoint + " does not exist or is not a directory");
        }
        Optional<TaskInfo> task = c.task();
        if (task.isPresent()) {
            if (Containers.running(c)) {
                throw new CliException("container " + id + " is already running");
            }
            ctx.client().deleteTask(id); // the previous run's exit status goes with it, as in Docker
        }
        Path from = checkpoint == null ? null : checkpoint.toAbsolutePath();
        Launcher launcher = new Launcher(ctx);
        if (!attach) {
            launcher.startDetached(id, from);
            out().println(id);
            return 0;
        }
        return launcher.startAttached(id, from, interactive, terminal(c));
    }

    private static boolean terminal(ContainerInfo c) {
        ProcessSpec process = c.spec().process();
        return process != null && process.terminal();
    }
}
