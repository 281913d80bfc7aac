package dev.libcontainerd.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.libcontainerd.image.Platform;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Test images built from the host's busybox-static, with no network: layers as tars (gzip,
 * zstd or plain), an OCI config and manifest, pushed to a {@link TestRegistry} over the
 * distribution API or written as an OCI layout.
 */
public final class TestImages {
    static final ObjectMapper JSON = new ObjectMapper();
    public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";

    /** A blob: media type and bytes. */
    public record Blob(String mediaType, byte[] data) {
        public String digest() {
            return sha256(data);
        }

        public ObjectNode descriptor() {
            ObjectNode n = JSON.createObjectNode();
            n.put("mediaType", mediaType);
            n.put("digest", digest());
            n.put("size", data.length);
            return n;
        }
    }

    /** An image: its manifest, config and layers. */
    public record Built(Blob manifest, Blob config, List<Blob> layers) {
        public List<Blob> all() {
            List<Blob> l = new ArrayList<>(layers);
            l.add(config);
            l.add(manifest);
            return l;
        }
    }

    private TestImages() {}

    public static String sha256(byte[] data) {
        try {
            return "sha256:"
                    + HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The base layer: busybox with a few applets, /etc/passwd with user app (1000), /data. */
    public static byte[] baseLayer() throws IOException {
        return baseLayer("");
    }

    /**
     * The base layer with {@code marker} in /etc/marker: a layer no other test has (containerd
     * shares blobs across namespaces, so a blob another test pulled is never downloaded again).
     */
    public static byte[] baseLayer(String marker) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        if (!marker.isEmpty()) {
            files.put("etc/marker", marker.getBytes(StandardCharsets.UTF_8));
        }
        files.put("bin/busybox", Files.readAllBytes(Path.of("/bin/busybox")));
        files.put("etc/passwd", "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1001:app:/home/app:/bin/sh\n".getBytes());
        files.put("etc/group", "root:x:0:\napp:x:1001:\n".getBytes());
        return tar(
                files,
                List.of("sh", "cat", "echo", "pwd", "id", "ls", "env", "sleep", "test"),
                List.of("proc", "dev", "sys", "tmp", "data", "root"));
    }

    /** A layer holding {@code path} with {@code content}. */
    public static byte[] fileLayer(String path, String content) throws IOException {
        return tar(Map.of(path, content.getBytes(StandardCharsets.UTF_8)), List.of(), List.of());
    }

    private static byte[] tar(Map<String, byte[]> files, List<String> applets, List<String> dirs) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream t = new TarArchiveOutputStream(out)) {
            t.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (String d : dirs) {
                TarArchiveEntry e = new TarArchiveEntry(d + "/");
                e.setMode(d.equals("tmp") ? 01777 : 0755);
                t.putArchiveEntry(e);
                t.closeArchiveEntry();
            }
            for (var f : files.entrySet()) {
                TarArchiveEntry e = new TarArchiveEntry(f.getKey());
                e.setSize(f.getValue().length);
                e.setMode(f.getKey().startsWith("bin/") ? 0755 : 0644);
                t.putArchiveEntry(e);
                t.write(f.getValue());
                t.closeArchiveEntry();
            }
            for (String a : applets) {
                TarArchiveEntry e = new TarArchiveEntry("bin/" + a, TarArchiveEntry.LF_SYMLINK);
                e.setLinkName("busybox");
                t.putArchiveEntry(e);
                t.closeArchiveEntry();
            }
        }
        return out.toByteArray();
    }

    public static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(data);
        }
        return out.toByteArray();
    }

    /** zstd through Debian's {@code zstd} tool. */
    public static byte[] zstd(byte[] data) throws IOException, InterruptedException {
        Require.binary("zstd");
        Process p = new ProcessBuilder("zstd", "-q", "-c").start();
        Thread w = new Thread(() -> {
            try (var in = p.getOutputStream()) {
                in.write(data);
            } catch (IOException e) {
                // the read below fails then
            }
        });
        w.start();
        byte[] out = p.getInputStream().readAllBytes();
        w.join();
        if (p.waitFor() != 0) {
            throw new IOException("zstd failed");
        }
        return out;
    }

    /**
     * An image from uncompressed layers, each compressed as {@code compression} says ("gzip",
     * "zstd" or "none"), with the given config fields.
     */
    public static Built image(
            List<byte[]> layers,
            String compression,
            String arch,
            List<String> cmd,
            List<String> env,
            String workingDir,
            String user)
            throws IOException, InterruptedException {
        List<Blob> blobs = new ArrayList<>();
        ArrayNode diffIds = JSON.createArrayNode();
        for (byte[] l : layers) {
            diffIds.add(sha256(l));
            blobs.add(
                    switch (compression) {
                        case "gzip" -> new Blob("application/vnd.oci.image.layer.v1.tar+gzip", gzip(l));
                        case "zstd" -> new Blob("application/vnd.oci.image.layer.v1.tar+zstd", zstd(l));
                        default -> new Blob("application/vnd.oci.image.layer.v1.tar", l);
                    });
        }
        ObjectNode config = JSON.createObjectNode();
        config.put("architecture", arch);
        config.put("os", "linux");
        ObjectNode c = config.putObject("config");
        cmd.forEach(c.putArray("Cmd")::add);
        env.forEach(c.putArray("Env")::add);
        c.put("WorkingDir", workingDir);
        c.put("User", user);
        ObjectNode rootfs = config.putObject("rootfs");
        rootfs.put("type", "layers");
        rootfs.set("diff_ids", diffIds);
        Blob cfg = new Blob("application/vnd.oci.image.config.v1+json", JSON.writeValueAsBytes(config));
        ObjectNode m = JSON.createObjectNode();
        m.put("schemaVersion", 2);
        m.put("mediaType", OCI_MANIFEST);
        m.set("config", cfg.descriptor());
        ArrayNode ls = m.putArray("layers");
        blobs.forEach(b -> ls.add(b.descriptor()));
        return new Built(new Blob(OCI_MANIFEST, JSON.writeValueAsBytes(m)), cfg, blobs);
    }

    /** The same image in Docker schema 2 media types (gzip layers only). */
    public static Built docker(Built oci) throws IOException {
        Blob config = new Blob(
                "application/vnd.docker.container.image.v1+json", oci.config().data());
        List<Blob> layers = new ArrayList<>();
        for (Blob l : oci.layers()) {
            layers.add(new Blob("application/vnd.docker.image.rootfs.diff.tar.gzip", l.data()));
        }
        ObjectNode m = JSON.createObjectNode();
        m.put("schemaVersion", 2);
        m.put("mediaType", "application/vnd.docker.distribution.manifest.v2+json");
        m.set("config", config.descriptor());
        ArrayNode ls = m.putArray("layers");
        layers.forEach(b -> ls.add(b.descriptor()));
        return new Built(
                new Blob("application/vnd.docker.distribution.manifest.v2+json", JSON.writeValueAsBytes(m)),
                config,
                layers);
    }

    /** The host's GOARCH. */
    public static String hostArch() {
        return Platform.host().architecture();
    }

    /** An index of the given manifests with their architectures. */
    public static Blob index(List<Built> images, List<String> arches) throws IOException {
        ObjectNode idx = JSON.createObjectNode();
        idx.put("schemaVersion", 2);
        idx.put("mediaType", OCI_INDEX);
        ArrayNode ms = idx.putArray("manifests");
        for (int i = 0; i < images.size(); i++) {
            ObjectNode d = images.get(i).manifest().descriptor();
            ObjectNode p = d.putObject("platform");
            p.put("os", "linux");
            p.put("architecture", arches.get(i));
            ms.add(d);
        }
        return new Blob(OCI_INDEX, JSON.writeValueAsBytes(idx));
    }

    /** Pushes blobs (monolithic uploads) and then the manifest under {@code tag}. */
    public static void push(String registryUrl, String repo, String tag, Built image, String auth) throws Exception {
        pushBlobs(registryUrl, repo, image, auth);
        putManifest(registryUrl, repo, tag, image.manifest(), auth);
    }

    public static void pushBlobs(String registryUrl, String repo, Built image, String auth) throws Exception {
        HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        for (Blob b : image.all()) {
            if (b == image.manifest()) {
                continue;
            }
            HttpRequest.Builder post = HttpRequest.newBuilder(
                            URI.create(registryUrl + "/v2/" + repo + "/blobs/uploads/"))
                    .POST(HttpRequest.BodyPublishers.noBody());
            if (auth != null) {
                post.header("Authorization", auth);
            }
            HttpResponse<String> r = http.send(post.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 202) {
                throw new IllegalStateException("upload start: " + r.statusCode() + " " + r.body());
            }
            String loc = r.headers().firstValue("Location").orElseThrow();
            URI put = URI.create(registryUrl).resolve(loc + (loc.contains("?") ? "&" : "?") + "digest=" + b.digest());
            HttpRequest.Builder p = HttpRequest.newBuilder(put)
                    .header("Content-Type", "application/octet-stream")
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(b.data()));
            if (auth != null) {
                p.header("Authorization", auth);
            }
            HttpResponse<String> pr = http.send(p.build(), HttpResponse.BodyHandlers.ofString());
            if (pr.statusCode() != 201) {
                throw new IllegalStateException("upload: " + pr.statusCode() + " " + pr.body());
            }
        }
    }

    public static void putManifest(String registryUrl, String repo, String tag, Blob manifest, String auth)
            throws Exception {
        HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(registryUrl + "/v2/" + repo + "/manifests/" + tag))
                .header("Content-Type", manifest.mediaType())
                .PUT(HttpRequest.BodyPublishers.ofByteArray(manifest.data()));
        if (auth != null) {
            b.header("Authorization", auth);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) {
            throw new IllegalStateException("manifest put: " + r.statusCode() + " " + r.body());
        }
    }

    /** Writes the image as an OCI layout directory with tag {@code refName}. */
    public static Path layout(Path dir, Built image, String refName) throws IOException {
        Path blobs = Files.createDirectories(dir.resolve("blobs/sha256"));
        for (Blob b : image.all()) {
            Files.write(blobs.resolve(b.digest().substring(7)), b.data());
        }
        Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        ObjectNode idx = JSON.createObjectNode();
        idx.put("schemaVersion", 2);
        ObjectNode d = image.manifest().descriptor();
        d.putObject("annotations").put("org.opencontainers.image.ref.name", refName);
        idx.putArray("manifests").add(d);
        Files.write(dir.resolve("index.json"), JSON.writeValueAsBytes(idx));
        return dir;
    }
}
