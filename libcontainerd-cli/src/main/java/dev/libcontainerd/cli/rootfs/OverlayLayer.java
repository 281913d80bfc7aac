package dev.libcontainerd.cli.rootfs;

import dev.libcontainerd.cli.CliException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;

/**
 * A container's private writable layer over a shared read-only rootfs, as an overlay mount in
 * {@code dir/rootfs}: what Docker's snapshots give, without images. Discarded with the container.
 */
public final class OverlayLayer {
    private OverlayLayer() {}

    /** Mounts an overlay of {@code lower} at {@code dir/rootfs} and returns that mount point. */
    public static Path mount(Path lower, Path dir) {
        Path upper = dir.resolve("upper");
        Path work = dir.resolve("work");
        Path merged = dir.resolve("rootfs");
        try {
            Files.createDirectories(upper);
            Files.createDirectories(work);
            Files.createDirectories(merged);
        } catch (IOException e) {
            throw new CliException("cannot create the container's layer in " + dir + ": " + e.getMessage(), e);
        }
        run(
                "mount",
                "-t",
                "overlay",
                "overlay",
                "-o",
                "lowerdir=" + lower + ",upperdir=" + upper + ",workdir=" + work,
                merged.toString());
        return merged;
    }

    /** Unmounts and removes the layer in {@code dir}, if there is one. */
    public static void remove(Path dir) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        Path merged = dir.resolve("rootfs");
        if (isMounted(merged)) {
            try {
                run("umount", merged.toString());
            } catch (CliException e) {
                // still busy (a process lingering in it): detach now, the kernel frees it later
                run("umount", "-l", merged.toString());
            }
        }
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new CliException("cannot remove " + dir + ": " + e.getMessage(), e);
        }
    }

    private static boolean isMounted(Path p) {
        try {
            String target = " " + p.toAbsolutePath() + " ";
            return Files.readAllLines(Path.of("/proc/self/mountinfo"), StandardCharsets.UTF_8).stream()
                    .anyMatch(l -> l.contains(target));
        } catch (IOException e) {
            return false;
        }
    }

    private static void run(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new CliException(String.join(" ", cmd) + " failed: " + out);
            }
        } catch (IOException e) {
            throw new CliException(cmd[0] + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(cmd[0] + " interrupted");
        }
    }
}
