package dev.libcontainerd.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.libcontainerd.image.Platform;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Debian's docker-registry on 127.0.0.1 with its storage under the benchmark's dir, and an image
 * of random data pushed to it over the distribution API.
 */
final class LoopbackRegistry implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Process process;
    final String host;

    private LoopbackRegistry(Process process, String host) {
        this.process = process;
        this.host = host;
    }

    /** The registry process's pid (for its CPU time). */
    long pid() {
        return process.pid();
    }

    static LoopbackRegistry start(Path dir) throws IOException, InterruptedException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Files.createDirectories(dir);
        Path cfg = dir.resolve("registry.yml");
        Files.writeString(
                cfg,
                "version: 0.1\nlog:\n  level: warn\nstorage:\n  filesystem:\n    rootdirectory: " + dir.resolve("data")
                        + "\nhttp:\n  addr: 127.0.0.1:" + port + "\n");
        Process p = new ProcessBuilder("docker-registry", "serve", cfg.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("registry.log").toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return new LoopbackRegistry(p, "127.0.0.1:" + port);
            } catch (IOException e) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    p.destroyForcibly();
                    throw new IllegalStateException("docker-registry did not start");
                }
                Thread.sleep(50);
            }
        }
    }

    /** Pushes an image of {@code layers} gzip layers, each one file of {@code layerBytes} random bytes. */
    String pushRandomImage(String repo, int layers, int layerBytes) throws Exception {
        HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        ArrayNode diffIds = JSON.createArrayNode();
        ArrayNode descs = JSON.createArrayNode();
        Random random = new Random(42);
        for (int i = 0; i < layers; i++) {
            byte[] data = new byte[layerBytes];
            random.nextBytes(data);
            ByteArrayOutputStream tar = new ByteArrayOutputStream(layerBytes + 4096);
            try (TarArchiveOutputStream t = new TarArchiveOutputStream(tar)) {
                TarArchiveEntry e = new TarArchiveEntry("data/layer" + i + ".bin");
                e.setSize(data.length);
                t.putArchiveEntry(e);
                t.write(data);
                t.closeArchiveEntry();
            }
            diffIds.add(sha256(tar.toByteArray()));
            ByteArrayOutputStream gz = new ByteArrayOutputStream(layerBytes + 65536);
            try (GZIPOutputStream z = new GZIPOutputStream(gz) {
                {
                    def.setLevel(Deflater.BEST_SPEED);
                }
            }) {
                tar.writeTo(z);
            }
            descs.add(push(http, repo, "application/vnd.oci.image.layer.v1.tar+gzip", gz.toByteArray()));
        }
        ObjectNode config = JSON.createObjectNode();
        config.put("architecture", Platform.host().architecture());
        config.put("os", "linux");
        config.putObject("config").putArray("Cmd").add("true");
        config.putObject("rootfs").put("type", "layers").set("diff_ids", diffIds);
        ObjectNode m = JSON.createObjectNode();
        m.put("schemaVersion", 2);
        m.put("mediaType", "application/vnd.oci.image.manifest.v1+json");
        m.set("config", push(http, repo, "application/vnd.oci.image.config.v1+json", JSON.writeValueAsBytes(config)));
        m.set("layers", descs);
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create("http://" + host + "/v2/" + repo + "/manifests/v1"))
                        .header("Content-Type", "application/vnd.oci.image.manifest.v1+json")
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(m)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) {
            throw new IllegalStateException("manifest push: " + r.statusCode() + " " + r.body());
        }
        return host + "/" + repo + ":v1";
    }

    private ObjectNode push(HttpClient http, String repo, String mediaType, byte[] data) throws Exception {
        String digest = sha256(data);
        HttpResponse<String> start = http.send(
                HttpRequest.newBuilder(URI.create("http://" + host + "/v2/" + repo + "/blobs/uploads/"))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        String loc = start.headers().firstValue("Location").orElseThrow();
        URI put = URI.create("http://" + host).resolve(loc + (loc.contains("?") ? "&" : "?") + "digest=" + digest);
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(put)
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(data))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) {
            throw new IllegalStateException("blob push: " + r.statusCode() + " " + r.body());
        }
        ObjectNode d = JSON.createObjectNode();
        d.put("mediaType", mediaType);
        d.put("digest", digest);
        d.put("size", data.length);
        return d;
    }

    private static String sha256(byte[] data) throws Exception {
        return "sha256:"
                + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }

    @Override
    public void close() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }
}
