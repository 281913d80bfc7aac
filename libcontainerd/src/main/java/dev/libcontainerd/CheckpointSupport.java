package dev.libcontainerd;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Whether checkpoint and restore can work on this host, as {@code criu check} says. CRIU needs
 * kernel features that containers and some kernels lack (Debian 12's CRIU 3.17, for one, fails
 * its vdso check on recent kernels), so callers can ask before relying on {@link
 * Client#createCheckpoint}.
 *
 * @param supported whether {@code criu check} passed
 * @param reason CRIU's own words when it did not (or why it could not be run), else empty
 */
public record CheckpointSupport(boolean supported, String reason) {

    /** Runs {@code criu check} with the {@code criu} found on the PATH. */
    public static CheckpointSupport probe() {
        return probe("criu");
    }

    /** Runs {@code <criu> check}; forks a process, so call it once, not per operation. */
    public static CheckpointSupport probe(String criuBinary) {
        try {
            Process p = new ProcessBuilder(List.of(criuBinary, "check"))
                    .redirectErrorStream(true)
                    .start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new CheckpointSupport(false, "criu check did not finish within 30 s");
            }
            return p.exitValue() == 0
                    ? new CheckpointSupport(true, "")
                    : new CheckpointSupport(false, out.isEmpty() ? "criu check failed" : out);
        } catch (IOException e) {
            return new CheckpointSupport(false, "cannot run " + criuBinary + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new CheckpointSupport(false, "interrupted");
        }
    }
}
