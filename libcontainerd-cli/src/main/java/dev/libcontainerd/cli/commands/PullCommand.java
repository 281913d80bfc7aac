package dev.libcontainerd.cli.commands;

import dev.libcontainerd.image.BlobProgress;
import dev.libcontainerd.image.Image;
import dev.libcontainerd.image.Platform;
import dev.libcontainerd.image.ProgressListener;
import dev.libcontainerd.image.PullOptions;
import dev.libcontainerd.image.RegistryCredentials;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lcd pull REF}: fetch an image from its registry and unpack it. */
@Command(name = "pull", description = "Pull an image from a registry and unpack it.")
public final class PullCommand extends BaseCommand {
    @Parameters(
            index = "0",
            paramLabel = "REF",
            description = "Image reference, e.g. alpine:3.20 or 127.0.0.1:5000/app:v1.")
    String ref;

    @Option(
            names = "--platform",
            paramLabel = "OS/ARCH[/VARIANT]",
            description = "Platform to pull (default: this host's).")
    String platform;

    @Option(names = "--plain-http", description = "Talk plain HTTP to the registry.")
    boolean plainHttp;

    @Option(names = "--ca-file", paramLabel = "PEM", description = "Also trust the CA certificates in this file.")
    Path caFile;

    @Option(
            names = {"-u", "--user"},
            paramLabel = "USER[:PASSWORD]",
            description = "Registry credentials (default: from ~/.docker/config.json).")
    String user;

    @Option(
            names = "--snapshotter",
            paramLabel = "NAME",
            defaultValue = "overlayfs",
            description = "Snapshotter to unpack into (default: ${DEFAULT-VALUE}).")
    String snapshotter;

    @Override
    public Integer call() {
        PullOptions.Builder b = PullOptions.builder()
                .plainHttp(plainHttp)
                .snapshotter(snapshotter)
                .progress(new ProgressBars(out(), System.console() != null));
        if (platform != null) {
            b.platform(Platform.parse(platform));
        }
        if (caFile != null) {
            b.extraCaFile(caFile);
        }
        if (user != null) {
            int colon = user.indexOf(':');
            b.credentials(new RegistryCredentials(
                    colon < 0 ? user : user.substring(0, colon), colon < 0 ? "" : user.substring(colon + 1)));
        }
        Image image = ImageCommands.images(context()).pull(ref, b.build());
        out().println("Digest: " + image.target().digest());
        out().println(image.name());
        return 0;
    }

    /** One line per layer, as docker prints them; redrawn in place on a terminal. */
    static final class ProgressBars implements ProgressListener {
        private final PrintStream out;
        private final boolean terminal;
        private final Map<String, Integer> lines = new LinkedHashMap<>();

        ProgressBars(PrintStream out, boolean terminal) {
            this.out = out;
            this.terminal = terminal;
        }

        @Override
        public synchronized void progress(BlobProgress p) {
            String id = ImageCommands.shortId(p.digest());
            String text = switch (p.state()) {
                case EXISTS -> "Already exists";
                case DONE -> "Pull complete";
                case DOWNLOADING ->
                    "Downloading " + bar(p.done(), p.total()) + " " + ImageCommands.size(p.done()) + "/"
                            + ImageCommands.size(p.total());
            };
            if (!terminal) {
                if (p.state() != BlobProgress.State.DOWNLOADING || p.done() == 0) {
                    out.println(id + ": " + text);
                }
                return;
            }
            Integer line = lines.get(id);
            if (line == null) {
                lines.put(id, lines.size());
                out.println(id + ": " + text);
            } else {
                int up = lines.size() - line;
                out.print("\033[" + up + "A\r\033[2K" + id + ": " + text + "\033[" + up + "B\r");
            }
            out.flush();
        }

        private static String bar(long done, long total) {
            int width = 40;
            int n = total <= 0 ? 0 : (int) Math.min(width, done * width / total);
            return "[" + "=".repeat(Math.max(0, n - 1)) + (n > 0 ? ">" : "") + " ".repeat(width - n) + "]";
        }
    }
}
