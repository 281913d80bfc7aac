package dev.libcontainerd.cli.commands;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code lcd pause}: freeze containers. */
@Command(name = "pause", description = "Freeze every process of containers.")
public final class PauseCommand extends BaseCommand {
    @Parameters(arity = "1..*", paramLabel = "CONTAINER")
    List<String> ids;

    @Override
    public Integer call() {
        for (String id : ids) {
            context().client().pause(id);
            out().println(id);
        }
        return 0;
    }
}
