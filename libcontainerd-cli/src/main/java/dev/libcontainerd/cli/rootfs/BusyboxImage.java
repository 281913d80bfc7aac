package dev.libcontainerd.cli.rootfs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.libcontainerd.image.Platform;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * A one-layer OCI image of the busybox root filesystem, written as an OCI layout directory that
 * {@code lcd load} (or {@code Images.importArchive}) takes: an image that needs no network.
 */
public final class BusyboxImage {
    /** The name the image is imported under. */
    public static final String NAME = "lcd.local/busybox:latest";

    private static final ObjectMapper JSON = new ObjectMapper();

    private BusyboxImage() {}

    /** Writes the layout of the rootfs at {@code rootfs} into {@code dir} (created). */
    public static Path writeLayout(Path rootfs, Path dir) throws IOException {
        Path blobs = Files.createDirectories(dir.resolve("blobs/sha256"));
        MessageDigest diff = sha256();
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(gz);
                TarArchiveOutputStream tar = new TarArchiveOutputStream(new DigestOutputStream(z, diff))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            List<Path> paths;
            try (Stream<Path> s = Files.walk(rootfs)) {
                paths = s.filter(p ->
                                !p.equals(rootfs) && !p.getFileName().toString().startsWith(".lcd"))
                        .sorted()
                        .toList();
            }
            for (Path p : paths) {
                String name = rootfs.relativize(p).toString();
                TarArchiveEntry e;
                boolean regular = false;
                if (Files.isSymbolicLink(p)) {
                    e = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK);
                    e.setLinkName(Files.readSymbolicLink(p).toString());
                } else if (Files.isDirectory(p)) {
                    e = new TarArchiveEntry(name + "/");
                    e.setMode(name.equals("tmp") ? 01777 : 0755);
                } else {
                    e = new TarArchiveEntry(name);
                    e.setSize(Files.size(p));
                    e.setMode(Files.isExecutable(p) ? 0755 : 0644);
                    regular = true;
                }
                tar.putArchiveEntry(e);
                if (regular) {
                    Files.copy(p, tar);
                }
                tar.closeArchiveEntry();
            }
            tar.finish();
        }
        byte[] layer = gz.toByteArray();
        ObjectNode config = JSON.createObjectNode();
        config.put("architecture", Platform.host().architecture());
        config.put("os", "linux");
        ObjectNode c = config.putObject("config");
        c.putArray("Env").add("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        c.putArray("Cmd").add("sh");
        ObjectNode rootfsNode = config.putObject("rootfs");
        rootfsNode.put("type", "layers");
        rootfsNode.putArray("diff_ids").add("sha256:" + HexFormat.of().formatHex(diff.digest()));
        byte[] configBytes = JSON.writeValueAsBytes(config);
        ObjectNode manifest = JSON.createObjectNode();
        manifest.put("schemaVersion", 2);
        manifest.put("mediaType", "application/vnd.oci.image.manifest.v1+json");
        manifest.set("config", descriptor("application/vnd.oci.image.config.v1+json", configBytes, blobs));
        manifest.putArray("layers").add(descriptor("application/vnd.oci.image.layer.v1.tar+gzip", layer, blobs));
        byte[] manifestBytes = JSON.writeValueAsBytes(manifest);
        ObjectNode index = JSON.createObjectNode();
        index.put("schemaVersion", 2);
        ObjectNode m = descriptor("application/vnd.oci.image.manifest.v1+json", manifestBytes, blobs);
        m.putObject("annotations")
                .put("io.containerd.image.name", NAME)
                .put("org.opencontainers.image.ref.name", "latest");
        index.putArray("manifests").add(m);
        Files.write(dir.resolve("index.json"), JSON.writeValueAsBytes(index));
        Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        return dir;
    }

    private static ObjectNode descriptor(String mediaType, byte[] data, Path blobs) throws IOException {
        String hex = HexFormat.of().formatHex(sha256().digest(data));
        Files.write(blobs.resolve(hex), data);
        ObjectNode d = JSON.createObjectNode();
        d.put("mediaType", mediaType);
        d.put("digest", "sha256:" + hex);
        d.put("size", data.length);
        return d;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
