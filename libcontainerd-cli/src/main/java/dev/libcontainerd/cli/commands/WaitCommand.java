package dev.libcontainerd.cli.commands;

import dev.libcontainerd.cli.task.Stopper;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code lcd wait}: block until containers exit and print their exit codes. */
@Command(name = "wait", description = "Block until containers stop, then print their exit codes.")
public final class WaitCommand extends BaseCommand {
    @Parameters(arity = "1..*", paramLabel = "CONTAINER")
    List<String> ids;

    @Override
    public Integer call() {
        Stopper stopper = new Stopper(context());
        for (String id : ids) {
            out().println(stopper.waitFor(id));
        }
        return 0;
    }
}
