package dev.libcontainerd.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A busybox root filesystem from the host's busybox-static: {@code bin/busybox}, a symlink per
 * applet, the usual mount points, and an {@code /etc/passwd} and {@code /etc/group} with root and
 * nobody. The one builder of the tests and the benchmark.
 */
public final class Rootfs {
    private static final Path BUSYBOX = Path.of("/bin/busybox");

    /**
     * A child JVM ({@link ChildJvm}) gets its parent's rootfs through this property: building one
     * would start a {@link TestDaemon} in the child, which the test's SIGKILL would then leave running.
     */
    static final String INHERITED = "lcd.test.rootfs";

    private static Path path;

    private Rootfs() {}

    /**
     * The tests' shared rootfs, built once under {@link TestDaemon}'s directory (read-only use:
     * containers must not write to it). Fails under CI=true, skips elsewhere, without busybox.
     */
    public static synchronized Path busybox() {
        if (path == null && System.getProperty(INHERITED) != null) {
            path = Path.of(System.getProperty(INHERITED));
        }
        if (path == null) {
            Require.binary("busybox");
            try {
                path = build(TestDaemon.get().dir().resolve("rootfs"));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return path;
    }

    /**
     * Builds a busybox rootfs at {@code dir} (created if absent) for a caller that owns it, e.g.
     * one that puts FIFOs into it, and returns {@code dir}.
     */
    public static Path build(Path dir) throws IOException, InterruptedException {
        Path bin = dir.resolve("bin");
        Files.createDirectories(bin);
        for (String d : new String[] {"proc", "dev", "sys", "tmp", "etc", "root"}) {
            Files.createDirectories(dir.resolve(d));
        }
        Files.copy(BUSYBOX, bin.resolve("busybox"), StandardCopyOption.REPLACE_EXISTING);
        Process list = new ProcessBuilder(BUSYBOX.toString(), "--list").start();
        String applets = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (list.waitFor() != 0) {
            throw new IOException(BUSYBOX + " --list exited " + list.exitValue());
        }
        for (String a : applets.split("\\s+")) {
            if (!a.isEmpty() && !a.equals("busybox") && !Files.exists(bin.resolve(a), LinkOption.NOFOLLOW_LINKS)) {
                Files.createSymbolicLink(bin.resolve(a), Path.of("busybox"));
            }
        }
        Files.writeString(
                dir.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n");
        Files.writeString(dir.resolve("etc/group"), "root:x:0:\nnogroup:x:65534:\n");
        return dir;
    }
}
