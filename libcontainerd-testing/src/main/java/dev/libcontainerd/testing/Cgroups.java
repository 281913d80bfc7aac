package dev.libcontainerd.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a process's cgroup files, on cgroup v1 or v2 hosts. */
public final class Cgroups {
    private Cgroups() {}

    /** Whether this host uses cgroup v1 controllers. */
    public static boolean v1() {
        return Files.isDirectory(Path.of("/sys/fs/cgroup/memory"));
    }

    /** The value of {@code v1File} (under controller {@code controller}) or {@code v2File} for {@code pid}. */
    public static String read(int pid, String controller, String v1File, String v2File) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/cgroup"))) {
                String[] f = line.split(":", 3);
                if (v1() && f[1].equals(controller)
                        || v1() && f[1].contains(controller + ",")
                        || v1() && f[1].endsWith("," + controller)) {
                    return Files.readString(Path.of("/sys/fs/cgroup", controller, f[2], v1File))
                            .trim();
                }
                if (!v1() && f[0].equals("0")) {
                    return Files.readString(Path.of("/sys/fs/cgroup", f[2], v2File))
                            .trim();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("no " + controller + " cgroup for pid " + pid);
    }
}
