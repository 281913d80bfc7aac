package dev.libcontainerd.supervisor;

import dev.libcontainerd.errdefs.ConflictException;
import dev.libcontainerd.errdefs.InvalidParameterException;
import dev.libcontainerd.errdefs.SystemException;
import dev.libcontainerd.internal.grpc.Connection;
import io.grpc.ConnectivityState;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a supervisor does to its daemon's files, process and socket: launch, adopt, health-check
 * and clean up. Shared by {@link Supervisor#start} and the {@link Monitor}; stateless apart from
 * the gRPC connection, which is reused across restarts.
 */
final class DaemonControl {
    private static final Optional<String> SETSID = Stream.of("/usr/bin/setsid", "/bin/setsid")
            .filter(p -> Files.isExecutable(Path.of(p)))
            .findFirst();
    private static final Logger LOG = LoggerFactory.getLogger(DaemonControl.class);
    /** How long an unknown socket gets to prove it is served before we take it over. */
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(1);

    private static final int MAX_PID_FILE_BYTES = 32;
    private static final int LOG_TAIL_BYTES = 2048;
    private static final String SHIM = "containerd-shim-runc-v2";

    private final SupervisorPaths paths;
    private final Path binary;
    private final ContainerdConfig config;
    private final Connection connection;

    DaemonControl(SupervisorPaths paths, Path binary, ContainerdConfig config, Connection connection) {
        this.paths = paths;
        this.binary = binary;
        this.config = config;
        this.connection = connection;
    }

    /**
     * Finds {@code binary} as a shell would: a name containing '/' is a path, anything else is
     * looked up on {@code PATH}.
     *
     * @throws InvalidParameterException if there is no such executable
     */
    static Path resolveBinary(String binary) {
        if (binary.contains("/")) {
            Path p = Path.of(binary).toAbsolutePath();
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return p;
            }
            throw new InvalidParameterException("containerd binary " + p + " is not an executable file");
        }
        String pathEnv = System.getenv().getOrDefault("PATH", "");
        for (String dir : pathEnv.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path p = Path.of(dir, binary);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return p.toAbsolutePath();
            }
        }
        throw new InvalidParameterException("containerd binary '" + binary + "' not found on PATH=" + pathEnv);
    }

    /**
     * containerd looks its shim up on {@code PATH} before it looks next to itself, so a containerd
     * unpacked beside the system's (e.g. 2.x in /opt) would run the system's 1.6 shim. When the
     * binary's directory holds a shim that {@code PATH} does not find first, that directory goes
     * first on the daemon's {@code PATH}.
     */
    static void shimFirstOnPath(Path binary, Map<String, String> env) {
        Path dir = binary.getParent();
        if (dir == null || !Files.isExecutable(dir.resolve(SHIM))) {
            return;
        }
        String path = env.getOrDefault("PATH", "");
        for (String d : path.split(File.pathSeparator)) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, SHIM))) {
                if (Path.of(d).toAbsolutePath().equals(dir)) {
                    return;
                }
                break;
            }
        }
        env.put("PATH", path.isEmpty() ? dir.toString() : dir + File.pathSeparator + path);
    }

    /** The daemon named by the pid file, if it is alive and was launched with our config file. */
    Optional<Daemon> adoptFromPidFile() {
        Path pidFile = paths.pidFile();
        if (!Files.isRegularFile(pidFile)) {
            return Optional.empty();
        }
        String text;
        try (RandomAccessFile f = new RandomAccessFile(pidFile.toFile(), "r")) {
            byte[] buf = new byte[(int) Math.min(f.length(), MAX_PID_FILE_BYTES)];
            f.readFully(buf);
            text = new String(buf, StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            LOG.warn("cannot read containerd pid file {}: {}", pidFile, e.toString());
            return Optional.empty();
        }
        long pid;
        try {
            pid = Long.parseLong(text);
        } catch (NumberFormatException e) {
            LOG.warn("ignoring malformed containerd pid file {}: '{}'", pidFile, text);
            return Optional.empty();
        }
        Optional<Daemon> d = Daemon.adoptable(pid, paths.configFile());
        if (d.isPresent()) {
            LOG.info("containerd is still running (pid {}); adopting it", pid);
        } else {
            LOG.debug("pid file {} names pid {}, which is not our containerd", pidFile, pid);
        }
        return d;
    }

    /**
     * Writes the config, clears stale sockets and launches a new daemon, then records its pid.
     *
     * @throws ConflictException if something already answers on the gRPC socket
     * @throws SystemException if the process cannot be started or its pid not saved
     */
    Daemon launch() {
        if (answers()) {
            throw new ConflictException(
                    "something already answers on " + paths.socket() + "; refusing to start a second containerd there");
        }
        deleteQuietly(paths.socket());
        paths.debugSocket().ifPresent(DaemonControl::deleteQuietly);
        config.write(paths.configFile());

        // A session of its own (as Docker's supervisor does): a Ctrl-C or SIGHUP aimed at this
        // JVM's terminal or process group must not reach containerd. setsid(1) execs in place
        // (a forked child is never a group leader), so the pid stays containerd's.
        List<String> argv = new ArrayList<>();
        SETSID.ifPresent(argv::add);
        argv.addAll(List.of(binary.toString(), "--config", paths.configFile().toString()));
        ProcessBuilder pb = new ProcessBuilder(argv)
                .directory(new File("/"))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(paths.logFile().toFile()))
                .redirectErrorStream(true);
        // Our own systemd notification socket is not containerd's to use.
        pb.environment().keySet().removeIf(k -> k.startsWith("NOTIFY_SOCKET"));
        shimFirstOnPath(binary, pb.environment());
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new SystemException("failed to start " + binary + ": " + e.getMessage(), e);
        }
        Daemon d = Daemon.child(process);
        try {
            writePidFile(d.pid());
        } catch (IOException e) {
            d.kill();
            throw new SystemException("failed to save containerd pid to " + paths.pidFile(), e);
        }
        LOG.info("started containerd (pid {}) with config {}", d.pid(), paths.configFile());
        return d;
    }

    /**
     * One health check ({@code grpc.health.v1.Health/Check}) of our daemon, waiting up to
     * {@code timeout} for the socket to accept a connection. Any answer counts, even NOT_SERVING:
     * the point is whether the daemon responds at all.
     */
    boolean check(Duration timeout) {
        return check(timeout, true);
    }

    /**
     * Whether something answers on the gRPC socket right now. Unlike {@link #check} it does not
     * wait for the socket to accept connections: a refused connection means nobody is there.
     */
    boolean answers() {
        return check(PROBE_TIMEOUT, false);
    }

    private boolean check(Duration timeout, boolean waitForReady) {
        if (!Files.exists(paths.socket())) {
            return false;
        }
        // After a restart the channel may sit in reconnect backoff (up to minutes); a daemon that
        // is back must be seen at once, not when the backoff expires.
        if (connection.channel().getState(false) == ConnectivityState.TRANSIENT_FAILURE) {
            connection.channel().resetConnectBackoff();
        }
        try {
            var stub = connection.health(timeout);
            (waitForReady ? stub.withWaitForReady() : stub).check(HealthCheckRequest.getDefaultInstance());
            return true;
        } catch (StatusRuntimeException e) {
            LOG.debug("containerd is not responding: {}", e.getStatus());
            return false;
        }
    }

    /** Removes what a stopped daemon leaves: pid file and sockets. */
    static void removeStateFiles(SupervisorPaths paths) {
        deleteQuietly(paths.pidFile());
        deleteQuietly(paths.socket());
        paths.debugSocket().ifPresent(DaemonControl::deleteQuietly);
    }

    /** The end of containerd's log, to explain why it did not start. */
    String logTail() {
        try (RandomAccessFile f = new RandomAccessFile(paths.logFile().toFile(), "r")) {
            long start = Math.max(0, f.length() - LOG_TAIL_BYTES);
            byte[] buf = new byte[(int) (f.length() - start)];
            f.seek(start);
            f.readFully(buf);
            return new String(buf, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private void writePidFile(long pid) throws IOException {
        Path pidFile = paths.pidFile();
        Path tmp = pidFile.resolveSibling(pidFile.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")));
        Files.writeString(tmp, pid + "\n", StandardCharsets.US_ASCII);
        Files.move(tmp, pidFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            LOG.warn("could not remove {}: {}", p, e.toString());
        }
    }
}
