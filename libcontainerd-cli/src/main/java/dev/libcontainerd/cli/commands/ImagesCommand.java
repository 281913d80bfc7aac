package dev.libcontainerd.cli.commands;

import dev.libcontainerd.errdefs.ContainerdException;
import dev.libcontainerd.image.Image;
import dev.libcontainerd.image.ImageRef;
import dev.libcontainerd.image.Images;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lcd images}: the namespace's images, as {@code docker images} lists them. */
@Command(name = "images", description = "List images.")
public final class ImagesCommand extends BaseCommand {
    @Option(
            names = {"-q", "--quiet"},
            description = "Only show full image names.")
    boolean quiet;

    @Override
    public Integer call() {
        Images images = ImageCommands.images(context());
        List<String[]> rows = new ArrayList<>();
        for (Image i : images.list()) {
            if (quiet) {
                out().println(i.name());
                continue;
            }
            String repo = i.name();
            String tag = "<none>";
            try {
                ImageRef r = ImageRef.parse(i.name());
                repo = r.repository().startsWith("docker.io/library/")
                        ? r.path().substring("library/".length())
                        : r.repository().startsWith("docker.io/") ? r.path() : r.repository();
                tag = r.tag() == null ? "<none>" : r.tag();
            } catch (ContainerdException e) {
                // a name containerd accepts but docker would not: shown whole
            }
            String size;
            try {
                size = ImageCommands.size(images.size(i.name()));
            } catch (ContainerdException e) {
                size = "-";
            }
            rows.add(new String[] {
                repo,
                tag,
                ImageCommands.shortId(i.id()),
                Table.ago(Duration.between(i.createdAt(), Instant.now())),
                size
            });
        }
        if (!quiet) {
            Table.print(out(), new String[] {"REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE"}, rows);
        }
        return 0;
    }
}
