package dev.libcontainerd.internal.network;

import com.fasterxml.jackson.databind.JsonNode;
import dev.libcontainerd.errdefs.ConflictException;
import dev.libcontainerd.errdefs.SystemException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One directory per attached container, {@code attachments/<id>/}. Callers hold the state lock. */
final class AttachmentStore {
    private static final Logger LOG = LoggerFactory.getLogger(AttachmentStore.class);

    private final Path root;

    AttachmentStore(Path root) {
        this.root = root;
    }

    Path dir(String containerId) {
        return root.resolve(containerId);
    }

    /** Creates the directory and writes the first record, or fails if the container has one. */
    void reserve(AttachmentRecord record) {
        try {
            Files.createDirectory(record.dir());
        } catch (FileAlreadyExistsException e) {
            throw new ConflictException("container " + record.containerId() + " is attached already");
        } catch (IOException e) {
            throw new SystemException("cannot create " + record.dir() + ": " + e.getMessage(), e);
        }
        write(record);
    }

    void write(AttachmentRecord record) {
        Files2.writeAtomically(
                record.dir().resolve(AttachmentRecord.FILE), record.toJson().toPrettyString());
    }

    /** The record, or null when there is none. A directory whose record is missing reads as null. */
    AttachmentRecord read(String containerId) {
        Path dir = dir(containerId);
        Path file = dir.resolve(AttachmentRecord.FILE);
        if (!Files.exists(file)) {
            return null;
        }
        try {
            JsonNode n = CniPlugin.JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
            return AttachmentRecord.fromJson(n, dir);
        } catch (IOException | RuntimeException e) {
            throw new SystemException("cannot read attachment record " + file + ": " + e.getMessage(), e);
        }
    }

    /** Ids with a directory, complete or not. */
    List<String> ids() {
        List<String> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(root, Files::isDirectory)) {
            for (Path p : ds) {
                out.add(p.getFileName().toString());
            }
        } catch (IOException e) {
            throw new SystemException("cannot list " + root + ": " + e.getMessage(), e);
        }
        out.sort(null);
        return out;
    }

    /** Whether the directory was made after {@code cutoff} (or is gone). */
    boolean madeAfter(String containerId, Instant cutoff) {
        try {
            return Files.getLastModifiedTime(dir(containerId)).toInstant().isAfter(cutoff);
        } catch (IOException e) {
            return true;
        }
    }

    /** Removes the directory; the namespace file must have been unmounted. */
    void delete(String containerId) {
        LOG.debug("removing attachment dir of {}", containerId);
        Files2.deleteTree(dir(containerId));
    }
}
