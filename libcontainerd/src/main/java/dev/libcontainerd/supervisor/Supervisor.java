package dev.libcontainerd.supervisor;

import dev.libcontainerd.errdefs.ConflictException;
import dev.libcontainerd.errdefs.ContainerdException;
import dev.libcontainerd.errdefs.InvalidParameterException;
import dev.libcontainerd.errdefs.SystemException;
import dev.libcontainerd.errdefs.UnavailableException;
import dev.libcontainerd.internal.grpc.Connection;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A private containerd daemon, launched (or adopted) and watched by this JVM. Thread-safe.
 *
 * <p>{@link #start} asks the binary for its version, writes the configuration that release reads
 * (format version 2 for containerd 1.6 and 1.7, version 3 for 2.x) to
 * {@code stateDir/containerd.toml}, starts {@code containerd --config <file>} with its root at
 * {@code rootDir/daemon} and its state at {@code stateDir/daemon} (and the shim that sits next to
 * the binary first on its {@code PATH}), records its pid in {@code stateDir/containerd.pid}, appends its output
 * to {@code stateDir/containerd.log}, and returns once it answers a {@code grpc.health.v1}
 * health check. If the pid file names a live containerd that an earlier supervisor launched with
 * the same configuration file (e.g. before this JVM restarted), that daemon is adopted instead.
 *
 * <p>One monitor thread then health-checks the daemon. When the daemon dies it is relaunched
 * after a bounded, doubling delay; when it stays alive but unanswering for longer than
 * {@link SupervisorOptions#unresponsiveLimit()} it is SIGKILLed and relaunched. Restarts keep the
 * same socket, so {@link dev.libcontainerd.Containerd} connections to {@link #address()} recover
 * by themselves. {@link #close()} stops the daemon; containers keep running in their shims, and
 * a later supervisor on the same directories finds them again.
 */
public final class Supervisor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Supervisor.class);
    /** Poll period while waiting for a daemon to come up: short, so that start is quick. */
    private static final Duration START_POLL = Duration.ofMillis(50);
    /** Cap on one health check during start, so that a daemon dying meanwhile is seen soon. */
    private static final Duration START_CHECK_CAP = Duration.ofSeconds(1);

    private static final Duration KILL_WAIT = Duration.ofSeconds(10);

    private final SupervisorPaths paths;
    private final SupervisorOptions options;
    private final ContainerdVersion version;
    private final Connection connection;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final Monitor monitor;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Supervisor(
            SupervisorPaths paths,
            SupervisorOptions options,
            ContainerdVersion version,
            Connection connection,
            FileChannel lockChannel,
            FileLock lock,
            Monitor monitor) {
        this.paths = paths;
        this.options = options;
        this.version = version;
        this.connection = connection;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.monitor = monitor;
    }

    /** {@link #start(Path, Path, SupervisorOptions)} with {@link SupervisorOptions#defaults()}. */
    public static Supervisor start(Path rootDir, Path stateDir) {
        return start(rootDir, stateDir, SupervisorOptions.defaults());
    }

    /**
     * Starts (or adopts) containerd for these directories and returns once it answers.
     *
     * @param rootDir holds containerd's persistent root ({@code rootDir/daemon}); created if absent
     * @param stateDir holds containerd's state ({@code stateDir/daemon}), the socket, config, pid
     *     and log files; created if absent
     * @param options how to configure, launch and watch the daemon
     * @return the running supervisor, whose daemon has just answered a health check
     * @throws InvalidParameterException if the containerd binary is not found or a socket path is
     *     too long; raised before anything is written
     * @throws ConflictException if another supervisor manages {@code stateDir}, or something that
     *     is not an adoptable daemon already answers on the socket
     * @throws SystemException if the daemon cannot be launched or exits before answering (the
     *     message carries the end of its log)
     * @throws UnavailableException if it does not answer within the start timeout; it is killed
     */
    public static Supervisor start(Path rootDir, Path stateDir, SupervisorOptions options) {
        return start(rootDir, stateDir, options, SupervisorTimings.DEFAULTS);
    }

    /** {@link #start(Path, Path, SupervisorOptions)} with other internal timings: for tests. */
    static Supervisor start(Path rootDir, Path stateDir, SupervisorOptions options, SupervisorTimings timings) {
        Objects.requireNonNull(rootDir, "rootDir");
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(timings, "timings");
        SupervisorPaths paths = SupervisorPaths.of(rootDir, stateDir, options);
        Path binary = DaemonControl.resolveBinary(options.binary());
        ContainerdVersion version = ContainerdVersion.of(binary);
        try {
            Files.createDirectories(paths.rootDir());
            Files.createDirectories(paths.stateDir());
        } catch (IOException e) {
            throw new SystemException("cannot create supervisor directories", e);
        }

        FileChannel lockChannel = null;
        FileLock lock = null;
        Connection connection = null;
        Daemon daemon = null;
        try {
            lockChannel = FileChannel.open(paths.lockFile(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            lock = tryLock(lockChannel, paths);
            connection = Connection.open(paths.socket(), timings.healthCheckTimeout());
            ContainerdConfig config = new ContainerdConfig(
                    paths.daemonRoot(),
                    paths.daemonState(),
                    paths.socket(),
                    paths.debugSocketOrNull(),
                    options,
                    version);
            DaemonControl control = new DaemonControl(paths, binary, config, connection);

            daemon = control.adoptFromPidFile().orElseGet(control::launch);
            daemon = awaitFirstAnswer(control, daemon, timings);
            Monitor monitor = new Monitor(
                    control, options, timings, daemon, paths.socket().toString());
            Supervisor s = new Supervisor(paths, options, version, connection, lockChannel, lock, monitor);
            monitor.start();
            LOG.info("containerd {} (pid {}) is serving on {}", version.text(), daemon.pid(), paths.socket());
            return s;
        } catch (IOException | RuntimeException e) {
            // Nobody can close a supervisor that was never returned: leave nothing behind.
            boolean ours = daemon != null;
            if (ours) {
                killQuietly(daemon);
            }
            if (connection != null) {
                connection.close();
            }
            if (ours) {
                DaemonControl.removeStateFiles(paths);
            }
            releaseQuietly(lock, lockChannel);
            if (e instanceof ContainerdException ce) {
                throw ce;
            }
            throw new SystemException("cannot start containerd: " + e.getMessage(), e);
        }
    }

    private static FileLock tryLock(FileChannel channel, SupervisorPaths paths) throws IOException {
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // held by another supervisor in this JVM
        }
        if (lock == null) {
            throw new ConflictException("another supervisor already manages " + paths.stateDir());
        }
        return lock;
    }

    /**
     * Waits for the first answer. A launched daemon that exits meanwhile fails the start at once;
     * an adopted one that dies is replaced by a fresh launch.
     */
    private static Daemon awaitFirstAnswer(DaemonControl control, Daemon daemon, SupervisorTimings timings) {
        long deadline = System.nanoTime() + timings.startTimeout().toNanos();
        Duration cap = min(timings.healthCheckTimeout(), START_CHECK_CAP);
        while (true) {
            if (!daemon.alive()) {
                if (daemon.adopted()) {
                    LOG.warn("adopted {} died during start; launching a new one", daemon);
                    daemon = control.launch();
                    continue;
                }
                String code = daemon.exitCode().isPresent()
                        ? " with code " + daemon.exitCode().getAsInt()
                        : "";
                throw new SystemException(
                        "containerd exited" + code + " during start; its log ends:\n" + control.logTail());
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new UnavailableException("timeout waiting for containerd to start: " + daemon
                        + " did not answer within " + timings.startTimeout());
            }
            if (control.check(min(cap, Duration.ofNanos(left)))) {
                return daemon;
            }
            sleep(min(START_POLL, Duration.ofNanos(Math.max(0, deadline - System.nanoTime()))));
        }
    }

    /** The gRPC socket to {@link dev.libcontainerd.Containerd#connect(Path) connect} to. */
    public Path address() {
        return paths.socket();
    }

    /** The debug socket, when {@link SupervisorOptions#debugSocketEnabled() enabled}. */
    public Optional<Path> debugAddress() {
        return paths.debugSocket();
    }

    /** The daemon's pid, or -1 while it is being restarted or after {@link #close()}. */
    public long pid() {
        Daemon d = monitor.current();
        return closed.get() || d == null ? -1 : d.pid();
    }

    /** Whether the daemon is alive and answered its latest health check. */
    public boolean healthy() {
        return !closed.get() && monitor.healthy();
    }

    /** How many times the daemon has been relaunched since {@link #start}. */
    public int restarts() {
        return monitor.restarts();
    }

    /** containerd's configuration file, {@code stateDir/containerd.toml} (mode 0600). */
    public Path configFile() {
        return paths.configFile();
    }

    /** Where containerd's stdout and stderr are appended, {@code stateDir/containerd.log}. */
    public Path logFile() {
        return paths.logFile();
    }

    /** The pid file, {@code stateDir/containerd.pid}, present while a daemon runs. */
    public Path pidFile() {
        return paths.pidFile();
    }

    /**
     * The containerd release this supervisor runs, as its {@code --version} reported it at start
     * (e.g. {@code 1.6.20~ds1}, {@code 2.1.9+unknown}), or {@code unknown}. It decided the
     * configuration format: version 2 for containerd 1.x, version 3 for 2.x.
     */
    public String containerdVersion() {
        return version.text();
    }

    /** The options this supervisor runs with. */
    public SupervisorOptions options() {
        return options;
    }

    /**
     * Stops the daemon: SIGTERM, then SIGKILL if it is still alive after
     * {@link SupervisorOptions#stopTimeout()}. Then removes the pid file and sockets and closes
     * the health-check channel. Containers' shims are separate processes and keep running.
     * Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        monitor.stop();
        Daemon d = monitor.current();
        if (d != null && d.alive()) {
            d.terminate();
            try {
                if (!d.awaitExit(options.stopTimeout())) {
                    LOG.warn(
                            "{} didn't stop within {} ms, killing it",
                            d,
                            options.stopTimeout().toMillis());
                    d.kill();
                    if (!d.awaitExit(KILL_WAIT)) {
                        LOG.error("{} survived SIGKILL", d);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                d.kill();
            }
            LOG.info("stopped {}", d);
        }
        DaemonControl.removeStateFiles(paths);
        connection.close();
        releaseQuietly(lock, lockChannel);
    }

    /**
     * Stops watching without stopping the daemon, as if this JVM had died: the daemon and its pid
     * file stay, for a later {@link #start} to adopt. For tests.
     */
    void detach() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        monitor.stop();
        connection.close();
        releaseQuietly(lock, lockChannel);
    }

    @Override
    public String toString() {
        return "Supervisor{" + paths.socket() + ", pid " + pid() + (closed.get() ? ", closed" : "") + "}";
    }

    private static void killQuietly(Daemon d) {
        d.kill();
        try {
            d.awaitExit(KILL_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void releaseQuietly(FileLock lock, FileChannel channel) {
        try {
            if (lock != null) {
                lock.release();
            }
            if (channel != null) {
                channel.close();
            }
        } catch (IOException e) {
            LOG.warn("could not release supervisor lock: {}", e.toString());
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(Math.max(1, d.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnavailableException("interrupted while waiting for containerd to start", e);
        }
    }
}
