package dev.libcontainerd.cli.task;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * When a host process started, from {@code /proc}: containerd records no start time for a task,
 * and docker's "Up 3 minutes" needs one. The init process's start is the task's.
 */
public final class Uptime {
    /** USER_HZ: the unit of /proc's start times on every Linux architecture the tool runs on. */
    private static final long TICKS_PER_SECOND = 100;

    private Uptime() {}

    /** When host process {@code pid} started, if it exists. */
    public static Optional<Instant> startOf(int pid) {
        if (pid <= 0) {
            return Optional.empty();
        }
        try {
            String stat = Files.readString(Path.of("/proc", Integer.toString(pid), "stat"));
            // the command name may hold spaces and parentheses: count fields after the last ')'
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(f[19]); // field 22 of stat(5), the 20th after the name
            return Optional.of(Instant.ofEpochMilli(bootTimeMillis() + ticks * 1000 / TICKS_PER_SECOND));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static long bootTimeMillis() throws IOException {
        for (String l : Files.readAllLines(Path.of("/proc/stat"))) {
            if (l.startsWith("btime ")) {
                return Long.parseLong(l.substring(6).trim()) * 1000;
            }
        }
        throw new IOException("no btime in /proc/stat");
    }
}
