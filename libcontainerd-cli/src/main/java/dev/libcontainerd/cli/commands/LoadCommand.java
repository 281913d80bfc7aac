package dev.libcontainerd.cli.commands;

import dev.libcontainerd.image.Image;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lcd load -i FILE}: import a docker save tarball or an OCI layout. */
@Command(name = "load", description = "Load images from a docker save tar or an OCI layout (directory or tar).")
public final class LoadCommand extends BaseCommand {
    @Option(
            names = {"-i", "--input"},
            required = true,
            paramLabel = "FILE",
            description = "The archive.")
    Path input;

    @Option(names = "--name", paramLabel = "REF", description = "Name for images the archive leaves unnamed.")
    String name;

    @Override
    public Integer call() {
        for (Image i : ImageCommands.images(context()).importArchive(input, name)) {
            out().println("Loaded image: " + i.name());
        }
        return 0;
    }
}
