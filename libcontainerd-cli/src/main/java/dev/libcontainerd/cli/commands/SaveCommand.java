package dev.libcontainerd.cli.commands;

import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lcd save -o FILE IMAGE}: export an image as an OCI layout tar. */
@Command(name = "save", description = "Save an image to an OCI layout tar.")
public final class SaveCommand extends BaseCommand {
    @Option(
            names = {"-o", "--output"},
            required = true,
            paramLabel = "FILE",
            description = "The tar to write.")
    Path output;

    @Parameters(index = "0", paramLabel = "IMAGE")
    String image;

    @Override
    public Integer call() {
        ImageCommands.images(context()).export(image, output);
        return 0;
    }
}
