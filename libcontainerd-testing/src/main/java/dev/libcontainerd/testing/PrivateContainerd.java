package dev.libcontainerd.testing;

import dev.libcontainerd.supervisor.LogLevel;
import dev.libcontainerd.supervisor.Supervisor;
import dev.libcontainerd.supervisor.SupervisorOptions;
import dev.libcontainerd.supervisor.TestSupervisors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A private containerd ({@link TestContainerd}'s) under one directory, launched by the library's
 * own {@link Supervisor} with root {@code dir/root} and state, socket and log under
 * {@code dir/state}. The one launcher of the tests and the benchmark.
 *
 * <p>Its supervisor never restarts the daemon and never kills it for not answering: the tests
 * make the outages ({@link #kill()}, a SIGSTOP of {@link #pid()}) and end them ({@link
 * #restart()}) themselves, as a crash and an upgrade would. Not thread-safe beyond that a test's
 * other threads may read {@link #socket()} and {@link #pid()}.
 */
public final class PrivateContainerd implements AutoCloseable {
    private static final Duration NEVER = Duration.ofDays(365);

    private final Path dir;
    private final SupervisorOptions options;
    private volatile Supervisor supervisor;

    private PrivateContainerd(Path dir, SupervisorOptions options) {
        this.dir = dir;
        this.options = options;
        this.supervisor = launch();
    }

    /**
     * Starts containerd under {@code dir} (keep it short: Unix socket paths must stay under 108
     * bytes) and returns once it answers.
     */
    public static PrivateContainerd start(Path dir) {
        return new PrivateContainerd(
                dir,
                SupervisorOptions.builder()
                        .binary(TestContainerd.binary())
                        .logLevel(LogLevel.WARN)
                        .unresponsiveLimit(NEVER)
                        .stopTimeout(Duration.ofSeconds(10))
                        .build());
    }

    /** Starts containerd under a fresh directory {@code /tmp/<prefix>…}. */
    public static PrivateContainerd startInTemp(String prefix) throws IOException {
        return start(Files.createTempDirectory(Path.of("/tmp"), prefix));
    }

    private Supervisor launch() {
        return TestSupervisors.startWithoutRestarts(dir.resolve("root"), dir.resolve("state"), options);
    }

    /** SIGKILLs containerd (its shims keep running) and waits until it is gone; it stays down. */
    public void kill() {
        long pid = supervisor.pid();
        if (pid > 0) {
            Faults.killAndWait(pid, Duration.ofSeconds(10));
        }
    }

    /**
     * Brings a killed containerd back on the same directories and socket (a new supervisor; the
     * old one found it dead and launches nothing), returning once it answers. On a live daemon it
     * stops it first, as an upgrade would.
     */
    public void restart() {
        supervisor.close();
        supervisor = launch();
    }

    /** containerd's pid, or -1 while it is down. */
    public long pid() {
        return supervisor.pid();
    }

    /** The gRPC socket; the same across {@link #restart()}s. */
    public Path socket() {
        return supervisor.address();
    }

    /** The directory of everything this daemon keeps; free for callers' files too. */
    public Path dir() {
        return dir;
    }

    /**
     * The pids of the runc shims serving this daemon in namespace {@code ns} (any namespace if
     * null), found in {@code /proc} by the socket on their command line.
     */
    public List<Long> shims(String ns) {
        String address = "-address\0" + socket() + "\0";
        List<Long> pids = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(p -> p.getFileName().toString().matches("\\d+"))
                    .toList()) {
                String cmd;
                try {
                    cmd = Files.readString(p.resolve("cmdline"), StandardCharsets.ISO_8859_1);
                } catch (IOException e) {
                    continue; // gone meanwhile
                }
                if (cmd.contains("containerd-shim-runc-v2\0")
                        && cmd.contains(address)
                        && (ns == null || cmd.contains("-namespace\0" + ns + "\0"))
                        && !cmd.contains("\0start\0")) {
                    pids.add(Long.parseLong(p.getFileName().toString()));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc", e);
        }
        return pids;
    }

    /**
     * Stops containerd and SIGKILLs every shim it started (shims outlive containerd by design; a
     * run must leave none behind); the directory stays.
     */
    public void stop() {
        supervisor.close();
        for (long pid : shims(null)) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    /** {@link #stop()}, then removes the directory. */
    @Override
    public void close() {
        stop();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // best effort
        }
    }
}
