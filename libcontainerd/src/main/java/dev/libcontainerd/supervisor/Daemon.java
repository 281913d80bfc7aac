package dev.libcontainerd.supervisor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * One containerd process: either launched by this JVM or adopted from a pid file. Liveness and
 * signals go through {@link ProcessHandle}, which works for both; only a launched child has an
 * exit code.
 */
final class Daemon {
    private static final long POLL_MILLIS = 50;

    private final ProcessHandle handle;
    private final Process process; // null when adopted

    private Daemon(ProcessHandle handle, Process process) {
        this.handle = handle;
        this.process = process;
    }

    /** Wraps a process this JVM launched. */
    static Daemon child(Process process) {
        return new Daemon(process.toHandle(), process);
    }

    /**
     * The process {@code pid} if it is alive and was started with {@code --config configFile}:
     * only a daemon launched for this state directory may be adopted, never an unrelated process
     * that inherited a recycled pid, nor another containerd (e.g. the system's).
     */
    static Optional<Daemon> adoptable(long pid, Path configFile) {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (handle.isEmpty()) {
            return Optional.empty();
        }
        List<String> argv = commandLine(pid);
        String config = configFile.toString();
        for (int i = 0; i < argv.size(); i++) {
            String a = argv.get(i);
            boolean flag = a.equals("--config") || a.equals("-c");
            if ((flag && i + 1 < argv.size() && argv.get(i + 1).equals(config)) || a.equals("--config=" + config)) {
                return Optional.of(new Daemon(handle.get(), null));
            }
        }
        return Optional.empty();
    }

    private static List<String> commandLine(long pid) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            return Arrays.asList(new String(raw, StandardCharsets.UTF_8).split("\0"));
        } catch (IOException e) {
            return List.of(); // gone, or not ours to read: not adoptable either way
        }
    }

    long pid() {
        return handle.pid();
    }

    boolean adopted() {
        return process == null;
    }

    boolean alive() {
        return handle.isAlive();
    }

    /** The exit code, known only for a launched child that has exited. */
    OptionalInt exitCode() {
        if (process == null || process.isAlive()) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(process.exitValue());
    }

    /** Sends SIGTERM. */
    void terminate() {
        handle.destroy();
    }

    /** Sends SIGKILL. */
    void kill() {
        handle.destroyForcibly();
    }

    /** Waits up to {@code timeout} for the process to be gone; true if it is. */
    boolean awaitExit(Duration timeout) throws InterruptedException {
        if (process != null) {
            return process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
        }
        // Not our child: nothing to wait on but the pid itself.
        long deadline = System.nanoTime() + timeout.toNanos();
        while (handle.isAlive()) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            Thread.sleep(POLL_MILLIS);
        }
        return true;
    }

    @Override
    public String toString() {
        return "containerd pid " + pid() + (adopted() ? " (adopted)" : "");
    }
}
