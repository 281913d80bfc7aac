package dev.libcontainerd.supervisor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The release of a containerd binary, as its {@code --version} reports it, and what follows from
 * it for the configuration: 1.x reads format version 2, 2.x reads version 3 (it would migrate a
 * version 2 file on every start, and its CRI plugin is split into differently named ids).
 *
 * @param major e.g. 1 or 2
 * @param minor e.g. 7
 * @param text the version as printed, e.g. {@code 1.6.20~ds1} or {@code 2.1.9+unknown}
 */
record ContainerdVersion(int major, int minor, String text) {
    private static final Logger LOG = LoggerFactory.getLogger(ContainerdVersion.class);
    /** {@code containerd github.com/containerd/containerd[/v2] v1.7.24 <revision>}. */
    private static final Pattern LINE =
            Pattern.compile("^containerd\\s+\\S+\\s+v?((\\d+)\\.(\\d+)\\S*)", Pattern.MULTILINE);

    private static final long TIMEOUT_SECONDS = 10;

    /** What is assumed of a binary that does not tell its version: the oldest we support. */
    static final ContainerdVersion UNKNOWN = new ContainerdVersion(1, 6, "unknown");

    /** The config format version this release reads natively. */
    int configVersion() {
        return major >= 2 ? 3 : 2;
    }

    /** Parses the output of {@code containerd --version}. */
    static Optional<ContainerdVersion> parse(String output) {
        Matcher m = LINE.matcher(output);
        if (!m.find()) {
            return Optional.empty();
        }
        return Optional.of(
                new ContainerdVersion(Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)), m.group(1)));
    }

    /**
     * Runs {@code binary --version}. A binary that does not answer like containerd is taken for
     * {@link #UNKNOWN} rather than refused: launching it will tell what it really is.
     */
    static ContainerdVersion of(Path binary) {
        try {
            Process p = new ProcessBuilder(List.of(binary.toString(), "--version"))
                    .redirectErrorStream(true)
                    .start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            Optional<ContainerdVersion> v = parse(out);
            if (v.isEmpty()) {
                LOG.warn("{} --version said '{}'; writing a containerd 1.x configuration", binary, out.strip());
            }
            return v.orElse(UNKNOWN);
        } catch (IOException e) {
            LOG.warn("cannot run {} --version ({}); writing a containerd 1.x configuration", binary, e.getMessage());
            return UNKNOWN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return UNKNOWN;
        }
    }
}
