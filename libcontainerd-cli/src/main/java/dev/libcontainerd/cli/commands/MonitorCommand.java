package dev.libcontainerd.cli.commands;

import dev.libcontainerd.cli.task.Monitor;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The hidden command a container's {@link Monitor} runs as (started by {@code run -d}, {@code start}). */
@Command(name = Monitor.COMMAND, hidden = true, description = "Hold a background container's stdio (internal).")
public final class MonitorCommand extends BaseCommand {
    @Option(names = "--checkpoint", paramLabel = "DIR")
    Path checkpoint;

    @Parameters(index = "0", paramLabel = "CONTAINER")
    String id;

    @Override
    public Integer call() {
        return new Monitor(context()).run(id, checkpoint);
    }
}
