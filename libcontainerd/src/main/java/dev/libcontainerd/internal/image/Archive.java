package dev.libcontainerd.internal.image;

import dev.libcontainerd.errdefs.InvalidParameterException;
import dev.libcontainerd.errdefs.SystemException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * The files of an image archive, a directory or a tar: a first pass knows every file's size and
 * digest and keeps small ones in memory; {@link #stream} hands out the others in a second pass.
 */
final class Archive {
    private static final int KEEP = 1 << 20;

    /** One file: its size, sha256 digest, whether it is gzip, and its bytes when small. */
    record Entry(long size, String digest, boolean gzip, byte[] bytes) {}

    /** Receives a file's bytes in the second pass. */
    interface Sink {
        void accept(String name, InputStream in) throws IOException;
    }

    private final Path path;
    private final boolean dir;
    private final Map<String, Entry> entries = new HashMap<>();

    private Archive(Path path, boolean dir) {
        this.path = path;
        this.dir = dir;
    }

    static Archive open(Path path) {
        if (!Files.exists(path)) {
            throw new InvalidParameterException("no such archive: " + path);
        }
        Archive a = new Archive(path, Files.isDirectory(path));
        try {
            if (a.dir) {
                try (Stream<Path> files = Files.walk(path)) {
                    for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                        try (InputStream in = Files.newInputStream(f)) {
                            a.entries.put(path.relativize(f).toString(), scan(in, Files.size(f)));
                        }
                    }
                }
            } else {
                try (TarArchiveInputStream tar = new TarArchiveInputStream(Files.newInputStream(path))) {
                    TarArchiveEntry e;
                    while ((e = tar.getNextEntry()) != null) {
                        if (e.isFile()) {
                            a.entries.put(normal(e.getName()), scan(shield(tar), e.getSize()));
                        }
                    }
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidParameterException(path + " is not a readable directory or tar: " + e.getMessage(), e);
        }
        return a;
    }

    private static String normal(String name) {
        return name.startsWith("./") ? name.substring(2) : name;
    }

    private static Entry scan(InputStream in, long size) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        DigestInputStream din = new DigestInputStream(in, md);
        byte[] head = din.readNBytes(2);
        byte[] kept = null;
        if (size <= KEEP) {
            byte[] rest = din.readAllBytes();
            kept = new byte[head.length + rest.length];
            System.arraycopy(head, 0, kept, 0, head.length);
            System.arraycopy(rest, 0, kept, head.length, rest.length);
        } else {
            din.transferTo(OutputStream.nullOutputStream());
        }
        boolean gzip = head.length == 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b;
        return new Entry(size, "sha256:" + HexFormat.of().formatHex(md.digest()), gzip, kept);
    }

    Path path() {
        return path;
    }

    boolean has(String name) {
        return entries.containsKey(name);
    }

    /** The entry, or an InvalidParameterException naming what is missing. */
    Entry entry(String name) {
        Entry e = entries.get(normal(name));
        if (e == null) {
            throw new InvalidParameterException(path + " has no " + name);
        }
        return e;
    }

    /** A small file's bytes. */
    byte[] bytes(String name) {
        Entry e = entry(name);
        if (e.bytes() == null) {
            throw new InvalidParameterException(path + ": " + name + " is too large for a manifest or config");
        }
        return e.bytes();
    }

    /** The name of the blob with this digest in an OCI layout. */
    static String blobPath(String digest) {
        return "blobs/" + digest.replace(':', '/');
    }

    /** Hands each of {@code names} to {@code sink}, in archive order. */
    void stream(Set<String> names, Sink sink) {
        try {
            if (dir) {
                for (String n : names) {
                    try (InputStream in = Files.newInputStream(path.resolve(n))) {
                        sink.accept(n, in);
                    }
                }
                return;
            }
            try (TarArchiveInputStream tar = new TarArchiveInputStream(Files.newInputStream(path))) {
                TarArchiveEntry e;
                while ((e = tar.getNextEntry()) != null) {
                    String n = normal(e.getName());
                    if (e.isFile() && names.contains(n)) {
                        sink.accept(n, shield(tar));
                    }
                }
            }
        } catch (IOException e) {
            throw new SystemException("reading " + path + ": " + e.getMessage(), e);
        }
    }

    /** The tar's current entry, without closing the tar when the reader closes it. */
    private static InputStream shield(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public void close() {
                // the tar stream goes on to its next entry
            }
        };
    }
}
