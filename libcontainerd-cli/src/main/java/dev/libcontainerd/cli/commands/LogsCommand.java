package dev.libcontainerd.cli.commands;

import dev.libcontainerd.cli.CliException;
import dev.libcontainerd.cli.task.Containers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code lcd logs}: what a detached container wrote. */
@Command(name = "logs", description = "Print the output of a container started with -d (or 'start').")
public final class LogsCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "CONTAINER")
    String id;

    @Override
    public Integer call() throws IOException {
        Containers.get(context(), id);
        Path log = context().layout().logFile(context().namespace(), id);
        if (Files.exists(log)) {
            Files.copy(log, out());
            out().flush();
        } else if (!Files.isDirectory(log.getParent())) {
            throw new CliException("no logs for " + id + ": it was not started detached");
        }
        return 0;
    }
}
