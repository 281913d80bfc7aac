package dev.libcontainerd.cli.commands;

import dev.libcontainerd.cli.CliException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lcd checkpoint}: save a running container with CRIU. */
@Command(name = "checkpoint", description = "Checkpoint a running container into a directory (CRIU).")
public final class CheckpointCommand extends BaseCommand {
    @Option(names = "--exit", description = "Stop the container after the checkpoint.")
    boolean exit;

    @Parameters(index = "0", paramLabel = "CONTAINER")
    String id;

    @Parameters(index = "1", paramLabel = "DIR", description = "Where the checkpoint images go.")
    Path dir;

    @Override
    public Integer call() {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new CliException("cannot create " + dir + ": " + e.getMessage(), e);
        }
        context().client().createCheckpoint(id, dir.toAbsolutePath(), exit);
        out().println(id);
        return 0;
    }
}
