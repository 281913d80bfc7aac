package dev.libcontainerd.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.libcontainerd.Containerd;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A real containerd for the test run: private root, state and socket under a temp dir, started
 * once per JVM and stopped (with every shim it started) when the JVM exits. Where containerd is
 * missing, tests fail under CI=true and are skipped elsewhere.
 */
public final class TestDaemon {
    private static TestDaemon instance;

    private final Path dir;
    private final Path socket;
    private final Process process;
    private final Containerd containerd;

    private TestDaemon(Path dir, Path socket, Process process, Containerd containerd) {
        this.dir = dir;
        this.socket = socket;
        this.process = process;
        this.containerd = containerd;
    }

    /** The shared daemon, started on first use. */
    public static synchronized TestDaemon get() {
        if (instance == null) {
            requireBinary("containerd");
            requireBinary("runc");
            instance = start();
        }
        return instance;
    }

    /** Fails under CI=true, skips elsewhere, when {@code name} is not on the PATH. */
    public static void requireBinary(String name) {
        boolean found = false;
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(d, name))) {
                found = true;
                break;
            }
        }
        if ("true".equals(System.getenv("CI")) && !found) {
            throw new AssertionError(name + " is not installed but CI=true: integration tests must run");
        }
        assumeTrue(found, name + " is not installed");
    }

    private static TestDaemon start() {
        try {
            // Unix socket paths must stay under 108 bytes: keep the dir short.
            Path dir = Files.createTempDirectory(Path.of("/tmp"), "lcd-it");
            Path socket = dir.resolve("c.sock");
            Path config = dir.resolve("config.toml");
            String toml = "version = 2\n"
                    + "root = \"" + dir.resolve("root") + "\"\n"
                    + "state = \"" + dir.resolve("state") + "\"\n"
                    + "disabled_plugins = [\"io.containerd.grpc.v1.cri\"]\n"
                    + "[grpc]\n  address = \"" + socket + "\"\n"
                    + "[ttrpc]\n  address = \"" + dir.resolve("t.sock") + "\"\n"
                    + "[debug]\n  level = \"warn\"\n";
            Files.writeString(config, toml, StandardCharsets.UTF_8);
            Process p = new ProcessBuilder("containerd", "--config", config.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("containerd.log").toFile())
                    .start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            Containerd c = null;
            while (c == null) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("containerd exited: "
                            + Files.readString(dir.resolve("containerd.log")));
                }
                try {
                    c = Containerd.connect(socket, Duration.ofSeconds(30));
                } catch (RuntimeException e) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("containerd did not answer", e);
                    }
                    Thread.sleep(50);
                }
            }
            TestDaemon d = new TestDaemon(dir, socket, p, c);
            Runtime.getRuntime().addShutdownHook(new Thread(d::stop));
            return d;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void stop() {
        containerd.close();
        process.destroy();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
            // Shims outlive containerd by design; the test run must not leave any behind.
            new ProcessBuilder("pkill", "-9", "-f", "containerd-shim-runc-v2 .*" + socket)
                    .inheritIO().start().waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            // best effort
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.destroyForcibly();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // best effort
        }
    }

    /** The shared connection. */
    public Containerd containerd() {
        return containerd;
    }

    /** The gRPC socket. */
    public Path socket() {
        return socket;
    }

    /** The temp dir holding everything of this daemon. */
    public Path dir() {
        return dir;
    }
}
