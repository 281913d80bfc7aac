package dev.libcontainerd.internal.image;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.libcontainerd.errdefs.SystemException;
import dev.libcontainerd.image.Descriptor;
import dev.libcontainerd.image.ImageRef;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Writes an image (its host-platform manifest, config and layers) as an OCI image layout tar,
 * through a temporary file renamed into place, so a failure leaves no partial file.
 */
final class LayoutExporter {
    private final ContentStore content;

    LayoutExporter(ContentStore content) {
        this.content = content;
    }

    void export(ImagesImpl.Resolved r, Path tarFile) {
        Path dir = tarFile.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            tmp = Files.createTempFile(dir, ".export-", ".tar");
            try (TarArchiveOutputStream tar = new TarArchiveOutputStream(Files.newOutputStream(tmp))) {
                tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
                file(tar, "oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8));
                ObjectNode index = Manifests.JSON.createObjectNode();
                index.put("schemaVersion", 2);
                index.put("mediaType", MediaTypes.OCI_INDEX);
                ObjectNode m = Manifests.toJson(r.manifest());
                ObjectNode ann = m.putObject("annotations");
                ann.put("io.containerd.image.name", r.image().name());
                ImageRef ref = parseOrNull(r.image().name());
                if (ref != null && ref.tag() != null) {
                    ann.put("org.opencontainers.image.ref.name", ref.tag());
                }
                index.putArray("manifests").add(m);
                file(tar, "index.json", Manifests.bytes(index));
                Set<Descriptor> blobs = new LinkedHashSet<>();
                blobs.add(r.manifest());
                blobs.add(r.layers().config());
                blobs.addAll(r.layers().layers());
                List<String> dirs = new ArrayList<>(List.of("blobs/", "blobs/sha256/"));
                for (String d : dirs) {
                    TarArchiveEntry e = new TarArchiveEntry(d);
                    tar.putArchiveEntry(e);
                    tar.closeArchiveEntry();
                }
                for (Descriptor b : blobs) {
                    TarArchiveEntry e = new TarArchiveEntry(Archive.blobPath(b.digest()));
                    e.setSize(b.size());
                    tar.putArchiveEntry(e);
                    content.copyTo(b.digest(), new NonClosing(tar), b.size());
                    tar.closeArchiveEntry();
                }
                tar.finish();
            }
            Files.move(tmp, tarFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            tmp = null;
        } catch (IOException e) {
            throw new SystemException("exporting " + r.image().name() + " to " + tarFile + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException e) {
                    // best effort
                }
            }
        }
    }

    private static ImageRef parseOrNull(String name) {
        try {
            return ImageRef.parse(name);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static void file(TarArchiveOutputStream tar, String name, byte[] data) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(data.length);
        tar.putArchiveEntry(e);
        tar.write(data);
        tar.closeArchiveEntry();
    }

    private static final class NonClosing extends FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() {
            // the tar stays open for the next entry
        }
    }
}
