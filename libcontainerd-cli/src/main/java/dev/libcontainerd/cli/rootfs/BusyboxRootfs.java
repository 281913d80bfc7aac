package dev.libcontainerd.cli.rootfs;

import dev.libcontainerd.cli.CliException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The default root filesystem: the host's static busybox with a link per applet, built once.
 * Containers never write to it; each gets its own {@link OverlayLayer} on top.
 */
public final class BusyboxRootfs {
    private static final Path BUSYBOX = Path.of("/bin/busybox");
    private static final String COMPLETE = ".lcd-complete";

    private BusyboxRootfs() {}

    /** The rootfs at {@code dir}, built first if it is not complete. */
    public static Path ensure(Path dir) {
        if (Files.exists(dir.resolve(COMPLETE))) {
            return dir;
        }
        if (!Files.isExecutable(BUSYBOX)) {
            throw new CliException("no default rootfs: " + BUSYBOX + " is missing "
                    + "(install busybox-static, or give --rootfs DIR)");
        }
        try {
            Files.createDirectories(dir.getParent());
            try (FileChannel ch = FileChannel.open(
                            dir.resolveSibling(dir.getFileName() + ".lock"),
                            StandardOpenOption.CREATE,
                            StandardOpenOption.WRITE);
                    FileLock lock = ch.lock()) {
                if (!Files.exists(dir.resolve(COMPLETE))) {
                    build(dir);
                }
            }
            return dir;
        } catch (IOException e) {
            throw new CliException("cannot build the default rootfs in " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void build(Path dir) throws IOException {
        Path bin = dir.resolve("bin");
        Files.createDirectories(bin);
        for (String d : new String[] {"proc", "dev", "sys", "tmp", "etc", "root", "run", "var"}) {
            Files.createDirectories(dir.resolve(d));
        }
        Files.copy(BUSYBOX, bin.resolve("busybox"), StandardCopyOption.REPLACE_EXISTING);
        Process list = new ProcessBuilder(BUSYBOX.toString(), "--list").start();
        String applets = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        for (String a : applets.split("\\s+")) {
            if (!a.isEmpty() && !a.equals("busybox") && !Files.exists(bin.resolve(a), LinkOption.NOFOLLOW_LINKS)) {
                Files.createSymbolicLink(bin.resolve(a), Path.of("busybox"));
            }
        }
        Files.writeString(
                dir.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n");
        Files.writeString(dir.resolve("etc/group"), "root:x:0:\nnogroup:x:65534:\n");
        Files.writeString(dir.resolve("etc/hosts"), "127.0.0.1\tlocalhost\n::1\tlocalhost\n");
        Files.writeString(dir.resolve(COMPLETE), "");
    }
}
