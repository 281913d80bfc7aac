package dev.libcontainerd.cli.commands;

import dev.libcontainerd.cli.CliException;
import dev.libcontainerd.cli.task.Remover;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lcd rm}: remove containers. */
@Command(name = "rm", description = "Remove containers (-f kills running ones first).")
public final class RmCommand extends BaseCommand {
    @Option(
            names = {"-f", "--force"},
            description = "Kill running containers first.")
    boolean force;

    @Parameters(arity = "1..*", paramLabel = "CONTAINER")
    List<String> ids;

    @Override
    public Integer call() {
        Remover remover = new Remover(context());
        int failures = eachContainer(ids, id -> {
            if (!remover.remove(id, force)) {
                throw new CliException("no such container: " + id);
            }
            out().println(id);
        });
        return failures == 0 ? 0 : CliException.TOOL_FAILURE;
    }
}
