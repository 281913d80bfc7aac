package dev.libcontainerd.cli.commands;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code lcd resume}: thaw paused containers. */
@Command(name = "resume", aliases = "unpause", description = "Thaw paused containers.")
public final class ResumeCommand extends BaseCommand {
    @Parameters(arity = "1..*", paramLabel = "CONTAINER")
    List<String> ids;

    @Override
    public Integer call() {
        for (String id : ids) {
            context().client().resume(id);
            out().println(id);
        }
        return 0;
    }
}
