package dev.libcontainerd.cli.daemon;

import dev.libcontainerd.cli.CliException;
import dev.libcontainerd.cli.state.Layout;
import dev.libcontainerd.errdefs.ConflictException;
import dev.libcontainerd.supervisor.Supervisor;
import dev.libcontainerd.supervisor.SupervisorOptions;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The tool's private containerd: started on first use, then reused by every later command.
 *
 * <p>The daemon outlives the command that started it (it runs in its own session, so a Ctrl-C at
 * the terminal does not reach it); nothing here ever stops it except {@link #stop}. A file lock
 * keeps two commands started at once from starting two daemons.
 */
public final class EmbeddedDaemon {
    private EmbeddedDaemon() {}

    /**
     * The socket of the private daemon of {@code layout}, started with {@code binary} (a path, or
     * a name on PATH) if it does not run; a daemon that already runs is reused as it is.
     */
    public static Path ensureRunning(Layout layout, String binary) {
        Path dir = layout.daemonState();
        try {
            Files.createDirectories(dir);
            try (FileChannel ch = FileChannel.open(
                            dir.resolve("lcd.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock lock = ch.lock()) {
                // Fast path for a short command: the daemon a previous command started (and
                // waited for, under this lock, until it served) is alive: talk to it, without
                // the supervisor's adoption checks (~0.3 s). A dead one is started again below.
                Path socket = dir.resolve("containerd.sock");
                if (Files.exists(socket) && DaemonProcess.running(dir).isPresent()) {
                    return socket;
                }
                return supervise(layout.root(), dir, binary);
            }
        } catch (IOException e) {
            throw new CliException("cannot start containerd in " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Starts containerd under the supervisor, or adopts the live one its pid file names. The
     * supervisor runs it in a session of its own, so it outlives this short-lived command: the
     * supervisor is deliberately never closed here.
     */
    private static Path supervise(Path root, Path dir, String binary) {
        try {
            return Supervisor.start(
                            root,
                            dir,
                            SupervisorOptions.builder().binary(binary).build())
                    .address();
        } catch (ConflictException e) {
            // another lcd command (a long `run -it`, say) supervises it right now: share it
            Path socket = dir.resolve("containerd.sock");
            if (Files.exists(socket)) {
                return socket;
            }
            throw new CliException("cannot start containerd: " + e.getMessage(), e);
        }
    }

    /**
     * Stops the private daemon of {@code layout}, if it runs; containers' shims keep running.
     *
     * @return whether a daemon was running
     */
    public static boolean stop(Layout layout) {
        return DaemonProcess.stop(layout.daemonState());
    }
}
