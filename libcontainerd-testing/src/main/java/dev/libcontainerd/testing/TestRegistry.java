package dev.libcontainerd.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code docker-registry} (distribution 2.8) on 127.0.0.1 with its storage in a temp
 * dir; optionally with htpasswd basic auth or TLS. Missing binary: fails under CI=true, skips
 * elsewhere. Close stops it and removes its storage.
 */
public final class TestRegistry implements AutoCloseable {
    private final Path dir;
    private final int port;
    private final Process process;
    private final boolean tls;

    private TestRegistry(Path dir, int port, Process process, boolean tls) {
        this.dir = dir;
        this.port = port;
        this.process = process;
        this.tls = tls;
    }

    /** A plain-HTTP registry without auth. */
    public static TestRegistry start() throws IOException, InterruptedException {
        return start(null, null, null);
    }

    /**
     * A registry; {@code htpasswd} (a file) turns on basic auth, {@code cert}/{@code key} turn
     * on TLS.
     */
    public static TestRegistry start(Path htpasswd, Path cert, Path key) throws IOException, InterruptedException {
        Require.binary("docker-registry");
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "lcd-reg");
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        StringBuilder yml = new StringBuilder(
                        "version: 0.1\nlog:\n  level: warn\nstorage:\n  filesystem:\n    rootdirectory: ")
                .append(dir.resolve("data"))
                .append("\n  delete:\n    enabled: true\nhttp:\n  addr: 127.0.0.1:")
                .append(port)
                .append("\n");
        if (cert != null) {
            yml.append("  tls:\n    certificate: ")
                    .append(cert)
                    .append("\n    key: ")
                    .append(key)
                    .append("\n");
        }
        if (htpasswd != null) {
            yml.append("auth:\n  htpasswd:\n    realm: test\n    path: ")
                    .append(htpasswd)
                    .append("\n");
        }
        Files.writeString(dir.resolve("config.yml"), yml.toString(), StandardCharsets.UTF_8);
        Process p = new ProcessBuilder(
                        "docker-registry", "serve", dir.resolve("config.yml").toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("registry.log").toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                break;
            } catch (IOException e) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    p.destroyForcibly();
                    throw new IllegalStateException(
                            "docker-registry did not start: " + Files.readString(dir.resolve("registry.log")));
                }
                Thread.sleep(50);
            }
        }
        return new TestRegistry(dir, port, p, cert != null);
    }

    /** {@code 127.0.0.1:port}, as references name it. */
    public String host() {
        return "127.0.0.1:" + port;
    }

    /** The registry's base URL. */
    public String url() {
        return (tls ? "https" : "http") + "://" + host();
    }

    /** The file holding a blob's bytes in the registry's storage (to corrupt it). */
    public Path blobFile(String digest) {
        String hex = digest.substring("sha256:".length());
        return dir.resolve("data/docker/registry/v2/blobs/sha256/" + hex.substring(0, 2) + "/" + hex + "/data");
    }

    /** Kills the registry at once (as a crash would). */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
        kill();
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
