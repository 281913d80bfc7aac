package dev.libcontainerd.cli.rootfs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.libcontainerd.cli.CliException;
import dev.libcontainerd.errdefs.NotFoundException;
import dev.libcontainerd.image.Images;
import dev.libcontainerd.image.Platform;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * The built-in image: a one-layer OCI image of the host's static busybox (a link per applet, a
 * minimal /etc), built on first use and imported under {@value #NAME}, so that {@code lcd run
 * busybox} needs no network. {@code busybox} and {@code busybox:latest} name it.
 */
public final class BusyboxImage {
    /** The name the image is imported under, which {@code lcd images} shows. */
    public static final String NAME = "lcd.local/busybox:latest";

    private static final Path BUSYBOX = Path.of("/bin/busybox");
    private static final ObjectMapper JSON = new ObjectMapper();

    private BusyboxImage() {}

    /** Whether {@code image}, as given on the command line, names the built-in image. */
    public static boolean named(String image) {
        return image.equals("busybox") || image.equals("busybox:latest") || image.equals(NAME);
    }

    /**
     * The built-in image's name, imported first if {@code images} lacks it; {@code lock} (a file
     * the tool owns) keeps concurrent first uses from building it twice.
     */
    public static String ensure(Images images, Path lock) {
        try {
            images.get(NAME);
            return NAME;
        } catch (NotFoundException e) {
            // first use: build and import it
        }
        if (!Files.isExecutable(BUSYBOX)) {
            throw new CliException("no built-in busybox image: " + BUSYBOX
                    + " is missing (install busybox-static, or give --rootfs DIR)");
        }
        Path dir = null;
        try {
            Files.createDirectories(lock.getParent());
            try (FileChannel ch = FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock held = ch.lock()) {
                try {
                    images.get(NAME);
                    return NAME; // another lcd imported it meanwhile
                } catch (NotFoundException e) {
                    dir = writeLayout(Files.createTempDirectory(lock.getParent(), "busybox-layout"));
                    images.importArchive(dir, NAME);
                    return NAME;
                }
            }
        } catch (IOException e) {
            throw new CliException("cannot build the built-in busybox image: " + e.getMessage(), e);
        } finally {
            if (dir != null) {
                deleteTree(dir);
            }
        }
    }

    /** Writes the image as an OCI layout into {@code dir} (created) and returns {@code dir}. */
    public static Path writeLayout(Path dir) throws IOException {
        Path blobs = Files.createDirectories(dir.resolve("blobs/sha256"));
        MessageDigest diff = sha256();
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(gz);
                TarArchiveOutputStream tar = new TarArchiveOutputStream(new DigestOutputStream(z, diff))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            writeLayer(tar);
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

    /**
     * The layer: busybox, a link per applet it lists, the usual directories and a minimal /etc.
     * Fixed times, so the same busybox always gives the same layer digest.
     */
    private static void writeLayer(TarArchiveOutputStream tar) throws IOException {
        for (String d : List.of("bin", "dev", "etc", "proc", "root", "run", "sys", "tmp", "var")) {
            TarArchiveEntry e = entry(new TarArchiveEntry(d + "/"));
            e.setMode(d.equals("tmp") ? 01777 : d.equals("root") ? 0700 : 0755);
            tar.putArchiveEntry(e);
            tar.closeArchiveEntry();
        }
        file(tar, "bin/busybox", Files.readAllBytes(BUSYBOX), 0755);
        file(tar, "etc/passwd", "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n", 0644);
        file(tar, "etc/group", "root:x:0:\nnogroup:x:65534:\n", 0644);
        file(tar, "etc/hosts", "127.0.0.1\tlocalhost\n::1\tlocalhost\n", 0644);
        for (String applet : new TreeSet<>(applets())) {
            TarArchiveEntry e = entry(new TarArchiveEntry("bin/" + applet, TarArchiveEntry.LF_SYMLINK));
            e.setLinkName("busybox");
            tar.putArchiveEntry(e);
            tar.closeArchiveEntry();
        }
    }

    private static List<String> applets() throws IOException {
        Process list = new ProcessBuilder(BUSYBOX.toString(), "--list")
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        String out = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (list.waitFor() != 0) {
                throw new IOException(BUSYBOX + " --list failed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        return Arrays.stream(out.split("\\s+"))
                .filter(a -> !a.isEmpty() && !a.equals("busybox") && !a.contains("/"))
                .toList();
    }

    private static void file(TarArchiveOutputStream tar, String name, String content, int mode) throws IOException {
        file(tar, name, content.getBytes(StandardCharsets.UTF_8), mode);
    }

    private static void file(TarArchiveOutputStream tar, String name, byte[] content, int mode) throws IOException {
        TarArchiveEntry e = entry(new TarArchiveEntry(name));
        e.setSize(content.length);
        e.setMode(mode);
        tar.putArchiveEntry(e);
        tar.write(content);
        tar.closeArchiveEntry();
    }

    private static TarArchiveEntry entry(TarArchiveEntry e) {
        e.setModTime(0);
        e.setIds(0, 0);
        return e;
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a stray temp dir is harmless
        }
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
