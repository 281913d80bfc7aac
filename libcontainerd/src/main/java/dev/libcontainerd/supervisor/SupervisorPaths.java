package dev.libcontainerd.supervisor;

import dev.libcontainerd.errdefs.InvalidParameterException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a supervised daemon keeps everything: containerd's own root and state, and the
 * supervisor's files under the state directory (names as dockerd uses them).
 */
record SupervisorPaths(Path rootDir, Path stateDir, Path socket, Path debugSocketOrNull) {
    /** sun_path holds 108 bytes including the terminating NUL. */
    private static final int MAX_SOCKET_PATH_BYTES = 107;

    /**
     * Resolves the paths for {@code options}.
     *
     * @throws InvalidParameterException if a socket path is too long for a Unix socket
     */
    static SupervisorPaths of(Path rootDir, Path stateDir, SupervisorOptions options) {
        Path root = rootDir.toAbsolutePath().normalize();
        Path state = stateDir.toAbsolutePath().normalize();
        Path socket = options.socket().orElse(state.resolve("containerd.sock"));
        Path debug = options.debugSocketEnabled()
                ? options.debugSocketPath().orElse(state.resolve("containerd-debug.sock"))
                : null;
        checkSocketPath(socket);
        if (debug != null) {
            checkSocketPath(debug);
        }
        return new SupervisorPaths(root, state, socket, debug);
    }

    private static void checkSocketPath(Path p) {
        int len = p.toString().getBytes(StandardCharsets.UTF_8).length;
        if (len > MAX_SOCKET_PATH_BYTES) {
            throw new InvalidParameterException(
                    "socket path " + p + " is " + len + " bytes; Unix sockets allow at most " + MAX_SOCKET_PATH_BYTES);
        }
    }

    Optional<Path> debugSocket() {
        return Optional.ofNullable(debugSocketOrNull);
    }

    /** containerd's {@code root}: persistent data (content, snapshots, metadata). */
    Path daemonRoot() {
        return rootDir.resolve("daemon");
    }

    /** containerd's {@code state}: runtime data that a reboot may lose. */
    Path daemonState() {
        return stateDir.resolve("daemon");
    }

    Path configFile() {
        return stateDir.resolve("containerd.toml");
    }

    Path pidFile() {
        return stateDir.resolve("containerd.pid");
    }

    Path logFile() {
        return stateDir.resolve("containerd.log");
    }

    /** Held by the supervisor that manages this state directory, so that there is only one. */
    Path lockFile() {
        return stateDir.resolve("supervisor.lock");
    }
}
