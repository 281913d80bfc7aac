package dev.libcontainerd.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Fault injection from outside the library: signals to shims and daemons, found through /proc. */
public final class Faults {
    private Faults() {}

    /**
     * The shim of a container, found as the parent of its init process: runc's init is reparented
     * to the shim, which is its subreaper. Fails when the parent is not a containerd shim, so a
     * test never signals the wrong process.
     */
    public static long shimPid(int initPid) {
        long ppid = parentPid(initPid);
        String comm = read(Path.of("/proc/" + ppid + "/comm")).trim();
        if (!comm.startsWith("containerd-shim")) {
            throw new IllegalStateException("parent " + ppid + " of " + initPid + " is " + comm + ", not a shim");
        }
        return ppid;
    }

    /** The parent pid from {@code /proc/<pid>/stat} (the field after the parenthesised name). */
    public static long parentPid(long pid) {
        String stat = read(Path.of("/proc/" + pid + "/stat"));
        String[] rest = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(rest[1]);
    }

    /** Sends {@code signal} (a name such as KILL, STOP, CONT) to {@code pid}. */
    public static void signal(long pid, String signal) {
        try {
            Process p = new ProcessBuilder("kill", "-" + signal, Long.toString(pid))
                    .inheritIO()
                    .start();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + pid + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** SIGKILLs {@code pid} and waits until it is gone (reaped or a zombie counts as gone). */
    public static void killAndWait(long pid, Duration timeout) {
        signal(pid, "KILL");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (alive(pid)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(pid + " survived SIGKILL");
            }
            sleep(10);
        }
    }

    /** Whether {@code pid} exists and is not a zombie. */
    public static boolean alive(long pid) {
        Path stat = Path.of("/proc/" + pid + "/stat");
        if (!Files.exists(stat)) {
            return false;
        }
        try {
            String s = Files.readString(stat);
            return s.charAt(s.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException e) {
            return false; // exited between the two reads
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
