package dev.libcontainerd.cli.daemon;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Stops the private daemon named by the supervisor's pid file ({@code lcd daemon stop}): the
 * supervisor itself lives only as long as one {@code lcd} command, so stopping is done from the
 * files it leaves.
 */
final class DaemonProcess {
    private DaemonProcess() {}

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
    static Optional<ProcessHandle> running(Path stateDir) {
        Path pidFile = stateDir.resolve("containerd.pid");
        try {
            long pid = Long.parseLong(
                    Files.readString(pidFile, StandardCharsets.UTF_8).trim());
            // pids get reused: make sure it is still a containerd, not whatever got the number
            return ProcessHandle.of(pid)
                    .filter(ProcessHandle::isAlive)
                    .filter(h -> h.info()
                            .command()
                            .map(c -> c.endsWith("containerd"))
                            .orElse(true));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
