package dev.libcontainerd.cli.commands;

import dev.libcontainerd.image.Images;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lcd rmi IMAGE…}: remove image records; containerd's GC reclaims their content. */
@Command(name = "rmi", description = "Remove images.")
public final class RmiCommand extends BaseCommand {
    @Parameters(arity = "1..*", paramLabel = "IMAGE")
    List<String> names;

    @Option(names = "--sync", description = "Wait for containerd's garbage collection.")
    boolean sync;

    @Override
    public Integer call() {
        Images images = ImageCommands.images(context());
        for (String n : names) {
            String full = images.get(n).name();
            images.remove(full, sync);
            out().println("Untagged: " + full);
        }
        return 0;
    }
}
