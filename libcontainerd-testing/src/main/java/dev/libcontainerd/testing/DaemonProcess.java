package dev.libcontainerd.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;

/**
 * A containerd child process ({@link TestContainerd}'s) with a private root, state and socket
 * under {@code dir}, which a test may kill and start again on the same directories (as an upgrade
 * or crash would).
 */
public final class DaemonProcess {
    private final Path dir;
    private final Path socket;
    private final Path config;
    private Process process;

    /** Writes the config; nothing runs until {@link #start()}. */
    public DaemonProcess(Path dir) throws IOException {
        this.dir = dir;
        this.socket = dir.resolve("c.sock");
        this.config = dir.resolve("config.toml");
        // containerd 2.x reads format version 3 and splits CRI into three plugins
        boolean v2 = TestContainerd.major() >= 2;
        String toml = "version = " + (v2 ? 3 : 2) + "\n"
                + "root = \"" + dir.resolve("root") + "\"\n"
                + "state = \"" + dir.resolve("state") + "\"\n"
                + "disabled_plugins = [\"io.containerd.grpc.v1.cri\""
                + (v2 ? ", \"io.containerd.cri.v1.images\", \"io.containerd.cri.v1.runtime\"" : "") + "]\n"
                + "[grpc]\n  address = \"" + socket + "\"\n"
                + "[ttrpc]\n  address = \"" + dir.resolve("t.sock") + "\"\n"
                + "[debug]\n  level = \"warn\"\n";
        Files.writeString(config, toml, StandardCharsets.UTF_8);
    }

    /** Starts containerd and waits (20 s) until its socket accepts connections. */
    public synchronized void start() throws IOException, InterruptedException {
        Files.deleteIfExists(socket);
        ProcessBuilder pb = new ProcessBuilder(TestContainerd.binary(), "--config", config.toString());
        TestContainerd.putOnPath(pb.environment());
        process = pb.redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        dir.resolve("containerd.log").toFile()))
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!Files.exists(socket)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "containerd exited: " + Files.readString(dir.resolve("containerd.log")));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("containerd did not create its socket");
            }
            Thread.sleep(20);
        }
    }

    /** SIGKILLs containerd (its shims keep running) and waits for it to be gone. */
    public synchronized void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** Stops containerd and every shim it started, and removes the directory. */
    public synchronized void stopAll() {
        try {
            if (process != null) {
                process.destroy();
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
            // Shims outlive containerd by design; a test run must not leave any behind.
            new ProcessBuilder("pkill", "-9", "-f", "containerd-shim-runc-v2 .*" + socket)
                    .inheritIO()
                    .start()
                    .waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            // best effort
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // best effort
        }
    }

    /** containerd's pid. */
    public synchronized long pid() {
        return process.pid();
    }

    /** The gRPC socket. */
    public Path socket() {
        return socket;
    }

    /** The directory of everything this daemon keeps. */
    public Path dir() {
        return dir;
    }
}
