package dev.libcontainerd.cli.daemon;

import dev.libcontainerd.Containerd;
import dev.libcontainerd.cli.CliException;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Starts containerd detached from the tool's JVM, or adopts the one named by {@code
 * containerd.pid}, with the file names the library's supervisor uses ({@code containerd.toml},
 * {@code containerd.sock}, {@code containerd.pid}, {@code containerd.log}, containerd's own state
 * in {@code daemon/} and root in {@code <root>/daemon}), so either can adopt the other's daemon.
 *
 * <p>Stands in for {@code Supervisor.start} until the tool can use it: the supervisor watches its
 * daemon from inside one JVM, whereas each {@code lcd} command is a short-lived JVM.
 */
final class DaemonProcess {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private DaemonProcess() {}

    static Path adoptOrStart(Path rootDir, Path stateDir) throws IOException {
        Path socket = stateDir.resolve("containerd.sock");
        Optional<ProcessHandle> running = running(stateDir);
        // A live daemon with its socket in place: the caller's connect checks that it answers,
        // which saves every command a second connection.
        if (running.isPresent() && Files.exists(socket)) {
            return socket;
        }
        // A live pid that does not answer is a daemon still starting (or hung): leave it be.
        if (running.isPresent()) {
            return awaitSocket(running.get(), socket, stateDir);
        }
        Files.createDirectories(rootDir);
        Files.writeString(stateDir.resolve("containerd.toml"), config(rootDir, stateDir, socket));
        Files.deleteIfExists(socket);
        // setsid: its own session, so the terminal's Ctrl-C and hangup never reach the daemon.
        Process p = new ProcessBuilder("setsid", "containerd", "--config",
                stateDir.resolve("containerd.toml").toString())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(stateDir.resolve("containerd.log").toFile()))
                .start();
        Files.writeString(stateDir.resolve("containerd.pid"), p.pid() + "\n");
        return awaitSocket(p.toHandle(), socket, stateDir);
    }

    private static Path awaitSocket(ProcessHandle daemon, Path socket, Path stateDir) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!daemon.isAlive()) {
                throw new CliException("containerd exited at start; see " + stateDir.resolve("containerd.log"));
            }
            if (answers(socket)) {
                return socket;
            }
            sleep(50);
        }
        throw new CliException("containerd did not answer within " + START_TIMEOUT.toSeconds()
                + "s; see " + stateDir.resolve("containerd.log"));
    }

    static boolean stop(Path stateDir) {
        Optional<ProcessHandle> running = running(stateDir);
        if (running.isEmpty()) {
            return false;
        }
        ProcessHandle p = running.get();
        p.destroy();
        try {
            p.onExit().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            p.destroyForcibly();
        }
        try {
            Files.deleteIfExists(stateDir.resolve("containerd.pid"));
        } catch (IOException e) {
            // a stale pid file is recognised as such next time
        }
        return true;
    }

    /** The daemon named by the pid file, if that process is alive and is a containerd. */
    private static Optional<ProcessHandle> running(Path stateDir) {
        Path pidFile = stateDir.resolve("containerd.pid");
        try {
            long pid = Long.parseLong(Files.readString(pidFile, StandardCharsets.UTF_8).trim());
            // pids get reused: make sure it is still a containerd, not whatever got the number
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .filter(h -> h.info().command().map(c -> c.endsWith("containerd")).orElse(true));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static boolean answers(Path socket) {
        if (!Files.exists(socket)) {
            return false;
        }
        try (Containerd c = Containerd.connect(socket, Duration.ofSeconds(2))) {
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static String config(Path rootDir, Path stateDir, Path socket) {
        return "version = 2\n"
                + "root = \"" + rootDir.resolve("daemon") + "\"\n"
                + "state = \"" + stateDir.resolve("daemon") + "\"\n"
                + "disabled_plugins = [\"io.containerd.grpc.v1.cri\"]\n"
                + "[grpc]\n  address = \"" + socket + "\"\n"
                + "[ttrpc]\n  address = \"" + socket + ".ttrpc\"\n"
                + "[debug]\n  level = \"warn\"\n";
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted while waiting for containerd");
        }
    }
}
