package dev.libcontainerd.cli.commands;

import dev.libcontainerd.ContainerInfo;
import dev.libcontainerd.cli.CliException;
import dev.libcontainerd.cli.task.Containers;
import dev.libcontainerd.cli.task.Launcher;
import dev.libcontainerd.cli.task.Stopper;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lcd restart}: stop (as {@code lcd stop}) and start again in the background. */
@Command(name = "restart", description = "Restart containers (stop, then start in the background).")
public final class RestartCommand extends BaseCommand {
    @Option(
            names = {"-t", "--time", "--timeout"},
            paramLabel = "SECONDS",
            defaultValue = "10",
            description = "Seconds to wait before killing it (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Parameters(arity = "1..*", paramLabel = "CONTAINER")
    List<String> ids;

    @Override
    public Integer call() {
        Stopper stopper = new Stopper(context());
        Launcher launcher = new Launcher(context());
        int failures = eachContainer(ids, id -> {
            stopper.stop(id, 15, Math.max(0, seconds));
            ContainerInfo c = Containers.get(context(), id);
            if (c.task().isPresent()) {
                context().client().deleteTask(id);
            }
            launcher.startDetached(id, null);
            out().println(id);
        });
        return failures == 0 ? 0 : CliException.TOOL_FAILURE;
    }
}
