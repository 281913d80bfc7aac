package dev.libcontainerd.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** A busybox root filesystem built once from the host's busybox-static. */
public final class Rootfs {
    private static Path path;

    private Rootfs() {}

    /** The shared rootfs (read-only use: containers must not write to it). */
    public static synchronized Path busybox() {
        if (path == null) {
            Require.binary("busybox");
            try {
                Path dir = TestDaemon.get().dir().resolve("rootfs");
                Path bin = dir.resolve("bin");
                Files.createDirectories(bin);
                for (String d : new String[] {"proc", "dev", "sys", "tmp", "etc", "root"}) {
                    Files.createDirectories(dir.resolve(d));
                }
                Path busybox = Path.of("/bin/busybox");
                Files.copy(busybox, bin.resolve("busybox"), StandardCopyOption.REPLACE_EXISTING);
                Process list = new ProcessBuilder(busybox.toString(), "--list").start();
                String applets = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                for (String a : applets.split("\\s+")) {
                    if (!a.isEmpty()
                            && !a.equals("busybox")
                            && !Files.exists(bin.resolve(a), LinkOption.NOFOLLOW_LINKS)) {
                        Files.createSymbolicLink(bin.resolve(a), Path.of("busybox"));
                    }
                }
                Files.writeString(
                        dir.resolve("etc/passwd"),
                        "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n");
                Files.writeString(dir.resolve("etc/group"), "root:x:0:\nnogroup:x:65534:\n");
                path = dir;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return path;
    }
}
